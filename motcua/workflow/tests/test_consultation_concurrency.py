"""Escalation running while an answer is recorded (PostgreSQL row locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import transfer
from motcua.workflow.models import Consultation, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import answer_opinion, ask_opinion, escalate_late_consultations

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


@pytest.fixture
def late(clock, received, desk_officer, specialist, other_department):
    """A consultation one working day long, four days ago."""
    transfer(dossier=received, by=desk_officer)
    asked = ask_opinion(
        task=StepTask.objects.open().get(dossier=received),
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    clock.advance(days=4)
    return asked


def test_a_dossier_being_worked_on_is_skipped_not_waited_for(late, head):
    locked = threading.Event()
    release = threading.Event()

    def hold_the_dossier() -> None:
        try:
            with transaction.atomic():
                Dossier.objects.select_for_update().get(pk=late.dossier_id)
                locked.set()
                release.wait(WAIT_SECONDS)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_dossier)
    holder.start()
    try:
        assert locked.wait(WAIT_SECONDS)
        assert escalate_late_consultations() == 0
    finally:
        release.set()
        holder.join(WAIT_SECONDS)
    assert escalate_late_consultations() == 1
    assert Consultation.objects.get().escalated_at is not None


def test_an_answer_and_an_escalation_at_once_both_finish(late, head, other_department):
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(work) -> None:
        try:
            start.wait(WAIT_SECONDS)
            work()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=(lambda: answer_opinion(consultation=late.pk, by=expert, answer="Đồng ý"),),
        ),
        threading.Thread(target=run, args=(escalate_late_consultations,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert errors == []
    answered = Consultation.objects.get()
    assert answered.answered_at is not None
    assert WorkflowEvent.objects.filter(action=WorkflowAction.ANSWERED).count() == 1
    # Escalated before the answer, or skipped because the answer came first: never half of it.
    escalations = WorkflowEvent.objects.filter(action=WorkflowAction.ESCALATED).count()
    assert escalations == (1 if answered.escalated_at is not None else 0)
