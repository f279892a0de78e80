"""Following the dossier lifecycle: after a status move commits, message the applicant."""

from __future__ import annotations

from typing import Final

from django.db import transaction

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import Actor
from motcua.dossiers.states import Status

# Moves whose use cases write a notice the applicant is messaged about (acceptance, online
# correction request, supplement request, result ready).
MESSAGING_MOVES: Final = frozenset(
    {
        Status.RECEIVED,
        Status.NEEDS_COMPLETION,
        Status.SUPPLEMENT_REQUESTED,
        Status.RESULT_READY,
    }
)


def message_applicant_after_move(dossier: Dossier, old: Status, new: Status, by: Actor) -> None:
    """Enqueue delivery of the notices the move's use case writes, once its transaction commits.

    Notices written without a status move (counter intake, re-appointment) are picked up by the
    periodic sweep within a minute.
    """
    if new not in MESSAGING_MOVES:
        return
    from motcua.notifications.tasks import deliver_dossier_notices

    dossier_id = dossier.pk
    transaction.on_commit(lambda: deliver_dossier_notices.enqueue(dossier_id=dossier_id))
