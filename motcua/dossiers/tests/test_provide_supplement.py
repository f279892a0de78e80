import datetime as dt

import pytest

from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.models import ClockPause
from motcua.dossiers.services import (
    provide_supplement,
    receive_at_counter,
    request_supplement,
    transfer,
)
from motcua.dossiers.states import Status

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(clock, desk_officer, specialist, procedure, applicant, components):
    dossier = receive_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, components=components()
    )
    dossier = transfer(dossier=dossier, by=desk_officer)
    clock.set(dt.datetime(2023, 10, 30, 9, 0, tzinfo=VN))
    return request_supplement(
        dossier=dossier, by=specialist, missing=["Tờ khai"], reason="Tờ khai chưa ký"
    )


def test_the_clock_restarts_from_zero_with_the_full_period(clock, waiting, desk_officer):
    # Completed Wed 08/11/2023 14:00 → 5 working days from then: Wed 15/11/2023 17:00.
    clock.set(dt.datetime(2023, 11, 8, 14, 0, tzinfo=VN))
    dossier = provide_supplement(dossier=waiting, by=desk_officer, note="Đã nộp tờ khai có ký")
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.due_at == dt.datetime(2023, 11, 15, 17, 0, tzinfo=VN)
    assert "tính lại từ đầu" in dossier.due_explanation[0]
    pause = ClockPause.objects.get(dossier=dossier)
    assert pause.ended_at == clock.now
    assert dossier.missing_components == []


def test_the_competent_agency_does_not_take_supplements_outside_the_desk(waiting, specialist):
    with pytest.raises(PermissionDeniedError):
        provide_supplement(dossier=waiting, by=specialist)
