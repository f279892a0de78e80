"""Rating pages: the owner's page, the receipt link, the counter invitation and touch screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import OfficerFactory, UserFactory
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.portal.tracking import tracking_token
from motcua.ratings.models import CounterInvitation, Rating, Source, Verdict
from motcua.ratings.services import invite_at_counter

pytestmark = pytest.mark.django_db

ANSWERS = {
    "time_to_result": "2",
    "bodies_contacted": "2",
    "desk_contacts": "1",
    "published_info": "2",
    "staff_attitude": "2",
    "legality_and_costs": "2",
    "feedback_answers": "na",
    "verdict": "satisfied",
    "comment": "Cán bộ hướng dẫn tận tình.",
    "revision": "0",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_dossier_offers_the_rating_once_the_result_is_ready(returned, citizen):
    client = _client(citizen)

    page = client.get(f"/ho-so-cua-toi/{returned.pk}/")

    assert page.status_code == 200
    assert f'href="/ho-so-cua-toi/{returned.pk}/danh-gia/"' in page.content.decode()


def test_the_owner_rates_from_the_page_with_labelled_radio_groups(returned, citizen):
    client = _client(citizen)
    form = client.get(f"/ho-so-cua-toi/{returned.pk}/danh-gia/").content.decode()
    assert form.count("<fieldset") == 8  # 7 criteria of a counter dossier + the verdict
    assert "<legend>5. Thái độ, cách ứng xử của cán bộ</legend>" in form
    assert "Chất lượng dịch vụ công trực tuyến" not in form

    response = client.post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", ANSWERS)

    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.verdict, rating.desk_contacts, rating.feedback_answers) == ("satisfied", 1, None)
    assert rating.comment == "Cán bộ hướng dẫn tận tình."
    # The same form posted again (a double click) is refused, not counted twice.
    again = client.post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", ANSWERS)
    assert again.status_code == 409
    assert "Hồ sơ này đã được đánh giá" in again.content.decode()
    assert Rating.objects.get().revision == 1


def test_a_missing_answer_is_named_and_nothing_is_saved(returned, citizen):
    answers = {**ANSWERS}
    del answers["staff_attitude"]

    response = _client(citizen).post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", answers)

    assert response.status_code == 400
    assert "Hãy chọn một câu trả lời cho “Thái độ, cách ứng xử của cán bộ”" in (
        response.content.decode()
    )
    assert not Rating.objects.exists()


def test_another_citizen_gets_not_found_and_learns_nothing(returned):
    stranger = _client(UserFactory(username="nguoila"))

    page = stranger.get(f"/ho-so-cua-toi/{returned.pk}/danh-gia/")
    post = stranger.post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", ANSWERS)

    assert page.status_code == 404
    assert post.status_code == 404
    assert returned.code not in page.content.decode()
    assert not Rating.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(returned):
    response = Client().post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", ANSWERS)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Rating.objects.exists()


def test_no_form_before_the_result(citizen, centre):
    dossier = DossierFactory(receiving_agency=centre, status=Status.IN_PROGRESS, owner=citizen)
    client = _client(citizen)

    page = client.get(f"/ho-so-cua-toi/{dossier.pk}/danh-gia/").content.decode()
    post = client.post(f"/ho-so-cua-toi/{dossier.pk}/danh-gia/", ANSWERS)

    assert "chưa có kết quả" in page
    assert "<fieldset" not in page
    assert post.status_code == 409
    assert not Rating.objects.exists()


def test_the_receipt_link_rates_without_an_account(returned):
    token = tracking_token(returned.code)
    tracking = Client().get(f"/tra-cuu/?ma={returned.code}&k={token}").content.decode()
    assert "/tra-cuu/danh-gia/?ma=" in tracking

    response = Client().post("/tra-cuu/danh-gia/", {**ANSWERS, "ma": returned.code, "k": token})

    assert response.status_code == 302
    assert Rating.objects.get().rated_by is None


def test_a_forged_receipt_link_is_refused(returned):
    response = Client().post("/tra-cuu/danh-gia/", {**ANSWERS, "ma": returned.code, "k": "forged"})

    assert response.status_code == 404
    assert "không hợp lệ" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_counter_officer_opens_the_touch_screen_and_the_citizen_rates_once(returned, desk):
    officer = _client(desk.user)

    invited = officer.post("/quay/danh-gia/", {"code": returned.code.lower()})

    assert invited.status_code == 200
    kiosk_url = invited.context["kiosk_url"]
    kiosk = Client()
    screen = kiosk.get(kiosk_url)
    assert screen.status_code == 200
    assert returned.code in screen.content.decode()
    done = kiosk.post(kiosk_url, {**ANSWERS, "verdict": "very_satisfied"})
    assert "Cảm ơn ông/bà đã đánh giá" in done.content.decode()
    rating = Rating.objects.get()
    assert (rating.source, rating.verdict) == (Source.COUNTER, Verdict.VERY_SATISFIED)
    # The pass is spent: the screen no longer opens.
    assert kiosk.get(kiosk_url).status_code == 410
    assert kiosk.post(kiosk_url, ANSWERS).status_code == 410


def test_the_invitation_page_refuses_others_and_unknown_codes(returned, centre, citizen):
    specialist = _client(OfficerFactory(agency=centre, roles=[Role.SPECIALIST]).user)
    desk_elsewhere = _client(OfficerFactory(roles=[Role.COUNTER_OFFICER]).user)

    assert _client(citizen).get("/quay/danh-gia/").status_code == 403
    assert specialist.post("/quay/danh-gia/", {"code": returned.code}).status_code == 403
    unknown = desk_elsewhere.post("/quay/danh-gia/", {"code": returned.code})
    assert unknown.status_code == 400
    assert "Không có hồ sơ mã" in unknown.content.decode()
    assert not CounterInvitation.objects.exists()


def test_an_expired_touch_screen_says_so(returned, desk, monkeypatch):
    _invitation, token = invite_at_counter(dossier=returned, by=desk)
    later = timezone.now() + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = Client().get(f"/quay/danh-gia/{token}/")

    assert response.status_code == 410
    assert "đã hết hạn" in response.content.decode()
    assert Client().get("/quay/danh-gia/khong-ton-tai/").status_code == 404


def test_the_invitation_page_can_be_opened_with_the_code_filled_in(returned, desk):
    page = _client(desk.user).get(f"/quay/danh-gia/?ma={returned.code.lower()}")

    assert f'value="{returned.code}"' in page.content.decode()
    assert not CounterInvitation.objects.exists()


def test_an_expired_session_is_sent_to_log_in_and_nothing_is_saved(returned, citizen):
    client = _client(citizen)
    session = client.session
    session.set_expiry(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    session.save()

    response = client.post(f"/ho-so-cua-toi/{returned.pk}/danh-gia/", ANSWERS)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Rating.objects.exists()
