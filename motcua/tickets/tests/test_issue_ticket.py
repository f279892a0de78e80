"""Taking a number at the kiosk: day numbering per area, one ticket per tap."""

import uuid

import pytest

from motcua.core.errors import NotFoundError
from motcua.tickets.models import Ticket, TicketSequence, TicketStatus
from motcua.tickets.selectors import people_ahead
from motcua.tickets.services import issue_ticket

pytestmark = pytest.mark.django_db


def test_numbers_start_at_one_per_area_and_day(clock, land, justice):
    first, created = issue_ticket(area=land, token=uuid.uuid4())
    second, _ = issue_ticket(area=land, token=uuid.uuid4())
    other, _ = issue_ticket(area=justice, token=uuid.uuid4())

    assert created
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert (first.label, second.label, other.label) == ("A0001", "A0002", "B0001")
    assert first.status == TicketStatus.WAITING
    assert first.issued_at == clock.now
    assert first.agency == land.agency
    assert str(first.day) == "2026-11-23"


def test_numbering_restarts_at_midnight_vietnam_time(clock, land):
    clock.now = clock.now.replace(hour=23, minute=59)
    late, _ = issue_ticket(area=land, token=uuid.uuid4())
    clock.advance(minutes=2)
    early, _ = issue_ticket(area=land, token=uuid.uuid4())

    assert (late.number, early.number) == (1, 1)
    assert early.day != late.day


def test_a_double_tap_gives_one_ticket_and_uses_no_number(clock, land):
    token = uuid.uuid4()
    first, created_first = issue_ticket(area=land, token=token)
    again, created_again = issue_ticket(area=land, token=token)

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1
    assert TicketSequence.objects.get().last_value == 1


def test_an_inactive_area_gives_no_number(clock, land):
    land.is_active = False
    land.save()

    with pytest.raises(NotFoundError, match="không còn phát số"):
        issue_ticket(area=land, token=uuid.uuid4())

    assert not Ticket.objects.exists()
    assert not TicketSequence.objects.exists()


def test_the_printed_ticket_counts_the_people_ahead(clock, land, justice):
    for _ in range(3):
        issue_ticket(area=land, token=uuid.uuid4())
    issue_ticket(area=justice, token=uuid.uuid4())
    mine, _ = issue_ticket(area=land, token=uuid.uuid4())

    assert people_ahead(mine) == 3


def test_renaming_an_area_prefix_keeps_old_labels(clock, land):
    ticket, _ = issue_ticket(area=land, token=uuid.uuid4())
    land.prefix = "Z"
    land.save()

    ticket.refresh_from_db()
    assert ticket.label == "A0001"
