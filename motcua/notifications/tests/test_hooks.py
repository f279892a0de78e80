import pytest

from motcua.dossiers.services.lifecycle import MOVE_OBSERVERS
from motcua.dossiers.states import Status
from motcua.notifications.hooks import message_applicant_after_move

pytestmark = pytest.mark.django_db


def test_the_hook_follows_every_dossier_move():
    assert message_applicant_after_move in MOVE_OBSERVERS


@pytest.mark.parametrize(
    ("new", "enqueued"),
    [
        (Status.RECEIVED, 1),
        (Status.NEEDS_COMPLETION, 1),
        (Status.SUPPLEMENT_REQUESTED, 1),
        (Status.RESULT_READY, 1),
        (Status.IN_PROGRESS, 0),
        (Status.RETURNED, 0),
    ],
)
def test_only_moves_that_write_a_message_enqueue_a_delivery(
    dossier, new, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        message_applicant_after_move(dossier, Status.IN_PROGRESS, new, None)
    assert len(callbacks) == enqueued
