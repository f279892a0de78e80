"""Counter intake in a real browser (Debian's chromium): from login to the printed receipt."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload, Page, expect

from motcua.core.tests.browser import assert_accessible
from motcua.documents.formatting import moment_text
from motcua.documents.tests.pdf import pdf_text
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.states import Status

from .conftest import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "matkhau-demo-123"  # UserFactory's password


@pytest.fixture
def browser_context_args(browser_context_args):
    """An officer's browser in Vietnamese, with downloads allowed."""
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}


def taking_screenshots() -> bool:
    return os.environ.get("MOTCUA_SCREENSHOTS") == "1"


def save_receipt_picture(pdf_path: Path) -> None:
    """The first page of the receipt as PNG (poppler's pdftoppm, when installed)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is needed to picture the receipt")
    target = SCREENSHOTS / "receipt"
    subprocess.run(  # noqa: S603 (fixed tool, paths of our own)
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf_path, target],
        check=True,
    )


def test_counter_officer_receives_a_dossier_and_downloads_the_receipt(
    live_server, page: Page, calendar_years, desk_officer, intake_procedure, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})

    # Log in: the officer pages send an anonymous visitor to the login page first.
    page.goto(live_server.url + "/backoffice/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/backoffice/"))
    page.get_by_label("Tên đăng nhập").fill(desk_officer.account.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Tiếp nhận hồ sơ mới").click()

    # Find the procedure without diacritics: htmx refreshes the results while typing.
    page.get_by_label(re.compile("^Tìm thủ tục")).press_sequentially("dang ky khai sinh", delay=30)
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")

    # The applicant, the papers handed in, one scanned.
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Nguyễn Thị Hương Giang")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("038190001234")
    page.get_by_label("Số điện thoại", exact=True).fill("0912 345 678")
    page.get_by_label("Email", exact=True).fill("giang@example.vn")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 12 đường Lê Lợi, phường Hạc Thành")
    page.get_by_role("checkbox", name=re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_role("checkbox", name=re.compile("^Giấy chứng sinh")).check()
    page.get_by_label("Bản quét: Giấy chứng sinh").set_input_files(
        FilePayload(name="giay-chung-sinh.pdf", mimeType="application/pdf", buffer=tiny_pdf())
    )
    expect(page.locator("#due .due-at")).to_be_visible()
    expect(page.locator("#due")).to_contain_text("05 ngày làm việc")
    assert_accessible(page, live_server)
    if taking_screenshots():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "intake.png"), full_page=True)

    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    expect(page.get_by_role("status").first).to_contain_text("Đã tiếp nhận hồ sơ")
    dossier = Dossier.objects.get()
    assert dossier.status == Status.RECEIVED
    assert dossier.code is not None
    assert dossier.due_at is not None
    expect(page.locator("#dossier-code")).to_have_text(dossier.code)
    stored = DossierFile.objects.get()
    assert stored.original_name == "giay-chung-sinh.pdf"
    assert stored.component is not None
    assert stored.component.name == "Giấy chứng sinh"
    assert_accessible(page, live_server)

    # The receipt (Mẫu 01) downloads as a PDF carrying the code, the name and the appointment.
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Tải Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)"
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    receipt = tmp_path / "receipt.pdf"
    download.save_as(receipt)
    text = pdf_text(receipt.read_bytes())
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "Nguyễn Thị Hương Giang" in text
    assert f"Thời gian trả kết quả giải quyết hồ sơ: {moment_text(dossier.due_at)}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    if taking_screenshots():
        save_receipt_picture(receipt)
