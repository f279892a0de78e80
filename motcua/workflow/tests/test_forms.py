"""The papers of processing: Mẫu 04 (apology), Mẫu 05 (control sheet), the liên thông slip."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import DomainError
from motcua.documents.builders import apology_context, context_for, control_sheet_context
from motcua.documents.contexts import StepResult
from motcua.documents.kinds import FormKind
from motcua.documents.rendering import render_pdf
from motcua.documents.services import available_forms, issue_latest, read_pdf
from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import DossierEvent, EventAction
from motcua.dossiers.services import return_result, transfer
from motcua.workflow.models import StepTask
from motcua.workflow.services import LegInput, pass_task, reappoint, transfer_inter_agency

from .conftest import VN

pytestmark = pytest.mark.django_db

NEW_DUE = dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN)


def _open(dossier) -> StepTask:
    return StepTask.objects.open().select_related("step", "agency").get(dossier=dossier)


@pytest.fixture
def in_progress(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    received.refresh_from_db()
    return received


def test_apology_names_dates_reason_unit_at_fault_and_its_head(
    in_progress, head, leader, department
):
    leader.user.full_name = "Trần Thị Lãnh Đạo"
    leader.user.save()
    reappoint(
        dossier=in_progress,
        by=head,
        new_due_at=NEW_DUE,
        reason="Chờ kết quả xác minh của Công an xã",
        fault_agency=department,
    )
    issued = issue_latest(dossier=in_progress, kind=FormKind.APOLOGY, by=head.account)
    text = pdf_text(read_pdf(issued))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert f"Kính gửi: {in_progress.applicant_name}" in text
    assert in_progress.code in text
    assert "17 giờ 00 phút, ngày 03 tháng 11 năm 2023" in text  # the original due date
    assert "17 giờ 00 phút, ngày 10 tháng 11 năm 2023" in text  # the new one
    assert "Lý do: Chờ kết quả xác minh của Công an xã" in text
    assert "Sở Tư pháp xin lỗi ông (bà)" in text
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in text
    assert leader.account.display_name in text
    assert issued.number == "04"
    assert (FormKind.APOLOGY, issued.event) in available_forms(in_progress)


def test_no_apology_without_a_reappointment(in_progress, head):
    event = DossierEvent.objects.get(dossier=in_progress, action=EventAction.TRANSFERRED)
    with pytest.raises(DomainError, match="không lập"):
        context_for(FormKind.APOLOGY, in_progress, event)


def test_control_sheet_has_a_row_per_hand_over_with_the_steps_results(
    clock, in_progress, desk_officer, specialist, head, leader
):
    # Appraisal (1,5 working days) done in 2 hours: early. Approval then runs late.
    clock.advance(hours=2)
    pass_task(task=_open(in_progress), by=specialist)
    approve = _open(in_progress)
    clock.now = approve.due_at + dt.timedelta(hours=1)
    pass_task(task=approve, by=head)
    sign = _open(in_progress)
    clock.now = sign.due_at
    pass_task(task=sign, by=leader)
    clock.now = dt.datetime(2023, 11, 3, 10, 0, tzinfo=VN)
    return_result(dossier=in_progress, by=desk_officer, collected_by_name="Nguyễn Văn An")
    in_progress.refresh_from_db()

    context = control_sheet_context(
        in_progress, issued_at=clock.now, officer_name=desk_officer.account.display_name
    )
    rows = context.hand_overs
    desk, unit = in_progress.receiving_agency.name, in_progress.competent_agency.name
    assert [(row.giver, row.receiver) for row in rows] == [
        (desk, unit),
        (unit, unit),
        (unit, unit),
        (unit, desk),
        (desk, "Người nộp hồ sơ: Nguyễn Văn An"),
    ]
    assert [row.result for row in rows] == [
        None,
        StepResult.EARLY,
        StepResult.LATE,
        StepResult.ON_TIME,
        StepResult.ON_TIME,
    ]
    assert context.lead_agency_name == unit
    text = pdf_text(render_pdf(context).pdf)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert f"Mã hồ sơ: {in_progress.code}" in text
    assert f"Giao: {desk} Nhận: {unit}" in text
    assert "11:32 27/10/2023" in text  # appraisal handed over
    assert "10:00 03/11/2023" in text  # result to the citizen
    assert text.count("Trước hạn") == 2  # one in the header, one for the appraisal
    assert "Quá hạn" in text
    assert "Đúng hạn" in text
    # Once returned, the complete sheet is filed with the dossier.
    issued = issue_latest(dossier=in_progress, kind=FormKind.CONTROL_SHEET, by=None)
    assert "Người nộp hồ sơ: Nguyễn Văn An" in pdf_text(read_pdf(issued))


def test_control_sheet_of_a_liên_thông_dossier_names_the_coordinating_agency(
    clock, received, desk_officer, department, other_department
):
    transfer_inter_agency(
        dossier=received,
        by=desk_officer,
        lead_code=department.code,
        legs=[
            LegInput(other_department.code, "Xác nhận nghĩa vụ tài chính", Decimal(2)),
            LegInput(department.code, "Thẩm định, cấp giấy", Decimal(2)),
        ],
    )
    context = control_sheet_context(received, issued_at=clock.now, officer_name="Cán bộ")
    assert context.lead_agency_name == department.name
    assert context.coordinating_agency_names == (other_department.name,)
    assert [(row.giver, row.receiver) for row in context.hand_overs] == [
        (received.receiving_agency.name, other_department.name)
    ]


def test_transfer_slip_lists_each_agency_task_and_deadline(
    clock, received, desk_officer, department, other_department
):
    transfer_inter_agency(
        dossier=received,
        by=desk_officer,
        lead_code=department.code,
        legs=[
            LegInput(other_department.code, "Xác nhận nghĩa vụ tài chính", Decimal(2)),
            LegInput(department.code, "Thẩm định, cấp giấy", Decimal(3)),
        ],
    )
    assert FormKind.TRANSFER_SLIP in {kind for kind, _ in available_forms(received)}
    issued = issue_latest(dossier=received, kind=FormKind.TRANSFER_SLIP, by=desk_officer.account)
    text = pdf_text(read_pdf(issued))
    assert "PHIẾU CHUYỂN XỬ LÝ HỒ SƠ LIÊN THÔNG" in text
    # Fri 27/10 09:32 + 2 working days = Tue 31/10 09:32; + 3 more = Fri 03/11 09:32.
    assert "Xác nhận nghĩa vụ tài chính 02 ngày làm việc 09:32 31/10/2023" in text
    assert "Thẩm định, cấp giấy 03 ngày làm việc 09:32 03/11/2023" in text
    assert f"{department.name} (chủ trì)" in text
    assert f"{other_department.name} (chủ trì)" not in text


def test_no_transfer_slip_for_a_dossier_handled_by_one_unit(in_progress):
    event = DossierEvent.objects.get(dossier=in_progress, action=EventAction.TRANSFERRED)
    with pytest.raises(DomainError, match="liên thông"):
        context_for(FormKind.TRANSFER_SLIP, in_progress, event)
    assert FormKind.TRANSFER_SLIP not in {kind for kind, _ in available_forms(in_progress)}


def test_apology_signature_falls_back_to_a_head_of_unit(in_progress, department):
    head = OfficerFactory(agency=department, roles=[Role.HEAD_OF_UNIT])
    reappoint(
        dossier=in_progress, by=head, new_due_at=NEW_DUE, reason="Chờ", fault_agency=department
    )
    event = DossierEvent.objects.get(dossier=in_progress, action=EventAction.EXTENDED)
    context = apology_context(in_progress, event)
    assert context.head_name == head.account.display_name
