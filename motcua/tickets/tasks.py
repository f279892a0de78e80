"""Background work of the queue: closing the tickets left open on earlier days."""

from __future__ import annotations

from django.tasks import task

from motcua.tickets.services import close_earlier_days


@task()
def close_yesterdays_queue() -> int:
    """Mark earlier days' unserved tickets as no-shows; safe to run twice. Returns how many."""
    closed = close_earlier_days()
    return closed.no_show + closed.closed_in_service


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [(3600, close_yesterdays_queue)]
