"""The catalogue in a real browser (Debian's chromium): search without diacritics, open a result."""

import decimal
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Channel, FeeKind, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    FeeFactory,
    ProcedureFactory,
    SectorFactory,
)
from motcua.core.tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "screenshots" / "catalogue.png"
WORK_PERMIT = "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A citizen's browser in Vietnamese."""
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def catalogue():
    """A small catalogue of real procedure names, one of them with its full record."""
    labour = SectorFactory(code="G09-LĐ05", name="Việc làm")
    civil = SectorFactory(code="G15-TP01", name="Hộ tịch")
    centre = AgencyFactory(
        code="000.00.17.H22",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        centre=True,
        address="Số 1 Đường Trần Hưng Đạo, phường Hạ Long",
        phone="0203 3 656 565",
    )
    work_permit = ProcedureFactory(
        code="1.000105",
        version__name=WORK_PERMIT,
        version__sector=labour,
        version__is_full_process=True,
        version__legal_bases=[
            {"code": "152/2020/NĐ-CP", "name": "Nghị định số 152/2020/NĐ-CP"},
        ],
        version__results=[{"code": "KQ.G09.000123", "name": "Giấy phép lao động"}],
    )
    work_permit.receiving_agencies.add(centre)
    version = work_permit.current_version
    direct = ExecutionMethodFactory(version=version, channel=Channel.DIRECT, position=0)
    ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        position=1,
        processing_time=decimal.Decimal(5),
        time_unit=TimeUnit.WORKING_DAY,
    )
    FeeFactory(method=direct, kind=FeeKind.CHARGE, amount_vnd=600_000, description="Mỗi giấy phép")
    papers = ComponentSetFactory(version=version)
    ComponentFactory(
        component_set=papers,
        name="Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động",
        templates=[{"file_name": "Mẫu số 11-PLI.docx", "path": "configuring/1/Mau11.docx"}],
    )
    ComponentFactory(component_set=papers, name="Hộ chiếu còn giá trị", original_qty=0, copy_qty=1)
    for code, name, sector in (
        ("1.000106", "Gia hạn giấy phép lao động cho người lao động nước ngoài", labour),
        ("1.000107", "Cấp lại giấy phép lao động cho người lao động nước ngoài", labour),
        ("1.000894", "Đăng ký khai sinh", civil),
        ("1.001193", "Đăng ký kết hôn", civil),
        ("2.000986", "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép", labour),
    ):
        ProcedureFactory(code=code, version__name=name, version__sector=sector)
    return work_permit


def test_a_citizen_searches_without_diacritics_and_opens_a_procedure(
    live_server, page: Page, catalogue
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")

    page.get_by_label("Tên hoặc mã thủ tục").fill("giay phep lao dong")
    page.get_by_role("button", name="Tìm", exact=True).click()

    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=giay\+phep\+lao\+dong"))
    # The three work-permit procedures and the one that mentions "giấy phép" and "lao động".
    expect(page.locator("#result-count")).to_have_text("Tìm thấy 4 thủ tục.")
    result = page.get_by_role("link", name=WORK_PERMIT)
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name="Đăng ký khai sinh")).to_have_count(0)
    if os.environ.get("MOTCUA_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    result.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(WORK_PERMIT)
    expect(page.get_by_text("Mẫu số 11-PLI.docx")).to_be_visible()
    expect(page.get_by_text("600.000 đ")).to_be_visible()
    expect(page.get_by_text("Nghị định số 152/2020/NĐ-CP")).to_be_visible()


def test_live_search_updates_the_results_and_the_address_while_typing(
    live_server, page: Page, catalogue
):
    page.goto(live_server.url + "/thu-tuc/")
    expect(page.locator("#result-count")).to_have_text("Tìm thấy 6 thủ tục.")

    page.get_by_label("Tên hoặc mã thủ tục").press_sequentially("dang ky k", delay=40)

    expect(page.locator("#result-count")).to_have_text("Tìm thấy 2 thủ tục.")
    expect(page.locator("#results .procedure-list > li")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang(\+|%20)ky(\+|%20)k$"))
    page.get_by_label("Lĩnh vực").select_option("G15-TP01")
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang(\+|%20)ky(\+|%20)k&sector=G15-TP01$"))
    expect(page.locator("#results .procedure-list > li")).to_have_count(2)


def test_catalogue_pages_have_no_serious_accessibility_violations(
    live_server, page: Page, catalogue
):
    for path in ("/", "/thu-tuc/?q=giay+phep", f"/thu-tuc/{catalogue.code}/"):
        page.goto(live_server.url + path)
        assert_accessible(page, live_server)
