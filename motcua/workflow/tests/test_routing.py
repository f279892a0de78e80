import datetime as dt
from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import ConflictError, DomainError, PermissionDeniedError
from motcua.dossiers.services import return_result, transfer
from motcua.dossiers.states import Status
from motcua.workflow.models import (
    StepKind,
    StepPlace,
    StepTask,
    TaskOutcome,
    WorkflowAction,
    WorkflowEvent,
)
from motcua.workflow.services import (
    StepInput,
    assign_task,
    claim_task,
    pass_task,
    save_workflow,
    send_back,
)

from .conftest import VN

pytestmark = pytest.mark.django_db


def _open(dossier) -> StepTask:
    return StepTask.objects.open().select_related("step").get(dossier=dossier)


def test_transfer_starts_the_default_route_at_the_appraisal(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    task = _open(received)
    assert task.step.kind == StepKind.APPRAISE
    assert task.role == Role.SPECIALIST
    assert task.agency == received.competent_agency
    kinds = list(received.route.steps.order_by("position").values_list("kind", flat=True))
    assert kinds == [StepKind.APPRAISE, StepKind.APPROVE, StepKind.SIGN, StepKind.RETURN]
    # The three processing steps share the office time left before the due date.
    assert task.due_at < received.due_at
    assert WorkflowEvent.objects.filter(dossier=received, action=WorkflowAction.STARTED).exists()


def test_a_defined_workflow_gives_each_step_its_own_deadline(
    clock, received, desk_officer, procedure
):
    save_workflow(
        procedure=procedure,
        case_code="",
        name="Quy trình cấp phiếu",
        steps=[
            StepInput(
                "Tiếp nhận",
                StepKind.RECEIVE,
                StepPlace.RECEIVING,
                Role.COUNTER_OFFICER,
                Decimal("0.5"),
            ),
            StepInput(
                "Thẩm định", StepKind.APPRAISE, StepPlace.COMPETENT, Role.SPECIALIST, Decimal(3)
            ),
            StepInput(
                "Phê duyệt", StepKind.APPROVE, StepPlace.COMPETENT, Role.HEAD_OF_UNIT, Decimal(1)
            ),
            StepInput(
                "Trả kết quả",
                StepKind.RETURN,
                StepPlace.RECEIVING,
                Role.COUNTER_OFFICER,
                Decimal("0.5"),
            ),
        ],
    )
    transfer(dossier=received, by=desk_officer)
    desk_task = StepTask.objects.get(dossier=received, step__kind=StepKind.RECEIVE)
    assert desk_task.outcome == TaskOutcome.PASSED
    task = _open(received)
    assert task.step.name == "Thẩm định"
    # 3 working days from Fri 09:32: Wed 01/11 09:32.
    assert task.due_at == dt.datetime(2023, 11, 1, 9, 32, tzinfo=VN)


def test_steps_pass_through_the_unit_to_the_result(
    clock, received, desk_officer, specialist, head, leader
):
    transfer(dossier=received, by=desk_officer)
    claim_task(task=_open(received), by=specialist)
    clock.advance(hours=2)
    pass_task(task=_open(received), by=specialist, note="Đủ điều kiện")
    approve = _open(received)
    assert approve.role == Role.HEAD_OF_UNIT
    pass_task(task=approve, by=head)
    ret = pass_task(task=_open(received), by=leader, note="Đã ký")
    received.refresh_from_db()
    assert received.status == Status.RESULT_READY
    assert ret is not None
    assert ret.agency == received.receiving_agency
    return_result(dossier=received, by=desk_officer, collected_by_name="Nguyễn Văn An")
    assert not StepTask.objects.open().filter(dossier=received).exists()
    actions = list(WorkflowEvent.objects.filter(dossier=received).values_list("action", flat=True))
    assert actions.count(WorkflowAction.PASSED) == 3
    assert actions[-1] == WorkflowAction.CLOSED


def test_a_specialist_cannot_approve(clock, received, desk_officer, specialist):
    transfer(dossier=received, by=desk_officer)
    pass_task(task=_open(received), by=specialist)
    approve = _open(received)
    with pytest.raises(PermissionDeniedError, match="Trưởng phòng"):
        pass_task(task=approve, by=specialist)
    approve.refresh_from_db()
    assert approve.is_open


def test_one_unit_cannot_act_on_another_units_step(clock, received, desk_officer, other_department):
    transfer(dossier=received, by=desk_officer)
    stranger = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    with pytest.raises(PermissionDeniedError, match="đơn vị khác"):
        claim_task(task=_open(received), by=stranger)
    with pytest.raises(PermissionDeniedError):
        pass_task(task=_open(received), by=stranger)
    assert _open(received).assignee is None


def test_a_task_claimed_by_one_officer_is_not_passed_by_another(
    clock, received, desk_officer, specialist, department
):
    transfer(dossier=received, by=desk_officer)
    colleague = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    claim_task(task=_open(received), by=specialist)
    with pytest.raises(PermissionDeniedError, match="đã giao"):
        pass_task(task=_open(received), by=colleague)


def test_the_head_assigns_only_to_holders_of_the_role(
    clock, received, desk_officer, head, specialist, leader
):
    transfer(dossier=received, by=desk_officer)
    assigned = assign_task(task=_open(received), by=head, to=specialist)
    assert assigned.assignee == specialist
    with pytest.raises(PermissionDeniedError):
        assign_task(task=_open(received), by=head, to=leader)
    with pytest.raises(PermissionDeniedError):
        assign_task(task=_open(received), by=specialist, to=specialist)


def test_send_back_returns_to_whoever_did_the_previous_step(
    clock, received, desk_officer, specialist, head
):
    transfer(dossier=received, by=desk_officer)
    claim_task(task=_open(received), by=specialist)
    pass_task(task=_open(received), by=specialist)
    with pytest.raises(DomainError, match="lý do"):
        send_back(task=_open(received), by=head, reason="  ")
    reopened = send_back(task=_open(received), by=head, reason="Thiếu căn cứ pháp lý")
    assert reopened.step.kind == StepKind.APPRAISE
    assert reopened.assignee == specialist
    assert StepTask.objects.filter(dossier=received, outcome=TaskOutcome.SENT_BACK).count() == 1


def test_the_first_processing_step_cannot_be_sent_back(clock, received, desk_officer, specialist):
    transfer(dossier=received, by=desk_officer)
    with pytest.raises(DomainError, match="bước xử lý đầu tiên"):
        send_back(task=_open(received), by=specialist, reason="Không rõ")
    assert _open(received).step.kind == StepKind.APPRAISE


def test_a_passed_task_cannot_be_passed_twice(clock, received, desk_officer, specialist):
    transfer(dossier=received, by=desk_officer)
    task = _open(received)
    pass_task(task=task, by=specialist)
    with pytest.raises(ConflictError):
        pass_task(task=task, by=specialist)
