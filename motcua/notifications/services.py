"""Alerting officers: new online dossiers to the desk, unhandled ones to the supervisor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, Officer, Role
from motcua.catalog.models import Channel
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import working_time_between
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.notifications.models import AlertKind, OfficerAlert

# ND 118 Art. 17.2: the desk answers an online dossier within 8 working hours.
ONLINE_ANSWER_WORKING_HOURS: Final = dt.timedelta(hours=8)


def _create_alerts(officers: list[Officer], dossier: Dossier, kind: AlertKind) -> int:
    already = set(
        OfficerAlert.objects.filter(dossier=dossier, kind=kind).values_list("officer_id", flat=True)
    )
    rows = [
        OfficerAlert(officer=o, dossier=dossier, kind=kind) for o in officers if o.pk not in already
    ]
    # A concurrent run may insert the same rows: the unique constraint keeps one of each.
    OfficerAlert.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _agency_chain(agency: Agency) -> list[int]:
    """The agency and its ancestors (a centre's supervisor may sit one level up)."""
    chain: list[int] = []
    current: Agency | None = agency
    while current is not None and current.pk not in chain:
        chain.append(current.pk)
        current = current.parent
    return chain


@transaction.atomic
def alert_desk_officers(*, dossier_id: int) -> int:
    """Alert the receiving desk's counter officers of a new online dossier; safe to run twice."""
    dossier = Dossier.objects.select_related("receiving_agency").get(pk=dossier_id)
    officers = list(
        Officer.objects.active()
        .with_role(Role.COUNTER_OFFICER)
        .filter(agency=dossier.receiving_agency)
        .distinct()
    )
    return _create_alerts(officers, dossier, AlertKind.NEW_ONLINE)


def unhandled_online_dossiers(at: dt.datetime) -> list[Dossier]:
    """Online dossiers still waiting in status 1 for 8 working hours or more at `at`."""
    calendar = deadline_services.current_calendar()
    waiting = (
        Dossier.objects.filter(status=Status.SUBMITTED, channel=Channel.ONLINE)
        .select_related("receiving_agency")
        .order_by("submitted_at")
    )
    return [
        dossier
        for dossier in waiting
        if working_time_between(calendar, dossier.submitted_at, at) >= ONLINE_ANSWER_WORKING_HOURS
    ]


@transaction.atomic
def escalate_dossier(*, dossier: Dossier) -> int:
    """Alert the supervisors over the receiving desk about an unhandled online dossier."""
    chain = _agency_chain(dossier.receiving_agency)
    officers = list(
        Officer.objects.active().with_role(Role.SUPERVISOR).filter(agency_id__in=chain).distinct()
    )
    return _create_alerts(officers, dossier, AlertKind.ESCALATED)


@transaction.atomic
def alert_late_consultation(*, dossier: Dossier, officers: Sequence[Officer]) -> int:
    """Alert the asking unit's heads that an opinion asked on the dossier is overdue.

    One alert per officer and dossier: an officer who already read one is alerted again.
    """
    OfficerAlert.objects.filter(
        dossier=dossier,
        kind=AlertKind.CONSULTATION_LATE,
        officer__in=officers,
        read_at__isnull=False,
    ).update(read_at=None)
    return _create_alerts(list(officers), dossier, AlertKind.CONSULTATION_LATE)


def unread_alerts(officer: Officer) -> list[OfficerAlert]:
    """An officer's unread alerts, newest first, with their dossiers."""
    return list(
        OfficerAlert.objects.filter(officer=officer, read_at__isnull=True).select_related(
            "dossier", "dossier__procedure"
        )
    )


@transaction.atomic
def mark_alerts_read(*, officer: Officer, alert_ids: Sequence[int] | None = None) -> int:
    """Mark the officer's alerts read (the listed ones, or all); others' alerts are untouched.

    Returns how many were unread and are now read.
    """
    alerts = OfficerAlert.objects.filter(officer=officer, read_at__isnull=True)
    if alert_ids is not None:
        alerts = alerts.filter(pk__in=list(alert_ids))
    return alerts.update(read_at=timezone.now())
