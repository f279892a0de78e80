import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.states import Status
from motcua.workflow.models import StepKind, StepTask, TaskOutcome, WorkflowAction, WorkflowEvent
from motcua.workflow.services import decide_on_the_spot

pytestmark = pytest.mark.django_db


@pytest.fixture
def authorised(centre):
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER], can_decide_on_spot=True)


def test_four_on_the_spot_in_one_sitting_logs_every_step(received, procedure, authorised):
    procedure.is_on_the_spot = True
    procedure.save(update_fields=["is_on_the_spot"])
    returned = decide_on_the_spot(
        dossier=received, by=authorised, collected_by_name="Nguyễn Văn An", note="Đủ điều kiện"
    )
    assert returned.status == Status.RETURNED
    tasks = list(StepTask.objects.filter(dossier=received).order_by("pk"))
    assert [t.step.kind for t in tasks] == [
        StepKind.RECEIVE,
        StepKind.APPRAISE,
        StepKind.APPROVE,
        StepKind.RETURN,
    ]
    assert all(t.assignee == authorised and t.outcome == TaskOutcome.PASSED for t in tasks)
    assert WorkflowEvent.objects.filter(action=WorkflowAction.DECIDED_ON_SPOT).count() == 1


def test_not_for_procedures_without_the_flag(received, authorised):
    with pytest.raises(DomainError, match="4 tại chỗ"):
        decide_on_the_spot(dossier=received, by=authorised, collected_by_name="An")
    received.refresh_from_db()
    assert received.status == Status.RECEIVED


def test_not_for_counter_officers_without_authority(received, procedure, desk_officer):
    procedure.is_on_the_spot = True
    procedure.save(update_fields=["is_on_the_spot"])
    with pytest.raises(PermissionDeniedError):
        decide_on_the_spot(dossier=received, by=desk_officer, collected_by_name="An")
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
    assert not StepTask.objects.exists()
