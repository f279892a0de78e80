"""Administration of the queue: areas and counters are set up here; tickets are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.tickets.models import Counter, CounterArea, ServiceArea, Ticket


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin[ServiceArea]):
    """Service areas of each centre, with the sectors, procedures and agencies they serve."""

    list_display = ("prefix", "name", "agency", "position", "is_priority", "is_active")
    list_filter = ("is_active", "is_priority", "agency")
    search_fields = ("name", "prefix", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    filter_horizontal = ("sectors", "procedures", "competent_agencies")


class CounterAreaInline(admin.TabularInline[CounterArea, Counter]):
    model = CounterArea
    extra = 1


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin[Counter]):
    """Counters of each centre, the areas they serve by priority, and who sits there."""

    list_display = ("number", "name", "agency", "officer", "is_active")
    list_filter = ("is_active", "agency")
    search_fields = ("name", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    raw_id_fields = ("officer",)
    inlines = (CounterAreaInline,)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin[Ticket]):
    """Issued tickets, for looking up what happened; they change only at the counters."""

    list_display = ("label", "agency", "day", "status", "counter", "issued_at", "called_at")
    list_filter = ("status", "day", "agency")
    search_fields = ("number",)
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False
