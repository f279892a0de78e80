"""Fill form contexts from a dossier and the history event the paper documents."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final, TypedDict

from motcua.agencies.models import Agency, Officer, Role
from motcua.catalog.models import TimeUnit
from motcua.core.errors import DomainError
from motcua.deadlines.clock import classify_finished
from motcua.deadlines.engine import Unit, format_amount
from motcua.deadlines.units import Timeliness
from motcua.documents.contexts import (
    ApologyContext,
    ApplicantInfo,
    ControlSheetContext,
    FormContext,
    HandOver,
    Letterhead,
    PaperLine,
    ReceiptContext,
    RefusalContext,
    StepResult,
    SupplementRequestContext,
    TransferLeg,
    TransferSlipContext,
)
from motcua.documents.kinds import FormKind
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent, EventAction, Extension
from motcua.workflow.models import DelayFault, Route, StepKind, StepTask
from motcua.workflow.services.routing import step_due

# The history events each form documents, most specific first.
EVENTS_OF: Final[dict[FormKind, frozenset[EventAction]]] = {
    FormKind.RECEIPT: frozenset({EventAction.RECEIVED}),
    FormKind.SUPPLEMENT_REQUEST: frozenset(
        {
            EventAction.GUIDED,
            EventAction.CORRECTION_REQUESTED,
            EventAction.SUPPLEMENT_REQUESTED,
        }
    ),
    FormKind.REFUSAL: frozenset({EventAction.REFUSED}),
    FormKind.APOLOGY: frozenset({EventAction.EXTENDED}),
    # The control sheet travels with the dossier and is filed, complete, once the result is
    # handed over; before that it is printed as it stands (`control_sheet_context`).
    FormKind.CONTROL_SHEET: frozenset({EventAction.RETURNED}),
    FormKind.TRANSFER_SLIP: frozenset({EventAction.TRANSFERRED}),
}

_PROVINCE_IN_NAME = re.compile(r"\b(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)
_REASON_SPLIT = re.compile(r"\s*(?:\n|;)\s*")


def place_of(agency: Agency) -> str:
    """The province or city an agency belongs to, for the date line ('Thanh Hóa, ngày …').

    Taken from the name of the top of the agency tree ("Ủy ban nhân dân tỉnh Thanh Hóa"); empty
    when the tree does not say, and the date line then carries no place.
    """
    root = agency
    seen = {root.pk}
    while root.parent_id is not None and root.parent_id not in seen:
        seen.add(root.parent_id)
        root = Agency.objects.only("pk", "name", "parent_id").get(pk=root.parent_id)
    for candidate in (root.name, agency.name):
        match = _PROVINCE_IN_NAME.search(candidate)
        if match:
            return match.group(1).strip()
    return ""


def letterhead_of(agency: Agency) -> Letterhead:
    """The header block: the governing body above the issuing desk, both upper case."""
    parent = agency.parent
    return Letterhead(
        governing_body=parent.name.upper() if parent is not None else "",
        agency_name=agency.name.upper(),
        place=place_of(agency),
    )


def applicant_of(dossier: Dossier) -> ApplicantInfo:
    """The applicant as declared on the dossier (not as recalled from earlier visits)."""
    return ApplicantInfo(
        name=dossier.applicant_name,
        id_no=dossier.applicant_id_no,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def request_content_of(dossier: Dossier) -> str:
    """The procedure's name, with the case when one was chosen."""
    name = dossier.procedure_version.name
    case = dossier.case
    if case is not None and case.name:
        return f"{name} (trường hợp: {case.name})"
    return name


def processing_time_text(amount: Decimal | None, unit: str) -> str:
    """'05 ngày làm việc'-style statutory time, or a pointer to the procedure when not numeric."""
    if amount is None or unit not in {u.value for u in Unit}:
        return "Theo quy định của thủ tục hành chính"
    text = format_amount(amount, Unit(unit))
    number, _, rest = text.partition(" ")
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    return f"{number} {rest}"


def _return_place(agency: Agency) -> str:
    return f"{agency.name}, {agency.address}" if agency.address else agency.name


class _Common(TypedDict):
    letterhead: Letterhead
    desk_name: str
    dossier_code: str
    applicant: ApplicantInfo
    request_content: str
    officer_name: str
    issued_at: dt.datetime


def _common(dossier: Dossier, event: DossierEvent) -> _Common:
    desk = dossier.receiving_agency
    return {
        "letterhead": letterhead_of(desk),
        "desk_name": desk.name,
        "dossier_code": dossier.code or "",
        "applicant": applicant_of(dossier),
        "request_content": request_content_of(dossier),
        "officer_name": event.actor_name,
        "issued_at": event.at,
    }


def _paper(line: DossierComponent, note: str = "") -> PaperLine:
    return PaperLine(
        name=line.name, originals=line.original_qty, copies=line.copy_qty, note=note or line.note
    )


def receipt_context(dossier: Dossier, event: DossierEvent, *, tracking_url: str) -> ReceiptContext:
    """Mẫu 01 for a dossier received at `event`: the papers handed in and the appointment."""
    if dossier.accepted_at is None:
        raise DomainError("Hồ sơ chưa được tiếp nhận: chưa có Giấy tiếp nhận.")
    lines = [line for line in dossier.components.all() if line.is_provided]
    papers = tuple(
        _paper(line, "tái sử dụng dữ liệu số" if line.is_reused else "") for line in lines
    )
    unit = dossier.time_unit
    if unit == TimeUnit.OTHER and dossier.procedure_version.methods.exists():
        method = dossier.procedure_version.methods.order_by("position").first()
        time_text = method.time_text if method and method.time_text else ""
    else:
        time_text = ""
    return ReceiptContext(
        **_common(dossier, event),
        papers=papers or (PaperLine(name="Hồ sơ theo danh mục của thủ tục"),),
        processing_time=time_text or processing_time_text(dossier.processing_time, unit),
        received_at=dossier.accepted_at,
        due_at=dossier.due_at,
        return_place=_return_place(dossier.receiving_agency),
        tracking_url=tracking_url,
    )


def supplement_request_context(dossier: Dossier, event: DossierEvent) -> SupplementRequestContext:
    """Mẫu 02 for the guidance or supplement request recorded at `event`, all items at once."""
    named = event.data.get("missing") if isinstance(event.data, dict) else None
    names = [str(item) for item in (named or dossier.missing_components or []) if str(item)]
    by_name = {line.name: line for line in dossier.components.all()}
    missing = tuple(
        _paper(by_name[name], "Nộp bổ sung") if name in by_name else PaperLine(name=name)
        for name in names
    )
    reason = event.note
    if not missing and reason:
        # Guidance about content rather than a missing paper ("sửa tờ khai mục 3").
        missing = (PaperLine(name=reason),)
        reason = ""
    desk = dossier.receiving_agency
    contact = event.actor_name
    if desk.phone:
        contact = f"{contact}, {desk.name}, điện thoại {desk.phone}"
    return SupplementRequestContext(
        **_common(dossier, event),
        missing=missing,
        reason=reason or "Hồ sơ chưa đầy đủ, hợp lệ theo quy định",
        contact=contact,
    )


def refusal_context(dossier: Dossier, event: DossierEvent) -> RefusalContext:
    """Mẫu 03 for the refusal recorded at `event`, one reason per line."""
    text = event.note or dossier.refusal_reasons
    reasons = tuple(part for part in _REASON_SPLIT.split(text) if part)
    return RefusalContext(**_common(dossier, event), reasons=reasons)


def head_of(agency: Agency) -> str:
    """The name of the agency's head (a leader, else a head of unit), or "" when none is on file."""
    for role in (Role.LEADER, Role.HEAD_OF_UNIT):
        officer = (
            Officer.objects.filter(agency=agency, role_grants__role=role, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if officer is not None:
            return officer.account.display_name
    return ""


def apology_context(dossier: Dossier, event: DossierEvent) -> ApologyContext:
    """Mẫu 04 for the re-appointment recorded at `event`, headed and signed by the unit at fault."""
    extension = Extension.objects.filter(dossier=dossier).first()
    if extension is None:
        raise DomainError("Hồ sơ chưa được hẹn lại ngày trả kết quả.")
    fault = DelayFault.objects.filter(extension=extension).select_related("agency").first()
    at_fault = fault.agency if fault is not None else dossier.competent_agency
    common = _common(dossier, event)
    common["letterhead"] = letterhead_of(at_fault)
    return ApologyContext(
        **common,
        fault_agency_name=at_fault.name,
        received_at=dossier.accepted_at or dossier.created_at,
        previous_due_at=extension.previous_due_at,
        new_due_at=extension.new_due_at,
        reason=extension.reason,
        head_name=head_of(at_fault),
    )


def step_result(finished_at: dt.datetime, due_at: dt.datetime) -> StepResult:
    """A step's result on the control sheet: late after its due moment, else by calendar date."""
    if finished_at > due_at:
        return StepResult.LATE
    early = classify_finished(finished_at, due_at) == Timeliness.EARLY
    return StepResult.EARLY if early else StepResult.ON_TIME


def _dossier_result(dossier: Dossier, finished_at: dt.datetime) -> StepResult | None:
    if dossier.due_at is None:
        return None
    return {
        Timeliness.EARLY: StepResult.EARLY,
        Timeliness.ON_TIME: StepResult.ON_TIME,
    }.get(classify_finished(finished_at, dossier.due_at), StepResult.LATE)


def hand_overs_of(dossier: Dossier) -> tuple[HandOver, ...]:
    """Every hand-over of a dossier in order: desk to first unit, unit to unit, desk to applicant.

    Each task that ended gives one row (its agency gives the dossier to the next task's), with the
    result of that task against its own due time; the return to the applicant closes the sheet.
    """
    desk = dossier.receiving_agency
    tasks = list(
        StepTask.objects.filter(dossier=dossier)
        .select_related("agency", "step")
        .order_by("started_at", "pk")
    )
    rows: list[HandOver] = []
    received_at = dossier.accepted_at
    if tasks and received_at is not None and tasks[0].agency_id != desk.pk:
        rows.append(
            HandOver(giver=desk.name, receiver=tasks[0].agency.name, at=tasks[0].started_at)
        )
    for index, task in enumerate(tasks):
        if task.finished_at is None:
            continue
        following = tasks[index + 1] if index + 1 < len(tasks) else None
        if following is None:
            continue  # the last task ends with the return below (or nothing yet)
        rows.append(
            HandOver(
                giver=task.agency.name,
                receiver=following.agency.name,
                at=task.finished_at,
                result=step_result(task.finished_at, task.due_at),
                note=task.step.name,
            )
        )
    if dossier.returned_at is not None:
        receiver = dossier.returned_to_name or dossier.applicant_name
        rows.append(
            HandOver(
                giver=desk.name,
                receiver=f"Người nộp hồ sơ: {receiver}",
                at=dossier.returned_at,
                result=_dossier_result(dossier, dossier.returned_at),
                note="Trả kết quả",
            )
        )
    if not rows and received_at is not None:
        rows.append(HandOver(giver=dossier.applicant_name, receiver=desk.name, at=received_at))
    return tuple(rows)


def control_sheet_context(
    dossier: Dossier, *, issued_at: dt.datetime, officer_name: str
) -> ControlSheetContext:
    """Mẫu 05 for `dossier` as it stands at `issued_at` (lead and coordinating agencies, rows)."""
    route = Route.objects.filter(dossier=dossier).select_related("lead_agency").first()
    lead = dossier.competent_agency
    coordinating: list[str] = []
    if route is not None:
        lead = route.lead_agency or lead
        for step in route.steps.select_related("agency").order_by("position"):
            name = step.agency.name
            own = step.agency_id in {lead.pk, dossier.receiving_agency_id}
            if not own and name not in coordinating:
                coordinating.append(name)
    desk = dossier.receiving_agency
    return ControlSheetContext(
        letterhead=letterhead_of(desk),
        desk_name=desk.name,
        dossier_code=dossier.code or "",
        applicant=applicant_of(dossier),
        request_content=request_content_of(dossier),
        officer_name=officer_name,
        issued_at=issued_at,
        lead_agency_name=lead.name,
        coordinating_agency_names=tuple(coordinating),
        hand_overs=hand_overs_of(dossier),
    )


def transfer_slip_context(dossier: Dossier, event: DossierEvent) -> TransferSlipContext:
    """The liên thông transfer slip for the transfer at `event`: each agency's task and deadline.

    Deadlines are chained from the transfer as the route was planned (each agency's own time
    counted in office hours after the previous one's).
    """
    route = Route.objects.filter(dossier=dossier, is_inter_agency=True).first()
    if route is None:
        raise DomainError("Hồ sơ không giải quyết theo cơ chế liên thông: không có phiếu chuyển.")
    lead_id = route.lead_agency_id or dossier.competent_agency_id
    legs: list[TransferLeg] = []
    moment = event.at
    for step in route.steps.select_related("agency").order_by("position"):
        if step.kind == StepKind.RETURN:
            continue
        moment = step_due(moment, step.amount, step.unit)
        legs.append(
            TransferLeg(
                agency_name=step.agency.name,
                assignment=step.assignment or step.name,
                time_text=processing_time_text(step.amount, step.unit),
                due_at=moment,
                is_lead=step.agency_id == lead_id,
            )
        )
    lead = Agency.objects.get(pk=lead_id)
    return TransferSlipContext(
        **_common(dossier, event),
        lead_agency_name=lead.name,
        legs=tuple(legs),
        due_at=dossier.due_at,
    )


def context_for(
    kind: FormKind, dossier: Dossier, event: DossierEvent, *, tracking_url: str = ""
) -> FormContext:
    """The context of form `kind` for `dossier` as of `event`."""
    if event.action not in EVENTS_OF[kind]:
        raise DomainError(f"Sự kiện “{event.get_action_display()}” không lập {kind.label.lower()}.")
    if kind == FormKind.RECEIPT:
        if not tracking_url:
            raise DomainError("Giấy tiếp nhận cần địa chỉ tra cứu để in mã QR.")
        return receipt_context(dossier, event, tracking_url=tracking_url)
    if kind == FormKind.SUPPLEMENT_REQUEST:
        return supplement_request_context(dossier, event)
    if kind == FormKind.APOLOGY:
        return apology_context(dossier, event)
    if kind == FormKind.CONTROL_SHEET:
        return control_sheet_context(dossier, issued_at=event.at, officer_name=event.actor_name)
    if kind == FormKind.TRANSFER_SLIP:
        return transfer_slip_context(dossier, event)
    return refusal_context(dossier, event)
