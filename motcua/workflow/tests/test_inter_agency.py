from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import DomainError, NotFoundError
from motcua.dossiers.states import Status
from motcua.workflow.models import Route, StepKind, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import LegInput, pass_task, transfer_inter_agency

pytestmark = pytest.mark.django_db


def _open(dossier) -> StepTask:
    return StepTask.objects.open().select_related("step", "agency").get(dossier=dossier)


def test_each_agency_gets_its_task_and_the_lead_hands_the_result_back(
    clock, received, desk_officer, department, other_department
):
    moved = transfer_inter_agency(
        dossier=received,
        by=desk_officer,
        lead_code=department.code,
        legs=[
            LegInput(other_department.code, "Xác nhận nghĩa vụ tài chính", Decimal(2)),
            LegInput(department.code, "Thẩm định, cấp giấy", Decimal(3)),
        ],
    )
    assert moved.status == Status.IN_PROGRESS
    route = Route.objects.get(dossier=received)
    assert route.is_inter_agency
    assert route.lead_agency == department
    first = _open(received)
    assert first.agency == other_department
    assert first.step.assignment == "Xác nhận nghĩa vụ tài chính"
    coordinator = OfficerFactory(agency=other_department, roles=[Role.HEAD_OF_UNIT])
    pass_task(task=first, by=coordinator, note="Đã xác nhận")
    lead_task = _open(received)
    assert lead_task.agency == department
    lead_head = OfficerFactory(agency=department, roles=[Role.HEAD_OF_UNIT])
    back = pass_task(task=lead_task, by=lead_head)
    received.refresh_from_db()
    assert received.status == Status.RESULT_READY
    assert back is not None
    assert back.step.kind == StepKind.RETURN
    hops = list(
        WorkflowEvent.objects.filter(dossier=received, action=WorkflowAction.PASSED)
        .order_by("at", "pk")
        .values_list("from_agency__code", "to_agency__code")
    )
    assert hops == [
        (other_department.code, department.code),
        (department.code, received.receiving_agency.code),
    ]


def test_an_unknown_agency_is_refused_and_nothing_changes(
    clock, received, desk_officer, department
):
    with pytest.raises(NotFoundError, match=r"000\.99\.99\.H56"):
        transfer_inter_agency(
            dossier=received,
            by=desk_officer,
            lead_code=department.code,
            legs=[
                LegInput("000.99.99.H56", "Xác nhận", Decimal(1)),
                LegInput(department.code, "Cấp giấy", Decimal(1)),
            ],
        )
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
    assert not Route.objects.exists()


def test_the_lead_must_work_last(clock, received, desk_officer, department, other_department):
    with pytest.raises(DomainError, match="cuối cùng"):
        transfer_inter_agency(
            dossier=received,
            by=desk_officer,
            lead_code=department.code,
            legs=[
                LegInput(department.code, "Cấp giấy", Decimal(1)),
                LegInput(other_department.code, "Xác nhận", Decimal(1)),
            ],
        )
    assert not Route.objects.exists()


def test_legs_longer_than_the_appointment_are_refused(
    clock, received, desk_officer, department, other_department
):
    with pytest.raises(DomainError, match="sau ngày hẹn trả"):
        transfer_inter_agency(
            dossier=received,
            by=desk_officer,
            lead_code=department.code,
            legs=[
                LegInput(other_department.code, "Xác nhận", Decimal(3)),
                LegInput(department.code, "Cấp giấy", Decimal(3)),
            ],
        )
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
