"""Forms of the dashboards: they translate query strings into panel requests only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.reports.dashboards import AT_RISK_DAYS, DEFAULT_AT_RISK_DAYS
from motcua.reports.periods import Period

_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What the list behind a non-report dashboard figure holds.
OVERDUE = "overdue"
AT_RISK = "at_risk"
LOST = "lost"
WAITING = "waiting"
SERVICE = "service"
LIST_KINDS = (
    (OVERDUE, _("Hồ sơ đang quá hạn")),
    (AT_RISK, _("Hồ sơ sắp đến hạn")),
    (LOST, _("Hồ sơ quá hạn có bước xử lý chậm")),
    (WAITING, _("Lượt chờ tại quầy (vé đã được gọi)")),
    (SERVICE, _("Lượt phục vụ tại quầy (vé đã phục vụ xong)")),
)
# Ticket lists need the centre and the days.
TICKET_KINDS = frozenset({WAITING, SERVICE})


class _Form(forms.Form):
    """Labels without Django's trailing colon, as the rest of the pages write them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_ngay(self) -> int:
        """The at-risk horizon in working days (two when not given)."""
        value = self.cleaned_data.get("ngay") or ""
        return int(value) if value else DEFAULT_AT_RISK_DAYS


def _agency_choices(agencies: list[Agency], *, everything: bool) -> list[tuple[str, str]]:
    choices = [("", str(_("Tất cả cơ quan, đơn vị")))] if everything else []
    choices += [(a.code, f"{a.name} ({a.code})") for a in agencies]
    return choices


class DashboardForm(_Form):
    """The dashboard's filters: a period, an agency (with everything under it), the at-risk horizon.

    `agencies` are those the officer may choose; `everything` whether "all agencies" is allowed.
    """

    tu = forms.DateField(label=_("Từ ngày"), widget=_DATE_INPUT)
    den = forms.DateField(label=_("Đến ngày"), widget=_DATE_INPUT)
    co_quan = forms.ChoiceField(label=_("Cơ quan, đơn vị"), required=False)
    ngay = forms.ChoiceField(
        label=_("Sắp đến hạn trong"),
        choices=[(str(d), format_lazy(_("{n} ngày làm việc"), n=d)) for d in AT_RISK_DAYS],
        required=False,
    )

    def __init__(self, *args: Any, agencies: list[Agency], everything: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._agencies = {a.code: a for a in agencies}
        field = self.fields["co_quan"]
        if isinstance(field, forms.ChoiceField):
            field.choices = _agency_choices(agencies, everything=everything)

    @classmethod
    def initial_for(cls, today: dt.date, root: Agency | None) -> dict[str, Any]:
        """This month so far, the officer's whole scope, two working days."""
        return {
            "tu": today.replace(day=1),
            "den": today,
            "co_quan": root.code if root else "",
            "ngay": DEFAULT_AT_RISK_DAYS,
        }

    def clean_co_quan(self) -> Agency | None:
        """The agency chosen (None: every agency)."""
        code = self.cleaned_data.get("co_quan") or ""
        return self._agencies.get(code)

    def clean(self) -> dict[str, Any]:
        """The period must be a valid report period."""
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            try:
                data["period"] = Period(start, end)
            except DomainError as error:
                raise forms.ValidationError(error.message, code="period") from None
        return data


class DashboardListForm(_Form):
    """Which dashboard figure's dossiers to list.

    `co_quan` is the dashboard's agency filter (empty: every agency), `don_vi` the row's agency
    (empty: the total row); `tu`/`den` the due period of the "where time is lost" figures.
    """

    loai = forms.ChoiceField(label=_("Danh sách"), choices=LIST_KINDS)
    co_quan = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=64, required=False)
    don_vi = forms.CharField(label=_("Đơn vị"), max_length=64, required=False)
    ngay = forms.ChoiceField(
        label=_("Sắp đến hạn trong"),
        choices=[(str(d), str(d)) for d in AT_RISK_DAYS],
        required=False,
    )
    tu = forms.DateField(label=_("Hạn trả từ ngày"), widget=_DATE_INPUT, required=False)
    den = forms.DateField(label=_("đến ngày"), widget=_DATE_INPUT, required=False)

    def _agency(self, name: str) -> Agency | None:
        code = (self.cleaned_data.get(name) or "").strip()
        if not code:
            return None
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise forms.ValidationError(
                _("Không có cơ quan, đơn vị mã %(code)s."), params={"code": code}, code="unknown"
            )
        return agency

    def clean_co_quan(self) -> Agency | None:
        """The dashboard's agency filter, by identifier code."""
        return self._agency("co_quan")

    def clean_don_vi(self) -> Agency | None:
        """The row's agency, by identifier code."""
        return self._agency("don_vi")

    def clean(self) -> dict[str, Any]:
        """The start of the period may not be after its end; ticket lists name a centre and days."""
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            raise forms.ValidationError(_("Từ ngày phải trước hoặc bằng đến ngày."), code="period")
        incomplete = data.get("don_vi") is None or start is None or end is None
        if data.get("loai") in TICKET_KINDS and "don_vi" not in self.errors and incomplete:
            raise forms.ValidationError(
                _("Danh sách lượt tại quầy cần trung tâm (don_vi), từ ngày và đến ngày."),
                code="tickets",
            )
        return data
