"""Reading an officer's in-app alerts."""

from __future__ import annotations

from typing import Final

from motcua.agencies.models import Officer
from motcua.notifications.models import OfficerAlert

ALERTS_PER_PAGE: Final = 100


def officer_alerts(officer: Officer, *, unread_only: bool = False) -> list[OfficerAlert]:
    """The officer's newest alerts (unread first when mixed), with what the list shows."""
    alerts = OfficerAlert.objects.filter(officer=officer).select_related(
        "dossier", "dossier__procedure_version", "dossier__receiving_agency"
    )
    if unread_only:
        alerts = alerts.filter(read_at__isnull=True)
    return list(alerts.order_by("-created_at", "-pk")[:ALERTS_PER_PAGE])


def unread_count(officer: Officer) -> int:
    """How many of the officer's alerts are unread."""
    return OfficerAlert.objects.filter(officer=officer, read_at__isnull=True).count()
