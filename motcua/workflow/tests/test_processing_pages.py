"""Officer pages of processing: Mẫu 06 register, where time is lost, re-appointment, Mẫu 05."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.services import transfer
from motcua.workflow.models import DelayFault, StepTask

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_progress(clock, received, desk_officer):
    Dossier.objects.filter(pk=received.pk).update(accepted_at=clock.now)
    transfer(dossier=received, by=desk_officer)
    received.refresh_from_db()
    return received


def test_register_lists_the_desks_dossiers_of_the_period_in_excel(
    client, clock, in_progress, desk_officer
):
    client.force_login(desk_officer.account)
    response = client.get(reverse("backoffice:register"), {"tu": "2023-10-01", "den": "2023-10-31"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "SỔ THEO DÕI HỒ SƠ"
    headings = [cell.value for cell in sheet[6]]
    assert headings[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    assert headings[-2:] == ["Ký nhận", "Ghi chú"]
    row = [cell.value for cell in sheet[8]]
    assert row[0] == 1
    assert row[1] == in_progress.code
    assert row[2] == in_progress.procedure_version.name
    assert row[3] == 1
    assert row[4] == in_progress.applicant_name
    assert row[6] == in_progress.competent_agency.name
    # Local wall time (Excel has no zones): due, then sent to the department.
    assert row[8] == dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN).replace(tzinfo=None)
    assert row[9] == dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN).replace(tzinfo=None)
    assert sheet.max_row == 8


def test_register_refuses_a_period_that_ends_before_it_starts(client, desk_officer):
    client.force_login(desk_officer.account)
    response = client.get(reverse("backoffice:register"), {"tu": "2023-10-31", "den": "2023-10-01"})
    assert response.status_code == 400
    assert "phải trước hoặc bằng đến ngày" in response.content.decode()


def test_register_of_another_period_is_empty(client, clock, in_progress, desk_officer):
    client.force_login(desk_officer.account)
    response = client.get(reverse("backoffice:register"), {"tu": "2023-11-01", "den": "2023-11-30"})
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 7


def test_where_time_is_lost_shows_the_overdue_step_and_its_unit(
    client, clock, in_progress, leader, specialist, department
):
    task = StepTask.objects.open().get(dossier=in_progress)
    clock.now = dt.datetime(2023, 11, 6, 10, 0, tzinfo=VN)  # past the step and the dossier
    client.force_login(leader.account)
    page = client.get(reverse("backoffice:delays"), {"don_vi": department.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert in_progress.code in html
    assert task.step.name in html
    assert department.name in html
    early = client.get(reverse("backoffice:delays"), {"tu": "2023-12-01", "den": "2023-12-31"})
    assert in_progress.code not in early.content.decode()
    wrong = client.get(reverse("backoffice:delays"), {"tu": "2023-12-31", "den": "2023-12-01"})
    assert wrong.status_code == 400
    client.force_login(specialist.account)
    assert client.get(reverse("backoffice:delays")).status_code == 403


def test_reappointment_page_records_it_and_offers_mau_04(
    client, clock, in_progress, head, department
):
    client.force_login(head.account)
    url = reverse("backoffice:reappoint", args=[in_progress.pk])
    assert client.get(url).status_code == 200
    form = {
        "ngay_hen_moi": "2023-11-10",
        "gio_hen_moi": "17:00",
        "ly_do": "Chờ kết quả xác minh",
        "don_vi_loi": department.pk,
    }
    done = client.post(url, form)
    assert done.status_code == 302
    extension = Extension.objects.get(dossier=in_progress)
    assert extension.new_due_at == dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN)
    assert DelayFault.objects.get(extension=extension).agency == department
    paper = client.get(reverse("backoffice:dossier_paper", args=[in_progress.pk, "apology"]))
    assert paper.status_code == 200
    assert "Lý do: Chờ kết quả xác minh" in pdf_text(paper.content)
    again = client.post(url, {**form, "ngay_hen_moi": "2023-11-17"})
    assert again.status_code == 400
    assert "không được hẹn lại lần thứ hai" in again.content.decode()


def test_reappointment_too_late_is_refused_with_the_rule(
    client, clock, in_progress, head, department
):
    clock.now = dt.datetime(2023, 11, 3, 8, 0, tzinfo=VN)  # the due day itself
    client.force_login(head.account)
    response = client.post(
        reverse("backoffice:reappoint", args=[in_progress.pk]),
        {
            "ngay_hen_moi": "2023-11-10",
            "gio_hen_moi": "17:00",
            "ly_do": "Chậm",
            "don_vi_loi": department.pk,
        },
    )
    assert response.status_code == 400
    assert "chậm nhất 01 ngày làm việc" in response.content.decode()
    assert not Extension.objects.filter(dossier=in_progress).exists()


def test_control_sheet_downloads_from_the_dossier_page(client, clock, in_progress, desk_officer):
    client.force_login(desk_officer.account)
    detail = client.get(reverse("backoffice:dossier", args=[in_progress.pk]))
    url = reverse("backoffice:control_sheet", args=[in_progress.pk])
    assert url in detail.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert f"Nhận: {in_progress.competent_agency.name}" in text


def test_inter_agency_page_routes_the_dossier_and_offers_the_slip(
    client, clock, received, desk_officer, department, other_department
):
    client.force_login(desk_officer.account)
    url = reverse("backoffice:inter_agency", args=[received.pk])
    assert url in client.get(reverse("backoffice:dossier", args=[received.pk])).content.decode()
    bad = client.post(
        url,
        {"co_quan_chu_tri": department.code, "cac_co_quan": f"{other_department.code} | Xác nhận"},
    )
    assert bad.status_code == 400
    assert "Dòng 1: cần đủ 3 phần" in bad.content.decode()
    legs = "\n".join(
        (
            f"{other_department.code} | Xác nhận nghĩa vụ tài chính | 2",
            f"{department.code} | Cấp giấy | 3",
        )
    )
    done = client.post(url, {"co_quan_chu_tri": department.code, "cac_co_quan": legs})
    assert done.status_code == 302
    assert StepTask.objects.open().get(dossier=received).agency == other_department
    detail = client.get(reverse("backoffice:dossier", args=[received.pk])).content.decode()
    slip = reverse("backoffice:dossier_paper", args=[received.pk, "transfer_slip"])
    assert slip in detail
    text = pdf_text(client.get(slip).content)
    assert "Xác nhận nghĩa vụ tài chính 02 ngày làm việc" in text


def test_head_assigns_an_open_step_to_a_specialist_of_the_unit(
    client, clock, in_progress, head, specialist, other_department
):
    task = StepTask.objects.open().get(dossier=in_progress)
    url = reverse("backoffice:inbox_assign", args=[task.pk])
    client.force_login(head.account)
    page = client.get(url)
    assert page.status_code == 200
    assert specialist.account.display_name in page.content.decode()
    stranger = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    refused = client.post(url, {"can_bo": stranger.pk})
    assert refused.status_code == 400  # not among the unit's specialists
    assert client.post(url, {"can_bo": specialist.pk}).status_code == 302
    task.refresh_from_db()
    assert task.assignee == specialist
    client.force_login(specialist.account)
    assert client.get(url).status_code == 403
