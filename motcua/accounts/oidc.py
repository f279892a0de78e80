"""Login through the national identity provider (VNeID) by OpenID Connect (ADR 0007).

The library (mozilla-django-oidc) runs the code flow with PKCE, checks the ID token's signature
and nonce, and fetches the user info; this backend decides which account the person is. The
provider's subject (`sub`) is the stable link; on the first login an existing account with the
same personal ID number is linked, otherwise a citizen account is created.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.accounts.models import User, UserKind
from motcua.core.text import clean


def is_configured() -> bool:
    """Whether the identity provider is set up (client and endpoints)."""
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
    )


class VNeIDBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Authenticate a person identified by VNeID; link or create their account."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """A subject is required; the personal ID claim too when one is configured."""
        if not clean(str(claims.get("sub", ""))):
            return False
        id_claim = settings.OIDC_ID_NO_CLAIM
        return not id_claim or bool(clean(str(claims.get(id_claim, ""))))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        """The account of the subject, linked by personal ID on first login, or a new one."""
        claims: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Nhà cung cấp định danh không trả về mã định danh.")
        # The ID token's subject is authoritative; user info must describe the same person.
        if str(claims["sub"]) != str(payload.get("sub", claims["sub"])):
            raise SuspiciousOperation("Thông tin người dùng không khớp với mã thông báo định danh.")
        return link_identity(claims)

    def get_user(self, user_id: int) -> User | None:
        """The active account behind a session."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


@transaction.atomic
def link_identity(claims: dict[str, Any]) -> User:
    """Find, link or create the account of a person the identity provider vouched for."""
    subject = clean(str(claims["sub"]))[:255]
    id_claim = settings.OIDC_ID_NO_CLAIM
    id_no = clean(str(claims.get(id_claim, ""))) if id_claim else ""
    name = clean(str(claims.get("name", "")))[:200]
    email = clean(str(claims.get("email", ""))).lower()
    email_verified = bool(claims.get("email_verified")) and bool(email)

    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    if user is None and id_no:
        candidates = list(
            User.objects.select_for_update().filter(
                id_no=id_no, oidc_subject="", kind__in=[UserKind.CITIZEN, UserKind.BUSINESS]
            )[:2]
        )
        if len(candidates) > 1:
            raise SuspiciousOperation("Nhiều tài khoản cùng số định danh: cần quản trị xử lý.")
        user = candidates[0] if candidates else None
    if user is None:
        user = User(username=f"vneid-{subject}"[:150], kind=UserKind.CITIZEN)
        user.set_unusable_password()
    if user.kind == UserKind.OFFICER:
        raise SuspiciousOperation("Tài khoản cán bộ không đăng nhập bằng định danh công dân.")
    user.oidc_subject = subject
    if id_no:
        user.id_no = id_no
    if name:
        user.full_name = name
    if email and (not user.email or email_verified):
        if user.email.lower() != email:
            user.email_verified_at = None
        user.email = email
    if email_verified and user.email_verified_at is None:
        user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # A concurrent first login of the same person created the account: use it.
        return User.objects.get(oidc_subject=subject)
    return user
