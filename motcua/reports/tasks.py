"""Background work of the reports app: folding journalled dossier changes into the tallies."""

from __future__ import annotations

from django.tasks import task

from motcua.reports.rollup import fold_journal


@task()
def fold_statistics() -> int:
    """Fold pending dossier changes into the statistics tallies; safe to run twice or at once.

    Reports are exact without it (they add pending changes themselves); folding keeps them fast.
    """
    return fold_journal()


# (interval in seconds, task): enqueued by `motcua scheduler`.
PERIODIC_TASKS = [(60, fold_statistics)]
