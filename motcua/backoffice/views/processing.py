"""Processing pages: Mẫu 05 as it stands, Mẫu 06 register, where time is lost, re-appointment."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.agencies.models import Agency, Officer, Role
from motcua.backoffice.access import dossier_for, officer_required
from motcua.backoffice.processing_forms import (
    AssignForm,
    DelayFilterForm,
    InterAgencyForm,
    PeriodForm,
    ReappointForm,
)
from motcua.core.errors import DomainError
from motcua.documents.builders import control_sheet_context
from motcua.documents.kinds import FormKind
from motcua.documents.registry import form_spec
from motcua.documents.rendering import render_pdf
from motcua.dossiers.models import Dossier
from motcua.workflow.exports import register_xlsx
from motcua.workflow.models import PlannedStep, Route, StepTask
from motcua.workflow.selectors import delay_attribution
from motcua.workflow.services import assign_task, reappoint, transfer_inter_agency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@officer_required()
@require_GET
def control_sheet(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Mẫu 05 of the dossier as it stands now (the filed copy is issued when it is returned)."""
    dossier = dossier_for(officer, pk)
    try:
        context = control_sheet_context(
            dossier, issued_at=timezone.now(), officer_name=officer.account.display_name
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", pk=dossier.pk)
    pdf = render_pdf(context).pdf
    name = form_spec(FormKind.CONTROL_SHEET).file_name(dossier.code or f"ho-so-{dossier.pk}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required(
    Role.COUNTER_OFFICER, Role.SUPERVISOR, Role.HEAD_OF_UNIT, Role.LEADER, Role.ADMINISTRATOR
)
@require_GET
def register(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Mẫu 06 "Sổ theo dõi hồ sơ" of the officer's desk for a period, downloaded as Excel."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start: dt.date = form.cleaned_data["tu"]
        end: dt.date = form.cleaned_data["den"]
        data = register_xlsx(officer.agency, start, end)
        response = HttpResponse(data, content_type=XLSX)
        name = f"so-theo-doi-ho-so-{officer.agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    context = {"section": "register", "officer": officer, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "backoffice/processing/register.html", context, status=status)


def _units_of(officer: Officer) -> QuerySet[Agency]:
    """The officer's agency and the units directly under it (what a head or leader oversees)."""
    return Agency.objects.filter(Q(pk=officer.agency_id) | Q(parent_id=officer.agency_id)).order_by(
        "name"
    )


@officer_required(Role.SUPERVISOR, Role.HEAD_OF_UNIT, Role.LEADER)
@require_GET
def delays(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Where time is lost: overdue dossiers with the steps and units that overran their time."""
    units = _units_of(officer)
    form = DelayFilterForm(request.GET or None, units=units)
    rows = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        unit = data.get("don_vi")
        overdue = delay_attribution(
            agency=unit, due_from=data.get("tu"), due_to=data.get("den"), limit=200
        )
        if unit is None:
            # Without a unit chosen, only the dossiers some overseen unit lost time on.
            visible = set(units.values_list("pk", flat=True))
            overdue = [
                item for item in overdue if any(s.task.agency_id in visible for s in item.steps)
            ]
        rows = overdue
    context = {"section": "delays", "officer": officer, "form": form, "rows": rows}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "backoffice/processing/delays.html", context, status=status)


def _involved(dossier: Dossier) -> tuple[QuerySet[Agency], QuerySet[PlannedStep]]:
    route = Route.objects.filter(dossier=dossier).first()
    ids = {dossier.receiving_agency_id, dossier.competent_agency_id}
    steps = PlannedStep.objects.none()
    if route is not None:
        steps = route.steps.select_related("agency").order_by("position")
        ids |= set(steps.values_list("agency_id", flat=True))
    return Agency.objects.filter(pk__in=ids).order_by("name"), steps


@officer_required(Role.COUNTER_OFFICER, Role.HEAD_OF_UNIT, Role.LEADER)
@require_http_methods(["GET", "POST"])
def reappointment(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Apologise and set a new return date once, naming who caused the delay (Mẫu 04)."""
    dossier = dossier_for(officer, pk)
    agencies, steps = _involved(dossier)
    form = ReappointForm(request.POST or None, agencies=agencies, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            reappoint(
                dossier=dossier,
                by=officer,
                new_due_at=form.new_due_at(),
                reason=form.cleaned_data["ly_do"],
                fault_agency=form.cleaned_data["don_vi_loi"],
                fault_step=form.cleaned_data["buoc_cham"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã hẹn lại ngày trả kết quả. Tải Phiếu xin lỗi và hẹn lại (Mẫu 04) để gửi."),
            )
            return redirect("backoffice:dossier", pk=dossier.pk)
    context = {"section": "dossiers", "officer": officer, "dossier": dossier, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/processing/reappoint.html", context, status=status)


@officer_required(Role.COUNTER_OFFICER)
@require_http_methods(["GET", "POST"])
def inter_agency(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Send a received dossier along several agencies (liên thông), then offer the transfer slip."""
    dossier = dossier_for(officer, pk)
    initial = {"co_quan_chu_tri": dossier.competent_agency.code}
    form = InterAgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_inter_agency(
                dossier=dossier,
                by=officer,
                lead_code=form.cleaned_data["co_quan_chu_tri"],
                legs=form.cleaned_data["cac_co_quan"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã chuyển hồ sơ liên thông. Tải Phiếu chuyển xử lý để gửi kèm hồ sơ.")
            )
            return redirect("backoffice:dossier", pk=dossier.pk)
    context = {"section": "dossiers", "officer": officer, "dossier": dossier, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/processing/inter_agency.html", context, status=status)


@officer_required(Role.HEAD_OF_UNIT, Role.LEADER)
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """The head of the unit gives an open step of the unit to one of its officers."""
    task = (
        StepTask.objects.open()
        .select_related("step", "dossier", "assignee__user")
        .filter(pk=pk, agency_id=officer.agency_id)
        .first()
    )
    if task is None:
        raise Http404(_("Không có công việc đang chờ xử lý này trong đơn vị của bạn."))
    officers = (
        Officer.objects.active()
        .with_role(Role(task.role))
        .filter(agency_id=task.agency_id)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    form = AssignForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            assign_task(task=task, by=officer, to=form.cleaned_data["can_bo"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã phân công xử lý."))
            return redirect("backoffice:inbox")
    context = {"section": "inbox", "officer": officer, "task": task, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/processing/assign.html", context, status=status)
