"""Forms of the statistics pages: they translate query strings into report requests only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.reports.figures import GroupBy
from motcua.reports.periods import Period, PeriodKind, official_period
from motcua.reports.selectors import LISTED_CELLS

_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

GROUP_CHOICES = (
    (GroupBy.AGENCY.value, _("Cơ quan, đơn vị")),
    (GroupBy.SECTOR.value, _("Lĩnh vực")),
    (GroupBy.PROCEDURE.value, _("Thủ tục hành chính")),
)

# The page offers the periodic reports of TT 09/2026 (DOMAIN §14) and a free range.
CUSTOM = "custom"
PERIOD_CHOICES = (
    (PeriodKind.MONTH.value, _("Tháng")),
    (PeriodKind.QUARTER.value, _("Quý")),
    (PeriodKind.HALF_YEAR.value, _("6 tháng")),
    (PeriodKind.NINE_MONTHS.value, _("9 tháng")),
    (PeriodKind.YEAR.value, _("Năm")),
    (CUSTOM, _("Từ ngày … đến ngày …")),
)


class StatisticsForm(forms.Form):
    """Labels without Django's trailing colon, as the rest of the pages write them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _agency(code: str) -> Agency | None:
    code = code.strip()
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise forms.ValidationError(
            _("Không có cơ quan, đơn vị mã %(code)s."), params={"code": code}, code="unknown"
        )
    return agency


def _period(date_from: dt.date, date_to: dt.date) -> Period:
    try:
        return Period(date_from, date_to)
    except DomainError as error:
        raise forms.ValidationError(error.message, code="period") from None


class CellListForm(StatisticsForm):
    """Which figure's dossiers to list: period, figure, grouping, agency filter and row key.

    A missing `khoa` means the total row; an empty one is the "no sector" row.
    """

    tu = forms.DateField(label=_("Từ ngày"), widget=_DATE_INPUT)
    den = forms.DateField(label=_("Đến ngày"), widget=_DATE_INPUT)
    chi_tieu = forms.ChoiceField(label=_("Chỉ tiêu"), choices=[(c, c) for c in LISTED_CELLS])
    nhom = forms.ChoiceField(label=_("Nhóm theo"), choices=GROUP_CHOICES, required=False)
    co_quan = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=64, required=False)
    khoa = forms.CharField(label=_("Dòng"), max_length=64, required=False)

    def clean_co_quan(self) -> Agency | None:
        """The agency filter, by identifier code."""
        return _agency(self.cleaned_data.get("co_quan") or "")

    def clean(self) -> dict[str, Any]:
        """Check the period; keep whether a row key was given at all."""
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            data["period"] = _period(start, end)
        data["nhom"] = GroupBy(data.get("nhom") or GroupBy.AGENCY)
        data["khoa"] = data.get("khoa", "") if "khoa" in self.data else None
        return data


class ReportForm(StatisticsForm):
    """The report asked for: a periodic report (kind, year, number) or a free range of dates."""

    ky = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_CHOICES, required=False)
    nam = forms.IntegerField(label=_("Năm"), min_value=1976, max_value=9000, required=False)
    so = forms.IntegerField(label=_("Tháng / quý"), min_value=1, max_value=12, required=False)
    tu = forms.DateField(label=_("Từ ngày"), widget=_DATE_INPUT, required=False)
    den = forms.DateField(label=_("Đến ngày"), widget=_DATE_INPUT, required=False)
    nhom = forms.ChoiceField(label=_("Nhóm theo"), choices=GROUP_CHOICES, required=False)
    co_quan = forms.CharField(label=_("Cơ quan, đơn vị (mã)"), max_length=64, required=False)

    def clean_co_quan(self) -> Agency | None:
        """The agency filter, by identifier code."""
        return _agency(self.cleaned_data.get("co_quan") or "")

    def clean(self) -> dict[str, Any]:
        """Resolve the period: the official window of a periodic report, or the dates given."""
        data = super().clean() or {}
        data["nhom"] = GroupBy(data.get("nhom") or GroupBy.AGENCY)
        kind = data.get("ky") or CUSTOM
        if kind == CUSTOM:
            start, end = data.get("tu"), data.get("den")
            if start is None or end is None:
                if "tu" not in self.errors and "den" not in self.errors:
                    raise forms.ValidationError(
                        _("Nhập cả ngày bắt đầu và ngày kết thúc của kỳ báo cáo."), code="dates"
                    )
                return data
            data["period"] = _period(start, end)
            return data
        year = data.get("nam") or timezone.localdate().year
        number = data.get("so") or 1
        try:
            data["period"] = official_period(kind, year, number)
        except DomainError as error:
            raise forms.ValidationError(error.message, code="period") from None
        return data

    @classmethod
    def initial_for(cls, today: dt.date) -> dict[str, Any]:
        """The current month's periodic report, grouped by agency."""
        return {
            "ky": PeriodKind.MONTH.value,
            "nam": today.year,
            "so": today.month,
            "nhom": "agency",
        }


class PublicReportForm(ReportForm):
    """The transparency page's request: the tally-backed groupings only (agency, sector), so an
    anonymous visitor never makes the server count the dossier table."""

    nhom = forms.ChoiceField(
        label=_("Nhóm theo"),
        choices=[c for c in GROUP_CHOICES if c[0] != GroupBy.PROCEDURE.value],
        required=False,
    )
