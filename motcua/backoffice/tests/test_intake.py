import uuid

import pytest
from django.urls import reverse

from motcua.backoffice.models import IntakeSubmission
from motcua.documents.models import IssuedForm
from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import refuse_dossier
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import ApplicantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_years", "frozen_clock")]

FORM_URL = "/backoffice/tiep-nhan/1.001193/"


@pytest.fixture
def papers(intake_procedure):
    """Catalogue component ids by name."""
    return {
        component.name: component.pk
        for component_set in intake_procedure.current_version.component_sets.all()
        for component in component_set.components.all()
    }


def intake_post(
    papers, *, action="accept", ticked=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"), **extra
):
    data = {
        "token": str(uuid.uuid4()),
        "applicant_name": "Nguyễn Thị Hương Giang",
        "applicant_id_no": "038190001234",
        "applicant_phone": "0912345678",
        "applicant_email": "giang@example.vn",
        "applicant_address": "Số 12 đường Lê Lợi, phường Hạc Thành",
        "action": action,
    }
    for name in ticked:
        data[f"c{papers[name]}"] = "on"
    data.update(extra)
    return data


def test_procedures_are_found_without_diacritics(desk_client, intake_procedure):
    response = desk_client.get("/backoffice/tiep-nhan/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()
    assert FORM_URL in response.content.decode()


def test_live_search_returns_only_the_results_fragment(desk_client, intake_procedure):
    response = desk_client.get("/backoffice/tiep-nhan/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<section id="procedure-results"')
    assert "Đăng ký khai sinh" in html
    assert "<html" not in html


def test_procedures_of_another_desk_are_not_offered(desk_client, intake_procedure):
    from motcua.agencies.tests.factories import AgencyFactory
    from motcua.catalog.tests.factories import ProcedureFactory

    elsewhere = ProcedureFactory(version__name="Đăng ký kết hôn có yếu tố nước ngoài")
    elsewhere.receiving_agencies.add(AgencyFactory(centre=True))
    html = desk_client.get("/backoffice/tiep-nhan/", {"q": "dang ky"}).content.decode()
    assert "Đăng ký khai sinh" in html
    assert "kết hôn" not in html


def test_the_form_lists_the_papers_and_previews_the_appointment(desk_client, intake_procedure):
    html = desk_client.get(FORM_URL).content.decode()
    assert "Tờ khai đăng ký khai sinh" in html
    assert "Giấy chứng sinh" in html
    assert "Văn bản ủy quyền" in html
    assert "05 ngày làm việc" in html
    assert "17:00" in html
    assert "03/11/2023" in html
    assert 'name="token"' in html


def test_the_appointment_preview_fragment_explains_the_computation(desk_client, intake_procedure):
    response = desk_client.get(FORM_URL + "hen-tra/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<section id="due"')
    assert "03/11/2023" in html
    assert "<ol>" in html  # the explanation, step by step


def test_an_applicant_seen_before_is_recalled_by_id_number(desk_client, intake_procedure):
    ApplicantFactory(name="Phạm Minh Tuấn", id_no="001085009999", phone="0901234567")
    html = desk_client.get(FORM_URL, {"recall": "001085009999"}).content.decode()
    assert 'value="Phạm Minh Tuấn"' in html
    assert 'value="0901234567"' in html


def test_recall_by_a_shared_phone_offers_a_choice(desk_client, intake_procedure):
    ApplicantFactory(name="Phạm Minh Tuấn", id_no="001085009999", phone="0901234567")
    ApplicantFactory(name="Phạm Thị Lan", id_no="001190008888", phone="0901234567")
    response = desk_client.get(
        FORM_URL + "nguoi-nop/", {"recall": "090 123 4567"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.startswith('<fieldset id="applicant"')
    assert "Phạm Minh Tuấn – 001085009999" in html
    assert "Phạm Thị Lan – 001190008888" in html


def test_accepting_creates_the_dossier_and_its_receipt(desk_client, papers, desk_officer):
    response = desk_client.post(FORM_URL, intake_post(papers))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dossier", args=[dossier.pk])
    assert dossier.status == Status.RECEIVED
    assert dossier.code == "000.00.17.H56-231027-0001"
    assert dossier.received_by == desk_officer
    detail = desk_client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ 000.00.17.H56-231027-0001" in detail
    assert "Tải Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)" in detail
    receipt = desk_client.get(reverse("backoffice:dossier_paper", args=[dossier.pk, "receipt"]))
    assert receipt["Content-Type"] == "application/pdf"
    assert "attachment;" in receipt["Content-Disposition"]
    text = pdf_text(receipt.content)
    assert "Mã hồ sơ: 000.00.17.H56-231027-0001" in text
    assert "Nguyễn Thị Hương Giang" in text
    assert "17 giờ 00 phút, ngày 03 tháng 11 năm 2023" in text
    assert IssuedForm.objects.filter(dossier=dossier).count() == 1


def test_a_double_click_on_accept_creates_one_dossier(desk_client, papers):
    data = intake_post(papers)
    first = desk_client.post(FORM_URL, data)
    second = desk_client.post(FORM_URL, data)
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]
    follow = desk_client.get(second["Location"]).content.decode()
    assert "Biểu mẫu này đã được gửi trước đó" in follow
    assert IntakeSubmission.objects.get().dossier == Dossier.objects.get()


def test_missing_required_papers_are_all_named_and_nothing_is_written(desk_client, papers):
    response = desk_client.post(FORM_URL, intake_post(papers, ticked=()))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tờ khai đăng ký khai sinh" in html
    assert "Giấy chứng sinh" in html
    assert "còn thiếu" in html
    assert "Hướng dẫn bổ sung" in html
    assert not Dossier.objects.exists()
    assert not IntakeSubmission.objects.exists()


def test_bad_applicant_data_is_refused_with_the_field_named(desk_client, papers):
    response = desk_client.post(FORM_URL, intake_post(papers, applicant_id_no="12345"))
    assert response.status_code == 400
    assert "Số định danh / mã số thuế “12345” không hợp lệ" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_guidance_slip_is_issued_for_an_incomplete_dossier(desk_client, papers):
    response = desk_client.post(
        FORM_URL,
        intake_post(
            papers,
            action="guide",
            ticked=("Tờ khai đăng ký khai sinh",),
            guidance_text="Giấy chứng sinh phải là bản chính",
        ),
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert dossier.status == Status.NEEDS_COMPLETION
    assert dossier.code is None
    slip = desk_client.get(
        reverse("backoffice:dossier_paper", args=[dossier.pk, "supplement_request"])
    )
    text = pdf_text(slip.content)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh" in text


def test_a_refusal_needs_reasons_and_prints_them(desk_client, papers):
    empty = desk_client.post(FORM_URL, intake_post(papers, action="refuse"))
    assert empty.status_code == 400
    assert "Phải ghi rõ lý do từ chối" in empty.content.decode()
    assert not Dossier.objects.exists()
    done = desk_client.post(
        FORM_URL,
        intake_post(
            papers,
            action="refuse",
            refusal_reasons="Không thuộc thẩm quyền\nThiếu giấy ủy quyền hợp lệ",
        ),
    )
    dossier = Dossier.objects.get()
    assert done.status_code == 302
    assert dossier.status == Status.REFUSED
    text = pdf_text(
        desk_client.get(reverse("backoffice:dossier_paper", args=[dossier.pk, "refusal"])).content
    )
    assert "1. Không thuộc thẩm quyền" in text
    assert "2. Thiếu giấy ủy quyền hợp lệ" in text


def test_a_scan_is_stored_on_its_paper_and_counts_as_handed_in(desk_client, papers, pdf_upload):
    data = intake_post(papers, ticked=("Tờ khai đăng ký khai sinh",))
    data[f"f{papers['Giấy chứng sinh']}"] = pdf_upload("giay-chung-sinh.pdf")
    response = desk_client.post(FORM_URL, data)
    assert response.status_code == 302
    stored = DossierFile.objects.get()
    assert stored.original_name == "giay-chung-sinh.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.component is not None
    assert stored.component.name == "Giấy chứng sinh"
    download = desk_client.get(
        reverse("backoffice:dossier_file", args=[stored.dossier_id, stored.pk])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_a_scan_is_refused_before_anything_is_written(
    desk_client, papers, pdf_upload
):
    data = intake_post(papers)
    data[f"f{papers['Giấy chứng sinh']}"] = pdf_upload(
        "giay-chung-sinh.pdf", b"MZ\x90\x00 not a pdf"
    )
    response = desk_client.post(FORM_URL, data)
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists()
    assert not DossierFile.objects.exists()


def test_the_guided_applicant_coming_back_is_received_on_the_same_record(desk_client, papers):
    desk_client.post(
        FORM_URL, intake_post(papers, action="guide", ticked=("Tờ khai đăng ký khai sinh",))
    )
    guided = Dossier.objects.get()
    page = desk_client.get(FORM_URL, {"tu_ho_so": guided.pk}).content.decode()
    assert 'value="Nguyễn Thị Hương Giang"' in page
    response = desk_client.post(
        FORM_URL, intake_post(papers, guidance=guided.pk, version=guided.version)
    )
    assert response.status_code == 302
    guided.refresh_from_db()
    assert Dossier.objects.count() == 1
    assert guided.status == Status.RECEIVED
    assert guided.code == "000.00.17.H56-231027-0001"


def test_a_stale_guidance_form_is_refused_with_a_clear_message(desk_client, papers, desk_officer):
    desk_client.post(
        FORM_URL, intake_post(papers, action="guide", ticked=("Tờ khai đăng ký khai sinh",))
    )
    guided = Dossier.objects.get()
    page_version = guided.version
    # Meanwhile a colleague at the desk refuses the record.
    refuse_dossier(dossier=guided, by=desk_officer, reasons="Không thuộc thẩm quyền")
    response = desk_client.post(
        FORM_URL, intake_post(papers, guidance=guided.pk, version=page_version)
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Không được tiếp nhận" in html
    assert "Trần Văn Đức cập nhật lúc" in html
    guided.refresh_from_db()
    assert guided.status == Status.REFUSED
    assert guided.code is None
