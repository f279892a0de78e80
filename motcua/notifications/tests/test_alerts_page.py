"""The officer's alerts page: own alerts only, newest first, marked read one by one or all."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.dossiers.tests.factories import DossierFactory
from motcua.notifications.models import AlertKind, OfficerAlert
from motcua.notifications.services import mark_alerts_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return OfficerFactory(agency=AgencyFactory(centre=True), roles=[Role.COUNTER_OFFICER])


def _alert(officer, kind=AlertKind.NEW_ONLINE):
    dossier = DossierFactory(receiving_agency=officer.agency)
    return OfficerAlert.objects.create(officer=officer, dossier=dossier, kind=kind)


def test_an_officer_sees_their_own_alerts_with_links_to_the_dossiers(desk):
    mine = _alert(desk)
    theirs = _alert(OfficerFactory(agency=desk.agency))
    client = Client()
    client.force_login(desk.user)

    page = client.get("/backoffice/canh-bao/").content.decode()

    assert f'href="/backoffice/ho-so/{mine.dossier_id}/"' in page
    assert str(mine.dossier.code) in page
    assert "Hồ sơ trực tuyến mới cần tiếp nhận" in page
    assert str(theirs.dossier.code) not in page
    assert "1 cảnh báo chưa xem" in page


def test_marking_read_touches_only_the_officers_own_alerts(desk):
    first = _alert(desk)
    second = _alert(desk, AlertKind.ESCALATED)
    other = _alert(OfficerFactory(agency=desk.agency))
    client = Client()
    client.force_login(desk.user)

    client.post("/backoffice/canh-bao/", {"alert": str(first.pk)})
    client.post("/backoffice/canh-bao/", {"alert": str(other.pk)})

    first.refresh_from_db()
    second.refresh_from_db()
    other.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert other.read_at is None
    unread = client.get("/backoffice/canh-bao/?chua-xem=1").content.decode()
    assert str(second.dossier.code) in unread
    assert str(first.dossier.code) not in unread
    client.post("/backoffice/canh-bao/", {"alert": "all"})
    assert OfficerAlert.objects.filter(officer=desk, read_at__isnull=True).count() == 0
    assert mark_alerts_read(officer=desk) == 0


def test_a_bad_choice_is_refused_and_a_citizen_may_not_open_the_page(desk):
    _alert(desk)
    client = Client()
    client.force_login(desk.user)

    response = client.post("/backoffice/canh-bao/", {"alert": "x"}, follow=True)

    assert "Chưa chọn cảnh báo" in response.content.decode()
    assert OfficerAlert.objects.filter(read_at__isnull=True).count() == 1
    citizen = Client()
    citizen.force_login(UserFactory())
    assert citizen.get("/backoffice/canh-bao/").status_code == 403
    assert Client().get("/backoffice/canh-bao/").status_code == 302
