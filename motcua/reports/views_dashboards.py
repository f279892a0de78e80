"""The dashboard of supervisors and leaders, and the dossiers behind its figures.

One page with panels (trend by month, agencies side by side, overdue and at risk now, where time is
lost, waiting at the counters). Each panel is a table whose numbers link to the dossiers behind
them, and a chart drawn from that table by `reports/dashboard.js`; without JavaScript the tables
are the page. With htmx, changing a filter refreshes the panels (or one panel) in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.agencies.models import Agency, Officer
from motcua.backoffice.access import officer_required
from motcua.core.errors import PermissionDeniedError
from motcua.reports import dashboards
from motcua.reports.access import STATISTICS_ROLES, StatisticsScope, statistics_scope
from motcua.reports.dashboard_forms import (
    AT_RISK,
    LIST_KINDS,
    LOST,
    OVERDUE,
    SERVICE,
    TICKET_KINDS,
    WAITING,
    DashboardForm,
    DashboardListForm,
)
from motcua.reports.figures import Figures, GroupBy, rate_pct
from motcua.reports.periods import Period
from motcua.reports.selectors import agency_scope, build_report
from motcua.tickets.selectors import Grouping, Measure, TimeFigures, tickets_behind

PAGE_SIZE: Final = 50
# Panels, in page order; `?khung=NAME` with htmx renders one of them alone.
PANELS: Final = ("trend", "agencies", "deadlines", "lost", "waiting")

# The report figures the trend and the agency table show, with their column headings.
TREND_CELLS: Final[tuple[tuple[str, Promise], ...]] = (
    ("received.total", _("Mới tiếp nhận")),
    ("resolved.total", _("Đã giải quyết")),
    ("resolved.overdue", _("Giải quyết quá hạn")),
    ("in_progress.overdue", _("Tồn quá hạn cuối tháng")),
)
AGENCY_CELLS: Final[tuple[tuple[str, Promise], ...]] = (
    ("received.total", _("Mới tiếp nhận")),
    ("resolved.total", _("Đã giải quyết")),
    ("resolved.overdue", _("Giải quyết quá hạn")),
    ("in_progress.total", _("Đang giải quyết")),
    ("in_progress.overdue", _("Đang giải quyết quá hạn")),
)


@dataclass(frozen=True)
class Link:
    """A figure and the address of the dossiers behind it.

    `is_count`: the figure is the number of dossiers that list shows (not steps or hours).
    """

    value: int
    url: str
    is_count: bool = True


@dataclass(frozen=True)
class Row:
    """One table row: its heading, the linked figures, and extra text cells after them."""

    label: str
    links: tuple[Link, ...]
    code: str = ""
    extra: tuple[str, ...] = ()
    unit: str = ""


def _scope(officer: Officer) -> StatisticsScope:
    try:
        return statistics_scope(officer)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None


def _agencies(scope: StatisticsScope) -> list[Agency]:
    agencies = Agency.objects.order_by("code")
    if scope.agency_ids is not None:
        agencies = agencies.filter(pk__in=scope.agency_ids)
    return list(agencies)


def _cell_url(period: Period, cell: str, agency: Agency | None, key: str | None = None) -> str:
    """The statistics list of one report figure (the total row when `key` is None)."""
    query = {
        "tu": period.date_from.isoformat(),
        "den": period.date_to.isoformat(),
        "chi_tieu": cell,
        "co_quan": agency.code if agency else "",
    }
    if key is not None:
        query |= {"nhom": GroupBy.AGENCY.value, "khoa": key}
    return f"{reverse('reports:cell_list')}?{urlencode(query)}"


def _list_url(kind: str, agency: Agency | None, **extra: Any) -> str:
    """The list behind a dashboard figure that is not a report figure."""
    query = {"loai": kind, "co_quan": agency.code if agency else ""}
    query |= {name: str(value) for name, value in extra.items() if value not in (None, "")}
    return f"{reverse('reports:dashboard_dossiers')}?{urlencode(query)}"


def _figure_links(
    period: Period,
    figures: Figures,
    cells: tuple[tuple[str, Promise], ...],
    agency: Agency | None,
    key: str | None = None,
) -> tuple[Link, ...]:
    return tuple(
        Link(figures.cell(cell), _cell_url(period, cell, agency, key)) for cell, _label in cells
    )


def _on_time_rate(figures: Figures) -> str:
    rate = rate_pct(figures.resolved.early + figures.resolved.on_time, figures.resolved.total)
    return "–" if rate is None else f"{rate}"


# --- panels ---------------------------------------------------------------------------------------


def _trend_panel(agency: Agency | None, until: dt.date) -> dict[str, Any]:
    months = dashboards.monthly_trend(until=until, agency=agency)
    rows = [
        Row(
            label=f"{month.month:%m/%Y}",
            links=_figure_links(month.period, month.figures, TREND_CELLS, agency),
        )
        for month in months
    ]
    return {"trend_rows": rows, "trend_columns": [label for _cell, label in TREND_CELLS]}


def _agencies_panel(agency: Agency | None, period: Period) -> dict[str, Any]:
    report = build_report(period.date_from, period.date_to, agency=agency, by=GroupBy.AGENCY)
    ordered = sorted(report.rows, key=lambda row: (-row.figures.received.total, row.key))
    rows = [
        Row(
            label=row.name,
            code=row.key,
            links=_figure_links(period, row.figures, AGENCY_CELLS, agency, row.key),
            extra=(_on_time_rate(row.figures),),
        )
        for row in ordered
    ]
    total = Row(
        label=str(_("Tổng cộng")),
        links=_figure_links(period, report.total, AGENCY_CELLS, agency),
        extra=(_on_time_rate(report.total),),
    )
    return {
        "agency_rows": rows,
        "agency_total": total,
        "agency_columns": [label for _cell, label in AGENCY_CELLS],
    }


def _deadlines_panel(agency: Agency | None, days: int) -> dict[str, Any]:
    panel = dashboards.deadline_panel(agency=agency, days=days)

    def links(unit: Agency | str, overdue: int, at_risk: int) -> tuple[Link, ...]:
        code = unit if isinstance(unit, str) else unit.code
        return (
            Link(overdue, _list_url(OVERDUE, agency, don_vi=code)),
            Link(at_risk, _list_url(AT_RISK, agency, don_vi=code, ngay=days)),
        )

    rows = [
        Row(label=row.name, code=row.code, links=links(row.code, row.overdue, row.at_risk))
        for row in panel.rows
    ]
    total = Row(label=str(_("Tổng cộng")), links=links("", panel.overdue, panel.at_risk))
    return {"deadline": panel, "deadline_rows": rows, "deadline_total": total}


def _lost_panel(agency: Agency | None, period: Period) -> dict[str, Any]:
    panel = dashboards.lost_time_panel(
        agency=agency, due_from=period.date_from, due_to=period.date_to
    )

    def url(code: str) -> str:
        return _list_url(
            LOST,
            agency,
            don_vi=code,
            tu=period.date_from.isoformat(),
            den=period.date_to.isoformat(),
        )

    units = [
        Row(
            label=row.name,
            code=row.code,
            links=(Link(row.dossiers, url(row.code)), Link(row.steps, url(row.code), False)),
            extra=(f"{row.hours:.1f}",),
        )
        for row in panel.by_unit
    ]
    steps = [
        Row(
            label=row.step,
            code=row.code,
            unit=row.name,
            links=(Link(row.dossiers, url(row.code)), Link(row.steps, url(row.code), False)),
            extra=(f"{row.hours:.1f}",),
        )
        for row in panel.by_step
    ]
    return {"lost": panel, "lost_units": units, "lost_steps": steps}


def _minutes(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds / 60:.1f}"


def _times(figures: TimeFigures) -> tuple[str, ...]:
    return (_minutes(figures.avg), _minutes(figures.p50), _minutes(figures.p90))


def _waiting_panel(agency: Agency | None, period: Period) -> dict[str, Any]:
    rows = dashboards.waiting_rows(
        agency=agency, date_from=period.date_from, date_to=period.date_to
    )
    codes = dict(Agency.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "code"))
    days = {"tu": period.date_from.isoformat(), "den": period.date_to.isoformat()}
    centres = [
        {
            "label": row.name,
            "code": codes.get(row.key, ""),
            "waiting": Link(
                row.waiting.count, _list_url(WAITING, agency, don_vi=codes.get(row.key), **days)
            ),
            "waiting_times": _times(row.waiting),
            "service": Link(
                row.service.count, _list_url(SERVICE, agency, don_vi=codes.get(row.key), **days)
            ),
            "service_times": _times(row.service),
        }
        for row in rows
    ]
    return {"waiting_rows": centres}


def _panel_context(name: str, agency: Agency | None, data: dict[str, Any]) -> dict[str, Any]:
    period: Period = data["period"]
    if name == "trend":
        return _trend_panel(agency, period.date_to)
    if name == "agencies":
        return _agencies_panel(agency, period)
    if name == "deadlines":
        return _deadlines_panel(agency, data["ngay"])
    if name == "lost":
        return _lost_panel(agency, period)
    return _waiting_panel(agency, period)


@officer_required(*STATISTICS_ROLES)
@require_GET
def dashboard(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Trends, agencies side by side, overdue and at-risk dossiers, where time is lost."""
    scope = _scope(officer)
    agencies = _agencies(scope)
    today = dashboards.local_today()
    initial = DashboardForm.initial_for(today, scope.root)
    # A filter left out takes its initial value, so that the form shows what the panels use.
    data = request.GET.copy()
    for name, value in initial.items():
        data.setdefault(name, str(value))
    form = DashboardForm(data, agencies=agencies, everything=scope.agency_ids is None)
    context: dict[str, Any] = {"section": "dashboard", "officer": officer, "form": form}
    if not form.is_valid():
        if request.headers.get("HX-Request"):
            # htmx swaps only successful answers: the panels give way to the reasons.
            return render(request, "reports/dashboard_invalid.html", context)
        return render(request, "reports/dashboard.html", context, status=400)
    cleaned = form.cleaned_data
    agency = cleaned["co_quan"] if cleaned["co_quan"] is not None else scope.root
    context |= {"agency": agency, "period": cleaned["period"]}
    panel = request.GET.get("khung", "")
    if request.headers.get("HX-Request") and panel in PANELS:
        context |= _panel_context(panel, agency, cleaned)
        return render(request, f"reports/dashboard_panel_{panel}.html", context)
    for name in PANELS:
        context |= _panel_context(name, agency, cleaned)
    if request.headers.get("HX-Request"):
        return render(request, "reports/dashboard_panels.html", context)
    return render(request, "reports/dashboard.html", context)


# --- the dossiers behind a dashboard figure -------------------------------------------------------


def _narrow(scope: StatisticsScope, agency: Agency | None) -> Agency | None:
    try:
        return scope.narrow(agency)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None


@officer_required(*STATISTICS_ROLES)
@require_GET
def dashboard_dossiers(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The dossiers counted in an overdue, at-risk or time-lost figure of the dashboard."""
    scope = _scope(officer)
    form = DashboardListForm(request.GET)
    context: dict[str, Any] = {"section": "dashboard", "officer": officer, "form": form}
    if not form.is_valid():
        return render(request, "reports/dashboard_dossiers.html", context, status=400)
    data = form.cleaned_data
    agency = _narrow(scope, data["co_quan"])
    unit: Agency | None = data["don_vi"]
    if unit is not None:
        _narrow(scope, unit)
        if agency is not None and unit.pk not in (agency_scope(agency) or ()):
            raise PermissionDenied(
                _("%(unit)s không thuộc %(agency)s.") % {"unit": unit.name, "agency": agency.name}
            )
    kind: str = data["loai"]
    context |= {
        "kind": kind,
        "title": dict(LIST_KINDS)[kind],
        "agency": agency,
        "unit": unit,
        "due_from": data["tu"],
        "due_to": data["den"],
    }
    if kind in TICKET_KINDS and unit is not None:  # the form requires the centre for them
        tickets = tickets_behind(
            start=data["tu"],
            end=data["den"],
            measure=Measure.WAITING if kind == WAITING else Measure.SERVICE,
            by=Grouping.AGENCY,
            key=unit.pk,
        ).prefetch_related("dossiers")
        tickets_page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("trang"))
        query = request.GET.copy()
        query.pop("trang", None)
        context |= {
            "page": tickets_page,
            "count": tickets_page.paginator.count,
            "query": query.urlencode(),
            "tickets": True,
        }
        return render(request, "reports/dashboard_dossiers.html", context)
    if kind == LOST:
        context["lost"] = dashboards.lost_time_dossiers(
            agency=agency, due_from=data["tu"], due_to=data["den"], unit=unit
        )
        context["count"] = len(context["lost"])
        return render(request, "reports/dashboard_dossiers.html", context)
    now = timezone.now()
    if kind == OVERDUE:
        dossiers = dashboards.overdue_dossiers(at=now, agency=agency)
    elif kind == AT_RISK:
        horizon = dashboards.at_risk_horizon(now, data["ngay"])
        dossiers = dashboards.at_risk_dossiers(at=now, horizon=horizon, agency=agency)
        context["horizon"] = horizon
    else:  # a ticket list without its centre: the form refuses it before this point
        return render(request, "reports/dashboard_dossiers.html", context, status=400)
    if unit is not None:
        dossiers = dossiers.filter(competent_agency=unit)
    dossiers = dossiers.select_related("procedure_version", "competent_agency").order_by(
        "due_at", "pk"
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context |= {"page": page, "count": page.paginator.count, "query": query.urlencode()}
    return render(request, "reports/dashboard_dossiers.html", context)
