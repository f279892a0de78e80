"""State of the officer pages that must survive a request: the intake form's one-time token."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Officer
from motcua.dossiers.models import Dossier


class IntakeSubmission(models.Model):
    """One submitted counter intake form, keyed by the token the form was rendered with.

    The row is inserted in the same transaction as the dossier; a second submission of the same
    form (a double click, a resent request) collides on the unique token, waits for the first to
    commit, and is shown the dossier the first one created instead of creating another.
    """

    token = models.UUIDField(_("mã biểu mẫu"), unique=True)
    officer = models.ForeignKey(
        Officer, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lần gửi biểu mẫu tiếp nhận")
        verbose_name_plural = _("lần gửi biểu mẫu tiếp nhận")

    def __str__(self) -> str:
        return str(self.token)
