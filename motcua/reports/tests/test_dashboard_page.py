"""The dashboard page: who may open it, its panels, and every figure leads to as many dossiers."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Agency, Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.states import Status
from motcua.dossiers.tests.conftest import CALENDAR
from motcua.reports.tests.conftest import vn
from motcua.tickets.models import TicketStatus
from motcua.tickets.tests.factories import CounterFactory, ServiceAreaFactory, TicketFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
LIST_URL = reverse("reports:dashboard_dossiers")
NOW = vn(2025, 3, 20, 10)
FIGURE = re.compile(r'<a href="([^"]+)" data-figure="(\d+)">')
MONTH = {"tu": "2025-03-01", "den": "2025-03-20"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    from motcua.deadlines import services as deadline_services

    monkeypatch.setattr(deadline_services, "current_calendar", lambda: CALENDAR)
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def login(client, agency: Agency, *roles: Role):
    officer = OfficerFactory(agency=agency, roles=list(roles))
    client.force_login(officer.account)
    return officer


@pytest.fixture
def open_work(make_dossier, justice, construction, civil_status, building_permit):
    """Open dossiers of both departments around 20/03/2025 10:00, besides the March ones."""
    j = {"agency": justice, "procedure": civil_status, "accepted_at": vn(2025, 3, 10, 9)}
    c = {"agency": construction, "procedure": building_permit, "accepted_at": vn(2025, 3, 10, 9)}
    return [
        make_dossier(**j, due_at=vn(2025, 3, 19, 17)),
        make_dossier(**j, due_at=vn(2025, 3, 21, 9), status=Status.RECEIVED),
        make_dossier(**c, due_at=vn(2025, 3, 20, 9)),
        make_dossier(**c, due_at=vn(2025, 3, 18, 17), status=Status.SUPPLEMENT_REQUESTED),
    ]


def figures(page: str) -> list[tuple[str, int]]:
    return [(html.unescape(url), int(value)) for url, value in FIGURE.findall(page)]


def test_every_figure_counts_the_dossiers_its_link_lists(client, march, open_work, centre):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    found = figures(page)
    assert len(found) > 60  # 12 months × 4, agencies × 5 + total, deadlines
    assert any(value > 0 for _url, value in found)
    checked = set()
    for url, value in found:
        if url in checked:
            continue
        checked.add(url)
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert f'data-count="{value}"' in listed.content.decode(), (url, value)


def test_the_panels_show_the_known_figures(client, march, open_work, centre, justice):
    login(client, centre, Role.SUPERVISOR)
    page = client.get(URL, MONTH).content.decode()
    for panel in ("panel-trend", "panel-agencies", "panel-deadlines", "panel-lost"):
        assert f'id="{panel}"' in page
    assert page.count("<canvas") == 3  # no late steps nor tickets: those panels say so instead
    deadlines = page[page.index('id="deadlines-data"') :]
    overdue = f"{LIST_URL}?loai=overdue&amp;co_quan=&amp;don_vi={justice.code}"
    # Justice: "open_due_at_period_end"-like dossiers of March are due later; 19/03 is overdue.
    assert f'{overdue}" data-figure="1"' in deadlines
    assert ">03/2024<" not in page
    assert ">04/2024<" in page
    assert ">03/2025<" in page


def test_without_filters_the_page_shows_this_month(client, centre):
    login(client, centre, Role.ADMINISTRATOR)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="2025-03-01"' in page
    assert 'value="2025-03-20"' in page
    assert "Không có hồ sơ nào trong kỳ này." in page


def test_an_empty_period_shows_zeros(client, march, centre):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, {"tu": "2019-01-01", "den": "2019-01-31"})
    assert response.status_code == 200
    page = response.content.decode()
    trend = page[page.index('id="trend-data"') : page.index("</table>", page.index("trend-data"))]
    assert set(re.findall(r'data-figure="(\d+)"', trend)) == {"0"}
    assert "Không có hồ sơ nào trong kỳ này." in page


def test_htmx_refreshes_the_panels_or_one_panel(client, march, centre):
    login(client, centre, Role.SUPERVISOR)
    panels = client.get(URL, MONTH, headers={"HX-Request": "true"}).content.decode()
    assert panels.lstrip().startswith('<div id="dashboard-panels"')
    assert "<form" not in panels
    one = client.get(URL, {**MONTH, "khung": "deadlines"}, headers={"HX-Request": "true"})
    body = one.content.decode().lstrip()
    assert body.startswith('<section id="panel-deadlines"')
    assert "panel-trend" not in body


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.SPECIALIST])
def test_officers_who_do_not_oversee_work_are_refused(client, centre, role):
    login(client, centre, role)
    assert client.get(URL).status_code == 403
    assert client.get(LIST_URL, {"loai": "overdue"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR])
def test_supervisors_leaders_and_administrators_see_the_province(
    client, march, open_work, centre, province, justice, construction, role
):
    login(client, province if role is Role.LEADER else centre, role)
    page = client.get(URL, MONTH).content.decode()
    assert justice.name in page
    assert construction.name in page


def test_a_head_of_unit_sees_only_their_unit(client, march, open_work, justice, construction):
    login(client, justice, Role.HEAD_OF_UNIT)
    response = client.get(URL, MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    assert justice.name in page
    assert construction.name not in page
    assert f'value="{construction.code}"' not in page
    refused = client.get(URL, {**MONTH, "co_quan": construction.code})
    assert refused.status_code == 400
    listed = client.get(LIST_URL, {"loai": "overdue", "co_quan": construction.code})
    assert listed.status_code == 403
    other = client.get(LIST_URL, {"loai": "overdue", "don_vi": construction.code})
    assert other.status_code == 403
    mine = client.get(LIST_URL, {"loai": "overdue"})
    assert 'data-count="1"' in mine.content.decode()


def test_bad_filters_say_what_is_wrong(client, centre):
    login(client, centre, Role.SUPERVISOR)
    response = client.get(URL, {"tu": "2025-04-01", "den": "2025-03-01"})
    assert response.status_code == 400
    assert "sau ngày kết thúc" in response.content.decode()
    swapped = client.get(
        URL, {"tu": "2025-04-01", "den": "2025-03-01"}, headers={"HX-Request": "1"}
    )
    assert swapped.content.decode().startswith('<div id="dashboard-panels"')
    assert "sau ngày kết thúc" in swapped.content.decode()
    listed = client.get(LIST_URL, {"loai": "nope"})
    assert listed.status_code == 400
    assert "loai" in listed.content.decode()
    unknown = client.get(LIST_URL, {"loai": "at_risk", "don_vi": "Z.99"})
    assert unknown.status_code == 400
    assert "Z.99" in unknown.content.decode()


def test_the_at_risk_list_follows_the_horizon(client, open_work, centre, justice):
    login(client, centre, Role.SUPERVISOR)
    one_day = client.get(LIST_URL, {"loai": "at_risk", "ngay": "1"}).content.decode()
    assert 'data-count="1"' in one_day  # due 21/03 09:00, before 21/03 10:00
    assert dt.date(2025, 3, 21).strftime("%d/%m/%Y") in one_day


@pytest.fixture
def queue(centre, make_dossier, justice, civil_status):
    """Two tickets at the centre on 10/03/2025: waits of 10 and 20 minutes, one served 10."""
    area = ServiceAreaFactory(agency=centre, name="Tư pháp – Hộ tịch")
    counter = CounterFactory(agency=centre, serves=[area])
    served = TicketFactory(
        area=area,
        issued_at=vn(2025, 3, 10, 8),
        called_at=vn(2025, 3, 10, 8, 10),
        counter=counter,
        status=TicketStatus.DONE,
        served_at=vn(2025, 3, 10, 8, 11),
        finished_at=vn(2025, 3, 10, 8, 21),
    )
    served.dossiers.add(
        make_dossier(agency=justice, procedure=civil_status, accepted_at=vn(2025, 3, 10, 8, 20))
    )
    TicketFactory(
        area=area,
        issued_at=vn(2025, 3, 10, 8, 5),
        called_at=vn(2025, 3, 10, 8, 25),
        counter=counter,
        status=TicketStatus.SKIPPED,
        finished_at=vn(2025, 3, 10, 8, 27),
    )
    TicketFactory(area=area, issued_at=vn(2025, 3, 10, 16, 50))  # never called
    return served


def test_waiting_times_at_the_counters_link_to_their_tickets(client, queue, centre):
    login(client, centre, Role.SUPERVISOR)
    page = client.get(URL, MONTH).content.decode()
    waiting = page[page.index('id="waiting-data"') :]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", waiting.split("</table>")[0])
    assert cells[:3] == ["15.0", "10.0", "20.0"]  # waiting: mean, median, 90th percentile
    assert cells[3:6] == ["10.0", "10.0", "10.0"]  # service
    links = [(url, value) for url, value in figures(waiting.split("</table>")[0])]
    assert [value for _url, value in links] == [2, 1]
    for url, value in links:
        listed = client.get(url)
        assert listed.status_code == 200
        assert f'data-count="{value}"' in listed.content.decode()
    served_list = client.get(links[1][0]).content.decode()
    assert queue.dossiers.get().code in served_list
    missing = client.get(LIST_URL, {"loai": "waiting", "tu": "2025-03-01", "den": "2025-03-31"})
    assert missing.status_code == 400
    assert "don_vi" in missing.content.decode()
