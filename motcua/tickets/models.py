"""The queue at the centre (bốc số): service areas, counters (quầy), tickets (vé) and their times.

A ticket's number is counted per service area and Vietnam-time day, gapless like dossier codes.
Waiting time is from issue to the first call; service time from the start of service to the end.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer
from motcua.catalog.models import Procedure, Sector
from motcua.core.models import TimeStampedModel
from motcua.dossiers.models import Dossier


class ServiceArea(TimeStampedModel):
    """A group of services a citizen picks at the kiosk (khu vực, lĩnh vực tiếp nhận).

    It serves sectors, procedures or the procedures decided by some agencies; the letter prefix
    starts every ticket number of the area (A0012) so that areas never share a number.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("trung tâm, điểm tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="service_areas",
    )
    name = models.CharField(_("tên khu vực"), max_length=200)
    description = models.CharField(_("mô tả ngắn trên máy bốc số"), max_length=300, blank=True)
    prefix = models.CharField(
        _("chữ đầu số vé"), max_length=2, help_text=_("Một hoặc hai chữ cái in hoa, ví dụ A.")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    is_priority = models.BooleanField(
        _("ưu tiên"),
        default=False,
        help_text=_("Người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("lĩnh vực"), blank=True, related_name="service_areas"
    )
    procedures = models.ManyToManyField(
        Procedure, verbose_name=_("thủ tục"), blank=True, related_name="service_areas"
    )
    competent_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        blank=True,
        related_name="served_in_areas",
        help_text=_("Các sở, ngành có thủ tục được tiếp nhận tại khu vực này."),
    )

    class Meta:
        verbose_name = _("khu vực tiếp nhận")
        verbose_name_plural = _("khu vực tiếp nhận")
        ordering = ("agency", "position", "prefix")
        constraints = [
            models.UniqueConstraint(fields=["agency", "prefix"], name="servicearea_unique_prefix"),
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[A-Z]{1,2}$"), name="servicearea_prefix_letters"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="servicearea_name_set"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"


class Counter(TimeStampedModel):
    """A counter (quầy) of a centre: its number, the areas it serves and who sits at it now."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("trung tâm, điểm tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="counters",
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=200, blank=True)
    areas = models.ManyToManyField(
        ServiceArea,
        verbose_name=_("khu vực phục vụ"),
        through="CounterArea",
        related_name="counters",
    )
    officer = models.OneToOneField(
        Officer,
        verbose_name=_("cán bộ đang ngồi quầy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counter",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("quầy")
        verbose_name_plural = _("quầy")
        ordering = ("agency", "number")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="counter_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="counter_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Quầy {self.number}" + (f" – {self.name}" if self.name else "")


class CounterArea(models.Model):
    """An area a counter serves, with its priority when the officer calls the next number."""

    counter = models.ForeignKey(Counter, verbose_name=_("quầy"), on_delete=models.CASCADE)
    area = models.ForeignKey(ServiceArea, verbose_name=_("khu vực"), on_delete=models.CASCADE)
    priority = models.PositiveSmallIntegerField(
        _("thứ tự ưu tiên"), default=1, help_text=_("1 được gọi trước, rồi đến 2…")
    )

    class Meta:
        verbose_name = _("khu vực của quầy")
        verbose_name_plural = _("khu vực của quầy")
        ordering = ("counter", "priority", "area")
        constraints = [
            models.UniqueConstraint(fields=["counter", "area"], name="counterarea_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} · {self.area} ({self.priority})"


class TicketStatus(models.TextChoices):
    """Where a ticket stands. Done, skipped and no-show are final."""

    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đã gọi")
    SERVING = "serving", _("Đang phục vụ")
    DONE = "done", _("Đã xong")
    SKIPPED = "skipped", _("Bỏ qua")
    NO_SHOW = "no_show", _("Không có mặt")


ACTIVE_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


class TicketSequence(models.Model):
    """The day's last ticket number of one service area (Vietnam-time day)."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số vé")
        verbose_name_plural = _("bộ đếm số vé")
        constraints = [
            models.UniqueConstraint(fields=["area", "day"], name="ticketsequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day}: {self.last_value}"


class TicketQuerySet(models.QuerySet["Ticket"]):
    """Reusable ticket filters."""

    def on(self, day: dt.date) -> TicketQuerySet:
        """Tickets issued on a Vietnam-time day."""
        return self.filter(day=day)

    def waiting(self) -> TicketQuerySet:
        """Tickets nobody has called yet."""
        return self.filter(status=TicketStatus.WAITING)

    def serving_at_counter_of(
        self, officer_id: int, agency_id: int, day: dt.date
    ) -> TicketQuerySet:
        """The number served on `day` at the officer's counter, for dossiers of `agency_id`.

        A dossier recorded at that counter now is linked to it (ADR 0012).
        """
        counter = Counter.objects.filter(officer_id=officer_id, is_active=True).values("pk")[:1]
        return self.filter(
            counter_id__in=counter, status=TicketStatus.SERVING, day=day, agency_id=agency_id
        )


class Ticket(models.Model):
    """One queue ticket: a number of an area on a day, and what happened to it, with times."""

    area = models.ForeignKey(
        ServiceArea, verbose_name=_("khu vực"), on_delete=models.PROTECT, related_name="tickets"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("trung tâm, điểm tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    prefix = models.CharField(_("chữ đầu số vé"), max_length=2)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    issue_token = models.UUIDField(_("mã lần bấm"), unique=True)
    issued_at = models.DateTimeField(_("lấy số lúc"))
    called_at = models.DateTimeField(_("gọi lần đầu lúc"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("gọi lần cuối lúc"), null=True, blank=True)
    served_at = models.DateTimeField(_("bắt đầu phục vụ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("quầy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    recall_count = models.PositiveSmallIntegerField(_("số lần gọi lại"), default=0)
    is_closed_automatically = models.BooleanField(
        _("đóng tự động cuối ngày"),
        default=False,
        help_text=_("Vé còn dở khi hết ngày; thời gian phục vụ không được tính."),
    )
    dossiers = models.ManyToManyField(
        Dossier, verbose_name=_("hồ sơ tiếp nhận"), blank=True, related_name="tickets"
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("vé xếp hàng")
        verbose_name_plural = _("vé xếp hàng")
        ordering = ("day", "area", "number")
        constraints = [
            models.UniqueConstraint(fields=["area", "day", "number"], name="ticket_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="ticket_number_positive"),
            models.CheckConstraint(
                condition=Q(status=TicketStatus.WAITING)
                | Q(status=TicketStatus.NO_SHOW)
                | Q(called_at__isnull=False, counter__isnull=False),
                name="ticket_called_has_counter",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[TicketStatus.SERVING, TicketStatus.DONE])
                | Q(served_at__isnull=False),
                name="ticket_served_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[TicketStatus.DONE, TicketStatus.SKIPPED, TicketStatus.NO_SHOW]
                )
                | Q(finished_at__isnull=False),
                name="ticket_final_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "day", "status"], name="ticket_board_idx"),
            models.Index(fields=["area", "day", "status", "number"], name="ticket_queue_idx"),
            models.Index(fields=["counter", "status"], name="ticket_counter_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The number as printed and called: the area's letter and four digits (A0012).

        The letter is copied at issue time, so renaming an area never relabels old tickets.
        """
        return f"{self.prefix}{self.number:04d}"

    @property
    def waiting_time(self) -> dt.timedelta | None:
        """From issue to the first call."""
        return self.called_at - self.issued_at if self.called_at else None

    @property
    def service_time(self) -> dt.timedelta | None:
        """From the start of service to its end (not for tickets closed at the end of the day)."""
        if self.served_at is None or self.finished_at is None or self.is_closed_automatically:
            return None
        return self.finished_at - self.served_at
