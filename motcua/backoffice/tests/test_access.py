import pytest
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.dossiers.tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_agency_dossier():
    return DossierFactory(receiving_agency=AgencyFactory(centre=True, code="000.00.17.H22"))


def dossier_pages(dossier):
    return [
        reverse("backoffice:dossier", args=[dossier.pk]),
        reverse("backoffice:dossier_paper", args=[dossier.pk, "receipt"]),
        reverse("backoffice:dossier_file", args=[dossier.pk, 1]),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/",
        "/backoffice/tiep-nhan/",
        "/backoffice/tiep-nhan/1.001193/",
        "/backoffice/ho-so/",
        "/backoffice/ho-so/1/",
        "/backoffice/ho-so/1/phieu/receipt/",
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_a_citizen_account_may_not_use_the_officer_pages(client):
    client.force_login(UserFactory())
    assert client.get("/backoffice/ho-so/").status_code == 403


def test_only_counter_officers_receive_dossiers(client, specialist):
    client.force_login(specialist.account)
    assert client.get("/backoffice/tiep-nhan/").status_code == 403
    assert client.get("/backoffice/ho-so/").status_code == 200


def test_an_officer_cannot_open_another_agencys_dossier(desk_client, other_agency_dossier):
    for url in dossier_pages(other_agency_dossier):
        assert desk_client.get(url).status_code == 404, url
    transfer = reverse("backoffice:dossier_action", args=[other_agency_dossier.pk, "chuyen-xu-ly"])
    assert desk_client.post(transfer, {"version": 1}).status_code == 404
    other_agency_dossier.refresh_from_db()
    assert other_agency_dossier.status == "received"


def test_another_agencys_dossiers_are_not_listed(desk_client, other_agency_dossier, centre):
    mine = DossierFactory(receiving_agency=centre)
    html = desk_client.get("/backoffice/ho-so/").content.decode()
    assert mine.code in html
    assert other_agency_dossier.code not in html


def test_the_competent_department_sees_the_dossier_it_must_decide(client, centre, department):
    dossier = DossierFactory(receiving_agency=centre, competent_agency=department)
    officer = OfficerFactory(agency=department, roles=[Role.SPECIALIST])
    client.force_login(officer.account)
    assert client.get(reverse("backoffice:dossier", args=[dossier.pk])).status_code == 200


def test_overseers_open_the_dossiers_of_the_agencies_under_them(client):
    """The lists behind the statistics link to dossiers of sub-units: their overseers open them."""
    people = AgencyFactory(code="000.00.00.H22", name="UBND tỉnh")
    department = AgencyFactory(code="000.00.10.H22", parent=people)
    sub_unit = AgencyFactory(code="000.10.10.H22", parent=department)
    sibling = AgencyFactory(code="000.00.11.H22", parent=people)
    commune = AgencyFactory(commune=True, code="000.00.31.H22", parent=people)
    dossier = DossierFactory(receiving_agency=sub_unit, competent_agency=sub_unit)
    commune_dossier = DossierFactory(receiving_agency=commune, competent_agency=commune)
    page = reverse("backoffice:dossier", args=[dossier.pk])
    commune_page = reverse("backoffice:dossier", args=[commune_dossier.pk])

    def status(agency, role, url):
        client.force_login(OfficerFactory(agency=agency, roles=[role]).account)
        return client.get(url).status_code

    assert status(department, Role.LEADER, page) == 200
    assert status(department, Role.HEAD_OF_UNIT, page) == 200
    assert status(people, Role.SUPERVISOR, page) == 200  # the province's supervisor
    assert status(people, Role.SUPERVISOR, commune_page) == 200
    assert status(commune, Role.SUPERVISOR, commune_page) == 200  # the commune's own supervisor
    assert status(commune, Role.SUPERVISOR, page) == 404  # … not the province's departments
    assert status(sibling, Role.LEADER, page) == 404  # a leader of another department
    assert status(department, Role.SPECIALIST, page) == 404  # no oversight role
