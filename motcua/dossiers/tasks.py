"""Background work of the dossier app: closing dossiers with unanswered supplement requests."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.dossiers.models import ClockPause
from motcua.dossiers.services.processing import close_unanswered
from motcua.dossiers.states import Status

logger = logging.getLogger(__name__)


@task()
def close_unanswered_supplements() -> int:
    """Close every dossier whose supplement request is older than 15 days; safe to run twice."""
    now = timezone.now()
    due = ClockPause.objects.filter(
        ended_at__isnull=True,
        expires_at__lte=now,
        dossier__status=Status.SUPPLEMENT_REQUESTED,
    ).values_list("dossier", flat=True)
    closed = 0
    for dossier_id in list(due):
        try:
            close_unanswered(dossier=dossier_id, at=now)
        except DomainError as exc:
            # Answered or withdrawn since the query ran: nothing to do.
            logger.info("dossier %s not closed: %s", dossier_id, exc.message)
            continue
        closed += 1
    return closed


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [(3600, close_unanswered_supplements)]
