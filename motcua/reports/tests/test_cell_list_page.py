"""The back-office list behind a figure: what it shows and who may open it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from motcua.agencies.models import Agency, Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.reports.access import statistics_scope
from motcua.reports.tests.conftest import MARCH, vn

pytestmark = pytest.mark.django_db

URL = reverse("reports:cell_list")


def march_query(cell: str, **extra: str) -> dict[str, str]:
    return {"tu": MARCH[0].isoformat(), "den": MARCH[1].isoformat(), "chi_tieu": cell, **extra}


def login(client, agency: Agency, *roles: Role):
    officer = OfficerFactory(agency=agency, roles=list(roles))
    client.force_login(officer.account)
    return officer


def test_the_list_shows_the_dossiers_of_the_figure_with_links(client, march, centre, justice):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, march_query("resolved.overdue", nhom="agency", khoa=justice.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="2"' in html
    for name in ("overdue_at_0000_next_day",):
        dossier = march[name]
        assert reverse("backoffice:dossier", args=[dossier.pk]) in html
        assert dossier.applicant_name in html
    assert reverse("backoffice:dossier", args=[march["withdrawn"].pk]) not in html


def test_the_to_handle_list_is_carried_over_plus_received(client, march, centre):
    login(client, centre, Role.ADMINISTRATOR)
    response = client.get(URL, march_query("to_handle"))
    assert response.status_code == 200
    assert 'data-count="20"' in response.content.decode()  # 5 + 12 + 0 + 3


def test_an_empty_sector_key_lists_the_dossiers_without_a_sector(client, march, centre):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, march_query("received.total", nhom="sector", khoa=""))
    assert response.status_code == 200
    assert 'data-count="0"' in response.content.decode()


def test_the_list_pages_through_many_dossiers(client, make_dossier, justice, civil_status, centre):
    for day in range(1, 29):
        for hour in (8, 9):
            make_dossier(agency=justice, procedure=civil_status, accepted_at=vn(2025, 3, day, hour))
    login(client, centre, Role.SUPERVISOR)
    first = client.get(URL, march_query("received.total"))
    assert 'data-count="56"' in first.content.decode()
    assert "trang=2" in first.content.decode()
    second = client.get(URL, {**march_query("received.total"), "trang": "2"})
    assert second.status_code == 200
    assert len(re.findall(r'href="/backoffice/ho-so/\d+/"', second.content.decode())) == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tu": "2025-04-01", "den": "2025-03-01", "chi_tieu": "received.total"}, "sau ngày"),
        ({"tu": "2025-03-01", "den": "2025-03-31", "chi_tieu": "nope"}, "chi_tieu"),
        (
            {"tu": "2025-03-01", "den": "2025-03-31", "chi_tieu": "received.total", "nhom": "x"},
            "nhom",
        ),
        (
            {"tu": "2025-03-01", "den": "2025-03-31", "chi_tieu": "received.total", "co_quan": "Z"},
            "Không có cơ quan, đơn vị mã Z",
        ),
        ({"den": "2025-03-31", "chi_tieu": "received.total"}, "tu"),
    ],
)
def test_bad_input_is_answered_with_what_is_wrong(client, centre, query, message):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


# --- who may open the lists -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL, march_query("received.total"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.SPECIALIST])
def test_officers_who_do_not_oversee_work_are_refused(client, centre, role):
    login(client, centre, role)
    assert client.get(URL, march_query("received.total")).status_code == 403


def test_a_citizen_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(URL, march_query("received.total")).status_code == 403


def test_a_leader_sees_only_the_own_agency_subtree(client, march, justice, construction):
    login(client, justice, Role.LEADER)
    own = client.get(URL, march_query("received.total"))
    assert own.status_code == 200
    assert 'data-count="12"' in own.content.decode()  # only Justice's, not Construction's 3
    other_link = reverse("backoffice:dossier", args=[march["c_online_open_overdue"].pk])
    assert other_link not in own.content.decode()
    other = client.get(URL, march_query("received.total", co_quan=construction.code))
    assert other.status_code == 403


def test_a_head_of_unit_may_narrow_to_a_unit_below(client, justice, province):
    unit = AgencyFactory(code="000.12.01.H98", parent=justice)
    login(client, justice, Role.HEAD_OF_UNIT)
    assert client.get(URL, march_query("received.total", co_quan=unit.code)).status_code == 200
    assert client.get(URL, march_query("received.total", co_quan=province.code)).status_code == 403


def test_a_provincial_supervisor_and_an_administrator_see_the_whole_province(
    centre, justice, construction
):
    for role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        scope = statistics_scope(OfficerFactory(agency=centre, roles=[role]))
        assert scope.root is None
        assert scope.covers(construction)
        assert scope.covers(None)


def test_a_commune_supervisor_oversees_the_commune_only(province, justice):
    commune = AgencyFactory(code="H98.101", commune=True, parent=province)
    commune_centre = AgencyFactory(code="H98.101.01", commune=True, parent=commune)
    point = AgencyFactory(code="H98.101.02", commune=True, parent=commune)
    scope = statistics_scope(OfficerFactory(agency=commune_centre, roles=[Role.SUPERVISOR]))
    assert scope.root == commune
    assert scope.covers(point)
    assert scope.covers(commune_centre)
    assert not scope.covers(justice)
    assert not scope.covers(None)


def test_a_leader_without_an_agency_filter_gets_the_own_agency(client, march, justice):
    officer = login(client, justice, Role.LEADER)
    scope = statistics_scope(officer)
    assert scope.narrow(None) == justice
