"""Counter intake: find the procedure, recall the applicant, check the papers, decide.

The page works without JavaScript (plain GET and POST forms); htmx only makes the procedure
search live and refreshes the applicant fields and the appointment preview in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.agencies.models import Officer, Role
from motcua.backoffice.access import dossier_for, officer_required
from motcua.backoffice.forms import IntakeAction, IntakeForm, ProcedureSearchForm, RecallForm
from motcua.backoffice.models import IntakeSubmission
from motcua.backoffice.selectors import (
    INTAKE_RESULTS,
    due_preview,
    intake_procedure,
    intake_procedures,
    recall_applicants,
)
from motcua.catalog.models import ComponentSet, Procedure, ProcedureVersion
from motcua.core.errors import DomainError, NotFoundError
from motcua.documents.kinds import FormKind
from motcua.documents.services import issue_latest
from motcua.dossiers import services
from motcua.dossiers.errors import MissingComponentsError
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import Status
from motcua.portal.tracking import tracking_url
from motcua.tickets.models import Ticket
from motcua.tickets.services import attach_to_serving_ticket, ticket_day

logger = logging.getLogger(__name__)

_FORM_OF_ACTION = {
    IntakeAction.ACCEPT: FormKind.RECEIPT,
    IntakeAction.GUIDE: FormKind.SUPPLEMENT_REQUEST,
    IntakeAction.REFUSE: FormKind.REFUSAL,
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@officer_required(Role.COUNTER_OFFICER)
@require_GET
def intake_search(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Step 1: find the procedure by name without diacritics, or by code."""
    form = ProcedureSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(intake_procedures(agency=officer.agency, query=query)[:INTAKE_RESULTS])
    context = {"section": "intake", "form": form, "query": query, "results": results}
    if _is_htmx(request):
        return render(request, "backoffice/intake/_procedure_results.html", context)
    return render(request, "backoffice/intake/search.html", context)


def _procedure_or_404(code: str) -> tuple[Procedure, ProcedureVersion]:
    try:
        procedure = intake_procedure(code)
    except NotFoundError as error:
        raise Http404(error.message) from None
    assert procedure.current_version is not None  # noqa: S101 (intake_procedure ensures it)
    return procedure, procedure.current_version


def _component_set(version: ProcedureVersion, raw: str | None) -> ComponentSet | None:
    sets = version.component_sets.order_by("position", "pk")
    if raw and raw.isdigit():
        chosen = sets.filter(pk=int(raw)).first()
        if chosen is not None:
            return chosen
    return sets.first()


def _applicant_initial(applicant: Applicant) -> dict[str, str]:
    return {
        "applicant_name": applicant.name,
        "applicant_id_no": applicant.id_no,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address,
    }


def _guided_initial(officer: Officer, raw: str) -> tuple[dict[str, Any], Dossier | None]:
    """Prefill from a guidance record when the applicant comes back with the papers."""
    if not raw.isdigit():
        return {}, None
    guided = dossier_for(officer, int(raw))
    if guided.status != Status.NEEDS_COMPLETION or guided.code:
        return {}, None
    initial: dict[str, Any] = {
        "guidance": guided.pk,
        "version": guided.version,
        "applicant_name": guided.applicant_name,
        "applicant_id_no": guided.applicant_id_no,
        "applicant_phone": guided.applicant_phone,
        "applicant_email": guided.applicant_email,
        "applicant_address": guided.applicant_address,
        "case": guided.case_id,
    }
    for line in guided.components.all():
        if line.component_id is not None and line.is_provided:
            initial[f"c{line.component_id}"] = True
    return initial, guided


def _recall(request: HttpRequest) -> tuple[RecallForm, list[Applicant], dict[str, str]]:
    """Look the applicant up by ?recall= (ID/phone) or ?applicant= (a choice among several)."""
    recall_form = RecallForm(request.GET)
    query = recall_form.cleaned_data["recall"] if recall_form.is_valid() else ""
    chosen = request.GET.get("applicant", "")
    if chosen.isdigit():
        applicant = Applicant.objects.filter(pk=int(chosen)).first()
        if applicant is not None:
            return recall_form, [applicant], _applicant_initial(applicant)
    found = recall_applicants(query) if query else []
    initial = _applicant_initial(found[0]) if len(found) == 1 else {}
    return recall_form, found, initial


def _page_context(
    *,
    officer: Officer,
    procedure: Procedure,
    version: ProcedureVersion,
    form: IntakeForm,
    recall_form: RecallForm,
    recalled: list[Applicant],
    guided: Dossier | None = None,
) -> dict[str, Any]:
    case = form["case"].value()
    case_id = int(case) if isinstance(case, int | str) and str(case).isdigit() else None
    return {
        "section": "intake",
        "officer": officer,
        "procedure": procedure,
        "version": version,
        "form": form,
        "recall_form": recall_form,
        "recalled": recalled,
        "recall_query": recall_form["recall"].value() or "",
        "guided": guided,
        "component_sets": list(version.component_sets.order_by("position", "pk")),
        "component_set": form.component_set,
        "due": due_preview(procedure=procedure, agency=officer.agency, case=case_id),
        # The queue number this dossier will be linked to when it is recorded (if one is served).
        "serving_ticket": Ticket.objects.serving_at_counter_of(
            officer.pk, officer.agency_id, ticket_day(timezone.now())
        )
        .select_related("counter")
        .first(),
    }


@officer_required(Role.COUNTER_OFFICER)
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    """Step 2: applicant, case, papers and scans, appointment preview, and the decision."""
    procedure, version = _procedure_or_404(code)
    component_set = _component_set(version, request.POST.get("bo") or request.GET.get("bo"))
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES, version=version, component_set=component_set)
        return _submit_intake(request, officer, procedure, version, form)
    recall_form, recalled, initial = _recall(request)
    guided_initial, guided = _guided_initial(officer, request.GET.get("tu_ho_so", ""))
    form = IntakeForm(
        initial={**guided_initial, **initial}, version=version, component_set=component_set
    )
    context = _page_context(
        officer=officer,
        procedure=procedure,
        version=version,
        form=form,
        recall_form=recall_form,
        recalled=recalled,
        guided=guided,
    )
    return render(request, "backoffice/intake/form.html", context)


@officer_required(Role.COUNTER_OFFICER)
@require_GET
def intake_applicant(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    """htmx: the applicant fields, prefilled from the applicant recalled by ID or phone."""
    procedure, version = _procedure_or_404(code)
    recall_form, recalled, initial = _recall(request)
    form = IntakeForm(initial=initial, version=version, component_set=None)
    context = {
        "form": form,
        "recalled": recalled,
        "recall_query": recall_form["recall"].value() or "",
        "procedure": procedure,
    }
    return render(request, "backoffice/intake/_applicant.html", context)


@officer_required(Role.COUNTER_OFFICER)
@require_GET
def intake_due(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    """htmx: the appointment the applicant would get if accepted now, with its explanation."""
    procedure, _version = _procedure_or_404(code)
    raw = request.GET.get("case", "")
    case_id = int(raw) if raw.isdigit() else None
    due = due_preview(procedure=procedure, agency=officer.agency, case=case_id)
    return render(request, "backoffice/intake/_due.html", {"due": due})


def _rerender(
    request: HttpRequest,
    officer: Officer,
    procedure: Procedure,
    version: ProcedureVersion,
    form: IntakeForm,
    *,
    status: int,
) -> HttpResponse:
    guided: Dossier | None = None
    guidance = form.cleaned_data.get("guidance") if hasattr(form, "cleaned_data") else None
    if guidance:
        guided = dossier_for(officer, guidance)
    context = _page_context(
        officer=officer,
        procedure=procedure,
        version=version,
        form=form,
        recall_form=RecallForm(),
        recalled=[],
        guided=guided,
    )
    return render(request, "backoffice/intake/form.html", context, status=status)


def _validate_uploads(form: IntakeForm) -> None:
    """Check every scan before anything is written, naming the file and what is wrong."""
    for component_id, upload in form.uploads().items():
        try:
            services.validate_upload(upload, name=upload.name or "", size=upload.size)
        except DomainError as error:
            form.add_error(f"f{component_id}", error.message)


def _once(token: UUID, officer: Officer, create: Callable[[], Dossier]) -> tuple[Dossier, bool]:
    """Create the dossier unless this form was already submitted; (dossier, created)."""
    try:
        with transaction.atomic():
            submission = IntakeSubmission.objects.create(token=token, officer=officer)
            dossier = create()
            submission.dossier = dossier
            submission.save(update_fields=["dossier"])
    except IntegrityError:
        earlier = IntakeSubmission.objects.filter(token=token).select_related("dossier").first()
        if earlier is None or earlier.dossier is None:
            raise
        if earlier.officer_id != officer.pk:
            raise PermissionDenied from None
        return earlier.dossier, False
    return dossier, True


def _linked_to_ticket(officer: Officer, create: Callable[[], Dossier]) -> Callable[[], Dossier]:
    """Record the dossier and link it to the queue number served at the counter, together."""

    def create_and_link() -> Dossier:
        dossier = create()
        attach_to_serving_ticket(dossier=dossier, by=officer)
        return dossier

    return create_and_link


def _service_call(
    officer: Officer, procedure: Procedure, form: IntakeForm
) -> Callable[[], Dossier]:
    data = form.cleaned_data
    action = data["action"]
    case = data.get("case") or None
    component_set = form.component_set
    if action == IntakeAction.REFUSE:
        return lambda: services.refuse_at_counter(
            by=officer,
            procedure=procedure,
            applicant=form.applicant(),
            reasons=data["refusal_reasons"],
            case=case,
        )
    if action == IntakeAction.GUIDE:
        return lambda: services.guide_at_counter(
            by=officer,
            procedure=procedure,
            applicant=form.applicant(),
            components=form.component_inputs(),
            case=case,
            component_set=component_set,
            guidance=data.get("guidance_text") or "",
        )
    guidance = dossier_for(officer, data["guidance"]) if data.get("guidance") else None
    return lambda: services.receive_at_counter(
        by=officer,
        procedure=procedure,
        applicant=form.applicant(),
        components=form.component_inputs(),
        case=case,
        component_set=component_set,
        note=data.get("note") or "",
        guidance=guidance,
        expected_version=data.get("version") if guidance else None,
    )


def _attach_scans(
    request: HttpRequest, officer: Officer, dossier: Dossier, form: IntakeForm
) -> None:
    """Store the scans after the intake committed, so the day's code counter is not held.

    Every file was checked before the intake; a storage failure here leaves the dossier
    received and tells the officer which scan to add again from the dossier page.
    """
    uploads: dict[int, UploadedFile[bytes]] = form.uploads()
    if not uploads or Status(dossier.status) == Status.REFUSED:
        return
    lines = {line.component_id: line.pk for line in dossier.components.all()}
    for component_id, upload in uploads.items():
        try:
            services.attach_file(
                dossier_id=dossier.pk,
                by=officer,
                upload=upload,
                name=upload.name or "",
                size=upload.size,
                component_id=lines.get(component_id),
            )
        except DomainError as error:
            messages.error(request, error.message)


def _issue_paper(request: HttpRequest, officer: Officer, dossier: Dossier, kind: FormKind) -> None:
    """Render the paper now so that it shows the dossier as it was when issued."""
    try:
        issue_latest(
            dossier=dossier,
            kind=kind,
            by=officer.account,
            tracking_url=tracking_url(dossier.code) if dossier.code else "",
        )
    except Exception:
        # The dossier is already recorded; the download link renders the paper on demand.
        logger.exception("Could not issue %s for dossier %s", kind, dossier.pk)
        messages.warning(
            request, _("Chưa tạo được phiếu in; bấm tải phiếu trên trang hồ sơ để thử lại.")
        )


def _submit_intake(
    request: HttpRequest,
    officer: Officer,
    procedure: Procedure,
    version: ProcedureVersion,
    form: IntakeForm,
) -> HttpResponse:
    if not form.is_valid():
        return _rerender(request, officer, procedure, version, form, status=400)
    _validate_uploads(form)
    if form.errors:
        return _rerender(request, officer, procedure, version, form, status=400)
    action = form.cleaned_data["action"]
    try:
        dossier, created = _once(
            form.cleaned_data["token"],
            officer,
            _linked_to_ticket(officer, _service_call(officer, procedure, form)),
        )
    except MissingComponentsError as error:
        form.add_error(
            None,
            f"{error.message} "
            + _("Đánh dấu các giấy tờ đã nộp, hoặc chọn “Hướng dẫn bổ sung” để lập Mẫu 02."),
        )
        return _rerender(request, officer, procedure, version, form, status=400)
    except DomainError as error:
        form.add_error(None, error.message)
        return _rerender(request, officer, procedure, version, form, status=error.http_status)
    detail = reverse("backoffice:dossier", args=[dossier.pk])
    if not created:
        messages.info(request, _("Biểu mẫu này đã được gửi trước đó; đây là hồ sơ đã ghi nhận."))
        return redirect(detail)
    _attach_scans(request, officer, dossier, form)
    _issue_paper(request, officer, dossier, _FORM_OF_ACTION[action])
    if action == IntakeAction.ACCEPT:
        messages.success(
            request,
            _("Đã tiếp nhận hồ sơ %(code)s. In Giấy tiếp nhận và hẹn trả kết quả cho người nộp.")
            % {"code": dossier.code},
        )
    elif action == IntakeAction.GUIDE:
        messages.success(
            request, _("Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02). In cho người nộp.")
        )
    else:
        messages.success(
            request,
            _("Đã lập Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03). In cho người nộp."),
        )
    return redirect(detail)
