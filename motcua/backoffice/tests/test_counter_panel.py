"""The counter officer's queue panel, and the intake that links its dossier to the number."""

import uuid

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory
from motcua.dossiers.models import Dossier
from motcua.tickets.models import Counter, Ticket, TicketStatus
from motcua.tickets.services import call_next, issue_ticket
from motcua.tickets.tests.factories import CounterFactory, ServiceAreaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_years", "frozen_clock")]

PANEL = "/backoffice/quay/"


@pytest.fixture
def area(centre):
    return ServiceAreaFactory(agency=centre, name="Tư pháp – Hộ tịch", prefix="B")


@pytest.fixture
def counter(centre, area):
    return CounterFactory(agency=centre, number=4, serves=[area])


@pytest.fixture
def seated(desk_client, desk_officer, counter):
    Counter.objects.filter(pk=counter.pk).update(officer=desk_officer)
    return desk_client


def test_an_officer_without_a_counter_chooses_one(desk_client, desk_officer, counter):
    page = desk_client.get(PANEL).content.decode()
    assert "Chọn quầy bạn đang ngồi" in page

    response = desk_client.post("/backoffice/quay/nhan/", {"counter": counter.pk})

    assert response.status_code == 302
    counter.refresh_from_db()
    assert counter.officer == desk_officer


def test_call_next_start_serving_and_done_from_the_panel(seated, area):
    issue_ticket(area=area, token=uuid.uuid4())

    seated.post("/backoffice/quay/goi-tiep/")
    ticket = Ticket.objects.get()
    page = seated.get(PANEL).content.decode()
    assert ticket.status == TicketStatus.CALLED
    assert 'id="current-ticket">B0001<' in page
    assert "Đã gọi số B0001" in page

    seated.post(f"/backoffice/quay/ve/{ticket.pk}/phuc-vu/")
    seated.post(f"/backoffice/quay/ve/{ticket.pk}/xong/")

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE


def test_call_next_with_nobody_waiting_says_so(seated):
    response = seated.post("/backoffice/quay/goi-tiep/", follow=True)

    assert "Không còn ai đang chờ ở các khu vực của quầy số 4" in response.content.decode()
    assert not Ticket.objects.exists()


def test_another_counters_ticket_is_refused_on_the_panel(seated, centre, area):
    issue_ticket(area=area, token=uuid.uuid4())
    neighbour = OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])
    CounterFactory(agency=centre, number=6, serves=[area], officer=neighbour)
    theirs = call_next(by=neighbour)

    response = seated.post(f"/backoffice/quay/ve/{theirs.pk}/bo-qua/", follow=True)

    assert "không thuộc quầy của bạn (quầy số 6)" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == TicketStatus.CALLED


def test_an_unknown_action_is_not_found(seated, area):
    issue_ticket(area=area, token=uuid.uuid4())
    seated.post("/backoffice/quay/goi-tiep/")
    ticket = Ticket.objects.get()

    assert seated.post(f"/backoffice/quay/ve/{ticket.pk}/xoa/").status_code == 404


def test_a_specialist_cannot_open_the_panel(client, specialist):
    client.force_login(specialist.account)

    assert client.get(PANEL).status_code == 403


def test_intake_from_the_ticket_links_the_received_dossier(seated, area, intake_procedure):
    issue_ticket(area=area, token=uuid.uuid4())
    seated.post("/backoffice/quay/goi-tiep/")
    ticket = Ticket.objects.get()

    opened = seated.post(f"/backoffice/quay/ve/{ticket.pk}/tiep-nhan/")
    assert opened["Location"] == "/backoffice/tiep-nhan/"
    form_page = seated.get("/backoffice/tiep-nhan/1.001193/").content.decode()
    assert f"gắn với số thứ tự {ticket.label} đang phục vụ tại" in form_page
    papers = [
        component.pk
        for component_set in intake_procedure.current_version.component_sets.all()
        for component in component_set.components.all()
        if component.is_required
    ]
    seated.post(
        "/backoffice/tiep-nhan/1.001193/",
        {
            "token": str(uuid.uuid4()),
            "applicant_name": "Nguyễn Thị Hương Giang",
            "applicant_id_no": "038190001234",
            "action": "accept",
            **{f"c{pk}": "on" for pk in papers},
        },
    )

    dossier = Dossier.objects.get()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SERVING
    assert list(ticket.dossiers.all()) == [dossier]
    page = seated.get(PANEL).content.decode()
    assert dossier.code in page


def test_an_intake_without_a_served_number_links_nothing(seated, area, intake_procedure):
    papers = [
        component.pk
        for component_set in intake_procedure.current_version.component_sets.all()
        for component in component_set.components.all()
        if component.is_required
    ]
    seated.post(
        "/backoffice/tiep-nhan/1.001193/",
        {
            "token": str(uuid.uuid4()),
            "applicant_name": "Nguyễn Thị Hương Giang",
            "applicant_id_no": "038190001234",
            "action": "accept",
            **{f"c{pk}": "on" for pk in papers},
        },
    )

    assert Dossier.objects.count() == 1
    assert not Ticket.dossiers.through.objects.exists()
    assert "số thứ tự" not in seated.get("/backoffice/tiep-nhan/1.001193/").content.decode()
