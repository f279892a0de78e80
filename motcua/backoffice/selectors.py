"""Reads behind the officer pages: intake search, applicant recall, the agency's dossiers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.db.models import Q
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.catalog.models import Case, Channel, Procedure, ProcedureQuerySet
from motcua.catalog.selectors import search_procedures
from motcua.core.errors import DomainError, NotFoundError
from motcua.core.text import clean, fold
from motcua.documents.builders import processing_time_text
from motcua.dossiers import deadlines as dossier_deadlines
from motcua.dossiers.models import Applicant, Dossier, DossierQuerySet
from motcua.dossiers.services.applicants import normalise_phone, recall_applicant
from motcua.dossiers.services.intake import make_plan
from motcua.dossiers.states import Status

INTAKE_RESULTS: Final = 20
RECALL_RESULTS: Final = 10


def intake_procedures(*, agency: Agency, query: str) -> ProcedureQuerySet:
    """Published procedures the agency's desk may receive that match a search, best first.

    A procedure with no configured receiving points is received by every desk (ND 118: intake
    does not depend on administrative boundaries), as the intake service also allows.
    """
    configured = Procedure.receiving_agencies.through.objects.values("procedure_id")
    received_here = Procedure.objects.filter(receiving_agencies=agency).values("pk")
    return search_procedures(query=query).filter(Q(pk__in=received_here) | ~Q(pk__in=configured))


def intake_procedure(code: str) -> Procedure:
    """A published procedure with its current version, for the intake form.

    Raises NotFoundError when no published procedure has that code.
    """
    procedure = (
        Procedure.objects.published()
        .select_related("current_version")
        .filter(code=clean(code))
        .first()
    )
    if procedure is None or procedure.current_version is None:
        raise NotFoundError(f"Không có thủ tục đang áp dụng nào mang mã {code}.")
    return procedure


def recall_applicants(query: str) -> list[Applicant]:
    """Applicants seen before whose ID number / tax code or phone equals `query` exactly.

    Exact matches only: the desk recalls the person in front of it, it does not browse people.
    """
    text = clean(query)
    if not text:
        return []
    found = recall_applicant(text)
    if found is not None:
        return [found]
    try:
        phone = normalise_phone(text)
    except DomainError:
        return []
    return list(Applicant.objects.filter(phone=phone).order_by("-updated_at")[:RECALL_RESULTS])


@dataclass(frozen=True)
class DuePreview:
    """The appointment the applicant would get if accepted now, and how it was computed."""

    processing_time: str
    due_at: dt.datetime | None
    explanation: tuple[str, ...]
    error: str = ""


def due_preview(
    *, procedure: Procedure, agency: Agency, case: Case | int | None, at: dt.datetime | None = None
) -> DuePreview:
    """The due date an intake would compute now, using the intake service's own plan."""
    moment = at or timezone.now()
    try:
        plan = make_plan(
            procedure=procedure,
            agency=agency,
            channel=Channel.DIRECT,
            case=case,
            component_set=None,
            components=(),
        )
        due = dossier_deadlines.due_date(
            moment, plan.processing_time, plan.time_unit, procedure.cutoff_time
        )
    except DomainError as error:
        return DuePreview(processing_time="", due_at=None, explanation=(), error=error.message)
    return DuePreview(
        processing_time=processing_time_text(plan.processing_time, plan.time_unit),
        due_at=due.due_at,
        explanation=due.explanation,
    )


def agency_dossiers(*, officer: Officer, status: str = "", query: str = "") -> DossierQuerySet:
    """The dossiers of the officer's agency (received or to decide), newest first."""
    dossiers = (
        Dossier.objects.for_agency(officer.agency)
        .select_related("procedure_version", "receiving_agency")
        .order_by("-submitted_at", "-pk")
    )
    if status in Status.values:
        dossiers = dossiers.filter(status=status)
    text = clean(query)[:100]
    if text:
        folded = fold(text)
        dossiers = dossiers.filter(
            Q(code__icontains=text)
            | Q(applicant_id_no=text.replace(" ", ""))
            | Q(applicant__name_folded__startswith=folded)
        )
    return dossiers
