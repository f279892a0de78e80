"""Citizen and business accounts: registration and e-mail verification by a signed link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User, UserKind
from motcua.core.errors import ConflictError, DomainError, PermissionDeniedError
from motcua.core.text import clean
from motcua.dossiers.services.applicants import normalise_id_no, normalise_phone

VERIFY_SALT: Final = "motcua.accounts.verify-email"
# A verification link is good for three days; a new one can be asked for at any time.
VERIFY_MAX_AGE_SECONDS: Final = 3 * 24 * 3600
_PHONE_LIKE = re.compile(r"[+\d][\d\s.\-()]{8,}")


@dataclass(frozen=True)
class Registration:
    """What a person types into the registration form."""

    kind: str
    full_name: str
    email: str
    phone: str
    id_no: str
    password: str
    organization_name: str = ""


def login_phone(identifier: str) -> str:
    """The normalised phone number an identifier stands for, or "" if it is not one."""
    if not _PHONE_LIKE.fullmatch(identifier.strip()):
        return ""
    try:
        return normalise_phone(identifier)
    except DomainError:
        return ""


@transaction.atomic
def register_account(data: Registration) -> User:
    """Create a citizen or business account (the e-mail is unverified until the link is used).

    A business account is held by the authorised person: their own name is `full_name`, the
    organisation's name and tax code are `organization_name` and `id_no`.
    """
    if data.kind not in (UserKind.CITIZEN, UserKind.BUSINESS):
        raise DomainError("Loại tài khoản phải là công dân hoặc tổ chức, doanh nghiệp.")
    name = clean(data.full_name)
    if not name or not any(ch.isalpha() for ch in name) or len(name) > 200:
        raise DomainError("Họ và tên không hợp lệ.")
    email = clean(data.email).lower()
    if not email:
        raise DomainError("Cần địa chỉ email để xác thực tài khoản.")
    phone = normalise_phone(data.phone) if clean(data.phone) else ""
    id_no, applicant_kind = normalise_id_no(data.id_no)
    organization = clean(data.organization_name)
    if data.kind == UserKind.BUSINESS:
        if applicant_kind != "organisation":
            raise DomainError("Tài khoản tổ chức cần mã số thuế (10 hoặc 13 chữ số).")
        if not organization:
            raise DomainError("Chưa nhập tên tổ chức, doanh nghiệp.")
    elif applicant_kind != "person":
        raise DomainError("Tài khoản công dân cần số định danh cá nhân 12 chữ số.")
    user = User(
        username=email[:150],
        kind=data.kind,
        full_name=name,
        email=email,
        phone=phone,
        id_no=id_no,
        organization_name=organization if data.kind == UserKind.BUSINESS else "",
    )
    try:
        validate_password(data.password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    taken = User.objects.filter(username__iexact=email) | User.objects.filter(email__iexact=email)
    if taken.exists():
        raise ConflictError(f"Email {email} đã được dùng cho một tài khoản khác.")
    if phone and User.objects.filter(phone=phone).exists():
        raise ConflictError(f"Số điện thoại {phone} đã được dùng cho một tài khoản khác.")
    user.set_password(data.password)
    try:
        # The user name is the e-mail: a concurrent twin registration fails on its unique key.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ConflictError(f"Email {email} đã được dùng cho một tài khoản khác.") from None
    transaction.on_commit(lambda: send_verification_email(user))
    return user


def verification_token(user: User) -> str:
    """A signed, expiring token naming the account and the address it verifies."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT)


def send_verification_email(user: User) -> None:
    """Send the verification link to the account's address."""
    link = settings.PUBLIC_BASE_URL + reverse(
        "accounts:verify_email", kwargs={"token": verification_token(user)}
    )
    context = {"user": user, "link": link, "days": VERIFY_MAX_AGE_SECONDS // 86400}
    EmailMessage(
        subject=render_to_string("accounts/email/verify_subject.txt", context).strip(),
        body=render_to_string("accounts/email/verify_body.txt", context),
        to=[user.email],
    ).send()


@transaction.atomic
def verify_email(token: str) -> User:
    """Mark the address in a verification link as verified; refuse expired or altered links."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise DomainError(
            "Liên kết xác thực đã hết hạn: hãy yêu cầu gửi lại liên kết mới."
        ) from None
    except signing.BadSignature:
        raise DomainError("Liên kết xác thực không hợp lệ.") from None
    user = User.objects.select_for_update().filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        raise DomainError("Liên kết xác thực không còn đúng với địa chỉ email của tài khoản.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def require_verified(user: User) -> None:
    """Refuse an account whose e-mail is not verified (it may not submit dossiers)."""
    if user.email_verified_at is None:
        raise PermissionDeniedError(
            "Tài khoản chưa xác thực email: hãy mở liên kết xác thực đã gửi tới email của bạn "
            "trước khi nộp hồ sơ."
        )
