"""The QĐ 766 index page of the back office and the public transparency page."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.reports.tests.conftest import MARCH

pytestmark = pytest.mark.django_db

INDEX = reverse("reports:index")
PUBLIC = reverse("portal:transparency")
ROW = re.compile(
    r'<tr data-indicator="([\d.]+)">.*?<td class="number">(\d+)</td>\s*'
    r'<td class="number">(\d+)</td>\s*<td class="number">([^<]+)</td>\s*'
    r'<td class="number">([^<]+)</td>',
    re.DOTALL,
)


def march_query(**extra: str) -> dict[str, str]:
    return {"ky": "custom", "tu": MARCH[0].isoformat(), "den": MARCH[1].isoformat(), **extra}


def indicator_rows(page: str) -> dict[str, tuple[int, int, str, str]]:
    return {m[0]: (int(m[1]), int(m[2]), m[3], m[4]) for m in ROW.findall(page)}


def test_the_index_page_shows_each_indicator_with_numerator_and_denominator(
    client, march, centre, justice
):
    client.force_login(OfficerFactory(agency=centre, roles=[Role.SUPERVISOR]).account)
    response = client.get(INDEX, march_query(co_quan=justice.code))
    assert response.status_code == 200
    rows = indicator_rows(response.content.decode())
    assert set(rows) == {"2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4"}
    # Justice, March: 3 early + 3 on time of 8 resolved, 5 of 7 open within time.
    assert rows["2.1"][:2] == (3 + 3 + 5, 8 + 7)
    assert rows["3.3"][:2] == (1, 12)
    assert rows["3.6"] == (0, 0, "–", "–")


def test_the_index_page_refuses_what_a_leader_may_not_see(client, march, justice, construction):
    client.force_login(OfficerFactory(agency=justice, roles=[Role.LEADER]).account)
    assert client.get(INDEX, march_query()).status_code == 200
    assert client.get(INDEX, march_query(co_quan=construction.code)).status_code == 403


def test_the_index_page_names_bad_input(client, centre):
    client.force_login(OfficerFactory(agency=centre, roles=[Role.ADMINISTRATOR]).account)
    response = client.get(INDEX, {"ky": "custom", "tu": "2025-03-31", "den": "2025-03-01"})
    assert response.status_code == 400
    assert "sau ngày kết thúc" in html.unescape(response.content.decode())


def test_the_transparency_page_is_public_and_has_the_figures_and_the_index(client, march):
    response = client.get(PUBLIC, march_query())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổng cộng" in page
    assert set(indicator_rows(page)) == {"2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4"}
    assert reverse("reports:cell_list") not in page
    assert "/backoffice/" not in page


def test_the_transparency_page_shows_no_personal_data(client, march):
    page = client.get(PUBLIC, march_query(nhom="sector")).content.decode()
    for dossier in march.values():
        assert dossier.applicant_name not in page
        assert dossier.applicant_id_no not in page
        if dossier.applicant_phone:
            assert dossier.applicant_phone not in page
        if dossier.code:
            assert dossier.code not in page


def test_the_transparency_page_offers_no_count_of_the_dossier_table(client, march):
    response = client.get(PUBLIC, march_query(nhom="procedure"))
    assert response.status_code == 400


def test_the_transparency_page_answers_an_unknown_agency_and_an_empty_period(client, march):
    unknown = client.get(PUBLIC, march_query(co_quan="XYZ"))
    assert unknown.status_code == 400
    assert "Không có cơ quan, đơn vị mã XYZ" in html.unescape(unknown.content.decode())
    empty = client.get(PUBLIC, {"ky": "custom", "tu": "2020-01-01", "den": "2020-01-31"})
    assert empty.status_code == 200
    assert "Kỳ này không có hồ sơ để tính chỉ số" in empty.content.decode()
