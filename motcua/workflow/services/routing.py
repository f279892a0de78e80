"""A dossier's route through its steps: start, claim, assign, pass on, send back, liên thông.

Lock order: the dossier row first (`lifecycle.lock`), then its tasks, as the dossier core does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, Officer, Role
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.core.text import clean, fold
from motcua.deadlines import engine
from motcua.deadlines import services as deadline_services
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import is_delegated_on_the_spot, require_desk_officer
from motcua.dossiers.services.lifecycle import Actor, lock
from motcua.dossiers.states import ENDS_PROCESSING, Status
from motcua.workflow.models import (
    DUE_SOON,
    InboxToken,
    PlannedStep,
    Route,
    StepKind,
    StepPlace,
    StepTask,
    StepUnit,
    TaskOutcome,
    Workflow,
    WorkflowAction,
    WorkflowEvent,
    search_words,
)

# Share of the remaining office time each default step gets (appraise, approve, sign).
DEFAULT_SHARES = (Decimal("0.5"), Decimal("0.25"), Decimal("0.25"))
# A step never gets less than this, even when a dossier arrives with little time left.
MIN_STEP_HOURS = Decimal("0.25")
# No status leads back to these, and no task exists before processing starts: the intake's moves
# need no status copy written.
BEFORE_PROCESSING = frozenset({Status.SUBMITTED, Status.NEEDS_COMPLETION, Status.RECEIVED})


@dataclass(frozen=True)
class LegInput:
    """One agency's part of a liên thông dossier: its task and its own time in working days."""

    agency_code: str
    assignment: str
    working_days: Decimal


@dataclass(frozen=True)
class _Plan:
    name: str
    kind: str
    agency: Agency
    role: str
    amount: Decimal
    unit: str
    assignment: str = ""


# --- time -----------------------------------------------------------------------------------------


def step_due(start: dt.datetime, amount: Decimal, unit: str) -> dt.datetime:
    """When a step started at `start` must be done: its time counted in office hours only."""
    calendar = deadline_services.current_calendar()
    per_unit = calendar.day_length_us if unit == StepUnit.WORKING_DAY else 3_600_000_000
    position = calendar.position(start) + int(amount * per_unit)
    return calendar.moment_at(position)


def due_soon_from(due_at: dt.datetime) -> dt.datetime:
    """The moment a step due at `due_at` becomes "due soon": `DUE_SOON` of office time before it.

    Stored on the task so the inbox marks rows by comparing instants, without the calendar.
    """
    calendar = deadline_services.current_calendar()
    span = int(DUE_SOON.total_seconds() * 1_000_000)
    return calendar.moment_at(max(0, calendar.position(due_at) - span))


def _hours_left(dossier: Dossier, at: dt.datetime) -> Decimal:
    if dossier.due_at is None:
        return Decimal(0)
    calendar = deadline_services.current_calendar()
    seconds = calendar.working_time_between(at, dossier.due_at).total_seconds()
    return Decimal(seconds) / 3600


def _split(total_hours: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    return [
        max(MIN_STEP_HOURS, (total_hours * share).quantize(Decimal("0.01"), ROUND_HALF_UP))
        for share in shares
    ]


# --- history --------------------------------------------------------------------------------------


def log(
    dossier: Dossier,
    action: WorkflowAction,
    *,
    by: Actor,
    task: StepTask | None = None,
    at: dt.datetime | None = None,
    from_agency: Agency | None = None,
    to_agency: Agency | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> WorkflowEvent:
    """Append one entry to the processing history."""
    officer = by if isinstance(by, Officer) else None
    return WorkflowEvent.objects.create(
        dossier=dossier,
        task=task,
        at=at or timezone.now(),
        action=action,
        actor=officer,
        actor_name=str(officer.user) if officer is not None else "Hệ thống",
        from_agency=from_agency,
        to_agency=to_agency,
        note=note,
        data=data or {},
    )


# --- plans ----------------------------------------------------------------------------------------


def _workflow_for(dossier: Dossier) -> Workflow | None:
    workflows = Workflow.objects.filter(procedure_id=dossier.procedure_id, is_active=True)
    case_code = dossier.case.code if dossier.case is not None else ""
    if case_code:
        specific = workflows.filter(case_code=case_code).first()
        if specific is not None:
            return specific
    return workflows.filter(case_code="").first()


def _place_agency(dossier: Dossier, place: str, agency: Agency | None) -> Agency:
    if place == StepPlace.RECEIVING:
        return dossier.receiving_agency
    if place == StepPlace.COMPETENT:
        return dossier.competent_agency
    if agency is None:
        raise DomainError("Bước của quy trình thiếu cơ quan thực hiện.")
    return agency.current()


def _default_plan(dossier: Dossier, at: dt.datetime) -> list[_Plan]:
    appraise, approve, sign = _split(_hours_left(dossier, at), DEFAULT_SHARES)
    competent = dossier.competent_agency
    return [
        _Plan("Thẩm định hồ sơ", StepKind.APPRAISE, competent, Role.SPECIALIST, appraise, "h"),
        _Plan("Phê duyệt", StepKind.APPROVE, competent, Role.HEAD_OF_UNIT, approve, "h"),
        _Plan("Ký, ban hành kết quả", StepKind.SIGN, competent, Role.LEADER, sign, "h"),
        _Plan(
            "Trả kết quả",
            StepKind.RETURN,
            dossier.receiving_agency,
            Role.COUNTER_OFFICER,
            Decimal(1),
            "h",
        ),
    ]


def _on_the_spot_plan(dossier: Dossier, at: dt.datetime) -> list[_Plan]:
    desk = dossier.receiving_agency
    share = Decimal(1) / 3
    appraise, approve, give = _split(_hours_left(dossier, at), (share, share, share))
    return [
        _Plan(
            "Tiếp nhận hồ sơ", StepKind.RECEIVE, desk, Role.COUNTER_OFFICER, Decimal("0.01"), "h"
        ),
        _Plan("Thẩm định tại chỗ", StepKind.APPRAISE, desk, Role.COUNTER_OFFICER, appraise, "h"),
        _Plan(
            "Phê duyệt tại chỗ (ủy quyền)",
            StepKind.APPROVE,
            desk,
            Role.COUNTER_OFFICER,
            approve,
            "h",
        ),
        _Plan("Trả kết quả tại chỗ", StepKind.RETURN, desk, Role.COUNTER_OFFICER, give, "h"),
    ]


def _plan_for(
    dossier: Dossier, by: Actor, at: dt.datetime
) -> tuple[Workflow | None, list[_Plan], bool]:
    if is_delegated_on_the_spot(by, dossier):
        return None, _on_the_spot_plan(dossier, at), True
    workflow = _workflow_for(dossier)
    if workflow is None:
        return None, _default_plan(dossier, at), False
    plans = [
        _Plan(
            step.name,
            step.kind,
            _place_agency(dossier, step.place, step.agency),
            step.role,
            step.amount,
            step.unit,
        )
        for step in workflow.steps.select_related("agency").order_by("position")
    ]
    return workflow, plans, False


def _unit(code: str) -> str:
    return StepUnit.WORKING_HOUR if code == "h" else code


def _create_route(
    dossier: Dossier,
    plans: Sequence[_Plan],
    *,
    workflow: Workflow | None = None,
    is_inter_agency: bool = False,
    is_on_the_spot: bool = False,
    lead: Agency | None = None,
) -> Route:
    route = Route.objects.create(
        dossier=dossier,
        workflow=workflow,
        is_inter_agency=is_inter_agency,
        is_on_the_spot=is_on_the_spot,
        lead_agency=lead,
    )
    PlannedStep.objects.bulk_create(
        PlannedStep(
            route=route,
            position=index,
            name=plan.name,
            kind=plan.kind,
            agency=plan.agency,
            role=plan.role,
            amount=plan.amount,
            unit=_unit(plan.unit),
            assignment=plan.assignment,
        )
        for index, plan in enumerate(plans, start=1)
    )
    return route


def inbox_copies(dossier: Dossier) -> dict[str, Any]:
    """What a task copies of its dossier for the inbox (ADR 0011): fixed once processing starts."""
    return {
        "dossier_code": dossier.code or "",
        "dossier_status": dossier.status,
        "procedure_id": dossier.procedure_id,
        "applicant_folded": fold(dossier.applicant_name)[:300],
        "applicant_id_no": dossier.applicant_id_no,
    }


def _new_task(
    step: PlannedStep,
    dossier: Dossier,
    started_at: dt.datetime,
    *,
    assignee: Officer | None = None,
    **fields: Any,
) -> StepTask:
    due_at = step_due(started_at, step.amount, step.unit)
    task = StepTask.objects.create(
        step=step,
        dossier=dossier,
        agency=step.agency,
        role=step.role,
        assignee=assignee,
        started_at=started_at,
        due_at=due_at,
        due_soon_at=due_soon_from(due_at),
        **inbox_copies(dossier),
        **fields,
    )
    if task.is_open:
        write_inbox_tokens(task)
    return task


def write_inbox_tokens(task: StepTask) -> None:
    """The search words of an open task (ADR 0018): its applicant's folded name and its code."""
    InboxToken.objects.bulk_create(
        InboxToken(task=task, agency_id=task.agency_id, role=task.role, token=word)
        for word in search_words(task.applicant_folded, task.dossier_code)
    )


def _open_task(
    step: PlannedStep, dossier: Dossier, at: dt.datetime, *, assignee: Officer | None = None
) -> StepTask:
    return _new_task(step, dossier, at, assignee=assignee)


def _close(task: StepTask, at: dt.datetime, outcome: TaskOutcome, note: str = "") -> None:
    task.is_open = False
    task.finished_at = at
    task.outcome = outcome
    task.note = note
    task.save(update_fields=["is_open", "finished_at", "outcome", "note"])
    InboxToken.objects.filter(task=task).delete()  # only open tasks are searched


def _start_route(dossier: Dossier, by: Actor, at: dt.datetime) -> Route:
    route = Route.objects.filter(dossier=dossier).first()
    if route is None:
        workflow, plans, on_the_spot = _plan_for(dossier, by, at)
        route = _create_route(dossier, plans, workflow=workflow, is_on_the_spot=on_the_spot)
    if route.started_at is not None:
        return route
    route.started_at = at
    route.save(update_fields=["started_at"])
    steps = list(route.steps.select_related("agency", "route").order_by("position"))
    log(
        dossier,
        WorkflowAction.STARTED,
        by=by,
        at=at,
        note=route.workflow.name if route.workflow else "",
    )
    first = steps[0]
    if first.kind == StepKind.RECEIVE:
        # The desk's part ended with the transfer itself; recorded so the control sheet shows it.
        received = _new_task(
            first,
            dossier,
            dossier.accepted_at or at,
            assignee=by if isinstance(by, Officer) else None,
            is_open=False,
            finished_at=at,
            outcome=TaskOutcome.PASSED,
        )
        if len(steps) < 2:
            raise DomainError("Quy trình chỉ có bước tiếp nhận: thiếu bước xử lý.")
        first = steps[1]
        log(
            dossier,
            WorkflowAction.PASSED,
            by=by,
            task=received,
            at=at,
            from_agency=received.agency,
            to_agency=first.agency,
        )
    keep = by if isinstance(by, Officer) and _may_act(by, first) and route.is_on_the_spot else None
    _open_task(first, dossier, at, assignee=keep)
    return route


def _may_act(by: Actor, step: PlannedStep) -> bool:
    return isinstance(by, Officer) and by.agency_id == step.agency_id and step.role in by.roles


def follow_move(dossier: Dossier, old: Status, new: Status, by: Actor) -> None:
    """Keep the route in step with the lifecycle (registered as a dossier move observer).

    Processing starts the route; a completed supplement restarts the open step's time (the legal
    time restarts from zero, ND 118); the end of processing closes whatever is still open, and
    the return of the result closes the desk's return step. The open step's copy of the dossier's
    status follows every move, so the inbox filters on it without reading the dossier.
    """
    at = timezone.now()
    if old not in BEFORE_PROCESSING:
        StepTask.objects.open().filter(dossier=dossier).update(dossier_status=new)
    if new == Status.IN_PROGRESS and old == Status.RECEIVED:
        _start_route(dossier, by, at)
        return
    if new == Status.IN_PROGRESS and old == Status.SUPPLEMENT_REQUESTED:
        for task in StepTask.objects.open().filter(dossier=dossier).select_related("step"):
            task.due_at = step_due(at, task.step.amount, task.step.unit)
            task.due_soon_at = due_soon_from(task.due_at)
            task.save(update_fields=["due_at", "due_soon_at"])
        return
    if new in ENDS_PROCESSING:
        for task in StepTask.objects.open().filter(dossier=dossier):
            outcome = TaskOutcome.PASSED if new == Status.RETURNED else TaskOutcome.CLOSED
            if new == Status.RETURNED and isinstance(by, Officer) and task.assignee is None:
                task.assignee = by
                task.save(update_fields=["assignee"])
            _close(task, at, outcome)
            log(
                dossier, WorkflowAction.CLOSED, by=by, task=task, at=at, note=str(Status(new).label)
            )


# --- task actions ---------------------------------------------------------------------------------


def _locked_task(task: StepTask | int) -> tuple[Dossier, StepTask]:
    pk = task.pk if isinstance(task, StepTask) else task
    dossier_id = StepTask.objects.filter(pk=pk).values_list("dossier_id", flat=True).first()
    if dossier_id is None:
        raise NotFoundError("Không có công việc này.")
    dossier = lock(dossier_id)
    locked = (
        StepTask.objects.select_for_update(of=("self",))
        .select_related("step", "step__route", "agency", "assignee__user")
        .get(pk=pk)
    )
    return dossier, locked


def _require_actor(task: StepTask, by: Actor, dossier: Dossier, *, doing: str) -> Officer:
    if not isinstance(by, Officer):
        raise PermissionDeniedError(f"Chỉ cán bộ có thẩm quyền mới được {doing}.")
    if by.agency_id != task.agency_id:
        raise PermissionDeniedError(
            f"Bước “{task.step.name}” thuộc {task.agency.name}; cán bộ của đơn vị khác không "
            f"được {doing}."
        )
    if task.role not in by.roles:
        raise PermissionDeniedError(
            f"Bước “{task.step.name}” do {Role(task.role).label} thực hiện; bạn không được {doing}."
        )
    if not task.is_open:
        raise ConflictError(f"Bước “{task.step.name}” đã được chuyển đi; hãy tải lại trang.")
    if dossier.status != Status.IN_PROGRESS:
        raise DomainError(
            f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}”: chưa thể {doing}."
        )
    if task.assignee_id is not None and task.assignee_id != by.pk:
        raise PermissionDeniedError(
            f"Bước “{task.step.name}” đã giao cho {task.assignee}; bạn không được {doing}."
        )
    return by


@transaction.atomic
def claim_task(*, task: StepTask | int, by: Actor) -> StepTask:
    """Take an unassigned task of one's role and unit."""
    dossier, locked = _locked_task(task)
    officer = _require_actor(locked, by, dossier, doing="nhận xử lý")
    if locked.assignee_id == officer.pk:
        return locked
    locked.assignee = officer
    locked.save(update_fields=["assignee"])
    log(dossier, WorkflowAction.CLAIMED, by=officer, task=locked)
    return locked


@transaction.atomic
def assign_task(*, task: StepTask | int, by: Actor, to: Officer) -> StepTask:
    """The head of the unit gives a task to an officer who holds the step's role there."""
    dossier, locked = _locked_task(task)
    if not (
        isinstance(by, Officer)
        and by.agency_id == locked.agency_id
        and {Role.HEAD_OF_UNIT, Role.LEADER} & by.roles
    ):
        raise PermissionDeniedError(
            f"Chỉ trưởng đơn vị hoặc lãnh đạo của {locked.agency.name} được phân công bước này."
        )
    if not locked.is_open or dossier.status != Status.IN_PROGRESS:
        raise ConflictError(f"Bước “{locked.step.name}” không còn chờ xử lý.")
    if to.agency_id != locked.agency_id or locked.role not in to.roles:
        raise PermissionDeniedError(
            f"{to} không giữ vai trò {Role(locked.role).label} tại {locked.agency.name}."
        )
    locked.assignee = to
    locked.save(update_fields=["assignee"])
    log(dossier, WorkflowAction.ASSIGNED, by=by, task=locked, data={"to": str(to.user)})
    return locked


def _steps(route_id: int) -> list[PlannedStep]:
    return list(PlannedStep.objects.filter(route_id=route_id).select_related("agency", "route"))


@transaction.atomic
def pass_task(*, task: StepTask | int, by: Actor, note: str = "") -> StepTask | None:
    """Finish one's step and pass the dossier on; the last step sends the result to the desk.

    Returns the next open task (the desk's return step), or None when the route has ended.
    """
    dossier, locked = _locked_task(task)
    officer = _require_actor(locked, by, dossier, doing="chuyển bước tiếp theo")
    now = timezone.now()
    text = clean(note)
    steps = _steps(locked.step.route_id)
    later = [s for s in steps if s.position > locked.step.position]
    following = later[0] if later else None
    _close(locked, now, TaskOutcome.PASSED, text)
    if locked.assignee_id is None:
        locked.assignee = officer
        locked.save(update_fields=["assignee"])
    if following is None or following.kind == StepKind.RETURN:
        dossier = dossier_services.mark_result_ready(dossier=dossier, by=officer, note=text)
    log(
        dossier,
        WorkflowAction.PASSED,
        by=officer,
        task=locked,
        at=now,
        from_agency=locked.agency,
        to_agency=following.agency if following else dossier.receiving_agency,
        note=text,
    )
    if following is None:
        return None
    keep = officer if locked.step.route.is_on_the_spot and _may_act(officer, following) else None
    return _open_task(following, dossier, now, assignee=keep)


@transaction.atomic
def send_back(*, task: StepTask | int, by: Actor, reason: str) -> StepTask:
    """Return the dossier to the previous step with a reason; it goes back to whoever did it."""
    dossier, locked = _locked_task(task)
    officer = _require_actor(locked, by, dossier, doing="trả lại bước trước")
    text = clean(reason)
    if not text:
        raise DomainError("Phải ghi rõ lý do trả lại bước trước.")
    earlier = [s for s in _steps(locked.step.route_id) if s.position < locked.step.position]
    previous = earlier[-1] if earlier else None
    if previous is None or previous.kind == StepKind.RECEIVE:
        raise DomainError(
            "Đây là bước xử lý đầu tiên: không có bước trước để trả lại. Hồ sơ thiếu giấy tờ thì "
            "yêu cầu bổ sung."
        )
    now = timezone.now()
    _close(locked, now, TaskOutcome.SENT_BACK, text)
    if locked.assignee_id is None:
        locked.assignee = officer
        locked.save(update_fields=["assignee"])
    last_done = (
        StepTask.objects.filter(step=previous, assignee__isnull=False)
        .select_related("assignee")
        .order_by("-finished_at", "-pk")
        .first()
    )
    reopened = _open_task(
        previous, dossier, now, assignee=last_done.assignee if last_done else None
    )
    log(
        dossier,
        WorkflowAction.SENT_BACK,
        by=officer,
        task=locked,
        at=now,
        from_agency=locked.agency,
        to_agency=previous.agency,
        note=text,
    )
    return reopened


# --- liên thông and "4 tại chỗ" -------------------------------------------------------------------


def _agency_by_code(code: str) -> Agency:
    agency = Agency.objects.filter(code=clean(code)).first()
    if agency is None:
        raise NotFoundError(f"Không có cơ quan, đơn vị nào mang mã “{clean(code)}”.")
    return agency.current()


@transaction.atomic
def transfer_inter_agency(
    *, dossier: Dossier, by: Actor, lead_code: str, legs: Sequence[LegInput]
) -> Dossier:
    """Send a received dossier along several agencies (liên thông, ND 118 Art. 20.2).

    Each agency gets its task and its own deadline (the transfer slip lists them); the lead agency,
    which is the dossier's competent agency, works last and hands the result to the desk.
    """
    locked = lock(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="chuyển hồ sơ liên thông")
    if locked.status != Status.RECEIVED:
        raise DomainError(
            f"Hồ sơ đang ở trạng thái “{locked.get_status_display()}”: chỉ hồ sơ vừa tiếp nhận "
            "mới chuyển liên thông được."
        )
    if Route.objects.filter(dossier=locked).exists():
        raise ConflictError("Hồ sơ đã có lộ trình xử lý.")
    lead = _agency_by_code(lead_code)
    if lead.pk != locked.competent_agency_id:
        raise DomainError(
            "Cơ quan chủ trì phải là cơ quan giải quyết của hồ sơ "
            f"({locked.competent_agency.name})."
        )
    if not legs:
        raise DomainError("Phải nêu các cơ quan phối hợp và nhiệm vụ của từng cơ quan.")
    plans: list[_Plan] = []
    for index, leg in enumerate(legs, start=1):
        agency = _agency_by_code(leg.agency_code)
        assignment = clean(leg.assignment)
        if not assignment:
            raise DomainError(f"Cơ quan thứ {index} ({agency.name}): phải ghi nhiệm vụ.")
        if leg.working_days <= 0:
            raise DomainError(f"Cơ quan thứ {index} ({agency.name}): thời gian phải lớn hơn 0.")
        plans.append(
            _Plan(
                f"Liên thông: {agency.short_name or agency.name}",
                StepKind.COORDINATE,
                agency,
                Role.HEAD_OF_UNIT,
                leg.working_days,
                StepUnit.WORKING_DAY,
                assignment,
            )
        )
    if plans[-1].agency.pk != lead.pk:
        raise DomainError(
            f"Cơ quan chủ trì ({lead.name}) phải là cơ quan cuối cùng, tổng hợp kết quả và chuyển "
            "về Bộ phận Một cửa."
        )
    now = timezone.now()
    ends_at = now
    for plan in plans:
        ends_at = step_due(ends_at, plan.amount, plan.unit)
    if locked.due_at is not None and ends_at > locked.due_at:
        raise DomainError(
            f"Tổng thời gian của các cơ quan kết thúc lúc {engine.format_moment(ends_at)}, sau "
            f"ngày hẹn trả {engine.format_moment(locked.due_at)}."
        )
    plans.append(
        _Plan(
            "Trả kết quả",
            StepKind.RETURN,
            locked.receiving_agency,
            Role.COUNTER_OFFICER,
            Decimal(1),
            StepUnit.WORKING_HOUR,
        )
    )
    _create_route(locked, plans, is_inter_agency=True, lead=lead)
    moved = dossier_services.transfer(dossier=locked, by=officer)
    log(
        moved,
        WorkflowAction.HANDED_OVER,
        by=officer,
        at=now,
        from_agency=moved.receiving_agency,
        to_agency=plans[0].agency,
        data={"legs": [p.agency.code for p in plans[:-1]], "lead": lead.code},
    )
    return moved


@transaction.atomic
def decide_on_the_spot(
    *,
    dossier: Dossier,
    by: Actor,
    collected_by_name: str,
    collected_by_id_no: str = "",
    note: str = "",
) -> Dossier:
    """ "4 tại chỗ": receive, appraise, approve and return in one sitting, every step logged."""
    locked = lock(dossier)
    if not locked.procedure.is_on_the_spot:
        raise DomainError('Thủ tục này không giải quyết theo cơ chế "4 tại chỗ".')
    if not is_delegated_on_the_spot(by, locked):
        raise PermissionDeniedError(
            'Chỉ cán bộ một cửa của nơi tiếp nhận được ủy quyền mới giải quyết "4 tại chỗ".'
        )
    if not isinstance(by, Officer):  # is_delegated_on_the_spot already made sure; for mypy
        raise PermissionDeniedError("Chỉ cán bộ có thẩm quyền mới được giải quyết tại chỗ.")
    text = clean(note)
    dossier_services.transfer(dossier=locked, by=by)
    task: StepTask | None = StepTask.objects.open().get(dossier=locked)
    while task is not None and task.step.kind != StepKind.RETURN:
        task = pass_task(task=task, by=by, note=text)
    returned = dossier_services.return_result(
        dossier=locked,
        by=by,
        collected_by_name=collected_by_name,
        collected_by_id_no=collected_by_id_no,
        note=text,
    )
    log(returned, WorkflowAction.DECIDED_ON_SPOT, by=by, note=text)
    return returned


def move_open_work(agency: Agency, successor: Agency) -> dict[str, int]:
    """Open steps and planned steps of a dissolved agency go to its successor."""
    InboxToken.objects.filter(agency=agency).update(agency=successor)
    moved_tasks = StepTask.objects.open().filter(agency=agency).update(agency=successor)
    moved_steps = PlannedStep.objects.filter(
        agency=agency,
        route__dossier__status__in=[s.value for s in Status if s not in ENDS_PROCESSING],
    ).update(agency=successor)
    return {"workflow_tasks": moved_tasks, "workflow_steps": moved_steps}
