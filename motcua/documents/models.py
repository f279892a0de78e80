"""Papers issued to applicants, kept exactly as printed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.documents.kinds import FormKind, LegalBasis
from motcua.dossiers.models import Dossier, DossierEvent


def _pdf_path(instance: IssuedForm, filename: str) -> str:
    today = timezone.localdate()
    return f"forms/{today:%Y/%m}/{uuid.uuid4().hex}.pdf"


class IssuedForm(models.Model):
    """A standard form issued for one history event of a dossier (receipt, slip, refusal).

    The PDF is rendered once and stored: a re-download gives the same bytes even after the
    agency is renamed or the due date is extended, as a paper copy would.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="issued_forms"
    )
    event = models.ForeignKey(
        DossierEvent,
        verbose_name=_("sự kiện"),
        on_delete=models.PROTECT,
        related_name="issued_forms",
    )
    kind = models.CharField(_("loại phiếu"), max_length=32, choices=FormKind.choices)
    basis = models.CharField(_("căn cứ mẫu"), max_length=32, choices=LegalBasis.choices)
    number = models.CharField(_("số mẫu"), max_length=8)
    file = models.FileField(_("tệp PDF"), upload_to=_pdf_path, max_length=200)
    size_bytes = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiếu đã lập")
        verbose_name_plural = _("phiếu đã lập")
        ordering = ("dossier", "issued_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="issuedform_one_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dossier}"

    @property
    def label(self) -> str:
        """'Mẫu số 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả'."""
        return f"Mẫu số {self.number} – {self.get_kind_display()}"
