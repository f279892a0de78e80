"""In-app alerts to officers; messages to applicants (templates and per-channel deliveries)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Officer
from motcua.dossiers.models import ApplicantNotice, Dossier


class AlertKind(models.TextChoices):
    """Why an officer is alerted."""

    NEW_ONLINE = "new_online", _("Hồ sơ trực tuyến mới cần tiếp nhận")
    ESCALATED = "escalated", _("Hồ sơ trực tuyến quá 8 giờ làm việc chưa xử lý")
    CONSULTATION_LATE = "consultation_late", _("Xin ý kiến quá hạn chưa được trả lời")


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


class MessageKind(models.TextChoices):
    """What an applicant is told (the notice kinds delivered, plus the overdue-risk warning)."""

    RECEIVED = "received", _("Đã tiếp nhận hồ sơ")
    CORRECTION_REQUESTED = "correction_requested", _("Yêu cầu sửa hồ sơ trực tuyến")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung giấy tờ")
    EXTENDED = "extended", _("Xin lỗi và hẹn lại ngày trả kết quả")
    RESULT_READY = "result_ready", _("Đã có kết quả")
    OVERDUE_RISK = "overdue_risk", _("Hồ sơ sắp đến hạn trả kết quả")


class DeliveryChannel(models.TextChoices):
    """How a message reaches the applicant."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("Tin nhắn SMS")


class DeliveryState(models.TextChoices):
    """Where one message stands: waiting, sent under a lease, delivered, or last try failed."""

    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class MessageTemplate(models.Model):
    """The Vietnamese text of one kind of message on one channel, edited in the admin."""

    kind = models.CharField(_("loại thông báo"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("kênh"), max_length=16, choices=DeliveryChannel.choices)
    subject = models.CharField(
        _("tiêu đề"), max_length=200, blank=True, help_text=_("Chỉ dùng cho email.")
    )
    body = models.TextField(_("nội dung"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ("kind", "channel")
        constraints = [
            models.UniqueConstraint(fields=["kind", "channel"], name="messagetemplate_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"

    def clean(self) -> None:
        """Refuse a template that does not compile or names an undocumented variable."""
        from motcua.notifications.rendering import template_problems

        problems = template_problems(self.subject, self.body, channel=self.channel)
        if problems:
            raise ValidationError(problems)


class Notification(models.Model):
    """One message to an applicant on one channel for one event; at most one per (event, channel).

    `event_key` names the cause (`notice:<id>` for an outbox notice, `overdue:<dossier>:<due>` for
    an overdue-risk warning), so a rerun of any task finds the row instead of sending again.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="notifications"
    )
    notice = models.ForeignKey(
        ApplicantNotice,
        verbose_name=_("thông báo gốc"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event_key = models.CharField(_("sự kiện"), max_length=100)
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("kênh"), max_length=16, choices=DeliveryChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    lease_expires_at = models.DateTimeField(_("hết hạn giữ lúc"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo đã gửi người nộp")
        verbose_name_plural = _("thông báo đã gửi người nộp")
        ordering = ("-created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "channel"], name="notification_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in DeliveryState]),
                name="notification_state_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"],
                condition=~Q(state="sent"),
                name="notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.get_channel_display()} – {self.recipient}"

    @property
    def idempotency_key(self) -> str:
        """The key the provider deduplicates on: one per row, so a resend is recognised."""
        return f"motcua-notification-{self.pk}"
