"""Fixtures of the queue tests: a centre with two areas, two counters and their officers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.agencies.models import Agency, Officer, Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.tickets import views
from motcua.tickets.models import Counter, ServiceArea
from motcua.tickets.tests.factories import CounterFactory, ServiceAreaFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def no_shared_board_render() -> None:
    """Each test starts without a board rendered by an earlier one (they share centre codes)."""
    views._board_renders.clear()


class Clock:
    """A settable `timezone.now()`."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Monday 23/11/2026 08:00 +07:00; tests move it."""
    fake = Clock(dt.datetime(2026, 11, 23, 8, 0, tzinfo=VN))
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def centre() -> Agency:
    return AgencyFactory(code="000.01.01.H22", centre=True)


@pytest.fixture
def land(centre: Agency) -> ServiceArea:
    return ServiceAreaFactory(agency=centre, name="Đất đai – Môi trường", prefix="A", position=1)


@pytest.fixture
def justice(centre: Agency) -> ServiceArea:
    return ServiceAreaFactory(agency=centre, name="Tư pháp – Hộ tịch", prefix="B", position=2)


@pytest.fixture
def officer(centre: Agency) -> Officer:
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])


@pytest.fixture
def other_officer(centre: Agency) -> Officer:
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])


@pytest.fixture
def counter(centre: Agency, land: ServiceArea, justice: ServiceArea, officer: Officer) -> Counter:
    """Counter 5: land first, then justice; the officer sits there."""
    return CounterFactory(agency=centre, number=5, serves=[land, justice], officer=officer)


@pytest.fixture
def other_counter(centre: Agency, justice: ServiceArea, other_officer: Officer) -> Counter:
    """Counter 3: justice only."""
    return CounterFactory(agency=centre, number=3, serves=[justice], officer=other_officer)
