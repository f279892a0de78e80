import pytest

from motcua.agencies.tests.factories import UserFactory

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_dossier_and_its_history_read_only(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    dossier = DossierFactory()
    assert client.get("/admin/dossiers/dossier/").status_code == 200
    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/")
    assert page.status_code == 200
    assert dossier.code.encode() in page.content
    assert client.get("/admin/dossiers/dossier/add/").status_code == 403
    assert client.get(f"/admin/dossiers/dossier/{dossier.pk}/delete/").status_code == 403
    assert client.get("/admin/dossiers/applicant/").status_code == 200
