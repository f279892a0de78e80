"""The report page: form 07a on screen, each figure linking to a list of that many dossiers."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from motcua.agencies.models import Agency, Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.reports.rollup import fold_journal
from motcua.reports.tests.conftest import CONSTRUCTION, JUSTICE, MARCH

pytestmark = pytest.mark.django_db

URL = reverse("reports:report")
LINK = re.compile(r'<a href="([^"]+)" data-figure="(\d+)">')
COUNT = re.compile(r'data-count="(\d+)"')


def march_query(**extra: str) -> dict[str, str]:
    return {"ky": "custom", "tu": MARCH[0].isoformat(), "den": MARCH[1].isoformat(), **extra}


@pytest.fixture
def supervisor_client(client, centre: Agency):
    officer = OfficerFactory(agency=centre, roles=[Role.SUPERVISOR])
    client.force_login(officer.account)
    return client


def figure_links(page: str) -> list[tuple[str, int]]:
    return [(html.unescape(url), int(value)) for url, value in LINK.findall(page)]


@pytest.mark.parametrize("by", ["agency", "sector", "procedure"])
def test_each_figure_on_the_page_equals_the_count_of_the_list_it_links_to(
    supervisor_client, march, by
):
    fold_journal()
    page = supervisor_client.get(URL, march_query(nhom=by))
    assert page.status_code == 200
    links = figure_links(page.content.decode())
    # Two rows and the total, 13 counted columns each.
    assert len(links) == 3 * 13
    assert any(value > 0 for _, value in links)
    for url, value in links:
        listed = supervisor_client.get(url)
        assert listed.status_code == 200, url
        assert [int(n) for n in COUNT.findall(listed.content.decode())] == [value], url


def test_the_page_shows_the_figures_of_the_report(supervisor_client, march, justice):
    page = supervisor_client.get(URL, march_query()).content.decode()
    start = page.index(f'<th scope="row">{justice.name}</th>')
    justice_row = page[start : page.index("</tr>", start)]
    figures = [int(v) for v in re.findall(r'data-figure="(\d+)"', justice_row)]
    assert figures == [
        JUSTICE.to_handle,
        JUSTICE.carried_over,
        JUSTICE.received.online,
        JUSTICE.received.direct,
        JUSTICE.received.postal,
        JUSTICE.resolved.total,
        JUSTICE.resolved.early,
        JUSTICE.resolved.on_time,
        JUSTICE.resolved.overdue,
        JUSTICE.in_progress.total,
        JUSTICE.in_progress.within_time,
        JUSTICE.in_progress.overdue,
        JUSTICE.withdrawn_or_refused,
    ]
    assert "37.5" in justice_row  # 3 of 8 resolved early
    assert "Tổng cộng" in page
    total = (JUSTICE + CONSTRUCTION).to_handle
    assert f'data-figure="{total}"' in page


def test_htmx_gets_only_the_table(supervisor_client, march):
    response = supervisor_client.get(URL, march_query(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<table" in content
    assert "<form" not in content
    assert "<html" not in content


def test_without_parameters_the_page_shows_the_current_month(supervisor_client):
    response = supervisor_client.get(URL)
    assert response.status_code == 200
    assert "<table" in response.content.decode()


def test_a_period_with_no_dossiers_shows_zeros_and_empty_rates(supervisor_client, march):
    response = supervisor_client.get(URL, {"ky": "custom", "tu": "2020-01-01", "den": "2020-01-31"})
    assert response.status_code == 200
    content = response.content.decode()
    assert [int(v) for _, v in figure_links(content)] == [0] * 13
    assert "tỷ lệ để trống" in content


def test_an_official_quarter_uses_the_cut_off_on_the_14th(supervisor_client):
    response = supervisor_client.get(URL, {"ky": "quarter", "nam": "2025", "so": "1"})
    assert response.status_code == 200
    assert "15/12/2024" in response.content.decode()
    assert "14/03/2025" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ky": "custom", "tu": "2025-04-01", "den": "2025-03-01"}, "sau ngày kết thúc"),
        ({"ky": "custom", "tu": "2025-04-01"}, "Nhập cả ngày bắt đầu và ngày kết thúc"),
        ({"ky": "quarter", "nam": "2025", "so": "5"}, "Kỳ số 5"),
        (march_query(co_quan="000.99.99.H98"), "Không có cơ quan, đơn vị mã 000.99.99.H98"),
        (march_query(nhom="district"), "nhom"),
    ],
)
def test_bad_input_names_what_is_wrong(supervisor_client, query, message):
    response = supervisor_client.get(URL, query)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "pdf"])
def test_the_downloads_use_the_report_exporters(supervisor_client, march, fmt):
    response = supervisor_client.get(
        reverse("reports:report_download", args=[fmt]), march_query(nhom="sector")
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert f"20250301-20250331.{fmt}" in response["Content-Disposition"]
    body = response.content
    if fmt == "json":
        data = json.loads(body)
        assert data["from"] == "2025-03-01"
        assert data["total"]["received"]["total"] == 15
    elif fmt == "csv":
        assert body.decode("utf-8-sig").startswith("STT,Mã,Lĩnh vực")
    elif fmt == "xlsx":
        assert body[:2] == b"PK"
    else:
        assert body[:5] == b"%PDF-"


def test_an_unknown_download_format_is_not_found(supervisor_client):
    assert (
        supervisor_client.get(reverse("reports:report_download", args=["doc"])).status_code == 404
    )


def test_a_leader_sees_the_own_agency_and_cannot_ask_for_another(
    client, march, justice, construction
):
    officer = OfficerFactory(agency=justice, roles=[Role.LEADER])
    client.force_login(officer.account)
    page = client.get(URL, march_query()).content.decode()
    assert f'<th scope="row">{justice.name}</th>' in page
    assert construction.name not in page
    assert client.get(URL, march_query(co_quan=construction.code)).status_code == 403
    download = reverse("reports:report_download", args=["json"])
    assert client.get(download, march_query(co_quan=construction.code)).status_code == 403


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.SPECIALIST])
def test_desk_officers_and_specialists_are_refused(client, centre, role):
    client.force_login(OfficerFactory(agency=centre, roles=[role]).account)
    assert client.get(URL).status_code == 403
