"""Admin pages of the working-day calendar, in Vietnamese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.deadlines import services
from motcua.deadlines.engine import WEEKDAY_NAMES
from motcua.deadlines.models import CalendarDay, CalendarSettings, CalendarYear


class YearFilter(admin.SimpleListFilter):
    """Filter calendar entries by year."""

    title = _("năm")
    parameter_name = "year"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        years = (
            CalendarDay.objects.annotate(y=ExtractYear("on"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(on__year=int(value))
        return queryset


class CalendarDayForm(forms.ModelForm[CalendarDay]):
    """Refuses a make-up day on a weekday and a day off on a weekend before saving."""

    class Meta:
        model = CalendarDay
        fields = ("on", "kind", "name", "source")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, kind = data.get("on"), data.get("kind")
        if on is not None and kind:
            for problem in services.calendar_day_problems(on, kind):
                self.add_error("kind", problem)
        return data


class CalendarSettingsForm(forms.ModelForm[CalendarSettings]):
    """Refuses office periods that are empty, out of order or overlapping."""

    class Meta:
        model = CalendarSettings
        fields = (
            "morning_opens_at",
            "morning_closes_at",
            "afternoon_opens_at",
            "afternoon_closes_at",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                services.office_hours_of(CalendarSettings(**data))
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    """Holidays, days off and make-up working days, per year."""

    form = CalendarDayForm
    list_display = ("on", "weekday", "kind", "name", "origin", "source")
    list_filter = (YearFilter, "kind", "origin")
    search_fields = ("name", "source")
    date_hierarchy = "on"
    readonly_fields = ("origin", "created_at", "updated_at")
    fields = ("on", "kind", "name", "source", "origin", "created_at", "updated_at")

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarDay) -> str:
        return WEEKDAY_NAMES[obj.on.weekday()]

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm[Any], change: bool
    ) -> None:
        try:
            services.save_calendar_day(obj)
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.delete_calendar_days(CalendarDay.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        services.delete_calendar_days(queryset)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Years whose calendar is known; deadlines in other years are refused."""

    list_display = ("year", "origin", "source", "updated_at")
    list_filter = ("origin",)
    readonly_fields = ("origin",)

    def save_model(
        self, request: HttpRequest, obj: CalendarYear, form: ModelForm[Any], change: bool
    ) -> None:
        services.save_calendar_year(obj)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        services.delete_calendar_years(CalendarYear.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        services.delete_calendar_years(queryset)


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(admin.ModelAdmin[CalendarSettings]):
    """Office hours: a single row."""

    form = CalendarSettingsForm
    list_display = ("__str__", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CalendarSettings.objects.exists()

    def has_delete_permission(
        self, request: HttpRequest, obj: CalendarSettings | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: CalendarSettings, form: ModelForm[Any], change: bool
    ) -> None:
        services.save_office_hours(obj)
