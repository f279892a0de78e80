"""Online submission drafts: what a citizen prepared before submitting (the dossier core starts
at submission, status 1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Case, Component, Procedure
from motcua.core.models import TimeStampedModel
from motcua.dossiers.models import Dossier, DossierFile


class DossierDraft(TimeStampedModel):
    """A citizen's online dossier in preparation; once submitted it points at the dossier."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="dossier_drafts",
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant = models.JSONField(_("thông tin người nộp"), default=dict, blank=True)
    submitted_dossier = models.OneToOneField(
        Dossier,
        verbose_name=_("hồ sơ đã nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ("-updated_at",)

    def __str__(self) -> str:
        return f"{self.procedure_id} – {self.owner_id}"


def _draft_path(instance: DraftFile, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"drafts/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DraftFile(models.Model):
    """A file for one component of a draft: uploaded now, or reused from an earlier dossier."""

    draft = models.ForeignKey(
        DossierDraft, verbose_name=_("hồ sơ nháp"), on_delete=models.CASCADE, related_name="files"
    )
    component = models.ForeignKey(
        Component, verbose_name=_("thành phần"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("tệp"), upload_to=_draft_path, max_length=200, blank=True)
    reused_from = models.ForeignKey(
        DossierFile,
        verbose_name=_("tái sử dụng từ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=64)
    size_bytes = models.PositiveBigIntegerField(_("kích thước (byte)"))

    class Meta:
        verbose_name = _("tệp hồ sơ nháp")
        verbose_name_plural = _("tệp hồ sơ nháp")
        ordering = ("draft", "component__position", "pk")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | models.Q(reused_from__isnull=False),
                name="draftfile_has_content",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_reused(self) -> bool:
        """Whether the file is a document the citizen already had in the system."""
        return self.reused_from_id is not None
