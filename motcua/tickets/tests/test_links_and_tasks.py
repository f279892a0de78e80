"""Linking dossiers to numbers, the end-of-day task, and the admin pages."""

import uuid

import pytest

from motcua.accounts.models import UserKind
from motcua.agencies.tests.factories import AgencyFactory, UserFactory
from motcua.core.errors import ConflictError, PermissionDeniedError
from motcua.dossiers.tests.factories import DossierFactory
from motcua.tickets.models import Ticket, TicketStatus
from motcua.tickets.services import (
    attach_to_serving_ticket,
    call_next,
    issue_ticket,
    link_dossier,
    start_serving,
)
from motcua.tickets.tasks import PERIODIC_TASKS, close_yesterdays_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(clock, counter, land, officer) -> Ticket:
    issue_ticket(area=land, token=uuid.uuid4())
    return start_serving(ticket=call_next(by=officer), by=officer)


def test_a_dossier_is_linked_to_the_number_being_served(serving, officer, centre):
    dossier = DossierFactory(receiving_agency=centre)

    assert attach_to_serving_ticket(dossier=dossier, by=officer) == serving
    assert link_dossier(ticket=serving, dossier=DossierFactory(receiving_agency=centre), by=officer)

    assert serving.dossiers.count() == 2


def test_nothing_is_linked_when_no_number_is_being_served(clock, counter, land, officer, centre):
    issue_ticket(area=land, token=uuid.uuid4())
    call_next(by=officer)  # called, not yet at the counter

    assert (
        attach_to_serving_ticket(dossier=DossierFactory(receiving_agency=centre), by=officer)
        is None
    )
    assert not Ticket.dossiers.through.objects.exists()


def test_a_dossier_of_another_agency_is_not_linked(serving, officer):
    foreign = DossierFactory(receiving_agency=AgencyFactory())

    assert attach_to_serving_ticket(dossier=foreign, by=officer) is None
    with pytest.raises(PermissionDeniedError, match="không do đơn vị phát vé A0001"):
        link_dossier(ticket=serving, dossier=foreign, by=officer)
    assert serving.dossiers.count() == 0


def test_a_waiting_number_cannot_get_a_dossier(clock, counter, land, officer, centre):
    issue_ticket(area=land, token=uuid.uuid4())
    called = call_next(by=officer)

    with pytest.raises(ConflictError, match="không thể gắn hồ sơ"):
        link_dossier(ticket=called, dossier=DossierFactory(receiving_agency=centre), by=officer)


def test_the_scheduler_closes_earlier_days_every_hour(serving, clock):
    assert (3600, close_yesterdays_queue) in PERIODIC_TASKS
    clock.advance(days=1)

    assert close_yesterdays_queue.call() == 1

    serving.refresh_from_db()
    assert serving.status == TicketStatus.DONE
    assert serving.is_closed_automatically


def test_the_admin_lists_and_searches_tickets_read_only(client, serving):
    admin = UserFactory(kind=UserKind.OFFICER, is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get("/admin/tickets/ticket/", {"q": "1"})
    nonsense = client.get("/admin/tickets/ticket/", {"q": "abc"})
    areas = client.get("/admin/tickets/servicearea/")
    counters = client.get(f"/admin/tickets/counter/{serving.counter_id}/change/")

    assert listing.status_code == 200
    assert "A0001" in listing.content.decode()
    assert nonsense.status_code == 200
    assert areas.status_code == 200
    assert counters.status_code == 200
    assert client.get("/admin/tickets/ticket/add/").status_code == 403
