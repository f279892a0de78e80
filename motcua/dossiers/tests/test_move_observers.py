import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.models import EventAction
from motcua.dossiers.policies import is_delegated_on_the_spot, require_processing_officer
from motcua.dossiers.services import lifecycle, transfer
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_observers_see_every_move_inside_its_transaction(clock, desk_officer, monkeypatch):
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        lifecycle,
        "MOVE_OBSERVERS",
        [lambda dossier, old, new, by: seen.append((dossier.code, old.value, new.value))],
    )
    dossier = DossierFactory(receiving_agency=desk_officer.agency)
    transfer(dossier=dossier, by=desk_officer)
    assert seen == [(dossier.code, Status.RECEIVED.value, Status.IN_PROGRESS.value)]


def test_a_failing_observer_undoes_the_move(clock, desk_officer, monkeypatch):
    def refuse(*args: object) -> None:
        raise PermissionDeniedError("không")

    monkeypatch.setattr(lifecycle, "MOVE_OBSERVERS", [refuse])
    dossier = DossierFactory(receiving_agency=desk_officer.agency)
    events_before = dossier.events.count()
    with pytest.raises(PermissionDeniedError):
        lifecycle.move(dossier, to=Status.IN_PROGRESS, by=None, action=EventAction.TRANSFERRED)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.events.count() == events_before


def test_only_an_authorised_counter_officer_decides_on_the_spot(centre):
    dossier = DossierFactory(receiving_agency=centre, procedure__is_on_the_spot=True)
    authorised = OfficerFactory(
        agency=centre, roles=[Role.COUNTER_OFFICER], can_decide_on_spot=True
    )
    plain = OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])
    assert is_delegated_on_the_spot(authorised, dossier)
    assert require_processing_officer(authorised, dossier, doing="phê duyệt") == authorised
    assert not is_delegated_on_the_spot(plain, dossier)
    with pytest.raises(PermissionDeniedError):
        require_processing_officer(plain, dossier, doing="phê duyệt")


def test_no_delegation_for_procedures_not_flagged_on_the_spot(centre):
    dossier = DossierFactory(receiving_agency=centre, procedure__is_on_the_spot=False)
    authorised = OfficerFactory(
        agency=centre, roles=[Role.COUNTER_OFFICER], can_decide_on_spot=True
    )
    with pytest.raises(PermissionDeniedError):
        require_processing_officer(authorised, dossier, doing="phê duyệt")
