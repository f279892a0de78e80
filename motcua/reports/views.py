"""Back-office statistics pages: the form 07a report with its downloads, and the dossiers behind
each figure. The pages work without JavaScript; htmx only re-renders the table in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.agencies.models import Agency, Officer
from motcua.backoffice.access import officer_required
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.reports import exports
from motcua.reports.access import STATISTICS_ROLES, StatisticsScope, statistics_scope
from motcua.reports.figures import Report
from motcua.reports.forms import CellListForm, ReportForm
from motcua.reports.index766 import agency_index
from motcua.reports.periods import Period
from motcua.reports.selectors import build_report, cell_dossiers

PAGE_SIZE: Final = 50

CELL_LABELS: Final[dict[str, Promise]] = {
    "to_handle": _("Số hồ sơ nhận giải quyết"),
    "carried_over": _("Kỳ trước chuyển qua"),
    "received.total": _("Mới tiếp nhận"),
    "received.online": _("Mới tiếp nhận trực tuyến"),
    "received.direct": _("Mới tiếp nhận trực tiếp"),
    "received.postal": _("Mới tiếp nhận qua bưu chính"),
    "resolved.total": _("Đã giải quyết"),
    "resolved.early": _("Đã giải quyết trước hạn"),
    "resolved.on_time": _("Đã giải quyết đúng hạn"),
    "resolved.overdue": _("Đã giải quyết quá hạn"),
    "in_progress.total": _("Đang giải quyết"),
    "in_progress.within_time": _("Đang giải quyết trong hạn"),
    "in_progress.overdue": _("Đang giải quyết quá hạn"),
    "withdrawn_or_refused": _("Rút, từ chối, dừng xử lý"),
}


def _scope(officer: Officer) -> StatisticsScope:
    try:
        return statistics_scope(officer)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None


def _narrow(scope: StatisticsScope, agency: Agency | None) -> Agency | None:
    try:
        return scope.narrow(agency)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None


@officer_required(*STATISTICS_ROLES)
@require_GET
def cell_list(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The dossiers counted in one figure of the report, as the figure's link asks for them."""
    scope = _scope(officer)
    form = CellListForm(request.GET)
    if not form.is_valid():
        context = {"section": "reports", "officer": officer, "form": form}
        return render(request, "reports/pages/cell_list.html", context, status=400)
    data = form.cleaned_data
    agency = _narrow(scope, data["co_quan"])
    period = data["period"]
    cell: str = data["chi_tieu"]
    dossiers = (
        cell_dossiers(
            period.date_from,
            period.date_to,
            cell,
            agency=agency,
            by=data["nhom"],
            key=data["khoa"],
        )
        .select_related("procedure", "procedure_version", "competent_agency")
        .order_by("accepted_at", "pk")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "section": "reports",
        "officer": officer,
        "form": form,
        "period": period,
        "cell_label": CELL_LABELS[cell],
        "agency": agency,
        "by": data["nhom"],
        "key": data["khoa"],
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "reports/pages/cell_list.html", context)


# --- the report page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCell:
    """One figure of the table as shown: its text and, for counts, the link to its list."""

    text: str
    url: str | None
    is_rate: bool


@dataclass(frozen=True)
class ShownLine:
    """One row of the table as shown."""

    number: str
    key: str
    name: str
    cells: tuple[ShownCell, ...]
    is_total: bool


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def shown_lines(report: Report, agency: Agency | None, *, linked: bool = True) -> list[ShownLine]:
    """The printed rows of form 07a, each count linked to the list of its dossiers (`linked`)."""
    base = {
        "tu": report.date_from.isoformat(),
        "den": report.date_to.isoformat(),
        "nhom": report.by.value,
    }
    if agency is not None:
        base["co_quan"] = agency.code
    list_url = reverse("reports:cell_list")
    shown = []
    for line in exports.lines(report):
        cells = []
        for column, value in zip(exports.FIGURE_COLUMNS, line.values, strict=True):
            url = None
            if linked and column.cell is not None:
                query = {**base, "chi_tieu": column.cell}
                if not line.is_total:
                    query["khoa"] = line.key
                url = f"{list_url}?{urlencode(query)}"
            text = "" if value is None else str(value)
            cells.append(ShownCell(text=text, url=url, is_rate=column.is_rate))
        shown.append(
            ShownLine(line.number, line.key, line.name, tuple(cells), is_total=line.is_total)
        )
    return shown


def heading_rows(report: Report) -> list[list[exports.HeaderCell]]:
    rows: list[list[exports.HeaderCell]] = [[] for _ in range(exports.HEADER_DEPTH)]
    for head in exports.header_cells(report.by):
        rows[head.row].append(head)
    return rows


def column_numbers() -> list[str]:
    """ "(1)", "(2)", … under the headings, as printed forms number their columns."""
    return [f"({i})" for i in range(1, 4 + len(exports.FIGURE_COLUMNS))]


@dataclass(frozen=True)
class _Asked:
    form: ReportForm
    scope: StatisticsScope
    report: Report | None
    agency: Agency | None


def _asked_report(request: HttpRequest, officer: Officer) -> _Asked:
    """The report the query string asks for (the current month's by default), within scope."""
    scope = _scope(officer)
    data = request.GET or ReportForm.initial_for(timezone.localdate())
    form = ReportForm(data)
    if not form.is_valid():
        return _Asked(form, scope, None, None)
    agency = _narrow(scope, form.cleaned_data["co_quan"])
    period: Period = form.cleaned_data["period"]
    try:
        report = build_report(period.date_from, period.date_to, agency, form.cleaned_data["nhom"])
    except DomainError as error:
        form.add_error(None, error.message)
        return _Asked(form, scope, None, agency)
    return _Asked(form, scope, report, agency)


def _scope_agencies(scope: StatisticsScope) -> list[Agency]:
    agencies = Agency.objects.order_by("code").only("pk", "code", "name")
    if scope.agency_ids is not None:
        agencies = agencies.filter(pk__in=scope.agency_ids)
    return list(agencies)


@officer_required(*STATISTICS_ROLES)
@require_GET
def report_page(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Form 07a of a period by agency, sector or procedure; each figure links to its list."""
    asked = _asked_report(request, officer)
    report = asked.report
    context: dict[str, Any] = {
        "section": "reports",
        "officer": officer,
        "form": asked.form,
        "report": report,
        "agency": asked.agency,
        "agencies": _scope_agencies(asked.scope),
        "scope_root": asked.scope.root,
        "query": request.GET.urlencode() if request.GET else urlencode(asked.form.data),
    }
    if report is not None:
        context.update(
            {
                "heading_rows": heading_rows(report),
                "numbers": column_numbers(),
                "lines": shown_lines(report, asked.agency),
                "formats": DOWNLOADS,
            }
        )
    status = 200 if report is not None else 400
    template = (
        "reports/pages/_report_table.html" if _is_htmx(request) else "reports/pages/report.html"
    )
    return render(request, template, context, status=status)


@dataclass(frozen=True)
class Download:
    """A download format of the report."""

    label: str
    extension: str
    content_type: str
    render: Callable[[Report], bytes]


DOWNLOADS: Final[dict[str, Download]] = {
    "json": Download(
        "JSON", "json", "application/json", lambda r: exports.to_json(r).encode("utf-8")
    ),
    "csv": Download(
        "CSV",
        "csv",
        "text/csv; charset=utf-8",
        # A byte-order mark lets Excel read the Vietnamese text as UTF-8.
        lambda r: ("\ufeff" + exports.csv_text(r)).encode("utf-8"),
    ),
    "xlsx": Download(
        "Excel",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.xlsx_bytes,
    ),
    "pdf": Download("PDF", "pdf", "application/pdf", exports.pdf_bytes),
}


@officer_required(*STATISTICS_ROLES)
@require_GET
def report_download(request: HttpRequest, officer: Officer, fmt: str) -> HttpResponse:
    """The report of the page as a file, made by the same exporters as `motcua report`."""
    download = DOWNLOADS.get(fmt)
    if download is None:
        raise Http404(_("Không có định dạng tải về này."))
    asked = _asked_report(request, officer)
    if asked.report is None:
        context = {
            "section": "reports",
            "officer": officer,
            "form": asked.form,
            "report": None,
            "agencies": _scope_agencies(asked.scope),
        }
        return render(request, "reports/pages/report.html", context, status=400)
    report = asked.report
    name = f"bao-cao-07a-{report.by.value}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}"
    response = HttpResponse(download.render(report), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{download.extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the QĐ 766 index page ------------------------------------------------------------------------


@officer_required(*STATISTICS_ROLES)
@require_GET
def index_page(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The QĐ 766 indicators of an agency and period, each with its numerator and denominator."""
    scope = _scope(officer)
    form = ReportForm(request.GET or ReportForm.initial_for(timezone.localdate()))
    index = None
    agency = None
    if form.is_valid():
        agency = _narrow(scope, form.cleaned_data["co_quan"])
        period: Period = form.cleaned_data["period"]
        index = agency_index(period.date_from, period.date_to, agency)
    context = {
        "section": "reports",
        "officer": officer,
        "form": form,
        "index": index,
        "agency": agency,
        "agencies": _scope_agencies(scope),
        "scope_root": scope.root,
    }
    template = "reports/pages/_index.html" if _is_htmx(request) else "reports/pages/index.html"
    return render(request, template, context, status=200 if index is not None else 400)
