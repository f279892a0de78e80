"""Real concurrent transactions on PostgreSQL: threads, each with its own connection."""

from __future__ import annotations

import uuid

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.core.tests.concurrency import run_together
from motcua.tickets.models import Ticket, TicketSequence, TicketStatus
from motcua.tickets.services import call_next, issue_ticket
from motcua.tickets.tests.factories import CounterFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_50_simultaneous_kiosk_taps_get_gapless_unique_numbers(clock, land, justice):
    areas = [land, justice]
    results = run_together(
        50, lambda i: issue_ticket(area=areas[i % 2], token=uuid.uuid4())[0].label
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(results) == sorted(
        [f"A{n:04d}" for n in range(1, 26)] + [f"B{n:04d}" for n in range(1, 26)]
    )
    assert sorted(TicketSequence.objects.values_list("last_value", flat=True)) == [25, 25]


def test_one_kiosk_form_sent_10_times_at_once_gives_one_ticket(clock, land):
    token = uuid.uuid4()
    results = run_together(10, lambda i: issue_ticket(area=land, token=token))

    assert [r for r in results if isinstance(r, Exception)] == []
    assert len({ticket.pk for ticket, _created in results}) == 1
    assert sum(1 for _ticket, created in results if created) == 1
    assert Ticket.objects.count() == 1
    assert TicketSequence.objects.get().last_value == 1  # the losers gave their number back


def test_eight_counters_calling_at_once_never_share_a_ticket(clock, centre, land):
    officers = [OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER]) for _ in range(8)]
    for number, officer in enumerate(officers, start=1):
        CounterFactory(agency=centre, number=number, serves=[land], officer=officer)
    for _ in range(5):
        issue_ticket(area=land, token=uuid.uuid4())

    results = run_together(8, lambda i: call_next(by=officers[i]))

    called = [r for r in results if isinstance(r, Ticket)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(called) == 5
    assert len({ticket.pk for ticket in called}) == 5
    assert len({ticket.counter_id for ticket in called}) == 5
    assert len(refused) == 3
    assert all("Không còn ai đang chờ" in str(error) for error in refused)
    assert not Ticket.objects.filter(status=TicketStatus.WAITING).exists()
