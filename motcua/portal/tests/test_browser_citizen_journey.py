"""A citizen's whole journey in a real browser (Debian's chromium), on a phone-sized screen.

Register, verify the e-mail through the outbox, log in, find a procedure, submit online with real
files, answer a supplement request by uploading, download the result and rate it. The officer
side runs through the services. Every citizen page visited is checked with axe-core (no serious
or critical violation) and for horizontal scrolling at 375×812; screenshots of the main pages
are kept under `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import decimal
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, FilePayload, Page, ViewportSize, expect

from motcua.accounts.models import User
from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.catalog.models import Channel, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    ProcedureFactory,
)
from motcua.core.tests.browser import assert_accessible
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import WorkingCalendar
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services import (
    accept_online,
    attach_file,
    mark_result_ready,
    request_supplement,
    return_result,
)
from motcua.dossiers.services.intake import forget_catalogues
from motcua.dossiers.states import Status
from motcua.ratings.models import Rating, Source, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
README_SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "screenshots" / "citizen-rating.png"
PHONE: ViewportSize = {"width": 375, "height": 812}
PASSWORD = "Khai-sinh-2026!"
BIRTH = "Đăng ký khai sinh"

# The innermost elements sticking out of the screen, to say what to fix.
WIDER_THAN_SCREEN = (
    "() => [...document.querySelectorAll('body *')]"
    ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
    ".filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))"
    ".slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
    " + ' ' + (e.textContent || '').trim().slice(0, 40))"
)


def tiny_pdf() -> bytes:
    """A minimal one-page PDF, as a scanner would produce."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def tiny_png() -> bytes:
    """A valid 2×2 grey PNG, as a phone photo of a paper would be (only smaller)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80\x00\x80\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def browser_context_args(browser_context_args):
    """A citizen's phone browser in Vietnamese, downloads allowed."""
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "viewport": PHONE,
        "accept_downloads": True,
    }


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    forget_catalogues()
    calendar = WorkingCalendar(days_off={}, makeup_workdays={}, years=range(2020, 2031))
    monkeypatch.setattr(deadline_services, "current_calendar", lambda: calendar)


@pytest.fixture
def centre():
    return AgencyFactory(code="000.00.17.H22", centre=True)


@pytest.fixture
def birth_registration(centre):
    """ "Đăng ký khai sinh", online, 3 working days, two papers (one only if authorised)."""
    procedure = ProcedureFactory(code="1.001193", version__name=BIRTH, competent_agency=centre)
    procedure.receiving_agencies.add(centre)
    version = procedure.current_version
    ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        processing_time=decimal.Decimal(3),
        time_unit=TimeUnit.WORKING_DAY,
    )
    papers = ComponentSetFactory(version=version)
    ComponentFactory(component_set=papers, name="Tờ khai đăng ký khai sinh", position=0)
    ComponentFactory(component_set=papers, name="Giấy chứng sinh", position=1)
    ComponentFactory(component_set=papers, name="Văn bản ủy quyền", position=2, is_required=False)
    return procedure


@pytest.fixture
def desk(centre):
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])


@pytest.fixture
def specialist(centre):
    return OfficerFactory(agency=centre, roles=[Role.SPECIALIST])


def check_page(page: Page, live_server, name: str) -> None:
    """No serious accessibility violation, no sideways scrolling on a phone, a screenshot."""
    assert_accessible(page, live_server)
    scroll_width, inner_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    wide = page.evaluate(WIDER_THAN_SCREEN) if scroll_width > inner_width else []
    assert scroll_width <= inner_width, f"{page.url} scrolls sideways on a phone: {wide}"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"citizen-{name}.png"), full_page=True)


def test_a_citizen_registers_submits_answers_a_supplement_and_rates_the_result(
    live_server, page: Page, browser: Browser, birth_registration, desk, specialist
):
    # The machine running the suite may be busy: wait longer than the defaults, never sleep.
    page.set_default_navigation_timeout(90_000)
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    # Register; the verification link arrives by e-mail.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    check_page(page, live_server, "register")
    page.get_by_label("Họ và tên (người đăng ký)").fill("Trần Thị Mai")
    page.get_by_label("Email", exact=True).fill("mai.tran@example.vn")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("022190004567")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("status").first).to_contain_text("mai.tran@example.vn")
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/xac-thuc-email/\S+/", str(mail.outbox[0].body))
    assert link is not None
    page.goto(live_server.url + link.group(0))
    expect(page.get_by_role("status").first).to_contain_text("Đã xác thực email")

    # Log in with the e-mail.
    page.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill("mai.tran@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    # Find the procedure without diacritics and start an online submission.
    page.goto(live_server.url + "/thu-tuc/?q=dang+ky+khai+sinh")
    page.get_by_role("link", name=BIRTH).click()
    check_page(page, live_server, "procedure")
    page.get_by_role("link", name="nộp hồ sơ trực tuyến tại đây").click()
    check_page(page, live_server, "start")
    page.get_by_role("button", name="Tiếp tục").click()

    # The draft: the applicant comes from the account; upload a PDF and a phone photo (PNG).
    expect(page.get_by_role("heading", level=1)).to_contain_text(BIRTH)
    expect(page.get_by_label("Họ tên / tên tổ chức")).to_have_value("Trần Thị Mai")
    page.get_by_label("Chọn tệp (PDF, JPEG, PNG): Tờ khai đăng ký khai sinh").set_input_files(
        FilePayload(name="to-khai.pdf", mimeType="application/pdf", buffer=tiny_pdf())
    )
    page.get_by_role("button", name="Tải lên: Tờ khai đăng ký khai sinh").click()
    expect(page.get_by_text("to-khai.pdf")).to_be_visible()
    page.get_by_label("Chọn tệp (PDF, JPEG, PNG): Giấy chứng sinh").set_input_files(
        FilePayload(name="giay-chung-sinh.png", mimeType="image/png", buffer=tiny_png())
    )
    page.get_by_role("button", name="Tải lên: Giấy chứng sinh").click()
    expect(page.get_by_text("giay-chung-sinh.png")).to_be_visible()
    check_page(page, live_server, "draft")
    page.get_by_role("button", name="Nộp hồ sơ").click()

    dossier = Dossier.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.get_by_text("Mới đăng ký")).to_be_visible()
    assert dossier.owner == User.objects.get(email="mai.tran@example.vn")
    assert sorted(dossier.files.values_list("original_name", flat=True)) == [
        "giay-chung-sinh.png",
        "to-khai.pdf",
    ]
    check_page(page, live_server, "submitted")

    # The desk accepts; the specialist asks for the authorisation letter.
    dossier = accept_online(dossier=dossier, by=desk)
    request_supplement(
        dossier=dossier,
        by=specialist,
        missing=["Văn bản ủy quyền"],
        reason="Người nộp không phải cha, mẹ của trẻ: cần văn bản ủy quyền.",
    )

    # The citizen answers online by uploading the missing paper.
    page.reload()
    expect(page.get_by_role("heading", name="Bổ sung hồ sơ")).to_be_visible()
    check_page(page, live_server, "supplement")
    page.get_by_label("Văn bản ủy quyền").set_input_files(
        FilePayload(name="uy-quyen.pdf", mimeType="application/pdf", buffer=tiny_pdf())
    )
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi giấy tờ bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS

    # The agency issues the e-result; the desk returns it online.
    attach_file(
        dossier_id=dossier.pk,
        by=specialist,
        upload=SimpleUploadedFile("trich-luc-khai-sinh.pdf", tiny_pdf()),
        name="trich-luc-khai-sinh.pdf",
        is_result=True,
    )
    dossier = mark_result_ready(dossier=Dossier.objects.get(), by=specialist)
    return_result(
        dossier=dossier,
        by=desk,
        collected_by_name="Trần Thị Mai",
        method=ReturnMethod.ONLINE,
    )

    # The citizen downloads the result and rates the handling.
    page.reload()
    expect(page.get_by_text("Đã trả kết quả")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="trich-luc-khai-sinh.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "trich-luc-khai-sinh.pdf"
    assert Path(download.path()).read_bytes() == tiny_pdf()
    check_page(page, live_server, "result")
    page.get_by_role("button", name="Đánh giá", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá việc giải quyết hồ sơ")
    check_page(page, live_server, "rating")
    # Keyboard only for the first question: focus an answer, arrow keys move the choice.
    first = page.get_by_role("group", name="1. Thời gian nhận kết quả so với ngày hẹn")
    first.get_by_label("Sớm hơn ngày hẹn").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(first.get_by_label("Đúng ngày hẹn")).to_be_checked()
    for question, answer in (
        ("2. Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ", "Chỉ Bộ phận Một cửa"),
        ("3. Số lần phải liên hệ với Bộ phận Một cửa để hoàn thiện hồ sơ", "2 lần"),
        ("4. Thủ tục, giấy tờ được công khai có đúng, đầy đủ không", "Đúng và đầy đủ"),
        ("5. Thái độ, cách ứng xử của cán bộ", "Lịch sự, tận tình"),
        (
            "6. Kết quả đúng quy định; không phải nộp thêm chi phí ngoài quy định",
            "Đúng quy định, không phát sinh chi phí",
        ),
        ("7. Trả lời phản ánh, kiến nghị của ông/bà", "Tôi không gửi phản ánh, kiến nghị"),
        ("8. Chất lượng dịch vụ công trực tuyến", "Dễ dùng, ổn định"),
        ("Đánh giá chung về việc giải quyết hồ sơ", "Hài lòng"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Nên nhắc bổ sung ủy quyền từ đầu.")
    if os.environ.get("MOTCUA_SCREENSHOTS") == "1":
        page.set_viewport_size({"width": 1280, "height": 900})
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOT), full_page=True)
        page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Gửi đánh giá").click()

    expect(page.get_by_role("status").first).to_contain_text("Cảm ơn ông/bà đã đánh giá")
    expect(page.get_by_text("Ông/bà đã đánh giá: Hài lòng")).to_be_visible()
    rating = Rating.objects.get()
    assert (rating.source, rating.verdict, rating.time_to_result) == (
        Source.ONLINE,
        Verdict.SATISFIED,
        1,
    )
    assert rating.online_service == 2
    assert rating.feedback_answers is None
    assert rating.competent_agency_id == dossier.competent_agency_id

    # Another citizen's session opening this dossier's addresses learns nothing.
    other = User.objects.create_user(
        username="khac@example.vn", email="khac@example.vn", password=PASSWORD
    )
    stranger = browser.new_context(locale="vi-VN", viewport=PHONE)
    try:
        intruder = stranger.new_page()
        intruder.goto(live_server.url + "/accounts/login/")
        intruder.get_by_label("Email, số điện thoại hoặc tên đăng nhập").fill(other.username)
        intruder.get_by_label("Mật khẩu").fill(PASSWORD)
        intruder.get_by_role("button", name="Đăng nhập", exact=True).click()
        for path in (f"/ho-so-cua-toi/{dossier.pk}/", f"/ho-so-cua-toi/{dossier.pk}/danh-gia/"):
            response = intruder.goto(live_server.url + path)
            assert response is not None
            assert response.status == 404
            assert str(dossier.code) not in intruder.content()
            assert "Trần Thị Mai" not in intruder.content()
    finally:
        stranger.close()
    assert Rating.objects.get().revision == 1
