"""The public queue screens: kiosk, printed ticket, board fragment, spoken call."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.tickets import views, voice
from motcua.tickets.models import Ticket, TicketSequence
from motcua.tickets.services import call_next, issue_ticket, recall

pytestmark = pytest.mark.django_db

KIOSK = "/xep-hang/000.01.01.H22/"
BOARD = "/xep-hang/000.01.01.H22/bang-goi-so/"
FRAGMENT = "/xep-hang/000.01.01.H22/bang-goi-so/moi/"


def kiosk_token(client) -> str:
    html = client.get(KIOSK).content.decode()
    match = re.search(r'name="token" value="([0-9a-f-]{36})"', html)
    assert match, html
    return match.group(1)


def test_the_kiosk_shows_big_area_buttons_without_login(client, clock, land, justice):
    response = client.get(KIOSK)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Lấy số thứ tự" in html
    assert f'name="area" value="{land.pk}"' in html
    assert "Tư pháp – Hộ tịch" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_tap_issues_a_ticket_and_shows_it_for_printing(client, clock, land):
    token = kiosk_token(client)

    response = client.post(KIOSK, {"token": token, "area": land.pk})

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/xep-hang/ve/{ticket.issue_token}/?in=1"
    page = client.get(response["Location"]).content.decode()
    assert 'id="ticket-number" class="ticket-number">A0001<' in page
    assert "Đất đai – Môi trường" in page
    assert "08:00 23/11/2026" in page
    assert "Trước bạn còn 0 người" in page
    assert "data-print-now" in page


def test_a_double_tap_on_the_kiosk_gives_one_ticket(client, clock, land, justice):
    token = kiosk_token(client)

    first = client.post(KIOSK, {"token": token, "area": land.pk})
    second = client.post(KIOSK, {"token": token, "area": justice.pk})

    assert first["Location"] == second["Location"] + "?in=1"  # printed once
    assert Ticket.objects.count() == 1
    assert TicketSequence.objects.get().last_value == 1


def test_a_kiosk_post_without_an_area_is_refused_clearly(client, clock, land):
    response = client.post(KIOSK, {"token": kiosk_token(client)})

    assert response.status_code == 400
    assert "Vui lòng chạm vào một khu vực" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_area_of_another_centre_is_refused(client, clock, land):
    from motcua.tickets.tests.factories import ServiceAreaFactory

    foreign = ServiceAreaFactory()

    response = client.post(KIOSK, {"token": kiosk_token(client), "area": foreign.pk})

    assert response.status_code == 400
    assert "không thuộc trung tâm" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_unknown_centre_has_no_kiosk(client, clock):
    assert client.get("/xep-hang/000.99.99.H22/").status_code == 404


def test_the_board_fragment_announces_the_latest_call(
    client, clock, counter, land, officer, monkeypatch
):
    monkeypatch.setattr("motcua.tickets.voice.shutil.which", lambda name: "/usr/bin/espeak-ng")
    issue_ticket(area=land, token=uuid.uuid4())
    ticket = call_next(by=officer)

    html = client.get(FRAGMENT).content.decode()

    assert "Mời số A0001 đến quầy số 5" in html
    assert f'data-key="{ticket.pk}-0"' in html
    assert f'data-audio="/xep-hang/goi/{ticket.pk}-0.wav"' in html
    assert "<html" not in html


class Monotonic:
    """A settable `time.monotonic()` for the board's shared render."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_the_boards_of_a_centre_share_one_render_per_second(
    client, clock, counter, land, officer, monkeypatch
):
    monotonic = Monotonic()
    monkeypatch.setattr(views, "time", monotonic)
    issue_ticket(area=land, token=uuid.uuid4())
    first = client.get(FRAGMENT).content.decode()
    call_next(by=officer)

    monotonic.now += 0.5  # a second board polls within the shared second: no query, same HTML
    with CaptureQueriesContext(connection) as queries:
        shared = client.get(FRAGMENT).content.decode()
    monotonic.now += 0.6  # past it: the call shows
    fresh = client.get(FRAGMENT).content.decode()

    assert len(queries) == 0
    assert shared == first
    assert "Mời số" not in shared
    assert "Mời số A0001 đến quầy số 5" in fresh


def test_without_espeak_ng_the_board_shows_the_call_without_sound(
    client, clock, counter, land, officer, monkeypatch
):
    monkeypatch.setattr("motcua.tickets.voice.shutil.which", lambda name: None)
    issue_ticket(area=land, token=uuid.uuid4())
    ticket = call_next(by=officer)

    html = client.get(BOARD).content.decode()
    sound = client.get(f"/xep-hang/goi/{ticket.pk}-0.wav")

    assert "Mời số A0001 đến quầy số 5" in html
    assert "data-audio" not in html
    assert 'hx-trigger="every 2s"' in html
    assert sound.status_code == 404


def test_an_old_call_is_listed_but_no_longer_announced(client, clock, counter, land, officer):
    issue_ticket(area=land, token=uuid.uuid4())
    call_next(by=officer)
    clock.advance(minutes=2)

    html = client.get(FRAGMENT).content.decode()

    assert "Mời số" not in html
    assert "A0001" in html


def test_the_spoken_call_is_served_as_wav(client, clock, counter, land, officer, monkeypatch):
    monkeypatch.setattr(voice, "announcement_wav", lambda label, number: b"RIFF-" + label.encode())
    issue_ticket(area=land, token=uuid.uuid4())
    ticket = recall(ticket=call_next(by=officer), by=officer)

    stale = client.get(f"/xep-hang/goi/{ticket.pk}-0.wav")
    fresh = client.get(f"/xep-hang/goi/{ticket.pk}-1.wav")

    assert stale.status_code == 404
    assert fresh.status_code == 200
    assert fresh["Content-Type"] == "audio/wav"
    assert fresh.content == b"RIFF-A0001"


def test_a_number_served_for_long_stays_on_the_board(
    client, clock, counter, other_counter, land, justice, officer, other_officer
):
    from motcua.tickets.selectors import board
    from motcua.tickets.services import skip, start_serving

    issue_ticket(area=land, token=uuid.uuid4())
    start_serving(ticket=call_next(by=officer), by=officer)
    for _ in range(40):
        issue_ticket(area=justice, token=uuid.uuid4())
        clock.advance(seconds=30)
        skip(ticket=call_next(by=other_officer), by=other_officer)

    shown = board(land.agency)

    assert [(call.label, call.counter_number) for call in shown.serving] == [("A0001", 5)]
    assert len(shown.recent) == 8
