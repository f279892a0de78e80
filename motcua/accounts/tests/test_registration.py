"""Registration, e-mail verification by signed link, login by e-mail or phone."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail

from motcua.accounts.models import User, UserKind
from motcua.accounts.services import (
    VERIFY_MAX_AGE_SECONDS,
    Registration,
    register_account,
    require_verified,
    verification_token,
    verify_email,
)
from motcua.core.errors import ConflictError, DomainError, PermissionDeniedError

pytestmark = pytest.mark.django_db

PASSWORD = "Mot-cua-2026!"


def _citizen(**overrides) -> Registration:
    values = {
        "kind": UserKind.CITIZEN,
        "full_name": "Lê Thị Hoa",
        "email": "Hoa.Le@Example.vn",
        "phone": "+84 912 345 678",
        "id_no": "001190000777",
        "password": PASSWORD,
    }
    return Registration(**(values | overrides))


def test_registration_sends_a_link_that_verifies_the_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/dang-ky/",
            {
                "kind": "citizen",
                "full_name": "Lê Thị Hoa",
                "email": "hoa.le@example.vn",
                "phone": "0912345678",
                "id_no": "001190000777",
                "password": PASSWORD,
                "password_again": PASSWORD,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="hoa.le@example.vn")
    assert user.email_verified_at is None
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/xac-thuc-email/(\S+)/", str(mail.outbox[0].body))
    assert link
    assert client.get(f"/accounts/xac-thuc-email/{link.group(1)}/").status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_expired_or_altered_links_are_refused(client, monkeypatch):
    user = register_account(_citizen())
    token = verification_token(user)
    assert client.get(f"/accounts/xac-thuc-email/{token}x/").status_code == 400
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + VERIFY_MAX_AGE_SECONDS + 60)
    with pytest.raises(DomainError, match="hết hạn"):
        verify_email(token)
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_for_an_earlier_address_does_not_verify_the_new_one():
    user = register_account(_citizen())
    token = verification_token(user)
    user.email = "other@example.vn"
    user.save()
    with pytest.raises(DomainError, match="không còn đúng"):
        verify_email(token)


def test_unverified_accounts_may_not_submit():
    user = register_account(_citizen())
    with pytest.raises(PermissionDeniedError, match="chưa xác thực"):
        require_verified(user)


def test_login_by_email_or_phone(client):
    register_account(_citizen())
    assert client.login(username="hoa.le@example.vn", password=PASSWORD)
    client.logout()
    assert client.login(username="0912 345 678", password=PASSWORD)
    client.logout()
    assert not client.login(username="0912345678", password="wrong")


def test_a_phone_shared_by_two_accounts_logs_nobody_in(client):
    register_account(_citizen())
    User.objects.create_user(username="x", password=PASSWORD, phone="0912345678")
    assert not client.login(username="0912345678", password=PASSWORD)


def test_duplicate_email_or_phone_is_refused():
    register_account(_citizen())
    with pytest.raises(ConflictError, match="Email"):
        register_account(_citizen(phone="", id_no="001190000778"))
    with pytest.raises(ConflictError, match="Số điện thoại"):
        register_account(_citizen(email="b@example.vn"))


def test_business_accounts_need_the_organisation_and_its_tax_code():
    with pytest.raises(DomainError, match="mã số thuế"):
        register_account(_citizen(kind=UserKind.BUSINESS, organization_name="Công ty A"))
    with pytest.raises(DomainError, match="tên tổ chức"):
        register_account(_citizen(kind=UserKind.BUSINESS, id_no="0101234567"))
    user = register_account(
        _citizen(kind=UserKind.BUSINESS, id_no="0101234567", organization_name="Công ty TNHH A")
    )
    assert (user.full_name, user.organization_name, user.id_no) == (
        "Lê Thị Hoa",
        "Công ty TNHH A",
        "0101234567",
    )


def test_weak_password_is_refused_with_the_reason():
    with pytest.raises(DomainError):
        register_account(_citizen(password="123"))
    assert not User.objects.exists()
