"""Back-office statistics pages: the dossiers behind a figure (more pages join this module)."""

from __future__ import annotations

from typing import Final

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.agencies.models import Agency, Officer
from motcua.backoffice.access import officer_required
from motcua.core.errors import PermissionDeniedError
from motcua.reports.access import STATISTICS_ROLES, StatisticsScope, statistics_scope
from motcua.reports.forms import CellListForm
from motcua.reports.selectors import cell_dossiers

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
