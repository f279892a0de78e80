"""The working-day calendar as data: holidays, days off, make-up working days, office hours."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel


class DayKind(models.TextChoices):
    """What a calendar entry says about its date (CONTRACT §4)."""

    HOLIDAY = "holiday", _("Ngày lễ, Tết")
    DAY_OFF = "day_off", _("Ngày nghỉ bù, nghỉ hoán đổi")
    MAKEUP_WORKDAY = "makeup_workday", _("Ngày làm bù")


class Origin(models.TextChoices):
    """Where an entry came from; official imports and hand edits outrank the package's guesses."""

    SEED = "seed", _("Thư viện holidays (dự kiến)")
    IMPORT = "import", _("Tệp lịch chính thức")
    MANUAL = "manual", _("Quản trị viên nhập")


class CalendarDayQuerySet(models.QuerySet["CalendarDay"]):
    """Reusable calendar-day filters."""

    def in_year(self, year: int) -> CalendarDayQuerySet:
        """Entries dated in `year`."""
        return self.filter(on__year=year)


class CalendarDay(TimeStampedModel):
    """A date that departs from the Monday-Friday rule: a holiday, a day off or a make-up day."""

    on = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=300)
    origin = models.CharField(
        _("nguồn dữ liệu"), max_length=8, choices=Origin.choices, default=Origin.MANUAL
    )
    source = models.CharField(
        _("căn cứ"),
        max_length=500,
        blank=True,
        help_text=_("Văn bản thông báo, tệp đã nhập hoặc phiên bản thư viện."),
    )

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ("on",)
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in DayKind]), name="calendar_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} – {self.name}"

    @property
    def is_weekend(self) -> bool:
        """Saturday or Sunday."""
        return self.on.weekday() >= 5


class CalendarYear(TimeStampedModel):
    """A year whose calendar is known; deadlines that touch any other year are refused."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    origin = models.CharField(
        _("nguồn dữ liệu"), max_length=8, choices=Origin.choices, default=Origin.MANUAL
    )
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("năm đã có lịch")
        verbose_name_plural = _("năm đã có lịch")
        ordering = ("year",)

    def __str__(self) -> str:
        return str(self.year)


class CalendarSettings(models.Model):
    """Office hours (one row) and the revision that tells every process to rebuild its calendar."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    morning_opens_at = models.TimeField(_("buổi sáng từ"), default=dt.time(8, 0))
    morning_closes_at = models.TimeField(_("buổi sáng đến"), default=dt.time(12, 0))
    afternoon_opens_at = models.TimeField(
        _("buổi chiều từ"),
        default=dt.time(13, 0),
        null=True,
        blank=True,
        help_text=_("Để trống nếu làm việc liền một buổi."),
    )
    afternoon_closes_at = models.TimeField(
        _("buổi chiều đến"), default=dt.time(17, 0), null=True, blank=True
    )
    revision = models.UUIDField(_("phiên bản lịch"), default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="calendar_settings_single_row"),
            models.CheckConstraint(
                condition=Q(afternoon_opens_at__isnull=True, afternoon_closes_at__isnull=True)
                | Q(afternoon_opens_at__isnull=False, afternoon_closes_at__isnull=False),
                name="calendar_settings_afternoon_complete",
            ),
        ]

    def __str__(self) -> str:
        hours = f"{self.morning_opens_at:%H:%M}-{self.morning_closes_at:%H:%M}"
        if self.afternoon_opens_at and self.afternoon_closes_at:
            hours += f", {self.afternoon_opens_at:%H:%M}-{self.afternoon_closes_at:%H:%M}"
        return str(_("Giờ làm việc: %(hours)s") % {"hours": hours})
