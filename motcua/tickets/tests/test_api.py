"""The queue over the API: the board's numbers as JSON, public, without personal data."""

import uuid

import pytest

from motcua.tickets.services import call_next, issue_ticket, recall

pytestmark = pytest.mark.django_db


def test_the_queue_of_a_centre_is_what_its_board_shows(
    client, clock, centre, counter, land, officer
):
    issue_ticket(area=land, token=uuid.uuid4())
    issue_ticket(area=land, token=uuid.uuid4())
    issue_ticket(area=land, token=uuid.uuid4())
    clock.advance(minutes=3)
    called = call_next(by=officer)
    recall(ticket=called, by=officer)

    response = client.get(f"/api/v1/queue/{centre.code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["centre_code"] == centre.code
    assert body["day"] == "2026-11-23"
    assert body["serving"] == [
        {
            "number": "A0001",
            "counter": 5,
            "area": "Đất đai – Môi trường",
            "called_at": "2026-11-23T08:03:00+07:00",
            "recalls": 1,
        }
    ]
    assert body["recent"] == body["serving"]
    waiting = {area["prefix"]: area["waiting"] for area in body["areas"]}
    assert waiting == {"A": 2, "B": 0}


def test_the_queue_holds_no_personal_data(client, clock, centre, counter, land, officer):
    issue_ticket(area=land, token=uuid.uuid4())
    call_next(by=officer)

    text = client.get(f"/api/v1/queue/{centre.code}/").content.decode()

    assert officer.account.username not in text
    assert "token" not in text


def test_an_unknown_centre_is_a_problem_not_a_page(client, centre):
    response = client.get("/api/v1/queue/000.99.99.H99/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
    assert "000.99.99.H99" in response.json()["title"]
