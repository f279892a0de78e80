import pytest

from motcua.core.errors import DomainError, NotFoundError
from motcua.documents.builders import context_for, letterhead_of, place_of
from motcua.documents.kinds import FormKind, LegalBasis
from motcua.documents.models import IssuedForm
from motcua.documents.services import available_forms, issue_latest, read_pdf
from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import EventAction
from motcua.dossiers.services import (
    guide_at_counter,
    receive_at_counter,
    refuse_at_counter,
    request_supplement,
    transfer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_years", "frozen_clock")]

TRACKING = "https://motcua.example.gov.vn/tra-cuu/?ma=X&k=Y"


@pytest.fixture
def received(desk_officer, intake_procedure, applicant_data, paper_inputs):
    return receive_at_counter(
        by=desk_officer,
        procedure=intake_procedure,
        applicant=applicant_data,
        components=paper_inputs(without=("Văn bản ủy quyền",)),
    )


def test_receipt_of_a_received_dossier_prints_code_applicant_papers_and_appointment(
    received, desk_officer
):
    issued = issue_latest(
        dossier=received, kind=FormKind.RECEIPT, by=desk_officer.account, tracking_url=TRACKING
    )
    text = pdf_text(read_pdf(issued))
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.17.H56-231027-0001",
        "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH THANH HÓA",
        "Thanh Hóa, ngày 27 tháng 10 năm 2023",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Hương Giang",
        "Số điện thoại: 0912345678",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1 Tờ khai đăng ký khai sinh 01 –",
        "2 Giấy chứng sinh 01 01",
        "Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 27 tháng 10 năm 2023",
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 03 tháng 11 năm 2023",
        "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa, "
        "Số 28 Đại lộ Lê Lợi, phường Hạc Thành",
        "Trần Văn Đức",
    ):
        assert expected in text, expected
    assert "Văn bản ủy quyền" not in text  # not handed in, so not on the receipt
    assert (issued.kind, issued.basis, issued.number) == (
        FormKind.RECEIPT,
        LegalBasis.TT01_2018,
        "01",
    )
    assert issued.issued_by == desk_officer.account


def test_a_paper_is_rendered_once_and_downloads_give_the_same_bytes(received, desk_officer):
    first = issue_latest(
        dossier=received, kind=FormKind.RECEIPT, by=desk_officer.account, tracking_url=TRACKING
    )
    received.applicant_name = "Tên đã sửa sau khi in"
    received.save(update_fields=["applicant_name"])
    again = issue_latest(dossier=received, kind=FormKind.RECEIPT, by=None, tracking_url=TRACKING)
    assert again.pk == first.pk
    assert read_pdf(again) == read_pdf(first)
    assert IssuedForm.objects.count() == 1


def test_guidance_slip_lists_every_missing_paper_at_once(
    desk_officer, intake_procedure, applicant_data, paper_inputs
):
    guided = guide_at_counter(
        by=desk_officer,
        procedure=intake_procedure,
        applicant=applicant_data,
        components=paper_inputs(without=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")),
        guidance="Mang theo bản chính để đối chiếu",
    )
    issued = issue_latest(dossier=guided, kind=FormKind.SUPPLEMENT_REQUEST, by=None)
    text = pdf_text(read_pdf(issued))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1 Tờ khai đăng ký khai sinh 01 – Nộp bổ sung" in text
    assert "2 Giấy chứng sinh 01 01 Nộp bổ sung" in text
    assert "Lý do: Mang theo bản chính để đối chiếu" in text
    assert (
        "Trần Văn Đức, Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa, điện thoại 0237 3753 999"
        in text
    )
    assert "Mã hồ sơ" not in text  # a guidance record consumes no code


def test_supplement_request_after_appraisal_lists_what_the_department_asked_for(
    received, desk_officer, specialist
):
    moved = transfer(dossier=received, by=desk_officer)
    asked = request_supplement(
        dossier=moved,
        by=specialist,
        missing=["Giấy chứng sinh", "Giấy xác nhận cư trú"],
        reason="Giấy chứng sinh bị tẩy xóa",
    )
    text = pdf_text(
        read_pdf(issue_latest(dossier=asked, kind=FormKind.SUPPLEMENT_REQUEST, by=None))
    )
    assert "1 Giấy chứng sinh 01 01 Nộp bổ sung" in text
    assert "2 Giấy xác nhận cư trú" in text
    assert "Lý do: Giấy chứng sinh bị tẩy xóa" in text
    assert "Mã hồ sơ: 000.00.17.H56-231027-0001" in text


def test_refusal_prints_each_reason(desk_officer, intake_procedure, applicant_data):
    refused = refuse_at_counter(
        by=desk_officer,
        procedure=intake_procedure,
        applicant=applicant_data,
        reasons="Không thuộc thẩm quyền của tỉnh; Người nộp không mang giấy tờ tùy thân",
    )
    text = pdf_text(read_pdf(issue_latest(dossier=refused, kind=FormKind.REFUSAL, by=None)))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "1. Không thuộc thẩm quyền của tỉnh" in text
    assert "2. Người nộp không mang giấy tờ tùy thân" in text


def test_a_dossier_lists_the_papers_its_history_calls_for(received, desk_officer):
    assert [(kind, event.action) for kind, event in available_forms(received)] == [
        (FormKind.RECEIPT, EventAction.RECEIVED)
    ]
    with pytest.raises(NotFoundError, match="không có phiếu từ chối"):
        issue_latest(dossier=received, kind=FormKind.REFUSAL, by=None)


def test_a_receipt_needs_the_tracking_address_for_its_qr_code(received):
    event = received.events.get()
    with pytest.raises(DomainError, match="địa chỉ tra cứu"):
        context_for(FormKind.RECEIPT, received, event)
    with pytest.raises(DomainError, match="không lập"):
        context_for(FormKind.REFUSAL, received, event)


def test_the_date_line_names_the_province_of_the_agency_tree(centre, department):
    assert place_of(centre) == "Thanh Hóa"
    assert letterhead_of(department).governing_body == "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"
