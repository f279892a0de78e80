"""Ratings in the admin: read-only, since a rating is the citizen's word."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.ratings.models import CounterInvitation, Rating, RatingRevision


class RatingRevisionInline(admin.TabularInline[RatingRevision, Rating]):
    model = RatingRevision
    extra = 0
    can_delete = False
    fields = ("revision", "source", "at", "verdict", "scores", "comment")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    """Ratings by dossier, agency, counter and verdict; nobody edits what citizens said."""

    list_display = (
        "dossier",
        "verdict",
        "source",
        "receiving_agency",
        "competent_agency",
        "counter_number",
        "rated_at",
        "revision",
    )
    list_filter = ("verdict", "source", "is_online_dossier", "rated_at")
    search_fields = ("dossier__code",)
    date_hierarchy = "rated_at"
    list_select_related = ("dossier", "receiving_agency", "competent_agency")
    inlines = (RatingRevisionInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False


@admin.register(CounterInvitation)
class CounterInvitationAdmin(admin.ModelAdmin[CounterInvitation]):
    """Invitations to rate at the counter (the pass itself is never stored)."""

    list_display = ("dossier", "issued_by", "issued_at", "expires_at", "used_at")
    list_select_related = ("dossier", "issued_by__user", "issued_by__agency")
    search_fields = ("dossier__code",)
    readonly_fields = ("dossier", "token_hash", "issued_by", "issued_at", "expires_at", "used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
