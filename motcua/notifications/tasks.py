"""Background work of notifications: alerting the desk and escalating unhandled dossiers."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from motcua.notifications.services import (
    alert_desk_officers,
    escalate_dossier,
    unhandled_online_dossiers,
)


@task()
def alert_desk(dossier_id: int) -> int:
    """Alert the receiving desk of a new online dossier; safe to run twice."""
    return alert_desk_officers(dossier_id=dossier_id)


@task()
def escalate_unhandled_online_dossiers() -> int:
    """Raise online dossiers unhandled for 8 working hours to the supervisors; safe to rerun."""
    return sum(escalate_dossier(dossier=d) for d in unhandled_online_dossiers(timezone.now()))


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [(600, escalate_unhandled_online_dossiers)]
