"""Admin pages for dossiers: read-only. Dossiers change only through the lifecycle services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import (
    Applicant,
    ApplicantNotice,
    ClockPause,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFile,
    Extension,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """An inline that shows rows and never edits them."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ComponentInline(ReadOnlyInline):
    model = DossierComponent
    fields = ("name", "is_required", "is_provided", "is_reused", "is_digitized", "note")


class FileInline(ReadOnlyInline):
    model = DossierFile
    fields = ("original_name", "content_type", "size_bytes", "is_result", "uploaded_at")


class PauseInline(ReadOnlyInline):
    model = ClockPause
    fields = ("started_at", "ended_at", "expires_at", "reason")


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ("previous_due_at", "new_due_at", "reason", "created_at")


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ("at", "action", "from_status", "to_status", "actor_name", "note")
    ordering = ("at", "pk")


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin[Dossier]):
    """Look up a dossier and its history; changes go through the lifecycle, never the admin."""

    list_display = (
        "code",
        "status",
        "applicant_name",
        "procedure",
        "receiving_agency",
        "accepted_at",
        "due_at",
    )
    list_filter = ("status", "channel")
    search_fields = ("code", "applicant_id_no", "applicant_name")
    date_hierarchy = "submitted_at"
    list_select_related = ("procedure", "receiving_agency")
    show_full_result_count = False
    inlines = (ComponentInline, FileInline, PauseInline, ExtensionInline, EventInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Dossier | None = None) -> list[str]:
        return [field.name for field in Dossier._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Dossier | None = None) -> bool:
        return False


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin[Applicant]):
    """Applicants seen at the desk."""

    list_display = ("name", "id_no", "kind", "phone", "updated_at")
    search_fields = ("id_no", "name_folded", "phone")
    list_filter = ("kind",)
    readonly_fields = ("name_folded", "created_at", "updated_at")


@admin.register(ApplicantNotice)
class ApplicantNoticeAdmin(admin.ModelAdmin[ApplicantNotice]):
    """The outbox of messages to applicants (delivered by the notifications app)."""

    list_display = ("dossier", "kind", "created_at", "sent_at")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    raw_id_fields = ("dossier",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
