"""Seed the Vietnamese message templates (editable afterwards in the admin)."""

from django.db import migrations

SIGNATURE = "Bộ phận Một cửa"

TEMPLATES = {
    ("received", "email"): (
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận",
        "Kính gửi {{ applicant_name }},\n\n"
        "Bộ phận Một cửa đã tiếp nhận hồ sơ {{ dossier_code }} của Ông/Bà về thủ tục "
        "“{{ procedure_name }}”.\n"
        "{% if due_on %}Ngày hẹn trả kết quả: {{ due_on }}.\n{% endif %}"
        "Ông/Bà có thể tra cứu tình trạng hồ sơ tại: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("received", "sms"): (
        "",
        "Ho so {{ dossier_code }} ({{ procedure_name }}) da duoc tiep nhan."
        "{% if due_on %} Hen tra ket qua: {{ due_on }}.{% endif %} Tra cuu: {{ tracking_url }}",
    ),
    ("correction_requested", "email"): (
        "Hồ sơ {{ dossier_code }} cần sửa đổi, bổ sung",
        "Kính gửi {{ applicant_name }},\n\n"
        "Hồ sơ trực tuyến {{ dossier_code }} về thủ tục “{{ procedure_name }}” cần được sửa đổi, "
        "bổ sung trước khi tiếp nhận.\n"
        "{% if missing_papers %}Nội dung cần sửa, bổ sung: {{ missing_papers }}.\n{% endif %}"
        "{% if reason %}Lý do: {{ reason }}.\n{% endif %}"
        "Ông/Bà vui lòng đăng nhập để sửa hồ sơ. Tra cứu: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("correction_requested", "sms"): (
        "",
        "Ho so {{ dossier_code }} can sua doi, bo sung truoc khi tiep nhan. "
        "Vui long dang nhap de sua ho so. Tra cuu: {{ tracking_url }}",
    ),
    ("supplement_requested", "email"): (
        "Yêu cầu bổ sung giấy tờ cho hồ sơ {{ dossier_code }}",
        "Kính gửi {{ applicant_name }},\n\n"
        "Để tiếp tục giải quyết hồ sơ {{ dossier_code }} về thủ tục “{{ procedure_name }}”, "
        "đề nghị Ông/Bà bổ sung: {{ missing_papers }}.\n"
        "{% if reason %}Lý do: {{ reason }}.\n{% endif %}"
        "{% if answer_by %}Hạn bổ sung: {{ answer_by }}. Quá hạn này hồ sơ sẽ bị đóng.\n"
        "{% endif %}"
        "Thời hạn giải quyết được tính lại từ khi nhận đủ giấy tờ bổ sung.\n"
        "Tra cứu hồ sơ: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("supplement_requested", "sms"): (
        "",
        "Ho so {{ dossier_code }} can bo sung giay to"
        "{% if answer_by %} truoc ngay {{ answer_by }}{% endif %}. "
        "Chi tiet: {{ tracking_url }}",
    ),
    ("extended", "email"): (
        "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ dossier_code }}",
        "Kính gửi {{ applicant_name }},\n\n"
        "Cơ quan giải quyết chân thành xin lỗi Ông/Bà vì hồ sơ {{ dossier_code }} về thủ tục "
        "“{{ procedure_name }}” chưa thể trả kết quả đúng hẹn.\n"
        "{% if reason %}Lý do: {{ reason }}.\n{% endif %}"
        "Ngày hẹn trả kết quả mới: {{ new_due_on }}.\n"
        "Tra cứu hồ sơ: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("extended", "sms"): (
        "",
        "Xin loi Ong/Ba: ho so {{ dossier_code }} duoc hen lai ngay tra ket qua "
        "{{ new_due_on }}. Tra cuu: {{ tracking_url }}",
    ),
    ("result_ready", "email"): (
        "Hồ sơ {{ dossier_code }} đã có kết quả",
        "Kính gửi {{ applicant_name }},\n\n"
        "Hồ sơ {{ dossier_code }} về thủ tục “{{ procedure_name }}” đã có kết quả. "
        "Ông/Bà vui lòng đến Bộ phận Một cửa hoặc theo hình thức đã đăng ký để nhận kết quả.\n"
        "Tra cứu hồ sơ: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("result_ready", "sms"): (
        "",
        "Ho so {{ dossier_code }} ({{ procedure_name }}) da co ket qua. "
        "Moi Ong/Ba nhan ket qua. Tra cuu: {{ tracking_url }}",
    ),
    ("overdue_risk", "email"): (
        "Hồ sơ {{ dossier_code }} sắp đến hạn trả kết quả",
        "Kính gửi {{ applicant_name }},\n\n"
        "Hồ sơ {{ dossier_code }} về thủ tục “{{ procedure_name }}” có ngày hẹn trả kết quả "
        "{{ due_on }}. Cơ quan giải quyết đang hoàn tất hồ sơ; nếu không kịp hẹn, Ông/Bà sẽ "
        "nhận được thư xin lỗi kèm ngày hẹn mới.\n"
        "Tra cứu hồ sơ: {{ tracking_url }}\n\n"
        "Trân trọng,\n" + SIGNATURE,
    ),
    ("overdue_risk", "sms"): (
        "",
        "Ho so {{ dossier_code }} co hen tra ket qua ngay {{ due_on }}. "
        "Tra cuu: {{ tracking_url }}",
    ),
}


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for (kind, channel), (subject, body) in TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            kind=kind, channel=channel, defaults={"subject": subject, "body": body}
        )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for kind, channel in TEMPLATES:
        MessageTemplate.objects.filter(kind=kind, channel=channel).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_messagetemplate_notification")]

    operations = [migrations.RunPython(seed, unseed)]
