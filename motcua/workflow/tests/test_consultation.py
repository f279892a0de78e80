import datetime as dt
from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from motcua.dossiers.services import transfer
from motcua.workflow.models import Consultation, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import answer_opinion, ask_opinion, escalate_late_consultations
from motcua.workflow.tasks import PERIODIC_TASKS, escalate_consultations

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    return StepTask.objects.open().get(dossier=received)


def test_an_opinion_is_asked_with_a_working_day_deadline(task, specialist, other_department):
    asked = ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Đề nghị cho ý kiến về quy hoạch",
        working_days=Decimal(2),
    )
    # From Fri 27/10/2023 09:32, two working days: Tue 31/10 09:32.
    assert asked.due_at == dt.datetime(2023, 10, 31, 9, 32, tzinfo=VN)
    assert WorkflowEvent.objects.filter(action=WorkflowAction.CONSULTED).count() == 1


def test_asking_an_agency_that_does_not_exist_is_refused(task, specialist):
    with pytest.raises(NotFoundError, match=r"000\.77\.77\.H56"):
        ask_opinion(
            task=task,
            by=specialist,
            to_agency_code="000.77.77.H56",
            question="Cho ý kiến",
            working_days=Decimal(1),
        )
    assert not Consultation.objects.exists()


def test_only_the_consulted_agency_answers_once(task, specialist, other_department):
    asked = ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    with pytest.raises(PermissionDeniedError):
        answer_opinion(consultation=asked, by=specialist, answer="Tự trả lời")
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    answered = answer_opinion(consultation=asked, by=expert, answer="Đồng ý")
    assert answered.answered_by == expert
    with pytest.raises(ConflictError):
        answer_opinion(consultation=asked, by=expert, answer="Lần hai")


def test_a_late_answer_is_escalated_to_the_head_once(
    clock, task, specialist, head, other_department
):
    ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    assert escalate_late_consultations() == 0
    clock.advance(days=4)
    assert escalate_late_consultations() == 1
    assert escalate_late_consultations() == 0
    event = WorkflowEvent.objects.get(action=WorkflowAction.ESCALATED)
    assert event.data["heads"] == [str(head.user)]
    assert Consultation.objects.get().escalated_at == clock.now


def test_escalation_runs_periodically(clock, task, specialist, other_department):
    assert any(callable_ is escalate_consultations for _, callable_ in PERIODIC_TASKS)
    ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    clock.advance(days=4)
    assert escalate_consultations.call() == 1
