"""The catalogue admin: national records read-only, local settings editable, in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.agencies.models import AgencyKind
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Procedure
from motcua.catalog.services.importer import import_files
from motcua.catalog.tests.portal_records import SHIPPED

pytestmark = pytest.mark.django_db


@pytest.fixture
def land_procedure() -> Procedure:
    import_files([SHIPPED / "1.115454.json", SHIPPED / "1.001686.json"])
    return Procedure.objects.get(code="1.115454")


def test_the_procedure_list_searches_names_without_diacritics(admin_client, land_procedure):
    url = reverse("admin:catalog_procedure_changelist")

    page = admin_client.get(url, {"q": "giay chung nhan quyen su dung dat"})

    assert page.status_code == 200
    body = page.content.decode()
    assert "1.115454" in body
    assert "1.001686" not in body
    assert "thủ tục hành chính" in body.lower()


def test_the_procedure_list_filters_by_level(admin_client, land_procedure):
    page = admin_client.get(reverse("admin:catalog_procedure_changelist"), {"cap": "commune"})
    body = page.content.decode()
    assert "1.115454" in body
    assert "1.001686" not in body


def test_local_settings_are_saved_through_the_form(admin_client, land_procedure):
    centre = AgencyFactory(centre=True, code="000.01.01.H22")
    department = AgencyFactory(code="000.00.10.H22", name="Sở Nông nghiệp và Môi trường")
    url = reverse("admin:catalog_procedure_change", args=[land_procedure.pk])

    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Thiết lập tại địa phương" in page.content.decode()
    assert "v1" in page.content.decode()

    response = admin_client.post(
        url,
        {
            "receiving_agencies": [centre.pk],
            "competent_agency": department.pk,
            "is_on_the_spot": "on",
            "cutoff_time": "15:00",
            "is_active": "on",
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    land_procedure.refresh_from_db()
    assert list(land_procedure.receiving_agencies.all()) == [centre]
    assert land_procedure.competent_agency == department
    assert land_procedure.is_on_the_spot
    assert land_procedure.cutoff_time == dt.time(15, 0)


def test_a_department_without_a_desk_cannot_receive_dossiers(admin_client, land_procedure):
    department = AgencyFactory(kind=AgencyKind.DEPARTMENT, name="Sở Tư pháp")
    url = reverse("admin:catalog_procedure_change", args=[land_procedure.pk])

    response = admin_client.post(
        url,
        {
            "receiving_agencies": [department.pk],
            "is_active": "on",
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "không có bộ phận một cửa nên không thể tiếp nhận hồ sơ" in response.content.decode()
    assert not land_procedure.receiving_agencies.exists()


def test_procedures_cannot_be_added_or_deleted_in_the_admin(admin_client, land_procedure):
    assert admin_client.get(reverse("admin:catalog_procedure_add")).status_code == 403
    delete = reverse("admin:catalog_procedure_delete", args=[land_procedure.pk])
    assert admin_client.get(delete).status_code == 403


def test_a_version_shows_its_methods_fees_cases_and_papers_read_only(admin_client, land_procedure):
    version = land_procedure.current_version
    assert version is not None
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])

    page = admin_client.get(url)

    assert page.status_code == 200
    body = page.content.decode()
    assert "Lệ phí: 500.000 đ" in body
    assert "1.115454.01" in body  # a case
    assert "Thành phần hồ sơ" in body or "thành phần hồ sơ" in body
    assert 'name="name"' not in body  # no editable inputs
    assert admin_client.post(url, {"name": "Sửa trái phép"}).status_code == 403
    version.refresh_from_db()
    assert version.name != "Sửa trái phép"


def test_every_catalogue_list_renders(admin_client, land_procedure):
    for name in ("procedure", "procedureversion", "sector"):
        page = admin_client.get(reverse(f"admin:catalog_{name}_changelist"))
        assert page.status_code == 200, name
