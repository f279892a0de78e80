"""The counter touch screen in a real browser: the officer opens it, the citizen taps answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from motcua.core.tests.browser import assert_accessible
from motcua.ratings.models import Rating, Source, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

PASSWORD = "matkhau-demo-123"  # UserFactory's password


@pytest.fixture
def browser_context_args(browser_context_args):
    """A landscape touch screen at the counter, in Vietnamese."""
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "viewport": {"width": 1280, "height": 800},
        "has_touch": True,
    }


def test_the_officer_opens_the_touch_screen_and_the_citizen_rates_by_tapping(
    live_server, page: Page, returned, desk
):
    page.set_default_navigation_timeout(90_000)
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/quay/danh-gia/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(desk.user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_label("Mã hồ sơ").fill(str(returned.code))
    page.get_by_role("button", name="Mở màn hình đánh giá").click()
    assert_accessible(page, live_server)

    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="Mở trên màn hình đánh giá").click()
    screen = popup_info.value
    screen.set_default_timeout(20_000)
    expect(screen.get_by_role("heading", level=1)).to_have_text(
        "Ông/bà đánh giá việc giải quyết hồ sơ"
    )
    expect(screen.get_by_text(str(returned.code))).to_be_visible()
    # No way out of the screen: no menu, no login, only the questions.
    expect(screen.get_by_role("navigation")).to_have_count(0)
    assert_accessible(screen, live_server)
    # Answers are tiles big enough for a finger (at least 44 px high).
    tile = screen.get_by_text("Lịch sự, tận tình")
    box = tile.bounding_box()
    assert box is not None
    assert box["height"] >= 44

    for question, answer in (
        ("Thời gian nhận kết quả so với ngày hẹn", "Đúng ngày hẹn"),
        ("Số cơ quan, đơn vị phải liên hệ", "Chỉ Bộ phận Một cửa"),
        ("Số lần phải liên hệ với Bộ phận Một cửa", "1 lần"),
        ("Thủ tục, giấy tờ được công khai", "Đúng và đầy đủ"),
        ("Thái độ, cách ứng xử của cán bộ", "Lịch sự, tận tình"),
        ("Kết quả đúng quy định", "Đúng quy định, không phát sinh chi phí"),
        ("Trả lời phản ánh, kiến nghị", "Tôi không gửi phản ánh, kiến nghị"),
        ("Đánh giá chung về việc giải quyết hồ sơ", "Rất hài lòng"),
    ):
        screen.get_by_role("group", name=question).get_by_text(answer, exact=True).tap()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(ARTEFACTS / "counter-rating.png"), full_page=True)
    screen.get_by_role("button", name="Gửi đánh giá").tap()

    expect(screen.get_by_role("heading", level=1)).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    rating = Rating.objects.get()
    assert (rating.source, rating.verdict, rating.staff_attitude) == (
        Source.COUNTER,
        Verdict.VERY_SATISFIED,
        2,
    )
    # The pass is spent: going back to the screen does not allow a second rating.
    screen.go_back()
    screen.reload()
    expect(screen.get_by_role("alert")).to_contain_text("Lượt đánh giá này đã được gửi")
    assert Rating.objects.get().revision == 1
