"""Delivering messages to applicants: prepare one row per (event, channel), claim, send, record.

Sending is at most once per row thanks to a lease: a worker claims a row with one conditional
UPDATE (pending, failed and due for a retry, or sending with an expired lease) and only the
claimer sends. A worker that dies after the provider accepted the message but before the row was
marked sent leaves the lease to expire; the retry sends again with the same idempotency key, which
an SMS gateway deduplicates (e-mail carries it as its Message-ID).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Final

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from motcua.deadlines import services as deadline_services
from motcua.dossiers.models import ApplicantNotice, Dossier
from motcua.dossiers.states import Status
from motcua.notifications import sms
from motcua.notifications.links import tracking_url
from motcua.notifications.models import (
    DeliveryChannel,
    DeliveryState,
    MessageKind,
    MessageTemplate,
    Notification,
)
from motcua.notifications.rendering import render

logger = logging.getLogger(__name__)

# How long a claimer may take to send before another worker may take the row over.
LEASE: Final = dt.timedelta(minutes=5)
MAX_ATTEMPTS: Final = 5
# Waits before the 2nd, 3rd... attempt of a row whose send failed.
RETRY_BACKOFF: Final = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
# Unsent outbox notices older than this are not picked up any more (the event is stale).
NOTICE_PICKUP_WINDOW: Final = dt.timedelta(days=3)
# Statuses in which the desk still owes the applicant a result by `due_at`.
AWAITING_RESULT: Final = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT})
# Longest run of days off (Tết) plus a working day: the overdue-risk window in calendar days.
OVERDUE_RISK_LOOKAHEAD: Final = dt.timedelta(days=12)

DELIVERED_NOTICES: Final = frozenset(
    {
        MessageKind.RECEIVED,
        MessageKind.CORRECTION_REQUESTED,
        MessageKind.SUPPLEMENT_REQUESTED,
        MessageKind.EXTENDED,
        MessageKind.RESULT_READY,
    }
)


def _day(value: dt.datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def tracking_address(dossier: Dossier) -> str:
    """The dossier's public tracking page, signed so that the applicant need not type 4 digits."""
    if not dossier.code:
        return f"{settings.PUBLIC_BASE_URL}{reverse('portal:tracking')}"
    return tracking_url(dossier.code)


def message_context(
    dossier: Dossier, payload: Mapping[str, object] | None = None
) -> dict[str, str]:
    """The documented template variables for one dossier and the notice's payload."""
    data = payload or {}
    missing = data.get("missing") or dossier.missing_components or []
    new_due = data.get("new_due_at")
    answer_by = data.get("answer_by")
    return {
        "dossier_code": dossier.code or "",
        "applicant_name": dossier.applicant_name,
        "procedure_name": dossier.procedure_version.name,
        "due_on": _day(dossier.due_at),
        "new_due_on": _day(new_due if isinstance(new_due, str) else None),
        "missing_papers": "; ".join(str(item) for item in missing)
        if isinstance(missing, list)
        else str(missing),
        "reason": str(data.get("reason") or ""),
        "answer_by": _day(answer_by if isinstance(answer_by, str) else None),
        "tracking_url": tracking_address(dossier),
    }


def _recipients(dossier: Dossier) -> dict[DeliveryChannel, str]:
    found: dict[DeliveryChannel, str] = {}
    if dossier.applicant_email.strip():
        found[DeliveryChannel.EMAIL] = dossier.applicant_email.strip()
    if dossier.applicant_phone.strip():
        found[DeliveryChannel.SMS] = dossier.applicant_phone.strip()
    return found


@transaction.atomic
def prepare_notifications(
    *,
    dossier: Dossier,
    kind: MessageKind,
    event_key: str,
    payload: Mapping[str, object] | None = None,
    notice: ApplicantNotice | None = None,
) -> list[Notification]:
    """Render and store one row per channel the applicant can be reached on; safe to run twice.

    A channel without an active template is skipped (and logged). Returns the event's rows.
    """
    recipients = _recipients(dossier)
    templates = {
        t.channel: t
        for t in MessageTemplate.objects.filter(
            kind=kind, channel__in=list(recipients), is_active=True
        )
    }
    context = message_context(dossier, payload)
    rows = []
    for channel, recipient in recipients.items():
        template = templates.get(channel)
        if template is None:
            logger.warning("No active %s template for %s: not sent.", channel, kind)
            continue
        rows.append(
            Notification(
                dossier=dossier,
                notice=notice,
                event_key=event_key,
                kind=kind,
                channel=channel,
                recipient=recipient,
                # A header holds one line: procedure names may carry line breaks.
                subject=" ".join(render(template.subject, context).split())[:300]
                if channel == DeliveryChannel.EMAIL
                else "",
                body=render(template.body, context),
            )
        )
    # A concurrent run may insert the same rows: the unique constraint keeps the first.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Notification.objects.filter(event_key=event_key).order_by("channel"))


def notice_event_key(notice: ApplicantNotice) -> str:
    """The event key of an outbox notice."""
    return f"notice:{notice.pk}"


def prepare_notice(*, notice_id: int) -> list[Notification]:
    """The rows of one outbox notice (none for a kind applicants are not messaged about)."""
    notice = ApplicantNotice.objects.select_related("dossier__procedure_version").get(pk=notice_id)
    if notice.kind not in DELIVERED_NOTICES:
        return []
    return prepare_notifications(
        dossier=notice.dossier,
        kind=MessageKind(notice.kind),
        event_key=notice_event_key(notice),
        payload=notice.payload,
        notice=notice,
    )


def _claimable(now: dt.datetime) -> Q:
    return Q(attempts__lt=MAX_ATTEMPTS) & (
        Q(state=DeliveryState.PENDING)
        | Q(state=DeliveryState.FAILED, next_attempt_at__lte=now)
        | Q(state=DeliveryState.SENDING, lease_expires_at__lt=now)
    )


def claim(notification_id: int, *, now: dt.datetime | None = None) -> Notification | None:
    """Take the row for sending under a lease; None when it is sent, held, or not due yet."""
    moment = now or timezone.now()
    taken = (
        Notification.objects.filter(_claimable(moment), pk=notification_id).update(
            state=DeliveryState.SENDING,
            lease_expires_at=moment + LEASE,
            attempts=F("attempts") + 1,
        )
        == 1
    )
    if not taken:
        return None
    return Notification.objects.get(pk=notification_id)


def _send_email(notification: Notification) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "motcua"
    message_id = f"<{notification.idempotency_key}@{domain}>"
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.recipient],
        headers={"Message-ID": message_id, "Idempotency-Key": notification.idempotency_key},
    ).send()
    return message_id


def _send_sms(notification: Notification) -> str:
    return sms.get_backend().send(
        notification.recipient, notification.body, notification.idempotency_key
    )


SENDERS: Final[Mapping[str, Callable[[Notification], str]]] = {
    DeliveryChannel.EMAIL: _send_email,
    DeliveryChannel.SMS: _send_sms,
}


def _finish_notice(notice_id: int | None, now: dt.datetime) -> None:
    """Mark the outbox notice sent once every one of its channels is sent."""
    if notice_id is None:
        return
    if Notification.objects.filter(notice_id=notice_id).exclude(state=DeliveryState.SENT).exists():
        return
    ApplicantNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(sent_at=now)


def deliver_notification(notification_id: int, *, now: dt.datetime | None = None) -> bool:
    """Claim, send and record one message; True when this call sent it. Safe to run twice."""
    notification = claim(notification_id, now=now)
    if notification is None:
        return False
    try:
        provider_id = SENDERS[notification.channel](notification)
    except Exception as exc:
        attempts = notification.attempts
        wait = RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1]
        Notification.objects.filter(pk=notification.pk, state=DeliveryState.SENDING).update(
            state=DeliveryState.FAILED,
            lease_expires_at=None,
            next_attempt_at=timezone.now() + wait,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning("Notification %s attempt %s failed: %s", notification.pk, attempts, exc)
        return False
    sent_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        state=DeliveryState.SENT,
        sent_at=sent_at,
        lease_expires_at=None,
        next_attempt_at=None,
        provider_message_id=provider_id[:200],
        last_error="",
    )
    _finish_notice(notification.notice_id, sent_at)
    return True


def deliver_notice(*, notice_id: int) -> int:
    """Prepare and send every channel of one outbox notice; the number of messages sent now."""
    rows = prepare_notice(notice_id=notice_id)
    return sum(deliver_notification(row.pk) for row in rows if row.state != DeliveryState.SENT)


def notices_to_deliver(at: dt.datetime) -> QuerySet[ApplicantNotice]:
    """Recent unsent notices of a delivered kind with no rows yet, whose applicant is reachable."""
    return (
        ApplicantNotice.objects.filter(
            sent_at__isnull=True,
            kind__in=sorted(DELIVERED_NOTICES),
            created_at__gte=at - NOTICE_PICKUP_WINDOW,
        )
        .exclude(dossier__applicant_email="", dossier__applicant_phone="")
        .exclude(notifications__isnull=False)
        .order_by("created_at", "pk")
    )


def notifications_to_retry(at: dt.datetime) -> QuerySet[Notification]:
    """Rows that should be sent now: failed and due again, lease expired, or never started."""
    return Notification.objects.filter(_claimable(at)).order_by("created_at", "pk")


def overdue_event_key(dossier: Dossier) -> str:
    """One overdue-risk warning per dossier and appointment (a re-appointment warns again)."""
    due = dossier.due_at
    stamp = int(due.timestamp()) if due is not None else 0
    return f"overdue:{dossier.pk}:{stamp}"


def dossiers_at_overdue_risk(at: dt.datetime) -> list[Dossier]:
    """Open dossiers due within one working day of `at` whose applicant has not been warned."""
    calendar = deadline_services.current_calendar()
    one_day = dt.timedelta(microseconds=calendar.day_length_us)
    candidates = (
        Dossier.objects.filter(
            status__in=sorted(AWAITING_RESULT),
            due_at__gt=at,
            due_at__lte=at + OVERDUE_RISK_LOOKAHEAD,
        )
        .exclude(applicant_email="", applicant_phone="")
        .select_related("procedure_version")
        .order_by("due_at")
    )
    found = []
    for dossier in candidates:
        assert dossier.due_at is not None  # noqa: S101 - filtered above
        if calendar.working_time_between(at, dossier.due_at) > one_day:
            continue
        if Notification.objects.filter(event_key=overdue_event_key(dossier)).exists():
            continue
        found.append(dossier)
    return found


def warn_overdue_risk(*, dossier: Dossier) -> int:
    """Tell the applicant the appointment is near; the number of messages sent now."""
    rows = prepare_notifications(
        dossier=dossier, kind=MessageKind.OVERDUE_RISK, event_key=overdue_event_key(dossier)
    )
    return sum(deliver_notification(row.pk) for row in rows if row.state != DeliveryState.SENT)
