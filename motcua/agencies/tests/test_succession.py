import datetime as dt

import pytest

from motcua.agencies.models import Role
from motcua.agencies.services import OPEN_WORK_MOVERS, succeed_agency
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_succession_closes_the_old_unit_and_points_to_the_new_one():
    # given
    old = AgencyFactory(code="000.00.17.H22", valid_from=dt.date(2020, 1, 1))
    new = AgencyFactory(code="H22.17", valid_from=dt.date(2025, 7, 1))
    # when
    succeed_agency(agency=old, successor=new, on=dt.date(2025, 7, 1))
    # then
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 6, 30)
    assert old.current() == new
    assert not old.is_valid_on(dt.date(2025, 7, 1))
    assert old.is_valid_on(dt.date(2025, 6, 30))


def test_succession_runs_every_registered_mover_in_the_transaction():
    old, new = AgencyFactory(), AgencyFactory()
    calls = []

    def mover(a, b):
        calls.append((a.code, b.code))
        return {"things": 3}

    OPEN_WORK_MOVERS.append(mover)
    try:
        moved = succeed_agency(agency=old, successor=new, on=dt.date(2025, 7, 1))
    finally:
        OPEN_WORK_MOVERS.remove(mover)
    assert calls == [(old.code, new.code)]
    assert moved["things"] == 3


def test_an_agency_cannot_succeed_itself_or_loop():
    a, b = AgencyFactory(), AgencyFactory()
    with pytest.raises(DomainError):
        succeed_agency(agency=a, successor=a, on=dt.date(2025, 7, 1))
    succeed_agency(agency=a, successor=b, on=dt.date(2025, 7, 1))
    with pytest.raises(DomainError, match="vòng tròn"):
        succeed_agency(agency=b, successor=a, on=dt.date(2025, 7, 2))


def test_officer_roles():
    officer = OfficerFactory(roles=[Role.COUNTER_OFFICER, Role.LEADER])
    assert officer.has_role(Role.LEADER)
    assert not officer.has_role(Role.SPECIALIST)
