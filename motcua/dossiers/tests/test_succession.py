import datetime as dt

import pytest

from motcua.agencies.services import succeed_agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.dossiers.models import EventAction
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_open_dossiers_follow_the_successor_and_closed_ones_stay():
    old, new = AgencyFactory(), AgencyFactory()
    open_dossier = DossierFactory(status=Status.IN_PROGRESS, competent_agency=old)
    closed = DossierFactory(status=Status.RETURNED, competent_agency=old)
    moved = succeed_agency(agency=old, successor=new, on=dt.date(2025, 7, 1))
    assert moved["dossiers"] == 1
    open_dossier.refresh_from_db()
    closed.refresh_from_db()
    assert open_dossier.competent_agency == new
    assert open_dossier.version == 2
    assert closed.competent_agency == old
    event = open_dossier.events.latest("pk")
    assert event.action == EventAction.AGENCY_SUCCEEDED
    assert event.data["to"] == new.code
