import datetime as dt

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.models import Extension, NoticeKind
from motcua.dossiers.services import transfer
from motcua.workflow.models import DelayFault, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import reappoint

from .conftest import VN

pytestmark = pytest.mark.django_db

NEW_DUE = dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN)


@pytest.fixture
def in_progress(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    received.refresh_from_db()
    return received


def test_reappointment_records_new_date_reason_fault_and_notifies(in_progress, head, department):
    step = StepTask.objects.open().get(dossier=in_progress).step
    extension = reappoint(
        dossier=in_progress,
        by=head,
        new_due_at=NEW_DUE,
        reason="Chờ kết quả xác minh",
        fault_agency=department,
        fault_step=step,
    )
    in_progress.refresh_from_db()
    assert in_progress.due_at == NEW_DUE
    assert extension.reason == "Chờ kết quả xác minh"
    fault = DelayFault.objects.get(extension=extension)
    assert (fault.agency, fault.step) == (department, step)
    assert in_progress.notices.filter(kind=NoticeKind.EXTENDED).exists()
    assert WorkflowEvent.objects.filter(action=WorkflowAction.REAPPOINTED).exists()


def test_a_second_reappointment_is_refused(in_progress, head, department):
    reappoint(
        dossier=in_progress, by=head, new_due_at=NEW_DUE, reason="Lần 1", fault_agency=department
    )
    with pytest.raises(DomainError, match="lần thứ hai"):
        reappoint(
            dossier=in_progress,
            by=head,
            new_due_at=NEW_DUE + dt.timedelta(days=7),
            reason="Lần 2",
            fault_agency=department,
        )
    assert Extension.objects.count() == 1


def test_less_than_one_working_day_before_the_due_date_is_refused(
    clock, in_progress, head, department
):
    # Due Fri 03/11: the last day to ask is Thu 02/11.
    clock.set(dt.datetime(2023, 11, 3, 8, 0, tzinfo=VN))
    with pytest.raises(DomainError, match="01 ngày làm việc"):
        reappoint(
            dossier=in_progress, by=head, new_due_at=NEW_DUE, reason="Chậm", fault_agency=department
        )
    in_progress.refresh_from_db()
    assert in_progress.due_at == dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN)
    assert not Extension.objects.exists()


def test_a_weekend_before_a_monday_due_date_is_too_late(
    clock, received, desk_officer, head, department
):
    received.due_at = dt.datetime(2023, 11, 6, 17, 0, tzinfo=VN)
    received.save(update_fields=["due_at"])
    transfer(dossier=received, by=desk_officer)
    clock.set(dt.datetime(2023, 11, 4, 10, 0, tzinfo=VN))  # Saturday
    with pytest.raises(DomainError, match="03/11/2023"):
        reappoint(
            dossier=received, by=head, new_due_at=NEW_DUE, reason="Chậm", fault_agency=department
        )


def test_the_fault_must_lie_with_an_agency_of_the_dossier(in_progress, head, other_department):
    with pytest.raises(DomainError, match="không tham gia"):
        reappoint(
            dossier=in_progress,
            by=head,
            new_due_at=NEW_DUE,
            reason="Chậm",
            fault_agency=other_department,
        )
    assert not Extension.objects.exists()


def _nothing_changed(dossier):
    due = dossier.due_at
    dossier.refresh_from_db()
    assert dossier.due_at == due
    assert not Extension.objects.exists()
    assert not DelayFault.objects.exists()
    assert not dossier.notices.filter(kind=NoticeKind.EXTENDED).exists()
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.REAPPOINTED).exists()


def test_a_specialist_of_the_unit_may_not_reappoint(in_progress, specialist, department):
    with pytest.raises(PermissionDeniedError, match="Cần vai trò"):
        reappoint(
            dossier=in_progress,
            by=specialist,
            new_due_at=NEW_DUE,
            reason="Chậm",
            fault_agency=department,
        )
    _nothing_changed(in_progress)


def test_the_head_of_another_unit_may_not_reappoint(in_progress, other_department, department):
    stranger = OfficerFactory(agency=other_department, roles=[Role.HEAD_OF_UNIT])
    with pytest.raises(PermissionDeniedError, match="Sở Tài chính"):
        reappoint(
            dossier=in_progress,
            by=stranger,
            new_due_at=NEW_DUE,
            reason="Chậm",
            fault_agency=department,
        )
    _nothing_changed(in_progress)


def test_permission_is_checked_before_the_dates(clock, in_progress, specialist, department):
    clock.set(dt.datetime(2023, 11, 3, 8, 0, tzinfo=VN))  # also too late
    with pytest.raises(PermissionDeniedError):
        reappoint(
            dossier=in_progress,
            by=specialist,
            new_due_at=NEW_DUE,
            reason="Chậm",
            fault_agency=department,
        )
    _nothing_changed(in_progress)


def test_the_receiving_desk_may_reappoint(in_progress, desk_officer, department):
    extension = reappoint(
        dossier=in_progress,
        by=desk_officer,
        new_due_at=NEW_DUE,
        reason="Chờ kết quả xác minh",
        fault_agency=department,
    )
    assert extension.requested_by == desk_officer
