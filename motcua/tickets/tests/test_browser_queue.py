"""The queue in a real browser (Debian's chromium): kiosk → printed ticket → board → call next."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from motcua.core.tests.browser import assert_accessible
from motcua.tickets.models import Ticket, TicketStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "matkhau-demo-123"  # UserFactory's password
# The kiosk prints silently in production (chromium --kiosk-printing); here printing is counted.
COUNT_PRINTS = "window.print = () => { window.printed = (window.printed || 0) + 1; };"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Vietnamese touch screen."""
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 800}}


def taking_screenshots() -> bool:
    return os.environ.get("MOTCUA_SCREENSHOTS") == "1"


def screenshot(page: Page, name: str) -> None:
    if taking_screenshots():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_kiosk_ticket_board_and_call_next(live_server, page: Page, counter, land, justice, officer):
    kiosk_url = f"{live_server.url}/xep-hang/{land.agency.code}/"
    board_url = f"{kiosk_url}bang-goi-so/"

    # The kiosk: big buttons, one per area, in Vietnamese, no login.
    page.add_init_script(COUNT_PRINTS)
    page.goto(kiosk_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lấy số thứ tự")
    assert_accessible(page, live_server)
    screenshot(page, "queue-kiosk.png")
    page.get_by_role("button", name=re.compile("Đất đai – Môi trường")).click()

    # The ticket is shown and printed once: number, area, time, people ahead.
    expect(page.locator("#ticket-number")).to_have_text("A0001")
    expect(page.locator("#ticket")).to_contain_text("Đất đai – Môi trường")
    expect(page.locator("#ticket-ahead")).to_have_text("Trước bạn còn 0 người")
    page.wait_for_function("window.printed === 1")
    assert_accessible(page, live_server)
    screenshot(page, "queue-ticket.png")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="In vé")).to_be_hidden()
    screenshot(page, "queue-ticket-print.png")
    page.emulate_media(media="screen")

    # The board, in its own tab, shows the queue; a marker proves it is never reloaded.
    board = page.context.new_page()
    board.goto(board_url)
    expect(board.locator(".board-waiting")).to_contain_text("A · Đất đai – Môi trường 1")
    board.evaluate("window.stillTheSamePage = true")
    assert_accessible(board, live_server)

    # The officer at counter 5 calls the next number.
    desk = page.context.new_page()
    desk.goto(f"{live_server.url}/backoffice/quay/")
    desk.get_by_label("Tên đăng nhập").fill(officer.account.username)
    desk.get_by_label("Mật khẩu").fill(PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.get_by_role("button", name="Gọi số tiếp").click()
    expect(desk.locator("#current-ticket")).to_have_text("A0001")
    screenshot(desk, "queue-counter-panel.png")

    # The board announces the call by itself (htmx polling), with sound where espeak-ng is.
    expect(board.locator("#announcement")).to_have_text("Mời số A0001 đến quầy số 5", timeout=8000)
    expect(board.locator(".board-counters")).to_contain_text("A0001")
    assert board.evaluate("window.stillTheSamePage") is True
    ticket = Ticket.objects.get()
    assert board.evaluate("document.body.dataset.announced") == f"{ticket.pk}-0"
    spoken = board.evaluate("document.body.dataset.spoken || ''")
    if shutil.which("espeak-ng"):
        assert spoken == f"/xep-hang/goi/{ticket.pk}-0.wav"
        sound = board.request.get(live_server.url + spoken)
        assert sound.status == 200
        assert sound.headers["content-type"] == "audio/wav"
    else:
        assert spoken == ""
    assert_accessible(board, live_server)
    screenshot(board, "queue-board.png")

    # Serve and finish: the board no longer shows the number at a counter.
    desk.get_by_role("button", name="Bắt đầu phục vụ").click()
    desk.get_by_role("button", name="Xong").click()
    expect(desk.get_by_text("Quầy đang trống.")).to_be_visible()
    expect(board.locator(".board-counters")).to_contain_text("Chưa gọi số nào.", timeout=8000)
    expect(board.locator(".board-recent")).to_contain_text("A0001 → quầy 5")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert ticket.waiting_time is not None
    assert ticket.service_time is not None
