import datetime as dt

import pytest
from django.template.loader import get_template

from motcua.core.errors import DomainError
from motcua.documents.contexts import PaperLine
from motcua.documents.formatting import moment_text
from motcua.documents.kinds import FormKind, LegalBasis
from motcua.documents.registry import FORMS, form_spec
from motcua.documents.rendering import qr_data_uri, render_html, render_pdf
from motcua.documents.tests import factories
from motcua.documents.tests.pdf import pdf_metadata, pdf_pages, pdf_text

HEADER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    "Thanh Hóa, ngày 27 tháng 10 năm 2023",
)
APPLICANT = (
    "Nguyễn Thị Hương Giang",
    "038190001234",
    "Số 12 đường Lê Lợi, phường Hạc Thành",
    "0912345678",
    "giang@example.vn",
    "Cấp giấy phép lao động cho người lao động nước ngoài",
)


def assert_contains_all(text: str, expected: tuple[str, ...]) -> None:
    missing = [item for item in expected if item not in text]
    assert not missing, f"missing from the PDF text: {missing}\n---\n{text}"


def test_receipt_pdf_prints_every_key_field_of_form_01():
    rendered = render_pdf(factories.receipt())
    text = pdf_text(rendered.pdf)
    assert rendered.pdf.startswith(b"%PDF-")
    assert_contains_all(text, HEADER + APPLICANT)
    assert_contains_all(
        text,
        (
            "Mẫu số 01",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mã hồ sơ: 000.00.17.H56-231027-0361",
            "Bộ phận tiếp nhận và trả kết quả: Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
            "1 Tờ khai đề nghị cấp giấy phép lao động 01 –",
            "2 Giấy chứng nhận sức khỏe 01 02",
            "Số lượng hồ sơ: 01 (bộ)",
            "Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 27 tháng 10 năm 2023",
            "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 03 tháng 11 năm 2023",
            "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
            "Vào Sổ theo dõi hồ sơ",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Văn Đức",
            "Quét mã để tra cứu tình trạng hồ sơ",
        ),
    )


def test_receipt_is_printed_in_two_labelled_copies_one_page_each():
    pdf = render_pdf(factories.receipt()).pdf
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 2
    assert "Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả" in text
    assert "Liên 2: Giao người nộp hồ sơ" in text
    assert text.count("Mã hồ sơ: 000.00.17.H56-231027-0361") == 2


def test_receipt_embeds_a_qr_code_of_the_tracking_url():
    url = "https://motcua.example.gov.vn/tra-cuu/?ma=H56-231027-0001&k=abc"
    html = render_html(factories.receipt(tracking_url=url))
    assert qr_data_uri(url) in html
    assert qr_data_uri(url) != qr_data_uri(url + "x")


def test_receipt_without_a_due_date_says_the_result_is_returned_the_same_day():
    text = pdf_text(render_pdf(factories.receipt(due_at=None)).pdf)
    assert "trả kết quả ngay trong ngày tiếp nhận" in text


def test_supplement_request_pdf_lists_every_missing_item_with_what_to_fix():
    text = pdf_text(render_pdf(factories.supplement_request()).pdf)
    assert_contains_all(text, HEADER + APPLICANT)
    assert_contains_all(
        text,
        (
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Hồ sơ của: Nguyễn Thị Hương Giang",
            "1 Lý lịch tư pháp 01 – Bản chính cấp trong vòng 6 tháng",
            "2 Ảnh màu 4x6 – 02 Nền trắng, chụp không quá 6 tháng",
            "Lý do: Hồ sơ còn thiếu giấy tờ theo quy định",
            "liên hệ với Trần Văn Đức, điện thoại 0237 3753 999 để được hướng dẫn",
            "NGƯỜI HƯỚNG DẪN",
        ),
    )


def test_refusal_pdf_states_the_reasons():
    context = factories.refusal(
        reasons=("Thủ tục không thuộc thẩm quyền", "Người nộp không có giấy ủy quyền hợp lệ")
    )
    text = pdf_text(render_pdf(context).pdf)
    assert_contains_all(text, HEADER + APPLICANT)
    assert_contains_all(
        text,
        (
            "Mẫu số 03",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            "Thủ tục không thuộc thẩm quyền",
            "Người nộp không có giấy ủy quyền hợp lệ",
            "Xin thông báo để ông (bà) được biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ),
    )


def test_pdf_metadata_names_the_form_and_the_dossier():
    meta = pdf_metadata(render_pdf(factories.refusal()).pdf)
    assert "Mẫu số 03" in meta["/Title"]
    assert "000.00.17.H56-231027-0361" in meta["/Title"]
    assert meta["/Author"] == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"


def test_text_typed_by_applicants_is_printed_literally_never_as_markup():
    name = 'Lê <b>Văn</b> "An" <img src="file:///x">'
    context = factories.receipt(applicant=factories.applicant(name=name))
    html = render_html(context)
    assert "<b>Văn</b>" not in html
    assert "&lt;b&gt;Văn&lt;/b&gt;" in html
    assert name in pdf_text(render_pdf(context).pdf)


def test_decomposed_vietnamese_input_prints_the_same_letters():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0300a"  # NFD of "Nguyễn Thị Hòa"
    context = factories.receipt(applicant=factories.applicant(name=decomposed))
    assert "Nguyễn Thị Hòa" in render_html(context)
    assert "Nguyễn Thị Hòa" in pdf_text(render_pdf(context).pdf)


def test_times_are_printed_in_vietnam_time_whatever_zone_they_come_in():
    in_utc = dt.datetime(2023, 11, 3, 10, 0, tzinfo=dt.UTC)
    assert moment_text(in_utc) == "17 giờ 00 phút, ngày 03 tháng 11 năm 2023"


@pytest.mark.parametrize(
    ("build", "overrides", "message"),
    [
        (factories.receipt, {"papers": ()}, "ít nhất một thành phần"),
        (factories.receipt, {"due_at": factories.RECEIVED_AT - dt.timedelta(days=1)}, "trước"),
        (factories.receipt, {"dossier_code": ""}, "mã hồ sơ"),
        (factories.receipt, {"sets": 0}, "1 bộ"),
        (factories.receipt, {"issued_at": dt.datetime(2023, 10, 27, 9, 32)}, "múi giờ"),  # noqa: DTZ001
        (factories.supplement_request, {"missing": ()}, "ít nhất một nội dung"),
        (factories.refusal, {"reasons": ("  ",)}, "lý do"),
        (factories.refusal, {"request_content": " "}, "nội dung yêu cầu"),
    ],
)
def test_incomplete_contexts_are_refused_with_a_message_naming_the_gap(build, overrides, message):
    with pytest.raises(DomainError, match=message):
        build(**overrides)


def test_a_paper_line_needs_a_name_and_non_negative_counts():
    with pytest.raises(DomainError, match="Tên giấy tờ"):
        PaperLine(name=" ")
    with pytest.raises(DomainError, match="không được âm"):
        PaperLine(name="Tờ khai", copies=-1)


def test_every_registered_form_has_a_template_and_a_numbered_label():
    for spec in FORMS.values():
        assert get_template(spec.template_name)
        numbered = spec.kind != FormKind.TRANSFER_SLIP  # not a form of the circular
        assert spec.label.startswith("Mẫu số ") == numbered
    assert form_spec(FormKind.RECEIPT, LegalBasis.TT01_2018).number == "01"


def test_download_name_is_safe_for_any_dossier_code():
    name = form_spec(FormKind.RECEIPT).file_name("H56/../231027 0001")
    assert name == "mau-01-receipt-H56_.._231027_0001.pdf"
    assert "/" not in name
