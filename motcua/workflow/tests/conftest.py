"""Fixtures of the workflow tests: the dossier tests' desk, department and clock, plus officers."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.dossiers.states import Status
from motcua.dossiers.tests.conftest import *  # noqa: F403 (the dossier tests' fixtures)
from motcua.dossiers.tests.conftest import VN, _fresh_catalogues  # noqa: F401
from motcua.dossiers.tests.factories import DossierFactory


@pytest.fixture(name="specialist")
def specialist_only(department):
    """A specialist without the head's role (the dossier tests' one holds both)."""
    return OfficerFactory(agency=department, roles=[Role.SPECIALIST])


@pytest.fixture
def head(department):
    return OfficerFactory(agency=department, roles=[Role.HEAD_OF_UNIT])


@pytest.fixture
def leader(department):
    return OfficerFactory(agency=department, roles=[Role.LEADER])


@pytest.fixture
def other_department():
    return AgencyFactory(code="000.00.13.H56", name="Sở Tài chính")


@pytest.fixture
def received(clock, centre, department, procedure):
    """A dossier received at the desk now (Fri 27/10/2023 09:32), due Fri 03/11/2023 17:00."""
    return DossierFactory(
        status=Status.RECEIVED,
        procedure=procedure,
        receiving_agency=centre,
        competent_agency=department,
        due_at=dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN),
    )
