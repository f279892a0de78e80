import datetime as dt

import pytest

from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.services import receive_at_counter, transfer
from motcua.dossiers.states import Status

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(clock, desk_officer, procedure, applicant, components):
    clock.set(dt.datetime(2023, 10, 27, 15, 30, tzinfo=VN))  # Friday, after the 15:00 cut-off
    return receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )


def test_a_transfer_by_the_next_working_morning_is_on_time(clock, received, desk_officer):
    clock.set(dt.datetime(2023, 10, 30, 8, 15, tzinfo=VN))
    moved = transfer(dossier=received, by=desk_officer)
    assert moved.status == Status.IN_PROGRESS
    assert moved.transferred_at == clock.now
    event = moved.events.latest("pk")
    assert event.data == {"to_agency": moved.competent_agency.code, "on_time": True}


def test_a_late_transfer_is_recorded_as_late(clock, received, desk_officer):
    clock.set(dt.datetime(2023, 10, 30, 14, 0, tzinfo=VN))
    moved = transfer(dossier=received, by=desk_officer)
    assert moved.events.latest("pk").data["on_time"] is False


def test_only_the_receiving_desk_transfers(received, specialist):
    with pytest.raises(PermissionDeniedError):
        transfer(dossier=received, by=specialist)
