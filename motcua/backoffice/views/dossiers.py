"""The agency's dossiers: list, detail with history and papers, lifecycle actions, downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.agencies.models import Officer
from motcua.backoffice.access import dossier_for, officer_required
from motcua.backoffice.actions import ACTIONS, DossierAction, available_actions
from motcua.backoffice.forms import AttachFileForm, VersionedForm
from motcua.backoffice.selectors import agency_dossiers
from motcua.core.errors import DomainError, NotFoundError
from motcua.documents.kinds import FormKind
from motcua.documents.registry import form_spec
from motcua.documents.services import available_forms, issue_form, issue_latest, read_pdf
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.states import Status
from motcua.portal.tracking import tracking_url

PAGE_SIZE = 50


@officer_required()
@require_GET
def dossier_list(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The agency's dossiers, newest first, filtered by status or a code / applicant search."""
    status = request.GET.get("trang_thai", "")
    query = request.GET.get("q", "")
    dossiers = agency_dossiers(officer=officer, status=status, query=query)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "section": "dossiers",
        "now": timezone.now(),
        "officer": officer,
        "page": page,
        "status": status,
        "query": query,
        "statuses": Status.choices,
    }
    return render(request, "backoffice/dossiers/list.html", context)


def _detail_context(
    officer: Officer, dossier: Dossier, *, bound: tuple[str, VersionedForm] | None = None
) -> dict[str, Any]:
    actions = available_actions(officer, dossier)
    forms: list[tuple[DossierAction, VersionedForm]] = []
    for action in actions:
        if bound is not None and bound[0] == action.key:
            forms.append((action, bound[1]))
        else:
            forms.append((action, action.form_class(initial={"version": dossier.version})))
    lines = list(dossier.components.prefetch_related("files").all())
    return {
        "section": "dossiers",
        "officer": officer,
        "dossier": dossier,
        "events": DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk"),
        "lines": lines,
        "files": DossierFile.objects.filter(dossier=dossier).order_by("uploaded_at", "pk"),
        "papers": available_forms(dossier),
        "actions": forms,
        "attach_form": AttachFileForm(
            lines=[(line.pk, line.name) for line in lines], auto_id="attach_%s"
        )
        if dossier.is_open
        else None,
        "can_receive_guided": (
            dossier.status == Status.NEEDS_COMPLETION
            and not dossier.code
            and dossier.receiving_agency_id == officer.agency_id
        ),
        "pauses": dossier.clock_pauses.order_by("started_at"),
        "tracking_link": tracking_url(dossier.code) if dossier.code else "",
    }


@officer_required()
@require_GET
def dossier_detail(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """One dossier: status, dates, papers, files, history and what the officer may do next."""
    dossier = dossier_for(officer, pk)
    return render(request, "backoffice/dossiers/detail.html", _detail_context(officer, dossier))


@officer_required()
@require_POST
def dossier_action(request: HttpRequest, officer: Officer, pk: int, action: str) -> HttpResponse:
    """Run one lifecycle action through its dossier service; stale pages get a clear message."""
    dossier = dossier_for(officer, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404(_("Không có thao tác này."))
    form = chosen.form_class(request.POST)
    if not form.is_valid():
        context = _detail_context(officer, dossier, bound=(chosen.key, form))
        return render(request, "backoffice/dossiers/detail.html", context, status=400)
    try:
        chosen.perform(officer, dossier, form)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", pk=dossier.pk)
    messages.success(request, str(chosen.done))
    return redirect("backoffice:dossier", pk=dossier.pk)


@officer_required()
@require_POST
def dossier_attach(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Add a scan or file to the dossier (checked by content and size by the dossier core)."""
    dossier = dossier_for(officer, pk)
    lines = [(line.pk, line.name) for line in dossier.components.all()]
    form = AttachFileForm(request.POST, request.FILES, lines=lines, auto_id="attach_%s")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("backoffice:dossier", pk=dossier.pk)
    upload = form.cleaned_data["upload"]
    try:
        services.attach_file(
            dossier_id=dossier.pk,
            by=officer,
            upload=upload,
            name=upload.name or "",
            size=upload.size,
            component_id=form.cleaned_data.get("component") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đính kèm tệp “%(name)s”.") % {"name": upload.name})
    return redirect("backoffice:dossier", pk=dossier.pk)


@officer_required()
@require_GET
def dossier_paper(request: HttpRequest, officer: Officer, pk: int, kind: str) -> HttpResponse:
    """Download a standard form of the dossier as PDF (the stored copy; issued on first use).

    `?su_kien=<id>` picks the paper of one history event (a dossier may have had several
    supplement requests); without it, the latest one.
    """
    dossier = dossier_for(officer, pk)
    if kind not in FormKind.values:
        raise Http404(_("Không có loại phiếu này."))
    form_kind = FormKind(kind)
    link = tracking_url(dossier.code) if dossier.code else ""
    raw_event = request.GET.get("su_kien", "")
    try:
        if raw_event.isdigit():
            event = DossierEvent.objects.filter(dossier=dossier, pk=int(raw_event)).first()
            if event is None:
                raise Http404(_("Không có sự kiện này trong hồ sơ."))
            issued = issue_form(
                dossier=dossier, event=event, kind=form_kind, by=officer.account, tracking_url=link
            )
        else:
            issued = issue_latest(
                dossier=dossier, kind=form_kind, by=officer.account, tracking_url=link
            )
    except NotFoundError as error:
        raise Http404(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", pk=dossier.pk)
    name = form_spec(form_kind).file_name(dossier.code or f"ho-so-{dossier.pk}")
    response = HttpResponse(read_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required()
@require_GET
def dossier_file(request: HttpRequest, officer: Officer, pk: int, file_pk: int) -> FileResponse:
    """Download a file of the dossier, always as an attachment of its checked content type."""
    return file_download(dossier_for(officer, pk), file_pk)


def file_download(dossier: Dossier, file_pk: int) -> FileResponse:
    """A file of a dossier the officer may open, as a private attachment of its checked type."""
    stored = DossierFile.objects.filter(dossier=dossier, pk=file_pk).first()
    if stored is None:
        raise Http404(_("Không có tệp này trong hồ sơ."))
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
