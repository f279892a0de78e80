import pytest
from django.urls import reverse

from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services import mark_result_ready, receive_at_counter, transfer
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_years", "frozen_clock")]


@pytest.fixture
def dossier(desk_officer, intake_procedure, applicant_data, paper_inputs):
    return receive_at_counter(
        by=desk_officer,
        procedure=intake_procedure,
        applicant=applicant_data,
        components=paper_inputs(),
    )


def detail(client, dossier):
    return client.get(reverse("backoffice:dossier", args=[dossier.pk])).content.decode()


def action_url(dossier, key):
    return reverse("backoffice:dossier_action", args=[dossier.pk, key])


def test_the_detail_page_shows_status_dates_papers_and_history(desk_client, dossier):
    html = detail(desk_client, dossier)
    assert "000.00.17.H56-231027-0001" in html
    assert "Đã tiếp nhận" in html
    assert "Nguyễn Thị Hương Giang" in html
    assert "17:00 03/11/2023" in html
    assert "Tờ khai đăng ký khai sinh" in html
    assert "Tiếp nhận hồ sơ" in html  # the history entry
    assert "Tải Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)" in html


def test_the_desk_transfers_a_received_dossier(desk_client, dossier):
    html = detail(desk_client, dossier)
    assert action_url(dossier, "chuyen-xu-ly") in html
    assert action_url(dossier, "yeu-cau-bo-sung") not in html  # the department's call
    response = desk_client.post(
        action_url(dossier, "chuyen-xu-ly"), {"version": dossier.version}, follow=True
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert "Đã chuyển hồ sơ cho cơ quan giải quyết." in response.content.decode()


def test_a_stale_page_gets_a_clear_message_and_changes_nothing(desk_client, dossier, desk_officer):
    page_version = dossier.version
    transfer(dossier=dossier, by=desk_officer)  # a colleague was faster
    response = desk_client.post(
        action_url(dossier, "rut-ho-so"),
        {"version": page_version, "reason": "Người nộp đề nghị rút"},
        follow=True,
    )
    html = response.content.decode()
    assert "đã thay đổi sau khi bạn mở biểu mẫu" in html
    assert "Hãy tải lại trang" in html
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS


def test_an_action_without_its_required_input_is_shown_again_with_the_error(desk_client, dossier):
    response = desk_client.post(action_url(dossier, "rut-ho-so"), {"version": dossier.version})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode() or (
        "Trường này là bắt buộc." in response.content.decode()
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_the_department_asks_for_a_supplement_and_the_slip_is_printable(
    client, dossier, desk_officer, specialist
):
    transfer(dossier=dossier, by=desk_officer)
    client.force_login(specialist.account)
    html = detail(client, dossier)
    assert action_url(dossier, "yeu-cau-bo-sung") in html
    assert action_url(dossier, "chuyen-xu-ly") not in html
    dossier.refresh_from_db()
    client.post(
        action_url(dossier, "yeu-cau-bo-sung"),
        {
            "version": dossier.version,
            "missing": "Giấy chứng sinh\nGiấy xác nhận cư trú",
            "reason": "Giấy chứng sinh bị tẩy xóa",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    slip = client.get(reverse("backoffice:dossier_paper", args=[dossier.pk, "supplement_request"]))
    text = pdf_text(slip.content)
    assert "Giấy xác nhận cư trú" in text
    assert "Lý do: Giấy chứng sinh bị tẩy xóa" in text


def test_a_finished_dossier_links_to_the_rating_at_the_counter(
    desk_client, dossier, desk_officer, specialist
):
    invite = reverse("ratings:invite")
    assert invite not in detail(desk_client, dossier)  # nothing to rate before the result
    transfer(dossier=dossier, by=desk_officer)
    mark_result_ready(dossier=dossier, by=specialist)
    dossier.refresh_from_db()
    assert f"{invite}?ma={dossier.code}" in detail(desk_client, dossier)


def test_the_desk_returns_the_result(desk_client, dossier, desk_officer, specialist):
    transfer(dossier=dossier, by=desk_officer)
    mark_result_ready(dossier=dossier, by=specialist)
    dossier.refresh_from_db()
    assert action_url(dossier, "tra-ket-qua") in detail(desk_client, dossier)
    desk_client.post(
        action_url(dossier, "tra-ket-qua"),
        {
            "version": dossier.version,
            "collected_by_name": "Nguyễn Thị Hương Giang",
            "method": "counter",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.returned_to_name == "Nguyễn Thị Hương Giang"


def test_a_file_is_attached_later_and_its_type_is_checked(desk_client, dossier, pdf_upload):
    line = dossier.components.get(name="Văn bản ủy quyền")
    url = reverse("backoffice:dossier_attach", args=[dossier.pk])
    bad = desk_client.post(url, {"upload": pdf_upload("anh.gif", b"GIF89a....")}, follow=True)
    assert "không phải PDF, JPEG hoặc PNG" in bad.content.decode()
    good = desk_client.post(
        url, {"upload": pdf_upload("uy-quyen.pdf"), "component": line.pk}, follow=True
    )
    assert "Đã đính kèm tệp “uy-quyen.pdf”." in good.content.decode()
    assert DossierFile.objects.get().component == line


def test_the_list_filters_by_status_and_finds_by_name_without_diacritics(desk_client, dossier):
    found = desk_client.get("/backoffice/ho-so/", {"q": "nguyen thi huong"}).content.decode()
    assert dossier.code in found
    none = desk_client.get("/backoffice/ho-so/", {"trang_thai": "returned"}).content.decode()
    assert dossier.code not in none


def test_the_start_page_counts_the_desks_work(desk_client, dossier):
    html = desk_client.get("/backoffice/").content.decode()
    assert "Tiếp nhận hồ sơ mới" in html
    assert "1 hồ sơ chờ chuyển xử lý" in html


def test_an_online_dossier_is_accepted_from_its_page_and_gets_a_receipt(desk_client, centre):
    online = DossierFactory(online=True, receiving_agency=centre)
    assert action_url(online, "tiep-nhan") in detail(desk_client, online)
    desk_client.post(action_url(online, "tiep-nhan"), {"version": online.version})
    online.refresh_from_db()
    assert online.status == Status.RECEIVED
    assert online.due_at is not None
    receipt = desk_client.get(reverse("backoffice:dossier_paper", args=[online.pk, "receipt"]))
    assert f"Mã hồ sơ: {online.code}" in pdf_text(receipt.content)


def test_an_online_dossier_is_refused_with_reasons_printed_on_form_03(desk_client, centre):
    online = DossierFactory(online=True, receiving_agency=centre)
    desk_client.post(
        action_url(online, "tu-choi"),
        {"version": online.version, "reasons": "Sai thẩm quyền\nHồ sơ giả mạo chữ ký"},
    )
    online.refresh_from_db()
    assert online.status == Status.REFUSED
    refusal = desk_client.get(reverse("backoffice:dossier_paper", args=[online.pk, "refusal"]))
    text = pdf_text(refusal.content)
    assert "1. Sai thẩm quyền" in text
    assert "2. Hồ sơ giả mạo chữ ký" in text
