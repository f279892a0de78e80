"""Admin pages for API keys (keys are created on the command line and shown once)."""

from __future__ import annotations

from django.contrib import admin

from motcua.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    """Revoke or inspect keys; the raw key is never stored."""

    list_display = ("name", "prefix", "agency", "is_active", "last_used_at", "created_at")
    list_filter = ("is_active",)
    readonly_fields = ("prefix", "key_hash", "last_used_at")
