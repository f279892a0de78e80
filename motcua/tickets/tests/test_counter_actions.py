"""The counter officer's actions: call next, recall, skip, serve, done; and what is refused."""

import datetime as dt
import uuid

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.tickets.models import Counter, Ticket, TicketStatus
from motcua.tickets.services import (
    call_next,
    close_earlier_days,
    finish,
    issue_ticket,
    leave_counter,
    recall,
    skip,
    start_serving,
    take_counter,
)
from motcua.tickets.tests.factories import CounterFactory, TicketFactory

pytestmark = pytest.mark.django_db


def take(area):
    return issue_ticket(area=area, token=uuid.uuid4())[0]


def snapshot(ticket: Ticket) -> tuple[object, ...]:
    ticket.refresh_from_db()
    return (
        ticket.status,
        ticket.counter_id,
        ticket.called_at,
        ticket.last_called_at,
        ticket.served_at,
        ticket.finished_at,
        ticket.recall_count,
    )


def test_call_next_takes_the_first_priority_area_before_an_earlier_ticket_of_the_second(
    clock, counter, land, justice, officer
):
    earlier_justice = take(justice)
    clock.advance(minutes=1)
    later_land = take(land)
    clock.advance(minutes=4)

    called = call_next(by=officer)

    assert called.pk == later_land.pk
    assert called.status == TicketStatus.CALLED
    assert called.counter == counter
    assert called.officer == officer
    assert called.called_at == clock.now
    assert called.waiting_time == dt.timedelta(minutes=4)
    earlier_justice.refresh_from_db()
    assert earlier_justice.status == TicketStatus.WAITING


def test_call_next_takes_the_longest_waiting_ticket_of_an_area(clock, counter, land, officer):
    first = take(land)
    clock.advance(minutes=1)
    take(land)

    assert call_next(by=officer).pk == first.pk


def test_call_next_falls_back_to_the_next_priority_area(clock, counter, justice, officer):
    waiting = take(justice)

    assert call_next(by=officer).pk == waiting.pk


def test_call_next_with_nobody_waiting_is_refused_and_changes_nothing(clock, counter, officer):
    with pytest.raises(DomainError, match="Không còn ai đang chờ ở các khu vực của quầy số 5"):
        call_next(by=officer)

    assert not Ticket.objects.exists()


def test_call_next_ignores_areas_the_counter_does_not_serve(
    clock, other_counter, land, other_officer
):
    take(land)

    with pytest.raises(DomainError, match="Không còn ai đang chờ"):
        call_next(by=other_officer)


def test_call_next_while_the_counter_is_busy_is_refused(clock, counter, land, officer):
    take(land)
    second = take(land)
    current = call_next(by=officer)
    before = snapshot(second)

    with pytest.raises(ConflictError, match=f"đang có số {current.label}"):
        call_next(by=officer)

    assert snapshot(second) == before


def test_call_next_without_a_counter_asks_to_take_one(clock, land, officer):
    take(land)

    with pytest.raises(DomainError, match="chưa nhận quầy"):
        call_next(by=officer)


def test_a_specialist_may_not_call_numbers(clock, centre, land):
    specialist = OfficerFactory(agency=centre, roles=[Role.SPECIALIST])
    CounterFactory(agency=centre, number=9, serves=[land], officer=specialist)
    take(land)

    with pytest.raises(PermissionDeniedError, match="Cán bộ một cửa"):
        call_next(by=specialist)


def test_yesterdays_waiting_ticket_is_never_called(clock, counter, land, officer):
    TicketFactory(area=land, issued_at=clock.now - dt.timedelta(days=1))

    with pytest.raises(DomainError, match="Không còn ai đang chờ"):
        call_next(by=officer)


def test_serve_and_finish_record_the_service_time(clock, counter, land, officer):
    take(land)
    ticket = call_next(by=officer)
    clock.advance(minutes=1)
    ticket = start_serving(ticket=ticket, by=officer)
    clock.advance(minutes=12)
    ticket = finish(ticket=ticket, by=officer)

    assert ticket.status == TicketStatus.DONE
    assert ticket.service_time == dt.timedelta(minutes=12)
    assert ticket.finished_at == clock.now


def test_recall_counts_and_moves_the_last_call_time(clock, counter, land, officer):
    take(land)
    ticket = call_next(by=officer)
    first_call = ticket.called_at
    clock.advance(seconds=40)

    ticket = recall(ticket=ticket, by=officer)

    assert ticket.recall_count == 1
    assert ticket.called_at == first_call  # the waiting time ends at the first call
    assert ticket.last_called_at == clock.now


def test_a_skipped_number_can_be_recalled_later_the_same_day(clock, counter, land, officer):
    take(land)
    ticket = call_next(by=officer)
    ticket = skip(ticket=ticket, by=officer)
    assert ticket.status == TicketStatus.SKIPPED
    assert ticket.finished_at is not None

    ticket = recall(ticket=ticket, by=officer)

    assert ticket.status == TicketStatus.CALLED
    assert ticket.finished_at is None


def test_recalling_a_skipped_number_while_busy_is_refused(clock, counter, land, officer):
    take(land)
    take(land)
    skipped = skip(ticket=call_next(by=officer), by=officer)
    call_next(by=officer)
    before = snapshot(skipped)

    with pytest.raises(ConflictError, match="Quầy đang có số A0002"):
        recall(ticket=skipped, by=officer)

    assert snapshot(skipped) == before


def test_another_counters_ticket_is_refused_and_unchanged(
    clock, counter, other_counter, justice, officer, other_officer
):
    take(justice)
    theirs = call_next(by=other_officer)
    before = snapshot(theirs)

    for action in (recall, skip, start_serving, finish):
        with pytest.raises(PermissionDeniedError, match="không thuộc quầy của bạn"):
            action(ticket=theirs, by=officer)

    assert snapshot(theirs) == before


def test_another_centres_ticket_looks_missing(clock, counter, land):
    take(land)
    stranger = OfficerFactory(agency=AgencyFactory(centre=True), roles=[Role.COUNTER_OFFICER])
    ticket = Ticket.objects.get()

    with pytest.raises(NotFoundError):
        skip(ticket=ticket, by=stranger)


def test_a_ticket_of_yesterday_is_refused_with_its_date(clock, counter, land, officer):
    take(land)
    ticket = call_next(by=officer)
    clock.advance(days=1)
    before = snapshot(ticket)

    with pytest.raises(DomainError, match=r"Vé A0001 là vé ngày 23/11/2026, đã hết hiệu lực"):
        start_serving(ticket=ticket, by=officer)

    assert snapshot(ticket) == before


def test_actions_out_of_order_are_refused(clock, counter, land, officer):
    take(land)
    ticket = call_next(by=officer)

    with pytest.raises(ConflictError, match="đang ở trạng thái “Đã gọi”: không thể kết thúc"):
        finish(ticket=ticket, by=officer)
    start_serving(ticket=ticket, by=officer)
    with pytest.raises(ConflictError, match="không thể bỏ qua"):
        skip(ticket=ticket, by=officer)
    with pytest.raises(ConflictError, match="không thể gọi lại"):
        recall(ticket=ticket, by=officer)


def test_taking_a_counter_moves_the_officer_and_frees_the_old_one(clock, centre, officer, counter):
    other = CounterFactory(agency=centre, number=7)

    take_counter(counter=other, by=officer)

    counter.refresh_from_db()
    other.refresh_from_db()
    assert counter.officer is None
    assert other.officer == officer


def test_a_counter_of_another_agency_cannot_be_taken(clock, officer):
    foreign = CounterFactory(agency=AgencyFactory(centre=True), number=1)

    with pytest.raises(PermissionDeniedError, match="không thuộc đơn vị của bạn"):
        take_counter(counter=foreign, by=officer)


def test_leaving_a_counter_while_serving_is_refused(clock, counter, land, officer):
    take(land)
    call_next(by=officer)

    with pytest.raises(ConflictError, match="đang phục vụ số A0001"):
        leave_counter(by=officer)

    assert Counter.objects.get(pk=counter.pk).officer == officer


def test_earlier_days_are_closed_as_no_shows_and_flagged_in_service(clock, counter, land, officer):
    take(land)
    take(land)
    take(land)
    start_serving(ticket=call_next(by=officer), by=officer)
    clock.advance(days=1)

    closed = close_earlier_days()
    again = close_earlier_days()

    assert (closed.no_show, closed.closed_in_service) == (2, 1)
    assert (again.no_show, again.closed_in_service) == (0, 0)
    statuses = sorted(Ticket.objects.values_list("status", "is_closed_automatically"))
    assert statuses == [
        (TicketStatus.DONE, True),
        (TicketStatus.NO_SHOW, False),
        (TicketStatus.NO_SHOW, False),
    ]
    assert Ticket.objects.get(status=TicketStatus.DONE).service_time is None
