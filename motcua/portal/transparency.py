"""Public transparency page (công khai kết quả giải quyết): per agency and period, the figures of
form 07a and the QĐ 766 indicators, aggregate numbers only.

Nothing on the page identifies a dossier or a person: rows are agencies or sectors, there are no
links to lists of dossiers, and the index shows counts. Only the tally-backed groupings are offered,
so a visitor's request costs the same whatever the number of dossiers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.agencies.models import Agency
from motcua.reports.forms import PublicReportForm
from motcua.reports.index766 import agency_index
from motcua.reports.periods import Period
from motcua.reports.selectors import build_report
from motcua.reports.views import column_numbers, heading_rows, shown_lines


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Statistics and index of an agency (all agencies by default) for a period, for anyone."""
    form = PublicReportForm(request.GET or PublicReportForm.initial_for(timezone.localdate()))
    context: dict[str, Any] = {
        "form": form,
        "agencies": Agency.objects.order_by("code").only("pk", "code", "name"),
        "report": None,
        "index": None,
    }
    status = 400
    if form.is_valid():
        agency: Agency | None = form.cleaned_data["co_quan"]
        period: Period = form.cleaned_data["period"]
        report = build_report(period.date_from, period.date_to, agency, form.cleaned_data["nhom"])
        context.update(
            {
                "agency": agency,
                "report": report,
                "heading_rows": heading_rows(report),
                "numbers": column_numbers(),
                "lines": shown_lines(report, agency, linked=False),
                "index": agency_index(period.date_from, period.date_to, agency),
            }
        )
        status = 200
    return render(request, "portal/transparency.html", context, status=status)
