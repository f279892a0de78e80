"""Admin pages: message templates (editable, checked, previewed) and sent messages (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.notifications.models import MessageTemplate, Notification
from motcua.notifications.rendering import SAMPLE, VARIABLES, render, template_problems


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin[MessageTemplate]):
    """Edit the Vietnamese text of each message; the model's check refuses unusable templates."""

    list_display = ("kind", "channel", "subject", "is_active", "updated_at")
    list_filter = ("channel", "is_active", "kind")
    fields = ("kind", "channel", "subject", "body", "is_active", "variables", "preview")
    readonly_fields = ("variables", "preview")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Kind and channel identify the template the delivery looks up: fixed once created.
        if obj is not None:
            return ("kind", "channel", *self.readonly_fields)
        return tuple(self.readonly_fields)

    @admin.display(description=_("Biến dùng được"))
    def variables(self, obj: MessageTemplate) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{{{{ {} }}}}</code>: {}</li>", VARIABLES.items()),
        )

    @admin.display(description=_("Xem trước (dữ liệu mẫu)"))
    def preview(self, obj: MessageTemplate) -> str:
        if obj.pk is None:
            return "—"
        problems = template_problems(obj.subject, obj.body, channel=obj.channel)
        if problems:
            return format_html("<p>{}</p>", " ".join(problems))
        subject = render(obj.subject, SAMPLE) if obj.channel == "email" else ""
        return format_html(
            "<p><strong>{}</strong></p><pre style='white-space: pre-wrap'>{}</pre>",
            subject,
            render(obj.body, SAMPLE),
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Messages sent (or being sent) to applicants: read-only, filtered by state and channel."""

    list_display = (
        "dossier",
        "kind",
        "channel",
        "recipient",
        "state",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("state", "channel", "kind")
    search_fields = ("dossier__code", "recipient")
    raw_id_fields = ("dossier", "notice")
    list_select_related = ("dossier",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
