"""The organisation admin: agencies with validity, the succession action, officers with roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from motcua.agencies.models import Agency, AgencyKind, AgencyLevel, Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:agencies_agency_changelist"


def agency_form(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "000.00.17.H22",
        "name": "Sở Tư pháp",
        "kind": AgencyKind.DEPARTMENT,
        "level": AgencyLevel.PROVINCE,
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }
    data.update(values)
    return data


def test_the_agency_list_shows_validity_and_filters_dissolved_units(admin_client):
    AgencyFactory(code="000.00.40.H22", name="UBND huyện cũ", valid_to=dt.date(2025, 6, 30))
    AgencyFactory(code="H22.151", name="UBND xã mới", valid_from=dt.date(2025, 7, 1))

    dissolved = admin_client.get(reverse(CHANGELIST), {"hieu_luc": "het"}).content.decode()
    current = admin_client.get(reverse(CHANGELIST), {"hieu_luc": "con"}).content.decode()

    assert "UBND huyện cũ" in dissolved
    assert "UBND xã mới" not in dissolved
    assert "UBND xã mới" in current
    assert "hiệu lực" in current


def test_a_new_agency_gets_its_code_without_spaces(admin_client):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"), agency_form(code=" 000.00.17.H22 ")
    )
    assert response.status_code == 302
    assert Agency.objects.get().code == "000.00.17.H22"


def test_a_duplicate_code_is_refused_with_a_message(admin_client):
    AgencyFactory(code="000.00.17.H22")

    response = admin_client.post(reverse("admin:agencies_agency_add"), agency_form(name="Sở khác"))

    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert Agency.objects.count() == 1


def test_an_empty_name_is_refused(admin_client):
    response = admin_client.post(reverse("admin:agencies_agency_add"), agency_form(name="   "))
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not Agency.objects.exists()


def test_an_agency_cannot_sit_under_its_own_unit(admin_client):
    province = AgencyFactory(code="000.00.00.H22", name="UBND tỉnh")
    department = AgencyFactory(code="000.00.17.H22", parent=province)

    response = admin_client.post(
        reverse("admin:agencies_agency_change", args=[province.pk]),
        agency_form(code=province.code, name=province.name, parent=department.pk),
    )

    assert response.status_code == 200
    assert "không thể là chính nó hay đơn vị con của nó" in response.content.decode()
    province.refresh_from_db()
    assert province.parent is None


def test_the_succession_action_asks_then_closes_the_units_and_names_the_successor(admin_client):
    old = AgencyFactory(code="000.00.40.H22", name="UBND huyện Phú Lộc")
    new = AgencyFactory(code="H22.151", name="UBND xã Tân Phú", valid_from=dt.date(2025, 7, 1))
    selection = {"action": "succeed_selected", ACTION_CHECKBOX_NAME: [old.pk]}

    ask = admin_client.post(reverse(CHANGELIST), selection)
    assert ask.status_code == 200
    assert "Cơ quan kế thừa" in ask.content.decode()
    assert "UBND huyện Phú Lộc (000.00.40.H22)" in ask.content.decode()

    done = admin_client.post(
        reverse(CHANGELIST),
        {**selection, "apply": "1", "successor": new.pk, "on": "2025-07-01"},
        follow=True,
    )

    old.refresh_from_db()
    assert old.successor == new
    assert old.valid_to == dt.date(2025, 6, 30)
    assert "000.00.40.H22 hết hiệu lực từ 01/07/2025; H22.151 kế thừa" in done.content.decode()


def test_the_succession_action_reports_refusals_by_agency(admin_client):
    old = AgencyFactory(code="000.00.40.H22")
    first, second = AgencyFactory(code="H22.151"), AgencyFactory(code="H22.152")
    old.successor = first
    old.save()

    done = admin_client.post(
        reverse(CHANGELIST),
        {
            "action": "succeed_selected",
            ACTION_CHECKBOX_NAME: [old.pk],
            "apply": "1",
            "successor": second.pk,
            "on": "2025-07-01",
        },
        follow=True,
    )

    assert "000.00.40.H22: 000.00.40.H22 đã có cơ quan kế thừa." in done.content.decode()
    old.refresh_from_db()
    assert old.successor == first


def test_an_agency_cannot_be_chosen_as_its_own_successor(admin_client):
    old = AgencyFactory(code="000.00.40.H22")

    page = admin_client.post(
        reverse(CHANGELIST),
        {
            "action": "succeed_selected",
            ACTION_CHECKBOX_NAME: [old.pk],
            "apply": "1",
            "successor": old.pk,
            "on": "2025-07-01",
        },
    )

    assert page.status_code == 200  # the form again, with the error
    old.refresh_from_db()
    assert old.successor is None


def test_the_officer_list_shows_roles(admin_client):
    OfficerFactory(user__full_name="Nguyễn Thị Mai", roles=[Role.COUNTER_OFFICER, Role.LEADER])

    page = admin_client.get(reverse("admin:agencies_officer_changelist"))

    body = page.content.decode()
    assert "Nguyễn Thị Mai" in body
    assert "Cán bộ một cửa, Lãnh đạo (ký duyệt)" in body or (
        "Lãnh đạo (ký duyệt), Cán bộ một cửa" in body
    )
