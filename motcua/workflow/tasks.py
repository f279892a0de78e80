"""Background work of the workflow app: escalating consultations answered late."""

from __future__ import annotations

from django.tasks import task

from motcua.workflow.services.consultations import escalate_late_consultations


@task()
def escalate_consultations() -> int:
    """Report overdue, unanswered consultations to the asking unit's heads; safe to run twice."""
    return escalate_late_consultations()


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [(900, escalate_consultations)]
