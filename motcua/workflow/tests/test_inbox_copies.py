"""The inbox copies on each task (ADR 0011) stay in step with the dossier and the step's time."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from motcua.agencies.models import Role
from motcua.agencies.services import succeed_agency
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.core.text import fold
from motcua.dossiers.services import provide_supplement, request_supplement, transfer
from motcua.dossiers.states import ALLOWED, Status
from motcua.workflow.models import DUE_SOON, StepKind, StepTask
from motcua.workflow.selectors import Urgency, inbox, mark, urgency
from motcua.workflow.services import assign_task, claim_task, pass_task, send_back
from motcua.workflow.services.routing import BEFORE_PROCESSING, due_soon_from

from .conftest import VN

pytestmark = pytest.mark.django_db

COPIES = (
    "dossier_code",
    "dossier_status",
    "procedure_id",
    "applicant_folded",
    "applicant_id_no",
)


def _open(dossier) -> StepTask:
    return StepTask.objects.open().select_related("step").get(dossier=dossier)


def _copies(task: StepTask) -> dict[str, object]:
    return {name: getattr(task, name) for name in COPIES}


def _expected(dossier) -> dict[str, object]:
    dossier.refresh_from_db()
    return {
        "dossier_code": dossier.code,
        "dossier_status": dossier.status,
        "procedure_id": dossier.procedure_id,
        "applicant_folded": fold(dossier.applicant_name),
        "applicant_id_no": dossier.applicant_id_no,
    }


@pytest.fixture
def started(clock, received, desk_officer):
    received.applicant_name = "Nguyễn Thị Đào"
    received.save(update_fields=["applicant_name"])
    transfer(dossier=received, by=desk_officer)
    return received


def test_an_opened_step_copies_its_dossier_and_its_due_soon_instant(started):
    task = _open(started)
    assert _copies(task) == _expected(started)
    assert task.applicant_folded == "nguyen thi dao"
    assert task.dossier_status == Status.IN_PROGRESS
    # "Due soon" from the instant 4 office hours before the step's deadline, as the rule says.
    assert task.due_soon_at is not None
    assert urgency(task.due_at, task.due_soon_at) == Urgency.DUE_SOON
    assert urgency(task.due_at, task.due_soon_at - dt.timedelta(microseconds=1)) == Urgency.ON_TIME


def test_claim_and_assign_change_the_holder_only(started, specialist, head, department):
    before = _copies(_open(started))
    claim_task(task=_open(started), by=specialist)
    assert _copies(_open(started)) == before
    assert [t.pk for t in inbox(officer=specialist, mine_only=True)] == [_open(started).pk]
    colleague = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    assert list(inbox(officer=colleague, mine_only=True)) == []
    assign_task(task=_open(started), by=head, to=colleague)
    task = _open(started)
    assert task.assignee == colleague
    assert _copies(task) == before
    assert list(inbox(officer=colleague, mine_only=True)) == [task]


def test_passing_on_and_sending_back_open_steps_with_fresh_copies(
    clock, started, specialist, head, leader
):
    pass_task(task=_open(started), by=specialist)
    approve = _open(started)
    assert approve.step.kind == StepKind.APPROVE
    assert _copies(approve) == _expected(started)
    clock.advance(hours=1)
    reopened = send_back(task=approve, by=head, reason="Thiếu căn cứ")
    assert reopened.step.kind == StepKind.APPRAISE
    assert _copies(reopened) == _expected(started)
    assert reopened.due_soon_at is not None
    assert reopened.due_soon_at < reopened.due_at
    pass_task(task=reopened, by=specialist)
    pass_task(task=_open(started), by=head)
    returned = pass_task(task=_open(started), by=leader)
    assert returned is not None
    assert returned.step.kind == StepKind.RETURN
    # The result went to the desk in the same use case: the desk's step says so.
    assert returned.dossier_status == Status.RESULT_READY
    assert _copies(returned) == _expected(started)


def test_the_status_copy_follows_a_supplement_and_the_time_restarts(
    clock, started, specialist, desk_officer
):
    request_supplement(
        dossier=started, by=specialist, missing=["Bản sao sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    task = _open(started)
    assert task.dossier_status == Status.SUPPLEMENT_REQUESTED
    assert list(inbox(officer=specialist, status=Status.SUPPLEMENT_REQUESTED)) == [task]
    assert list(inbox(officer=specialist, status=Status.IN_PROGRESS)) == []
    clock.advance(days=5)
    provide_supplement(dossier=started, by=desk_officer)
    task = _open(started)
    assert task.dossier_status == Status.IN_PROGRESS
    assert task.due_at > clock.now
    assert task.due_soon_at is not None
    assert urgency(task.due_at, task.due_soon_at) == Urgency.DUE_SOON
    assert urgency(task.due_at, task.due_soon_at - dt.timedelta(seconds=1)) == Urgency.ON_TIME


def test_open_steps_follow_their_unit_to_its_successor(clock, started, department):
    successor = AgencyFactory(code="000.00.14.H56", name="Sở Tư pháp (mới)")
    heir = OfficerFactory(agency=successor, roles=[Role.SPECIALIST])
    before = _copies(_open(started))
    moved = succeed_agency(agency=department, successor=successor, on=dt.date(2023, 11, 1))
    assert moved["workflow_tasks"] == 1
    task = _open(started)
    assert task.agency == successor
    assert _copies(task) == before
    assert list(inbox(officer=heir, query="nguyen thi dao")) == [task]


def test_the_stored_mark_agrees_with_the_calendar_across_nights_and_weekends():
    # Due Mon 30/10 09:00: 4 office hours before it begin on Fri 27/10 (office ends 17:00).
    task = StepTask(due_at=dt.datetime(2023, 10, 30, 9, 0, tzinfo=VN))
    task.due_soon_at = due_soon_from(task.due_at)
    for moment in (
        dt.datetime(2023, 10, 27, 15, 0, tzinfo=VN),
        dt.datetime(2023, 10, 27, 15, 59, tzinfo=VN),
        dt.datetime(2023, 10, 27, 16, 0, tzinfo=VN),
        dt.datetime(2023, 10, 28, 10, 0, tzinfo=VN),
        dt.datetime(2023, 10, 30, 8, 59, tzinfo=VN),
        dt.datetime(2023, 10, 30, 9, 1, tzinfo=VN),
    ):
        assert mark(task, moment) == urgency(task.due_at, moment), moment
    assert mark(task, dt.datetime(2023, 10, 28, 10, 0, tzinfo=VN)) == Urgency.DUE_SOON
    assert dt.timedelta(hours=4) == DUE_SOON


def test_the_migration_fills_the_copies_of_open_steps_as_the_services_write_them(started):
    task = _open(started)
    written = {**_copies(task), "due_soon_at": task.due_soon_at}
    StepTask.objects.filter(pk=task.pk).update(
        dossier_code="",
        dossier_status="",
        procedure=None,
        applicant_folded="",
        applicant_id_no="",
        due_soon_at=None,
    )
    migration = importlib.import_module("motcua.workflow.migrations.0003_steptask_inbox_copies")
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.fill_copies(apps, editor)
    task.refresh_from_db()
    assert {**_copies(task), "due_soon_at": task.due_soon_at} == written


def test_no_status_leads_back_to_before_processing():
    # `follow_move` skips the status copy for moves out of these: no task can exist yet.
    for status, targets in ALLOWED.items():
        if status not in BEFORE_PROCESSING:
            assert not targets & BEFORE_PROCESSING, status
