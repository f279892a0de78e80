"""Admin pages for the organisation."""

from __future__ import annotations

from django.contrib import admin

from motcua.agencies.models import Agency, Officer, RoleGrant


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    """Agencies as a tree with validity and successor."""

    list_display = (
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
    )
    list_filter = ("kind", "level")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent", "successor")


class RoleGrantInline(admin.TabularInline[RoleGrant, Officer]):
    model = RoleGrant
    extra = 1


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin[Officer]):
    """Officers with their roles."""

    list_display = ("user", "agency", "title", "counter_number", "can_decide_on_spot")
    list_filter = ("agency", "role_grants__role", "can_decide_on_spot")
    search_fields = ("user__username", "user__full_name", "agency__name")
    autocomplete_fields = ("user", "agency", "seconded_from")
    inlines = [RoleGrantInline]
