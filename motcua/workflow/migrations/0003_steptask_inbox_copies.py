"""Inbox copies on the step task (ADR 0011), filled for open tasks (the index: 0004)."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models

# As motcua.workflow.models.DUE_SOON when this was written: a migration keeps its own copy.
DUE_SOON = dt.timedelta(hours=4)
BATCH = 2000


def fill_copies(apps, schema_editor):
    from motcua.core.text import fold
    from motcua.deadlines import services as deadline_services
    from motcua.deadlines.engine import CalendarOutOfRangeError

    task_model = apps.get_model("workflow", "StepTask")
    open_tasks = (
        task_model.objects.filter(is_open=True)
        .order_by("pk")
        .values_list(
            "pk",
            "due_at",
            "dossier__code",
            "dossier__status",
            "dossier__procedure_id",
            "dossier__applicant_name",
            "dossier__applicant_id_no",
        )
    )
    if not open_tasks.exists():
        return
    calendar = deadline_services.current_calendar()
    span = int(DUE_SOON.total_seconds() * 1_000_000)
    folded: dict[str, str] = {}
    chunk = []
    for pk, due_at, code, status, procedure_id, name, id_no in open_tasks.iterator(BATCH):
        if name not in folded:
            folded[name] = fold(name)[:300]
        try:
            soon = calendar.moment_at(max(0, calendar.position(due_at) - span))
        except CalendarOutOfRangeError:
            soon = None  # the inbox computes the mark from the calendar, as before
        chunk.append((pk, soon, code or "", status, procedure_id, folded[name], id_no))
        if len(chunk) >= BATCH:
            _write(task_model, schema_editor, chunk)
            chunk = []
    _write(task_model, schema_editor, chunk)


FIELDS = (
    "due_soon_at",
    "dossier_code",
    "dossier_status",
    "procedure_id",
    "applicant_folded",
    "applicant_id_no",
)


def _write(task_model, schema_editor, chunk):
    if not chunk:
        return
    if schema_editor.connection.vendor == "postgresql":
        # One statement a chunk, every row written once.
        table = task_model._meta.db_table
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} t SET due_soon_at = v.soon::timestamptz, "  # noqa: S608
                "dossier_code = v.code, dossier_status = v.status, "
                "procedure_id = v.procedure::bigint, applicant_folded = v.folded, "
                f"applicant_id_no = v.id_no FROM (VALUES {values}) "
                "AS v (id, soon, code, status, procedure, folded, id_no) "
                "WHERE t.id = v.id::bigint",
                [value for row in chunk for value in row],
            )
        return
    rows = [task_model(pk=row[0], **dict(zip(FIELDS, row[1:], strict=True))) for row in chunk]
    task_model.objects.bulk_update(rows, list(FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_component_name_optional"),
        ("deadlines", "0001_initial"),
        ("dossiers", "0004_withdrawn_may_lack_code"),
        ("workflow", "0002_consultation_answer_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="steptask",
            name="due_soon_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Thời điểm còn 4 giờ làm việc trước hạn của bước.",
                null=True,
                verbose_name="sắp đến hạn từ",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="dossier_code",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã hồ sơ"),
        ),
        migrations.AddField(
            model_name="steptask",
            name="dossier_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("submitted", "Mới đăng ký"),
                    ("needs_completion", "Hướng dẫn bổ sung khi tiếp nhận"),
                    ("received", "Đã tiếp nhận"),
                    ("refused", "Không được tiếp nhận"),
                    ("in_progress", "Đang xử lý"),
                    ("supplement_requested", "Yêu cầu bổ sung giấy tờ"),
                    ("awaiting_payment", "Chờ thực hiện nghĩa vụ tài chính"),
                    ("withdrawn", "Công dân rút hồ sơ"),
                    ("stopped", "Dừng xử lý"),
                    ("closed_unanswered", "Đóng do không bổ sung đúng hạn"),
                    ("result_ready", "Đã xử lý xong"),
                    ("returned", "Đã trả kết quả"),
                ],
                max_length=32,
                verbose_name="trạng thái hồ sơ",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="procedure",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.procedure",
                verbose_name="thủ tục",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="applicant_folded",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="người nộp (không dấu)"
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="applicant_id_no",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="số định danh người nộp"
            ),
        ),
        migrations.RunPython(fill_copies, migrations.RunPython.noop),
    ]
