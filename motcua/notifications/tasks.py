"""Background work of notifications: officer alerts, and messages to applicants."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from motcua.notifications import delivery
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


@task()
def deliver_notice(notice_id: int) -> int:
    """Send an outbox notice to the applicant on every channel; safe to run twice."""
    return delivery.deliver_notice(notice_id=notice_id)


@task()
def deliver_dossier_notices(dossier_id: int) -> int:
    """Send the dossier's unsent outbox notices (enqueued after a status move commits)."""
    notices = delivery.notices_to_deliver(timezone.now()).filter(dossier_id=dossier_id)
    return sum(delivery.deliver_notice(notice_id=pk) for pk in notices.values_list("pk", flat=True))


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send one prepared message unless it is sent or held by another worker."""
    return delivery.deliver_notification(notification_id)


@task()
def sweep_applicant_messages() -> int:
    """Pick up notices nobody enqueued and retry failed or abandoned sends; safe to rerun."""
    now = timezone.now()
    count = 0
    for pk in delivery.notices_to_deliver(now).values_list("pk", flat=True)[:500]:
        deliver_notice.enqueue(notice_id=pk)
        count += 1
    for pk in delivery.notifications_to_retry(now).values_list("pk", flat=True)[:500]:
        deliver_notification.enqueue(notification_id=pk)
        count += 1
    return count


@task()
def warn_overdue_risks() -> int:
    """Warn applicants whose dossiers are due within one working day; safe to rerun."""
    return sum(
        delivery.warn_overdue_risk(dossier=d)
        for d in delivery.dossiers_at_overdue_risk(timezone.now())
    )


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [
    (600, escalate_unhandled_online_dossiers),
    (60, sweep_applicant_messages),
    (900, warn_overdue_risks),
]
