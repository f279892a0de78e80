"""In-app alerts to officers about dossiers that need them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Officer
from motcua.dossiers.models import Dossier


class AlertKind(models.TextChoices):
    """Why an officer is alerted."""

    NEW_ONLINE = "new_online", _("Hồ sơ trực tuyến mới cần tiếp nhận")
    ESCALATED = "escalated", _("Hồ sơ trực tuyến quá 8 giờ làm việc chưa xử lý")


class OfficerAlert(models.Model):
    """One in-app alert to one officer; at most one per (officer, dossier, kind)."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="alerts"
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=AlertKind.choices)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cảnh báo cho cán bộ")
        verbose_name_plural = _("cảnh báo cho cán bộ")
        ordering = ("-created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["officer", "dossier", "kind"], name="officeralert_once")
        ]
        indexes = [
            models.Index(
                fields=["officer", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="officeralert_unread",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dossier}"
