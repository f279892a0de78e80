"""The organisation: agencies as a tree with history, officers and their roles."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel

if TYPE_CHECKING:
    from motcua.accounts.models import User


class AgencyLevel(models.TextChoices):
    """Where an agency sits in the two-tier local government (since 01/07/2025)."""

    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class AgencyKind(models.TextChoices):
    """What an agency is."""

    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    UNIT = "unit", _("Phòng, đơn vị trực thuộc")
    RECEIVING_POINT = "receiving_point", _("Điểm tiếp nhận")
    VERTICAL = "vertical", _("Cơ quan ngành dọc")
    OTHER = "other", _("Khác")


class AgencyQuerySet(models.QuerySet["Agency"]):
    """Reusable agency filters."""

    def valid_on(self, day: dt.date) -> AgencyQuerySet:
        """Agencies that exist on `day` (not yet dissolved or merged away)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def receiving(self) -> AgencyQuerySet:
        """Agencies with a one-stop desk (centres and receiving points)."""
        return self.filter(kind__in=[AgencyKind.SERVICE_CENTRE, AgencyKind.RECEIVING_POINT])


class Agency(TimeStampedModel):
    """A state body or one of its units, identified by its electronic identifier code.

    Units merge and dissolve (the 2025 restructuring), so an agency has validity dates and may
    name a successor that inherits its open work.
    """

    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=64,
        unique=True,
        help_text=_("Mã định danh theo QĐ 20/2020/QĐ-TTg, QĐ 09/2025/QĐ-TTg (chuỗi nguyên văn)."),
    )
    name = models.CharField(_("tên cơ quan"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=AgencyKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ("code",)
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="agency_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="agency_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the agency exists on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def current(self) -> Agency:
        """Follow the succession chain to the agency that holds this one's work today."""
        agency: Agency = self
        seen = {agency.pk}
        while agency.successor_id is not None and agency.successor_id not in seen:
            seen.add(agency.successor_id)
            agency = Agency.objects.get(pk=agency.successor_id)
        return agency


class Role(models.TextChoices):
    """What an officer may do. One officer may hold several roles."""

    COUNTER_OFFICER = "counter_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    HEAD_OF_UNIT = "head_of_unit", _("Trưởng phòng / đơn vị")
    LEADER = "leader", _("Lãnh đạo (ký duyệt)")
    SUPERVISOR = "supervisor", _("Giám sát trung tâm")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class OfficerQuerySet(models.QuerySet["Officer"]):
    """Reusable officer filters."""

    def with_role(self, role: Role) -> OfficerQuerySet:
        """Officers holding `role`."""
        return self.filter(role_grants__role=role)

    def active(self) -> OfficerQuerySet:
        """Officers whose account is active."""
        return self.filter(user__is_active=True)


class Officer(TimeStampedModel):
    """A civil servant working in an agency (own staff or seconded to the centre)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="officer",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="officers"
    )
    seconded_from = models.ForeignKey(
        Agency,
        verbose_name=_("cử đến từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seconded_officers",
        help_text=_("Cơ quan cử cán bộ đến làm việc tại Bộ phận Một cửa."),
    )
    title = models.CharField(_("chức danh"), max_length=200, blank=True)
    counter_number = models.PositiveSmallIntegerField(_("số quầy"), null=True, blank=True)
    can_decide_on_spot = models.BooleanField(
        _("được ủy quyền giải quyết tại chỗ"),
        default=False,
        help_text=_('Cho phép thẩm định, phê duyệt ngay tại quầy ("4 tại chỗ").'),
    )

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self) -> str:
        return f"{self.user} – {self.agency.short_name or self.agency.name}"

    @property
    def roles(self) -> frozenset[str]:
        """The roles this officer holds."""
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, role: Role) -> bool:
        """Whether the officer holds `role`."""
        return role in self.roles

    @property
    def account(self) -> User:
        """The login behind this officer."""
        user: User = self.user
        return user


class RoleGrant(models.Model):
    """One role held by one officer."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["officer", "role"], name="rolegrant_unique"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()
