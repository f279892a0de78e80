"""Workflows as data: check a procedure's steps against its legal processing time, and save them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, Role
from motcua.catalog.models import Channel, Procedure, TimeUnit
from motcua.core.errors import DomainError
from motcua.deadlines import engine
from motcua.deadlines import services as deadline_services
from motcua.workflow.models import StepKind, StepPlace, StepUnit, Workflow, WorkflowStep

# Roles that decide inside the competent agency: the step that hands the result to the desk.
DECIDING_ROLES = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})


@dataclass(frozen=True)
class StepInput:
    """One step as entered in the admin: what it is, who acts and for how long."""

    name: str
    kind: str
    place: str
    role: str
    amount: Decimal
    unit: str = StepUnit.WORKING_DAY
    agency: Agency | None = None


def legal_time(procedure: Procedure, case_code: str = "") -> tuple[Decimal | None, str]:
    """The legal processing time of a procedure (of one case when it has its own), at the desk."""
    version = procedure.current_version
    if version is None:
        return None, ""
    if case_code:
        case = version.cases.filter(code=case_code).first()
        if case is None:
            raise DomainError(f"Thủ tục {procedure.code} không có trường hợp mã “{case_code}”.")
        if case.processing_time is not None and case.time_unit:
            return case.processing_time, case.time_unit
    methods = version.methods.order_by("position")
    method = methods.filter(channel=Channel.DIRECT).first() or methods.first()
    if method is None:
        return None, ""
    return method.processing_time, method.time_unit


def _check_shape(steps: Sequence[StepInput]) -> None:
    if not steps:
        raise DomainError("Quy trình phải có ít nhất một bước.")
    last = len(steps) - 1
    for index, step in enumerate(steps):
        label = f"Bước {index + 1} “{step.name or '…'}”"
        if not step.name.strip():
            raise DomainError(f"Bước {index + 1}: phải đặt tên bước.")
        if step.kind not in StepKind.values:
            raise DomainError(f"{label}: loại bước “{step.kind}” không hợp lệ.")
        if step.place not in StepPlace.values:
            raise DomainError(f"{label}: nơi thực hiện “{step.place}” không hợp lệ.")
        if step.role not in Role.values:
            raise DomainError(f"{label}: vai trò “{step.role}” không hợp lệ.")
        if step.unit not in StepUnit.values:
            raise DomainError(f"{label}: thời gian tính bằng ngày làm việc hoặc giờ làm việc.")
        if step.amount <= 0:
            raise DomainError(f"{label}: thời gian phải lớn hơn 0.")
        if step.place == StepPlace.AGENCY and step.agency is None:
            raise DomainError(f"{label}: phải chọn cơ quan, đơn vị thực hiện.")
        if step.kind == StepKind.RECEIVE and index != 0:
            raise DomainError(f"{label}: bước tiếp nhận chỉ có thể là bước đầu tiên.")
        if step.kind == StepKind.RETURN and index != last:
            raise DomainError(f"{label}: bước trả kết quả chỉ có thể là bước cuối cùng.")
        if step.kind in (StepKind.RECEIVE, StepKind.RETURN) and (
            step.place != StepPlace.RECEIVING or step.role != Role.COUNTER_OFFICER
        ):
            raise DomainError(
                f"{label}: tiếp nhận và trả kết quả do cán bộ một cửa của nơi tiếp nhận thực hiện."
            )
    deciding = [s for s in steps if s.kind not in (StepKind.RECEIVE, StepKind.RETURN)]
    if not deciding:
        raise DomainError("Quy trình phải có ít nhất một bước xử lý (thẩm định, phê duyệt…).")
    final = deciding[-1]
    if final.place != StepPlace.COMPETENT or final.role not in DECIDING_ROLES:
        raise DomainError(
            f"Bước “{final.name}” chuyển kết quả về Bộ phận Một cửa: phải do chuyên viên, "
            "trưởng phòng hoặc lãnh đạo của cơ quan giải quyết thực hiện."
        )


def validate_steps(procedure: Procedure, case_code: str, steps: Sequence[StepInput]) -> None:
    """Refuse steps that are malformed or whose times add up to more than the legal time."""
    _check_shape(steps)
    amount, unit = legal_time(procedure, case_code)
    if amount is None or unit not in {u.value for u in engine.Unit} or unit == TimeUnit.OTHER:
        return  # no computable legal time: the due date is set by hand per dossier
    calendar = deadline_services.current_calendar()
    try:
        engine.step_deadlines(
            calendar,
            timezone.now(),
            amount,
            unit,
            [engine.Step(s.name, s.amount, engine.Unit(s.unit)) for s in steps],
            procedure.cutoff_time,
        )
    except engine.DeadlineError as error:
        legal = engine.format_amount(amount, engine.Unit(unit))
        raise DomainError(f"{error.message} Thời hạn giải quyết theo quy định: {legal}.") from None


@transaction.atomic
def save_workflow(
    *, procedure: Procedure, case_code: str, name: str, steps: Sequence[StepInput]
) -> Workflow:
    """Create or replace the workflow of a procedure (and case) after checking its steps."""
    validate_steps(procedure, case_code, steps)
    workflow, _created = Workflow.objects.select_for_update().get_or_create(
        procedure=procedure, case_code=case_code, defaults={"name": name}
    )
    workflow.name = name
    workflow.is_active = True
    workflow.save()
    workflow.steps.all().delete()
    WorkflowStep.objects.bulk_create(
        WorkflowStep(
            workflow=workflow,
            position=index,
            name=step.name.strip(),
            kind=step.kind,
            place=step.place,
            agency=step.agency,
            role=step.role,
            amount=step.amount,
            unit=step.unit,
        )
        for index, step in enumerate(steps, start=1)
    )
    return workflow
