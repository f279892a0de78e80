"""Keys for system clients (the national portal, other agencies' systems)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.models import TimeStampedModel

KEY_PREFIX = "mc_"


def hash_key(raw: str) -> str:
    """The stored form of a key: keys are random, so a plain SHA-256 is enough."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(TimeStampedModel):
    """A bearer key of a system client. Only its hash is stored; the key is shown once."""

    name = models.CharField(_("tên hệ thống"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Giới hạn quyền của khóa trong phạm vi cơ quan này (để trống: toàn tỉnh)."),
    )
    prefix = models.CharField(_("tiền tố"), max_length=16)
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, agency: Agency | None = None) -> tuple[ApiKey, str]:
        """Create a key; returns the row and the raw key (never stored)."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        key = cls.objects.create(name=name, agency=agency, prefix=raw[:10], key_hash=hash_key(raw))
        return key, raw

    @property
    def is_authenticated(self) -> bool:
        """DRF treats the key as the authenticated principal's token."""
        return True
