"""The processing page and consultations (xin ý kiến) through the officer pages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.dossiers.services import attach_file, transfer
from motcua.workflow.models import Consultation, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import ask_opinion, escalate_late_consultations

from .conftest import VN

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def task(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    return StepTask.objects.open().get(dossier=received)


@pytest.fixture
def expert(other_department):
    return OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])


@pytest.fixture
def asked(task, specialist, other_department):
    return ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Thửa đất số 12 có thuộc quy hoạch không?",
        working_days=Decimal(2),
    )


def _page(client, officer, dossier):
    client.force_login(officer.account)
    return client.get(reverse("backoffice:processing", args=[dossier.pk]))


def test_the_processing_page_shows_the_route_and_the_officers_step(
    client, task, received, specialist
):
    page = _page(client, specialist, received)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Thẩm định hồ sơ", "Phê duyệt", "Ký, ban hành kết quả", "Trả kết quả"):
        assert name in html
    assert "Bước của bạn: Thẩm định hồ sơ" in html
    assert reverse("backoffice:ask_opinion", args=[received.pk]) in html
    assert "Bắt đầu xử lý theo quy trình" in html


def test_the_desk_sees_the_route_without_the_steps_actions(client, task, received, desk_officer):
    html = _page(client, desk_officer, received).content.decode()
    assert "Thẩm định hồ sơ" in html
    assert "Bước của bạn" not in html
    assert reverse("backoffice:ask_opinion", args=[received.pk]) not in html


def test_an_officer_of_an_unrelated_agency_gets_not_found(client, task, received):
    stranger = OfficerFactory(agency=AgencyFactory(code="000.00.50.H56"), roles=[Role.LEADER])
    assert _page(client, stranger, received).status_code == 404


def test_asking_an_opinion_from_the_page_records_it(
    client, clock, task, received, specialist, other_department
):
    client.force_login(specialist.account)
    response = client.post(
        reverse("backoffice:ask_opinion", args=[received.pk]),
        {"co_quan": other_department.code, "noi_dung": "Cho ý kiến về quy hoạch", "so_ngay": "2"},
    )
    assert response.status_code == 302
    asked = Consultation.objects.get()
    assert asked.to_agency == other_department
    assert asked.asked_by == specialist
    assert asked.due_at == dt.datetime(2023, 10, 31, 9, 32, tzinfo=VN)
    html = client.get(response["Location"]).content.decode()
    assert "Đã gửi xin ý kiến." in html
    assert "Cho ý kiến về quy hoạch" in html
    assert "Chờ trả lời" in html


def test_asking_an_agency_that_does_not_exist_shows_why_and_changes_nothing(
    client, task, received, specialist
):
    client.force_login(specialist.account)
    response = client.post(
        reverse("backoffice:ask_opinion", args=[received.pk]),
        {"co_quan": "000.99.99.H56", "noi_dung": "Cho ý kiến", "so_ngay": "2"},
    )
    assert response.status_code == 400
    assert "Không có cơ quan, đơn vị nào mang mã “000.99.99.H56”" in response.content.decode()
    assert not Consultation.objects.exists()
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.CONSULTED).exists()


def test_a_bad_deadline_is_refused_by_the_form(
    client, task, received, specialist, other_department
):
    client.force_login(specialist.account)
    response = client.post(
        reverse("backoffice:ask_opinion", args=[received.pk]),
        {"co_quan": other_department.code, "noi_dung": "Cho ý kiến", "so_ngay": "0"},
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_only_whoever_acts_on_the_step_may_ask(client, task, received, leader, other_department):
    client.force_login(leader.account)
    response = client.post(
        reverse("backoffice:ask_opinion", args=[received.pk]),
        {"co_quan": other_department.code, "noi_dung": "Cho ý kiến", "so_ngay": "2"},
        follow=True,
    )
    assert "Chuyên viên xử lý" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_consulted_agency_lists_answers_and_attaches_a_document(
    client, clock, asked, received, expert, specialist, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(expert.account)
    listing = client.get(reverse("backoffice:consultations")).content.decode()
    assert "Thửa đất số 12 có thuộc quy hoạch không?" in listing
    assert reverse("backoffice:consultation", args=[asked.pk]) in listing
    # The consulted agency may follow the dossier it is asked about.
    assert _page(client, expert, received).status_code == 200
    clock.advance(hours=2)
    response = client.post(
        reverse("backoffice:consultation", args=[asked.pk]),
        {
            "y_kien": "Không thuộc quy hoạch",
            "van_ban": SimpleUploadedFile("cv-123.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.answer == "Không thuộc quy hoạch"
    assert asked.answer_file_name == "cv-123.pdf"
    assert "Không có yêu cầu nào chờ đơn vị trả lời." in (
        client.get(reverse("backoffice:consultations")).content.decode()
    )
    # The asking specialist reads the answer on the processing page and downloads the document.
    html = _page(client, specialist, received).content.decode()
    assert "Không thuộc quy hoạch" in html
    assert "Trả lời xin ý kiến" in html
    download = client.get(reverse("backoffice:consultation_file", args=[asked.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_a_document_that_is_not_a_scan_is_refused_and_nothing_changes(
    client, asked, expert, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(expert.account)
    response = client.post(
        reverse("backoffice:consultation", args=[asked.pk]),
        {
            "y_kien": "Đồng ý",
            "van_ban": SimpleUploadedFile(
                "virus.pdf", b"MZ\x90\x00", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert not any(tmp_path.rglob("*"))


def test_the_asking_unit_cannot_answer_its_own_question(client, asked, specialist):
    client.force_login(specialist.account)
    page = client.get(reverse("backoffice:consultation", args=[asked.pk]))
    assert page.status_code == 200
    assert "Gửi ý kiến trả lời" not in page.content.decode()
    response = client.post(
        reverse("backoffice:consultation", args=[asked.pk]), {"y_kien": "Tự trả lời"}, follow=True
    )
    assert "được trả lời" in response.content.decode()
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_a_stranger_cannot_open_or_download_a_consultation(client, asked):
    stranger = OfficerFactory(agency=AgencyFactory(code="000.00.50.H56"), roles=[Role.SPECIALIST])
    client.force_login(stranger.account)
    assert client.get(reverse("backoffice:consultation", args=[asked.pk])).status_code == 404
    assert client.get(reverse("backoffice:consultation_file", args=[asked.pk])).status_code == 404


def test_the_asking_unit_lists_late_requests_reported_to_its_head(client, clock, asked, head):
    clock.advance(days=5)  # due Tue 31/10 09:32: now Wed 01/11
    assert escalate_late_consultations() == 1
    client.force_login(head.account)
    html = client.get(reverse("backoffice:consultations")).content.decode()
    assert "Thửa đất số 12 có thuộc quy hoạch không?" in html
    assert "Quá hạn" in html
    assert "Đã báo cáo trưởng đơn vị" in html


def test_steps_pass_from_the_processing_page(client, task, received, specialist, head):
    client.force_login(specialist.account)
    url = reverse("backoffice:processing_task", args=[received.pk, task.pk, "chuyen"])
    response = client.post(url, {"ghi_chu": "Đủ điều kiện"}, follow=True)
    assert "Đã chuyển bước tiếp theo." in response.content.decode()
    following = StepTask.objects.open().get(dossier=received)
    assert following.step.name == "Phê duyệt"
    # A specialist cannot approve: the head's step refuses with a clear message.
    approve = reverse("backoffice:processing_task", args=[received.pk, following.pk, "chuyen"])
    refused = client.post(approve, follow=True).content.decode()
    assert "Trưởng phòng / đơn vị" in refused
    assert StepTask.objects.open().get(dossier=received).pk == following.pk
    # The head sends it back with a reason; without one nothing happens.
    client.force_login(head.account)
    back = reverse("backoffice:processing_task", args=[received.pk, following.pk, "tra-lai"])
    assert "Lý do trả lại" in client.post(back, {"ly_do": ""}, follow=True).content.decode()
    assert StepTask.objects.open().get(dossier=received).pk == following.pk
    client.post(back, {"ly_do": "Thiếu ý kiến của Sở Tài chính"})
    reopened = StepTask.objects.open().get(dossier=received)
    assert reopened.step.name == "Thẩm định hồ sơ"
    assert reopened.assignee == specialist


def test_another_units_officer_cannot_act_on_the_step(client, asked, task, received, expert):
    # The consulted agency follows the dossier, but the step is not its own.
    client.force_login(expert.account)
    url = reverse("backoffice:processing_task", args=[received.pk, task.pk, "chuyen"])
    response = client.post(url, follow=True)
    assert "cán bộ của đơn vị khác không được chuyển bước tiếp theo" in response.content.decode()
    assert StepTask.objects.open().get(dossier=received).pk == task.pk


def test_a_task_of_another_dossier_or_an_unknown_action_is_not_found(
    client, task, received, specialist
):
    client.force_login(specialist.account)
    unknown = reverse("backoffice:processing_task", args=[received.pk, task.pk, "xoa"])
    assert client.post(unknown).status_code == 404
    elsewhere = reverse("backoffice:processing_task", args=[received.pk, 987654, "chuyen"])
    assert client.post(elsewhere).status_code == 404


def test_the_consulted_agency_downloads_the_dossiers_files(
    client, asked, received, desk_officer, expert, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    stored = attach_file(
        dossier_id=received.pk,
        by=desk_officer,
        upload=io.BytesIO(PDF),
        name="to-khai.pdf",
        size=len(PDF),
    )
    url = reverse("backoffice:processing_file", args=[received.pk, stored.pk])
    html = _page(client, expert, received).content.decode()
    assert url in html
    download = client.get(url)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    stranger = OfficerFactory(agency=AgencyFactory(code="000.00.50.H56"), roles=[Role.SPECIALIST])
    client.force_login(stranger.account)
    assert client.get(url).status_code == 404
    client.force_login(expert.account)
    other = reverse("backoffice:processing_file", args=[received.pk, 987654])
    assert client.get(other).status_code == 404
