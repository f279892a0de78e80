"""The dashboard in a real browser (Debian's chromium): charts drawn from the tables, axe clean."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.tests.browser import assert_accessible
from motcua.deadlines import services as deadline_services
from motcua.dossiers.tests.conftest import CALENDAR
from motcua.reports.tests.conftest import vn
from motcua.tickets.models import TicketStatus
from motcua.tickets.tests.factories import CounterFactory, ServiceAreaFactory, TicketFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "matkhau-demo-123"  # UserFactory's password
# Whether every chart canvas was drawn on and holds painted pixels.
CHARTS_PAINTED = """() => Array.from(document.querySelectorAll('canvas[data-chart-for]')).map(c => {
  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return [c.dataset.chartFor, c.dataset.drawn === 'true' && pixels.some(v => v !== 0)];
})"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    monkeypatch.setattr(deadline_services, "current_calendar", lambda: CALENDAR)


@pytest.fixture
def queue(centre):
    area = ServiceAreaFactory(agency=centre, name="Tư pháp – Hộ tịch")
    counter = CounterFactory(agency=centre, serves=[area])
    for minute, wait in ((0, 6), (5, 14), (9, 25)):
        TicketFactory(
            area=area,
            issued_at=vn(2025, 3, 10, 8, minute),
            called_at=vn(2025, 3, 10, 8, minute + wait),
            counter=counter,
            status=TicketStatus.DONE,
            served_at=vn(2025, 3, 10, 8, minute + wait),
            finished_at=vn(2025, 3, 10, 9, minute),
        )


def test_the_charts_are_drawn_from_the_tables_and_follow_the_filters(
    live_server, page: Page, march, queue, centre, justice
):
    officer = OfficerFactory(agency=centre, roles=[Role.SUPERVISOR])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(120_000)  # the test machine's two cores are shared
    page.goto(f"{live_server.url}/backoffice/bao-cao/bang-dieu-hanh/?tu=2025-03-01&den=2025-03-31")
    page.get_by_label("Tên đăng nhập").fill(officer.account.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bảng điều hành")

    expected = ["trend-data", "agencies-data", "deadlines-data", "waiting-data"]
    expect(page.locator("canvas[data-drawn='true']")).to_have_count(len(expected))
    assert page.evaluate(CHARTS_PAINTED) == [[name, True] for name in expected]
    expect(page.locator("#agencies-data tbody tr")).to_have_count(2)
    assert_accessible(page, live_server)
    if os.environ.get("MOTCUA_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    # Narrowing to one department: htmx swaps the panels in place and the charts are redrawn.
    with page.expect_response(lambda r: "co_quan=" in r.url and r.status == 200):
        page.get_by_label("Cơ quan, đơn vị", exact=True).select_option(justice.code)
    expect(page.locator("#agencies-data tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(f"co_quan={re.escape(justice.code)}&ngay=2"))
    expect(page.locator("canvas[data-drawn='true']")).to_have_count(3)  # no tickets there
    assert page.evaluate(CHARTS_PAINTED) == [[name, True] for name in expected[:3]]
    assert page.locator("h1").count() == 1  # the panels only, not a page inside the page
