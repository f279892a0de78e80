import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import DossierEvent, EventAction
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.portal.tracking import LOOKUPS_PER_MINUTE, tracking_token, tracking_url

pytestmark = pytest.mark.django_db

URL = "/tra-cuu/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier():
    applicant = ApplicantFactory(
        name="Trần Thị Bích Ngọc",
        id_no="038190004321",
        phone="0987654321",
        address="Số 9 Lê Hoàn, phường Hạc Thành",
    )
    made = DossierFactory(
        applicant=applicant,
        applicant_email="ngoc@example.vn",
        applicant_address=applicant.address,
        procedure__version__name="Đăng ký khai sinh",
    )
    DossierEvent.objects.create(
        dossier=made,
        action=EventAction.TRANSFERRED,
        from_status=Status.RECEIVED,
        to_status=Status.IN_PROGRESS,
        actor_name="Lê Văn Cán Bộ",
        note="Ghi chú nội bộ: gọi cho chị Ngọc số 0987654321",
    )
    made.status = Status.IN_PROGRESS
    made.save(update_fields=["status"])
    return made


PERSONAL = (
    "Trần Thị Bích Ngọc",
    "038190004321",
    "0987654321",
    "ngoc@example.vn",
    "Số 9 Lê Hoàn",
    "Lê Văn Cán Bộ",
    "Ghi chú nội bộ",
)


def assert_no_personal_data(html: str) -> None:
    leaked = [item for item in PERSONAL if item in html]
    assert not leaked, f"personal data on the public page: {leaked}"


def test_code_and_last_four_phone_digits_show_status_due_date_and_history(client, dossier):
    response = client.post(URL, {"code": dossier.code, "last_digits": "4321"})
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html
    assert "Đăng ký khai sinh" in html
    assert "Đang xử lý" in html
    assert f"{dossier.due_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y}" in html
    assert "Chuyển cơ quan giải quyết" in html
    assert_no_personal_data(html)


def test_last_four_digits_of_the_id_number_work_too(client, dossier):
    dossier.applicant_phone = ""
    dossier.save(update_fields=["applicant_phone"])
    response = client.post(URL, {"code": dossier.code.lower(), "last_digits": "4321"})
    assert response.status_code == 200
    assert dossier.code in response.content.decode()


def test_wrong_digits_and_unknown_codes_get_the_same_answer(client, dossier):
    wrong_digits = client.post(URL, {"code": dossier.code, "last_digits": "0000"})
    unknown_code = client.post(URL, {"code": "000.00.17.H56-991231-9999", "last_digits": "4321"})
    assert wrong_digits.status_code == unknown_code.status_code == 404
    message = "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối đã nhập"
    assert message in wrong_digits.content.decode()
    assert message in unknown_code.content.decode()
    assert "Đang xử lý" not in wrong_digits.content.decode()


def test_digits_must_be_exactly_four_numbers(client, dossier):
    response = client.post(URL, {"code": dossier.code, "last_digits": "43a1"})
    assert response.status_code == 400
    assert "Nhập đúng 4 chữ số." in response.content.decode()


def test_lookups_are_limited_per_client_ip(client, dossier, monkeypatch):
    # The budget is per clock minute: a minute turning in the middle of the test would renew it.
    moment = timezone.now().replace(second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    for _ in range(LOOKUPS_PER_MINUTE):
        assert client.post(URL, {"code": dossier.code, "last_digits": "0000"}).status_code == 404
    limited = client.post(URL, {"code": dossier.code, "last_digits": "4321"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert "quá 10 lần" in limited.content.decode()
    assert "Đang xử lý" not in limited.content.decode()
    other_ip = client.post(
        URL, {"code": dossier.code, "last_digits": "4321"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_limit(client, dossier):
    for _ in range(LOOKUPS_PER_MINUTE):
        client.post(URL, {"code": dossier.code, "last_digits": "0000"})
    spoofed = client.post(
        URL, {"code": dossier.code, "last_digits": "4321"}, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert spoofed.status_code == 429


def test_the_receipt_qr_link_opens_the_dossier_without_the_digits(client, dossier, settings):
    settings.PUBLIC_BASE_URL = "https://motcua.example.gov.vn"
    link = tracking_url(dossier.code)
    assert link.startswith("https://motcua.example.gov.vn/tra-cuu/?ma=")
    response = client.get(link.removeprefix("https://motcua.example.gov.vn"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html
    assert_no_personal_data(html)


def test_a_token_of_another_code_opens_nothing(client, dossier):
    other = DossierFactory()
    response = client.get(URL, {"ma": dossier.code, "k": tracking_token(other.code)})
    assert response.status_code == 404
    assert "Đường dẫn tra cứu không hợp lệ" in response.content.decode()
    assert "Đăng ký khai sinh" not in response.content.decode()
    # The form is prefilled so the visitor can still use the 4 digits.
    assert re.search(rf'value="{re.escape(dossier.code)}"', response.content.decode())


def test_token_lookups_count_against_the_limit(client, dossier):
    for _ in range(LOOKUPS_PER_MINUTE):
        client.get(URL, {"ma": dossier.code, "k": "forged"})
    response = client.get(URL, {"ma": dossier.code, "k": tracking_token(dossier.code)})
    assert response.status_code == 429


def test_the_empty_page_shows_the_form_and_is_not_indexed(client):
    response = client.get(reverse("portal:tracking"))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert 'name="last_digits"' in response.content.decode()
