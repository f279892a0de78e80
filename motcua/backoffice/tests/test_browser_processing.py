"""A dossier in a real browser (Debian's chromium): from the counter through two departments to the
result handed back, with an opinion asked of a third agency on the way.
"""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload, Page, expect

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.core.tests.browser import assert_accessible
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import Status
from motcua.workflow.models import (
    Consultation,
    StepKind,
    StepPlace,
    StepTask,
    TaskOutcome,
    WorkflowAction,
    WorkflowEvent,
)
from motcua.workflow.services import StepInput, save_workflow

from .conftest import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PASSWORD = "matkhau-demo-123"  # UserFactory's password


@pytest.fixture
def browser_context_args(browser_context_args):
    """Officers' browsers in Vietnamese, with downloads allowed."""
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}


@pytest.fixture
def finance(province):
    """Department B: confirms the financial obligation between approval and signature."""
    return AgencyFactory(code="000.00.13.H56", name="Sở Tài chính tỉnh Thanh Hóa", parent=province)


@pytest.fixture
def police(province):
    """Asked for an opinion on the applicant's residence."""
    return AgencyFactory(code="000.00.30.H56", name="Công an tỉnh Thanh Hóa", parent=province)


@pytest.fixture
def officers(department, finance, police):
    """One login per hand: department A's specialist, head and leader; B's and the police's."""

    def officer(username: str, full_name: str, agency, role: Role):
        user = UserFactory(username=username, full_name=full_name)
        return OfficerFactory(user=user, agency=agency, roles=[role])

    return {
        "head": officer("truongphong", "Nguyễn Thị Hoa", department, Role.HEAD_OF_UNIT),
        "leader": officer("lanhdao", "Phạm Văn Hùng", department, Role.LEADER),
        "finance": officer("chuyenvien.tc", "Đỗ Thị Ngân", finance, Role.SPECIALIST),
        "police": officer("canbo.ca", "Vũ Văn Bình", police, Role.SPECIALIST),
    }


@pytest.fixture
def two_department_workflow(intake_procedure, finance):
    """Counter → appraisal and approval in department A → department B → signature → return."""
    return save_workflow(
        procedure=intake_procedure,
        case_code="",
        name="Quy trình nội bộ Đăng ký khai sinh (liên thông Sở Tài chính)",
        steps=[
            StepInput(
                "Tiếp nhận",
                StepKind.RECEIVE,
                StepPlace.RECEIVING,
                Role.COUNTER_OFFICER,
                Decimal("0.5"),
            ),
            StepInput(
                "Thẩm định hồ sơ",
                StepKind.APPRAISE,
                StepPlace.COMPETENT,
                Role.SPECIALIST,
                Decimal("1.5"),
            ),
            StepInput(
                "Phê duyệt",
                StepKind.APPROVE,
                StepPlace.COMPETENT,
                Role.HEAD_OF_UNIT,
                Decimal("0.5"),
            ),
            StepInput(
                "Xác nhận nghĩa vụ tài chính",
                StepKind.COORDINATE,
                StepPlace.AGENCY,
                Role.SPECIALIST,
                Decimal(1),
                agency=finance,
            ),
            StepInput(
                "Ký, ban hành kết quả", StepKind.SIGN, StepPlace.COMPETENT, Role.LEADER, Decimal(1)
            ),
            StepInput(
                "Trả kết quả",
                StepKind.RETURN,
                StepPlace.RECEIVING,
                Role.COUNTER_OFFICER,
                Decimal("0.5"),
            ),
        ],
    )


def log_in(page: Page, live_server, username: str) -> None:
    """A fresh session for the next officer (each hand logs in on its own)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/?next=/backoffice/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nghiệp vụ")


def pass_step(page: Page, note: str = "") -> None:
    """Pass the officer's open step from the processing page."""
    page.locator("summary", has_text="Chuyển bước tiếp theo").click()
    if note:
        page.get_by_label("Ghi chú cho bước tiếp theo").fill(note)
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã chuyển bước tiếp theo.")


def test_a_dossier_goes_from_the_counter_through_two_departments_to_the_result(
    live_server,
    page: Page,
    calendar_years,
    desk_officer,
    specialist,
    officers,
    police,
    two_department_workflow,
):
    page.set_viewport_size({"width": 1280, "height": 900})
    processing_path = ""

    # 1. The counter officer receives the dossier and transfers it to the competent department.
    log_in(page, live_server, desk_officer.account.username)
    page.get_by_role("button", name="Tiếp nhận hồ sơ mới").click()
    page.get_by_label(re.compile("^Tìm thủ tục")).press_sequentially("dang ky khai sinh", delay=30)
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Nguyễn Thị Hương Giang")
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("038190001234")
    page.get_by_label("Số điện thoại", exact=True).fill("0912 345 678")
    page.get_by_role("checkbox", name=re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_role("checkbox", name=re.compile("^Giấy chứng sinh")).check()
    expect(page.locator("#due .due-at")).to_be_visible()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã tiếp nhận hồ sơ")
    dossier = Dossier.objects.get()
    assert dossier.status == Status.RECEIVED
    assert dossier.code is not None
    code = dossier.code
    page.locator("summary", has_text="Chuyển cơ quan giải quyết").click()
    page.get_by_role("button", name="Chuyển cơ quan giải quyết").click()
    expect(page.locator("#dossier-status")).to_have_text("Đang xử lý")
    processing_path = f"/backoffice/ho-so/{dossier.pk}/xu-ly/"

    # 2. Department A's specialist takes the appraisal from the inbox and asks the police.
    log_in(page, live_server, specialist.account.username)
    page.get_by_role("link", name="Hồ sơ chờ xử lý").click()
    page.get_by_role("link", name=code).click()  # the inbox opens the processing page
    expect(
        page.get_by_role("heading", level=2, name="Bước của bạn: Thẩm định hồ sơ")
    ).to_be_visible()
    page.get_by_role("button", name="Nhận xử lý").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã nhận xử lý.")
    page.locator("summary", has_text="Xin ý kiến cơ quan, đơn vị khác").click()
    page.get_by_label("Cơ quan, đơn vị được xin ý kiến (mã định danh)").fill("000.00.99.H56")
    page.get_by_label("Nội dung xin ý kiến").fill("Đề nghị xác nhận nơi cư trú của người mẹ.")
    page.get_by_label("Thời hạn trả lời (ngày làm việc)").fill("1")
    page.get_by_role("button", name="Gửi xin ý kiến").click()
    # An agency that does not exist: refused with the code named, nothing sent.
    expect(page.get_by_role("alert")).to_contain_text("000.00.99.H56")
    assert not Consultation.objects.exists()
    page.get_by_label("Cơ quan, đơn vị được xin ý kiến (mã định danh)").fill(police.code)
    page.get_by_role("button", name="Gửi xin ý kiến").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi xin ý kiến.")
    expect(page.locator("#opinions")).to_contain_text("Chờ trả lời")

    # 3. The police answer from their "Xin ý kiến" list, with the signed letter attached (both pages
    # pass the accessibility check).
    log_in(page, live_server, officers["police"].account.username)
    page.get_by_role("link", name="Xin ý kiến", exact=True).click()
    expect(page.locator("#to-answer")).to_contain_text(code)
    assert_accessible(page, live_server)
    page.get_by_role("button", name="Trả lời", exact=True).click()
    page.get_by_label("Ý kiến trả lời").fill("Người mẹ thường trú tại phường Hạc Thành.")
    page.get_by_label(re.compile("^Văn bản trả lời")).set_input_files(
        FilePayload(name="cong-van-ca.pdf", mimeType="application/pdf", buffer=tiny_pdf())
    )
    assert_accessible(page, live_server)
    page.get_by_role("button", name="Gửi ý kiến trả lời").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi ý kiến trả lời.")

    # 4. The specialist reads the answer and passes the appraisal on; the head approves.
    log_in(page, live_server, specialist.account.username)
    page.goto(live_server.url + processing_path)
    expect(page.locator("#opinions")).to_contain_text("Người mẹ thường trú tại phường Hạc Thành.")
    expect(page.get_by_role("link", name="cong-van-ca.pdf")).to_be_visible()
    pass_step(page, "Đủ điều kiện, đã có ý kiến Công an tỉnh")
    log_in(page, live_server, officers["head"].account.username)
    page.goto(live_server.url + processing_path)
    expect(page.get_by_role("heading", level=2, name="Bước của bạn: Phê duyệt")).to_be_visible()
    pass_step(page, "Đồng ý")

    # 5. Department B does its step; its page passes the accessibility check.
    log_in(page, live_server, officers["finance"].account.username)
    page.get_by_role("link", name="Hồ sơ chờ xử lý").click()
    expect(page.get_by_role("main")).to_contain_text(code)
    # Department B is neither the desk nor the competent agency: it works from the processing page.
    page.goto(live_server.url + processing_path)
    expect(
        page.get_by_role("heading", level=2, name="Bước của bạn: Xác nhận nghĩa vụ tài chính")
    ).to_be_visible()
    assert_accessible(page, live_server)
    if os.environ.get("MOTCUA_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "processing.png"), full_page=True)
    pass_step(page, "Đã hoàn thành nghĩa vụ tài chính")

    # 6. The leader signs: the result goes back to the centre.
    log_in(page, live_server, officers["leader"].account.username)
    page.goto(live_server.url + processing_path)
    pass_step(page, "Đã ký số")
    expect(page.locator("#processing-status")).to_have_text("Đã xử lý xong")

    # 7. The counter officer returns the result to the applicant.
    log_in(page, live_server, desk_officer.account.username)
    page.goto(live_server.url + f"/backoffice/ho-so/{dossier.pk}/")
    page.locator("summary", has_text="Trả kết quả").click()
    page.get_by_label("Người nhận kết quả").fill("Nguyễn Thị Hương Giang")
    page.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã trả kết quả")
    page.get_by_role("link", name="Các bước xử lý, xin ý kiến").click()
    assert_accessible(page, live_server)

    # The status, the lifecycle history and the processing history tell the whole story.
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.returned_to_name == "Nguyễn Thị Hương Giang"
    statuses = DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk")
    moves: list[str] = []
    for status in statuses.values_list("to_status", flat=True):
        if not moves or moves[-1] != status:
            moves.append(status)
    assert moves == [Status.RECEIVED, Status.IN_PROGRESS, Status.RESULT_READY, Status.RETURNED]
    steps = list(
        StepTask.objects.filter(dossier=dossier)
        .order_by("started_at", "pk")
        .values_list("step__name", "agency__code", "outcome", "is_open")
    )
    assert steps == [
        ("Tiếp nhận", dossier.receiving_agency.code, TaskOutcome.PASSED, False),
        ("Thẩm định hồ sơ", dossier.competent_agency.code, TaskOutcome.PASSED, False),
        ("Phê duyệt", dossier.competent_agency.code, TaskOutcome.PASSED, False),
        ("Xác nhận nghĩa vụ tài chính", "000.00.13.H56", TaskOutcome.PASSED, False),
        ("Ký, ban hành kết quả", dossier.competent_agency.code, TaskOutcome.PASSED, False),
        ("Trả kết quả", dossier.receiving_agency.code, TaskOutcome.PASSED, False),
    ]
    actions = list(
        WorkflowEvent.objects.filter(dossier=dossier)
        .order_by("at", "pk")
        .values_list("action", "actor_name")
    )
    assert actions == [
        (WorkflowAction.STARTED, str(desk_officer.user)),
        (WorkflowAction.PASSED, str(desk_officer.user)),
        (WorkflowAction.CLAIMED, str(specialist.user)),
        (WorkflowAction.CONSULTED, str(specialist.user)),
        (WorkflowAction.ANSWERED, str(officers["police"].user)),
        (WorkflowAction.PASSED, str(specialist.user)),
        (WorkflowAction.PASSED, str(officers["head"].user)),
        (WorkflowAction.PASSED, str(officers["finance"].user)),
        (WorkflowAction.PASSED, str(officers["leader"].user)),
        (WorkflowAction.CLOSED, str(desk_officer.user)),
    ]
    answered = Consultation.objects.get()
    assert answered.answer_file_name == "cong-van-ca.pdf"
    expect(page.locator("#wf-history")).to_contain_text("Trả lời xin ý kiến")
    expect(page.locator("#wf-history")).to_contain_text("Sở Tài chính tỉnh Thanh Hóa")
