"""Rating online by the owner: only after the result, once, changed within the window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.agencies.tests.factories import UserFactory
from motcua.core.errors import ConflictError, DomainError, NotFoundError
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.ratings.models import Rating, RatingRevision, Source, Verdict
from motcua.ratings.services import RatingInput, can_rate, rate_as_receipt_holder, rate_online
from motcua.tickets.tests.factories import CounterFactory, ServiceAreaFactory, TicketFactory

from .conftest import ALL_GOOD, answers

pytestmark = pytest.mark.django_db


def test_the_owner_rates_a_returned_dossier_tied_to_its_desk_and_agencies(returned, citizen, desk):
    # when
    rating = rate_online(dossier=returned, by=citizen, data=answers(staff_attitude=1))
    # then
    rating.refresh_from_db()
    assert rating.source == Source.ONLINE
    assert rating.verdict == Verdict.VERY_SATISFIED
    assert rating.staff_attitude == 1
    assert rating.feedback_answers is None
    assert rating.receiving_agency == returned.receiving_agency
    assert rating.competent_agency == returned.competent_agency
    assert rating.received_by == desk
    assert rating.counter_number == 3
    assert rating.rated_by == citizen
    assert rating.revision == 1
    assert list(rating.revisions.values_list("revision", "verdict")) == [(1, "very_satisfied")]


def test_the_counter_of_the_queue_ticket_is_recorded(returned, citizen, centre):
    counter = CounterFactory(agency=centre, number=7)
    ticket = TicketFactory(area=ServiceAreaFactory(agency=centre), counter=counter)
    ticket.dossiers.add(returned)

    rating = rate_online(dossier=returned, by=citizen, data=answers())

    assert rating.counter == counter
    assert rating.counter_number == 7


def test_online_service_quality_is_asked_only_of_online_dossiers(online_ready, returned, citizen):
    with pytest.raises(DomainError, match="Chất lượng dịch vụ công trực tuyến"):
        rate_online(dossier=online_ready, by=citizen, data=answers())

    rating = rate_online(dossier=online_ready, by=citizen, data=answers(online_service=0))
    assert rating.online_service == 0
    assert rating.is_online_dossier

    with pytest.raises(DomainError, match="chỉ áp dụng cho hồ sơ nộp trực tuyến"):
        rate_online(dossier=returned, by=citizen, data=answers(online_service=2))
    assert not Rating.objects.filter(dossier=returned).exists()


@pytest.mark.parametrize(
    "status",
    [Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT_REQUESTED, Status.REFUSED],
)
def test_a_dossier_without_a_result_cannot_be_rated(status, citizen, centre):
    dossier = DossierFactory(receiving_agency=centre, status=status, owner=citizen)

    with pytest.raises(ConflictError, match="Chỉ đánh giá được khi hồ sơ đã có kết quả"):
        rate_online(dossier=dossier, by=citizen, data=answers())

    assert not can_rate(dossier)
    assert Rating.objects.count() == 0


def test_another_citizens_dossier_answers_like_a_missing_one(returned):
    stranger = UserFactory(username="nguoila")

    with pytest.raises(NotFoundError, match="Không tìm thấy hồ sơ"):
        rate_online(dossier=returned, by=stranger, data=answers())

    assert Rating.objects.count() == 0


def test_a_second_submission_of_the_same_form_is_refused_and_not_counted(returned, citizen):
    rate_online(dossier=returned, by=citizen, data=answers())

    with pytest.raises(ConflictError, match="Hồ sơ này đã được đánh giá"):
        rate_online(dossier=returned, by=citizen, data=answers(verdict="dissatisfied"))

    rating = Rating.objects.get()
    assert rating.verdict == Verdict.VERY_SATISFIED
    assert rating.revisions.count() == 1


def test_the_rating_can_be_changed_and_every_version_is_kept(returned, citizen):
    rate_online(dossier=returned, by=citizen, data=answers())

    changed = rate_online(
        dossier=returned,
        by=citizen,
        data=answers(verdict="dissatisfied", revision=1, staff_attitude=0),
    )

    assert changed.revision == 2
    assert changed.verdict == Verdict.DISSATISFIED
    assert changed.is_dissatisfied
    versions = RatingRevision.objects.filter(rating=changed).order_by("revision")
    assert [(v.revision, v.verdict, v.scores["staff_attitude"]) for v in versions] == [
        (1, "very_satisfied", 2),
        (2, "dissatisfied", 0),
    ]
    # A tab still showing revision 1 cannot overwrite revision 2.
    with pytest.raises(ConflictError, match="đã được thay đổi"):
        rate_online(dossier=returned, by=citizen, data=answers(revision=1))


def test_no_rating_or_change_after_thirty_days_from_the_return(returned, citizen, monkeypatch):
    rate_online(dossier=returned, by=citizen, data=answers())
    later = returned.returned_at + dt.timedelta(days=30, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    with pytest.raises(ConflictError, match="Đã hết thời hạn đánh giá"):
        rate_online(dossier=returned, by=citizen, data=answers(revision=1))

    assert not can_rate(returned)
    assert Rating.objects.get().revision == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (RatingInput(scores=ALL_GOOD, verdict="so-so"), "Hãy chọn đánh giá chung"),
        (
            RatingInput(scores={**ALL_GOOD, "staff_attitude": None}, verdict="satisfied"),
            "Thái độ, cách ứng xử của cán bộ",
        ),
        (
            RatingInput(scores={**ALL_GOOD, "desk_contacts": 3}, verdict="satisfied"),
            "không hợp lệ",
        ),
        (
            RatingInput(scores={**ALL_GOOD, "speed": 1}, verdict="satisfied"),
            "Không có tiêu chí đánh giá: speed",
        ),
        (
            RatingInput(scores=ALL_GOOD, verdict="satisfied", comment="x" * 2001),
            "tối đa 2000 ký tự",
        ),
    ],
)
def test_bad_answers_are_refused_by_name_and_nothing_is_written(returned, citizen, data, message):
    with pytest.raises(DomainError, match=message):
        rate_online(dossier=returned, by=citizen, data=data)

    assert Rating.objects.count() == 0
    assert RatingRevision.objects.count() == 0


def test_a_receipt_holder_rates_without_an_account(centre):
    dossier = DossierFactory(
        receiving_agency=centre, status=Status.RETURNED, returned_at=timezone.now()
    )

    rating = rate_as_receipt_holder(dossier=dossier, data=answers(verdict="satisfied"))

    assert rating.rated_by is None
    assert rating.source == Source.ONLINE
    assert rating.counter_number is None
