"""Forms of the processing pages (register, delays, re-appointment): they translate input only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer
from motcua.backoffice.forms import PageForm
from motcua.core.errors import DomainError
from motcua.documents.formatting import VN_TZ
from motcua.workflow.exports import check_period
from motcua.workflow.models import PlannedStep
from motcua.workflow.services import LegInput

_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(PageForm):
    """A period of local dates, both ends included; the start may not be after the end."""

    tu = forms.DateField(label=_("Từ ngày"), widget=_DATE_INPUT)
    den = forms.DateField(label=_("Đến ngày"), widget=_DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        """Check the period's order and length."""
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            try:
                check_period(start, end)
            except DomainError as error:
                raise forms.ValidationError(error.message) from None
        return data


class DelayFilterForm(PageForm):
    """Filter overdue dossiers by the unit at fault and the period they were due in."""

    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Agency.objects.none(), required=False, empty_label=_("Tất cả")
    )
    tu = forms.DateField(label=_("Hạn trả từ ngày"), widget=_DATE_INPUT, required=False)
    den = forms.DateField(label=_("đến ngày"), widget=_DATE_INPUT, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["don_vi"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = units

    def clean(self) -> dict[str, Any]:
        """The start may not be after the end."""
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            raise forms.ValidationError(_("Từ ngày phải trước hoặc bằng đến ngày."))
        return data


class ReappointForm(PageForm):
    """Apologise and set a new return date (Mẫu 04), naming the unit (and step) at fault."""

    ngay_hen_moi = forms.DateField(label=_("Ngày hẹn trả mới"), widget=_DATE_INPUT)
    gio_hen_moi = forms.TimeField(
        label=_("Giờ hẹn trả mới"),
        initial=dt.time(16, 30),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ly_do = forms.CharField(
        label=_("Lý do chậm trả kết quả"), widget=forms.Textarea, max_length=2000
    )
    don_vi_loi = forms.ModelChoiceField(
        label=_("Đơn vị để xảy ra chậm trễ"), queryset=Agency.objects.none()
    )
    buoc_cham = forms.ModelChoiceField(
        label=_("Bước bị chậm"), queryset=PlannedStep.objects.none(), required=False
    )

    def __init__(self, *args: Any, agencies: Any, steps: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["don_vi_loi"]
        chosen_steps = self.fields["buoc_cham"]
        if isinstance(units, forms.ModelChoiceField):
            units.queryset = agencies
        if isinstance(chosen_steps, forms.ModelChoiceField):
            chosen_steps.queryset = steps

    def new_due_at(self) -> dt.datetime:
        """The new return moment in the centre's time zone."""
        day: dt.date = self.cleaned_data["ngay_hen_moi"]
        time: dt.time = self.cleaned_data["gio_hen_moi"]
        return dt.datetime.combine(day, time, tzinfo=VN_TZ)

    def clean_ngay_hen_moi(self) -> dt.date:
        """A new return date in the past is a typing error."""
        day: dt.date = self.cleaned_data["ngay_hen_moi"]
        if day < timezone.localdate(timezone.now(), VN_TZ):
            raise forms.ValidationError(_("Ngày hẹn trả mới không được ở quá khứ."))
        return day


class InterAgencyForm(PageForm):
    """Route a received dossier along several agencies: one line per agency, the lead last.

    Each line reads `agency code | task | working days`, e.g.
    `000.00.13.H56 | Xác nhận nghĩa vụ tài chính | 2`.
    """

    co_quan_chu_tri = forms.CharField(label=_("Mã cơ quan chủ trì"), max_length=64)
    cac_co_quan = forms.CharField(
        label=_("Các cơ quan (mỗi dòng: mã cơ quan | nhiệm vụ | số ngày làm việc)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def clean_cac_co_quan(self) -> list[LegInput]:
        """Parse one leg per non-empty line, naming the line that is wrong."""
        legs: list[LegInput] = []
        text: str = self.cleaned_data["cac_co_quan"]
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Dòng %(n)s: cần đủ 3 phần “mã cơ quan | nhiệm vụ | số ngày làm việc”.")
                    % {"n": number}
                )
            try:
                days = Decimal(parts[2].replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Dòng %(n)s: số ngày làm việc “%(v)s” không phải là số.")
                    % {"n": number, "v": parts[2]}
                ) from None
            legs.append(LegInput(parts[0], parts[1], days))
        if not legs:
            raise forms.ValidationError(_("Phải nêu ít nhất một cơ quan."))
        return legs


class AssignForm(PageForm):
    """Give an open step to an officer of the unit who holds the step's role."""

    can_bo = forms.ModelChoiceField(label=_("Giao cho cán bộ"), queryset=Officer.objects.none())

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["can_bo"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = officers
            field.label_from_instance = lambda officer: officer.account.display_name  # type: ignore[method-assign,assignment]
