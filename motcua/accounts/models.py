"""Users: citizens, businesses (through an authorised person), officers, administrators."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    """Who a user account belongs to."""

    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")
    OFFICER = "officer", _("Cán bộ, công chức")


class User(AbstractUser):
    """A person who logs in. Officers also have an `Officer` profile in `agencies`."""

    kind = models.CharField(
        _("loại tài khoản"), max_length=16, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    id_no = models.CharField(
        _("số định danh / mã số thuế"),
        max_length=20,
        blank=True,
        help_text=_("Số định danh cá nhân (12 số) hoặc mã số thuế của tổ chức."),
    )
    organization_name = models.CharField(_("tên tổ chức"), max_length=300, blank=True)
    email_verified_at = models.DateTimeField(_("xác thực email lúc"), null=True, blank=True)
    oidc_subject = models.CharField(
        _("mã định danh VNeID"),
        max_length=255,
        blank=True,
        help_text=_("Mã `sub` do nhà cung cấp định danh (VNeID) cấp; liên kết tài khoản."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_oidc_subject_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        """The name to show on pages and forms."""
        return str(self)

    @property
    def is_email_verified(self) -> bool:
        """Whether the account's e-mail address was verified (needed to submit online)."""
        return self.email_verified_at is not None
