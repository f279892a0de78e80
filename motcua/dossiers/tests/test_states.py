import itertools

import pytest

from motcua.accounts.models import UserKind
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.errors import StaleDossierError, TransitionNotAllowed
from motcua.dossiers.models import DossierEvent, EventAction
from motcua.dossiers.services import move
from motcua.dossiers.states import (
    ALLOWED,
    ENDS_PROCESSING,
    FINAL,
    INITIAL,
    NATIONAL_CODE,
    Status,
    national_code,
    statuses_for_national_code,
)

from .factories import DossierFactory

PAIRS = list(itertools.product(Status, Status))


def test_every_status_maps_to_exactly_one_national_code_and_every_code_is_used():
    assert set(NATIONAL_CODE) == set(Status)
    assert all(1 <= code <= 10 for code in NATIONAL_CODE.values())
    assert {national_code(s) for s in Status} == set(range(1, 11))
    assert statuses_for_national_code(8) == {Status.STOPPED, Status.CLOSED_UNANSWERED}


def test_the_table_covers_every_status_and_final_states_end_processing():
    assert set(ALLOWED) == set(Status)
    assert FINAL <= ENDS_PROCESSING
    assert {Status.SUBMITTED, Status.RECEIVED} <= set(INITIAL)
    # Every status is reachable from a starting status.
    reached = set(INITIAL)
    frontier = list(INITIAL)
    while frontier:
        for target in ALLOWED[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(Status)


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_move_obeys_the_table_for_every_pair(current, target):
    # given
    dossier = DossierFactory(status=current)
    version = dossier.version
    # when / then
    if target in ALLOWED[current]:
        moved = move(dossier, to=target, by=None, action=EventAction.RECEIVED, note="thử")
        moved.refresh_from_db()
        assert moved.status == target
        assert moved.version == version + 1
        event = moved.events.latest("pk")
        assert (event.from_status, event.to_status, event.note) == (current, target, "thử")
        assert (moved.finished_at is not None) == (target in ENDS_PROCESSING)
    else:
        with pytest.raises(TransitionNotAllowed) as caught:
            move(dossier, to=target, by=None, action=EventAction.RECEIVED)
        assert caught.value.http_status == 409
        assert str(caught.value.code) == "transition_not_allowed"
        assert str(current.label) in caught.value.message
        dossier.refresh_from_db()
        assert dossier.status == current
        assert dossier.version == version


@pytest.mark.django_db
def test_a_refused_move_says_who_changed_the_dossier_last():
    officer = OfficerFactory(user__full_name="Lê Thị Bình", user__kind=UserKind.OFFICER)
    dossier = DossierFactory(status=Status.SUBMITTED)
    move(dossier, to=Status.RECEIVED, by=officer, action=EventAction.RECEIVED)
    with pytest.raises(TransitionNotAllowed, match="Lê Thị Bình cập nhật lúc"):
        move(dossier, to=Status.RECEIVED, by=officer, action=EventAction.RECEIVED)


@pytest.mark.django_db
def test_a_stale_form_is_refused_even_when_the_move_is_allowed():
    dossier = DossierFactory(status=Status.IN_PROGRESS)
    seen = dossier.version
    move(dossier, to=Status.AWAITING_PAYMENT, by=None, action=EventAction.PAYMENT_REQUESTED)
    with pytest.raises(StaleDossierError, match="tải lại trang"):
        move(
            dossier,
            to=Status.RESULT_READY,
            by=None,
            action=EventAction.RESULT_READY,
            expected_version=seen,
        )
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2
