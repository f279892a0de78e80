import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.agencies.services import succeed_agency
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import transfer
from motcua.dossiers.states import Status
from motcua.notifications.models import AlertKind, OfficerAlert
from motcua.workflow.models import Consultation, StepTask, WorkflowAction, WorkflowEvent
from motcua.workflow.services import answer_opinion, ask_opinion, escalate_late_consultations
from motcua.workflow.tasks import PERIODIC_TASKS, escalate_consultations

from .conftest import VN

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def task(clock, received, desk_officer):
    transfer(dossier=received, by=desk_officer)
    return StepTask.objects.open().get(dossier=received)


def test_an_opinion_is_asked_with_a_working_day_deadline(task, specialist, other_department):
    asked = ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Đề nghị cho ý kiến về quy hoạch",
        working_days=Decimal(2),
    )
    # From Fri 27/10/2023 09:32, two working days: Tue 31/10 09:32.
    assert asked.due_at == dt.datetime(2023, 10, 31, 9, 32, tzinfo=VN)
    assert WorkflowEvent.objects.filter(action=WorkflowAction.CONSULTED).count() == 1


def test_asking_an_agency_that_does_not_exist_is_refused(task, specialist):
    with pytest.raises(NotFoundError, match=r"000\.77\.77\.H56"):
        ask_opinion(
            task=task,
            by=specialist,
            to_agency_code="000.77.77.H56",
            question="Cho ý kiến",
            working_days=Decimal(1),
        )
    assert not Consultation.objects.exists()


def test_only_the_consulted_agency_answers_once(task, specialist, other_department):
    asked = ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    with pytest.raises(PermissionDeniedError):
        answer_opinion(consultation=asked, by=specialist, answer="Tự trả lời")
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    answered = answer_opinion(consultation=asked, by=expert, answer="Đồng ý")
    assert answered.answered_by == expert
    with pytest.raises(ConflictError):
        answer_opinion(consultation=asked, by=expert, answer="Lần hai")


def test_a_late_answer_is_escalated_to_the_head_once(
    clock, task, specialist, head, other_department
):
    ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    assert escalate_late_consultations() == 0
    clock.advance(days=4)
    assert escalate_late_consultations() == 1
    assert escalate_late_consultations() == 0
    event = WorkflowEvent.objects.get(action=WorkflowAction.ESCALATED)
    assert event.data["heads"] == [str(head.user)]
    assert Consultation.objects.get().escalated_at == clock.now


def test_escalation_runs_periodically(clock, task, specialist, other_department):
    assert any(callable_ is escalate_consultations for _, callable_ in PERIODIC_TASKS)
    ask_opinion(
        task=task,
        by=specialist,
        to_agency_code=other_department.code,
        question="Cho ý kiến",
        working_days=Decimal(1),
    )
    clock.advance(days=4)
    assert escalate_consultations.call() == 1


def _ask(task, by, agency, *, days: str = "1", question: str = "Cho ý kiến"):
    return ask_opinion(
        task=task,
        by=by,
        to_agency_code=agency.code,
        question=question,
        working_days=Decimal(days),
    )


def test_another_units_officer_cannot_ask_on_the_step(task, other_department):
    outsider = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    with pytest.raises(PermissionDeniedError, match="đơn vị khác"):
        _ask(task, outsider, other_department)
    assert not Consultation.objects.exists()
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.CONSULTED).exists()


def test_an_officer_without_the_steps_role_cannot_ask(task, leader, other_department):
    with pytest.raises(PermissionDeniedError, match="Chuyên viên xử lý"):
        _ask(task, leader, other_department)


@pytest.mark.parametrize(
    ("days", "question", "message"),
    [
        ("0", "Cho ý kiến", "lớn hơn 0"),
        ("-1", "Cho ý kiến", "lớn hơn 0"),
        ("NaN", "Cho ý kiến", "lớn hơn 0"),
        ("31", "Cho ý kiến", "tối đa 30"),
        ("1", "   ", "nội dung cần xin ý kiến"),
    ],
)
def test_bad_consultation_input_is_refused_with_nothing_written(
    task, specialist, other_department, days, question, message
):
    with pytest.raises(DomainError, match=message):
        _ask(task, specialist, other_department, days=days, question=question)
    assert not Consultation.objects.exists()
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.CONSULTED).exists()


def test_the_own_unit_cannot_be_consulted(task, specialist, department):
    with pytest.raises(DomainError, match="chính đơn vị"):
        _ask(task, specialist, department)


def test_an_answer_due_after_the_appointment_is_refused(task, specialist, other_department):
    # Received Fri 27/10/2023, due Fri 03/11 17:00: six working days end on Mon 06/11.
    with pytest.raises(DomainError, match="sau ngày hẹn trả kết quả"):
        _ask(task, specialist, other_department, days="6")
    assert not Consultation.objects.exists()


def test_the_same_agency_is_not_asked_twice_while_waiting(task, specialist, other_department):
    _ask(task, specialist, other_department)
    with pytest.raises(ConflictError, match="đang chờ trả lời"):
        _ask(task, specialist, other_department)
    assert Consultation.objects.count() == 1


def test_a_dissolved_agency_is_consulted_through_its_successor(task, specialist, other_department):
    old = AgencyFactory(code="000.00.99.H56", name="Sở cũ", successor=other_department)
    asked = _ask(task, specialist, old)
    assert asked.to_agency == other_department


def test_the_answer_and_its_document_go_to_the_history(
    clock, task, specialist, other_department, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    asked = _ask(task, specialist, other_department, question="Quy hoạch thửa đất số 12?")
    expert = OfficerFactory(agency=other_department, roles=[Role.HEAD_OF_UNIT])
    clock.advance(hours=1)
    upload = io.BytesIO(PDF)
    answered = answer_opinion(
        consultation=asked.pk,
        by=expert,
        answer="Phù hợp quy hoạch",
        upload=upload,
        file_name="cong-van-tra-loi.pdf",
        file_size=len(PDF),
    )
    answered.refresh_from_db()
    assert answered.answer == "Phù hợp quy hoạch"
    assert answered.answer_file_name == "cong-van-tra-loi.pdf"
    assert answered.answer_file_type == "application/pdf"
    assert answered.answer_file_size == len(PDF)
    assert answered.answer_file_sha256 == hashlib.sha256(PDF).hexdigest()
    with answered.answer_file.open("rb") as stored:
        assert stored.read() == PDF
    event = WorkflowEvent.objects.get(action=WorkflowAction.ANSWERED)
    assert event.actor == expert
    assert event.from_agency == other_department
    assert event.note == "Phù hợp quy hoạch"
    assert event.data["late"] is False
    assert event.data["file"] == "cong-van-tra-loi.pdf"


def test_a_document_that_is_not_pdf_or_image_is_refused_with_nothing_written(
    task, specialist, other_department, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    asked = _ask(task, specialist, other_department)
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    fake = b"MZ\x90\x00 not really a pdf"
    with pytest.raises(DomainError, match="không phải PDF, JPEG hoặc PNG"):
        answer_opinion(
            consultation=asked,
            by=expert,
            answer="Đồng ý",
            upload=io.BytesIO(fake),
            file_name="tra-loi.pdf",
            file_size=len(fake),
        )
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert not asked.answer_file
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.ANSWERED).exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_an_answer_after_the_deadline_is_recorded_as_late(
    clock, task, specialist, other_department
):
    asked = _ask(task, specialist, other_department)
    clock.advance(days=4)
    expert = OfficerFactory(agency=other_department, roles=[Role.LEADER])
    answer_opinion(consultation=asked, by=expert, answer="Trả lời muộn")
    assert WorkflowEvent.objects.get(action=WorkflowAction.ANSWERED).data["late"] is True


def test_a_counter_officer_of_the_consulted_agency_cannot_answer(
    task, specialist, other_department
):
    asked = _ask(task, specialist, other_department)
    desk = OfficerFactory(agency=other_department, roles=[Role.COUNTER_OFFICER])
    with pytest.raises(PermissionDeniedError):
        answer_opinion(consultation=asked, by=desk, answer="Đồng ý")


def test_no_answer_once_processing_has_ended(task, specialist, other_department, received):
    asked = _ask(task, specialist, other_department)
    Dossier.objects.filter(pk=received.pk).update(status=Status.WITHDRAWN)
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    with pytest.raises(DomainError, match="không còn cần ý kiến"):
        answer_opinion(consultation=asked, by=expert, answer="Đồng ý")


def test_an_unknown_consultation_is_not_found(specialist):
    with pytest.raises(NotFoundError):
        answer_opinion(consultation=987654, by=specialist, answer="Đồng ý")


def test_escalation_alerts_the_heads_of_the_asking_unit(
    clock, task, specialist, head, other_department
):
    _ask(task, specialist, other_department)
    clock.advance(days=4)
    escalate_late_consultations()
    alert = OfficerAlert.objects.get()
    assert alert.officer == head
    assert alert.kind == AlertKind.CONSULTATION_LATE
    assert alert.dossier_id == task.dossier_id
    # Read, then a second consultation on the dossier goes late: the head is told again.
    OfficerAlert.objects.update(read_at=clock.now)
    third = AgencyFactory(code="000.00.14.H56", name="Sở Xây dựng")
    _ask(task, specialist, third)
    clock.advance(days=4)
    assert escalate_late_consultations() == 1
    assert OfficerAlert.objects.get().read_at is None


def test_a_unit_without_a_head_reports_to_its_leaders(
    clock, task, specialist, leader, other_department
):
    _ask(task, specialist, other_department)
    clock.advance(days=4)
    escalate_late_consultations()
    assert OfficerAlert.objects.get().officer == leader
    event = WorkflowEvent.objects.get(action=WorkflowAction.ESCALATED)
    assert event.data["heads"] == [str(leader.user)]


def test_answered_or_ended_consultations_are_not_escalated(
    clock, task, specialist, head, other_department, received
):
    answered = _ask(task, specialist, other_department)
    expert = OfficerFactory(agency=other_department, roles=[Role.SPECIALIST])
    answer_opinion(consultation=answered, by=expert, answer="Đồng ý")
    third = AgencyFactory(code="000.00.14.H56", name="Sở Xây dựng")
    _ask(task, specialist, third)
    Dossier.objects.filter(pk=received.pk).update(status=Status.WITHDRAWN)
    clock.advance(days=4)
    assert escalate_late_consultations() == 0
    assert not OfficerAlert.objects.exists()


def test_a_dissolved_agency_hands_its_unanswered_consultations_to_its_successor(
    clock, task, specialist, other_department
):
    waiting = _ask(task, specialist, other_department)
    third = AgencyFactory(code="000.00.14.H56", name="Sở Xây dựng")
    answered = _ask(task, specialist, third)
    answer_opinion(
        consultation=answered,
        by=OfficerFactory(agency=third, roles=[Role.SPECIALIST]),
        answer="Đồng ý",
    )
    merged = AgencyFactory(code="000.00.15.H56", name="Sở Tài chính (sau sắp xếp)")
    moved = succeed_agency(agency=other_department, successor=merged, on=dt.date(2023, 11, 1))
    succeed_agency(agency=third, successor=merged, on=dt.date(2023, 11, 1))
    assert moved["consultations"] == 1
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert waiting.to_agency == merged
    assert answered.to_agency == third  # an answered one stays as it happened
    # The successor's officers answer it.
    answer_opinion(
        consultation=waiting,
        by=OfficerFactory(agency=merged, roles=[Role.SPECIALIST]),
        answer="Đồng ý",
    )
