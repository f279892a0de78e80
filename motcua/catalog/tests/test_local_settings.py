"""Local settings of a procedure and what happens to them when an agency is succeeded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.agencies.services import succeed_agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.services.local_settings import configure_procedure
from motcua.catalog.tests.factories import ProcedureFactory
from motcua.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_configuring_twice_with_the_same_settings_changes_nothing():
    centre = AgencyFactory(centre=True)
    department = AgencyFactory()
    procedure = ProcedureFactory()
    settings: dict[str, Any] = {
        "receiving_agencies": [centre],
        "competent_agency": department,
        "is_on_the_spot": True,
        "cutoff_time": dt.time(15),
    }
    configure_procedure(procedure=procedure, **settings)
    procedure.refresh_from_db()
    stamp = procedure.updated_at

    configure_procedure(procedure=procedure, **settings)

    procedure.refresh_from_db()
    assert procedure.updated_at == stamp
    assert procedure.competent_agency == department
    assert list(procedure.receiving_agencies.all()) == [centre]


@pytest.mark.parametrize(
    ("kind_of_problem", "message"),
    [
        ("department_receives", "không có bộ phận một cửa"),
        ("dissolved_competent", "đã hết hiệu lực"),
        ("cutoff_at_night", "06:00–20:00"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(kind_of_problem, message):
    procedure = ProcedureFactory(code="1.000001")
    receiving = [AgencyFactory(centre=True)]
    competent = AgencyFactory()
    cutoff = dt.time(15)
    if kind_of_problem == "department_receives":
        receiving = [AgencyFactory()]
    elif kind_of_problem == "dissolved_competent":
        competent = AgencyFactory(valid_to=dt.date(2025, 6, 30))
    else:
        cutoff = dt.time(23)

    with pytest.raises(DomainError, match=message) as error:
        configure_procedure(
            procedure=procedure,
            receiving_agencies=receiving,
            competent_agency=competent,
            is_on_the_spot=False,
            cutoff_time=cutoff,
        )
    assert error.value.message.startswith("1.000001: ")
    procedure.refresh_from_db()
    assert procedure.competent_agency is None


def test_a_succeeded_agency_hands_its_procedures_to_the_successor():
    old_point = AgencyFactory(centre=True, code="000.40.00.H22")
    new_point = AgencyFactory(centre=True, code="H22.151.01")
    old_department = AgencyFactory(code="000.00.07.H22")
    new_department = AgencyFactory(code="H22.07")
    other_centre = AgencyFactory(centre=True)
    procedure = ProcedureFactory()
    configure_procedure(
        procedure=procedure,
        receiving_agencies=[old_point, other_centre],
        competent_agency=old_department,
        is_on_the_spot=False,
        cutoff_time=None,
    )

    moved = succeed_agency(agency=old_point, successor=new_point, on=dt.date(2025, 7, 1))
    moved_department = succeed_agency(
        agency=old_department, successor=new_department, on=dt.date(2025, 7, 1)
    )

    procedure.refresh_from_db()
    assert set(procedure.receiving_agencies.all()) == {new_point, other_centre}
    assert procedure.competent_agency == new_department
    assert moved["procedures_received"] == 1
    assert moved_department["procedures_decided"] == 1
