"""Fill form contexts from a dossier and the history event the paper documents."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final, TypedDict

from motcua.agencies.models import Agency
from motcua.catalog.models import TimeUnit
from motcua.core.errors import DomainError
from motcua.deadlines.engine import Unit, format_amount
from motcua.documents.contexts import (
    ApplicantInfo,
    FormContext,
    Letterhead,
    PaperLine,
    ReceiptContext,
    RefusalContext,
    SupplementRequestContext,
)
from motcua.documents.kinds import FormKind
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent, EventAction

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
    return refusal_context(dossier, event)
