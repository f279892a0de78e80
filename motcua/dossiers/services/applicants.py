"""Applicant data: validation of what was declared, and recall of applicants seen before."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.core.text import clean, fold
from motcua.dossiers.models import Applicant, ApplicantKind

_PERSON_ID = re.compile(r"\d{12}")
_TAX_CODE = re.compile(r"(\d{10})(?:-?(\d{3}))?")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"0\d{9,10}")
# Personal ID numbers start with the 3-digit code of the province of birth registration
# (001–096, Circular 07/2016/TT-BCA as amended).
_LAST_PROVINCE_PREFIX = 96


@dataclass(frozen=True)
class ApplicantData:
    """What an applicant declares at intake. `clean_applicant` returns a normalised copy."""

    name: str
    id_no: str
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = ""


def normalise_id_no(raw: str) -> tuple[str, ApplicantKind]:
    """A 12-digit personal ID, or a 10/13-digit tax code (written 10-3 as `0101234567-001`)."""
    value = re.sub(r"\s", "", raw or "")
    if _PERSON_ID.fullmatch(value):
        if not 1 <= int(value[:3]) <= _LAST_PROVINCE_PREFIX:
            raise DomainError(
                f"Số định danh cá nhân {value} không hợp lệ: ba chữ số đầu phải là mã tỉnh "
                "nơi đăng ký khai sinh (001–096)."
            )
        return value, ApplicantKind.PERSON
    match = _TAX_CODE.fullmatch(value)
    if match:
        head, branch = match.groups()
        return (f"{head}-{branch}" if branch else head), ApplicantKind.ORGANISATION
    raise DomainError(
        f"Số định danh / mã số thuế “{raw}” không hợp lệ: cần số định danh cá nhân 12 chữ số "
        "hoặc mã số thuế 10 chữ số (13 chữ số cho chi nhánh, dạng 0101234567-001)."
    )


def normalise_phone(raw: str) -> str:
    """A Vietnamese phone number as 0xxxxxxxxx (a leading +84 or 84 becomes 0)."""
    value = _PHONE_SEPARATORS.sub("", raw or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    if not _PHONE.fullmatch(value):
        raise DomainError(
            f"Số điện thoại “{raw}” không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84."
        )
    return value


def clean_applicant(data: ApplicantData) -> ApplicantData:
    """Validate and normalise declared applicant data; raise naming the first wrong field."""
    name = clean(data.name)
    if not name:
        raise DomainError("Chưa nhập họ tên người nộp hồ sơ (hoặc tên tổ chức).")
    if len(name) > 300 or not any(ch.isalpha() for ch in name):
        raise DomainError(f"Họ tên “{name[:60]}” không hợp lệ.")
    id_no, kind = normalise_id_no(data.id_no)
    if data.kind and data.kind != kind:
        expected = ApplicantKind(data.kind).label
        raise DomainError(
            f"“{id_no}” không phải là số giấy tờ của {str(expected).lower()}: cá nhân dùng số "
            "định danh 12 chữ số, tổ chức dùng mã số thuế."
        )
    phone = normalise_phone(data.phone) if clean(data.phone) else ""
    email = clean(data.email).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(f"Địa chỉ email “{email}” không hợp lệ.") from None
    address = clean(data.address)
    if len(address) > 300:
        raise DomainError("Địa chỉ dài quá 300 ký tự.")
    return replace(
        data, name=name, id_no=id_no, phone=phone, email=email, address=address, kind=kind
    )


_table = Applicant._meta.db_table
# Contact details left blank this time keep the values known from before.
REMEMBER_SQL = (
    f"INSERT INTO {_table} "  # noqa: S608
    "(kind, id_no, name, name_folded, phone, email, address, created_at, updated_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (id_no) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
    "name_folded = excluded.name_folded, "
    f"phone = COALESCE(NULLIF(excluded.phone, ''), {_table}.phone), "
    f"email = COALESCE(NULLIF(excluded.email, ''), {_table}.email), "
    f"address = COALESCE(NULLIF(excluded.address, ''), {_table}.address), "
    "updated_at = excluded.updated_at "
    "RETURNING id"
)


def remember_params(data: ApplicantData) -> list[Any]:
    """The parameters of `REMEMBER_SQL` for cleaned applicant data."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [
        data.kind,
        data.id_no,
        data.name,
        fold(data.name),
        data.phone,
        data.email,
        data.address,
        now,
        now,
    ]


def remember_applicant(data: ApplicantData) -> Applicant:
    """Create or refresh the applicant record with the latest declared data (one statement).

    `data` must come from `clean_applicant`. Blank contact details keep the known ones.
    """
    with connection.cursor() as cursor:
        cursor.execute(REMEMBER_SQL, remember_params(data))
        (pk,) = cursor.fetchone()
    # The in-memory copy carries what was declared now; blank contact details may be filled in
    # the row from earlier visits.
    return Applicant(
        pk=pk,
        kind=data.kind,
        id_no=data.id_no,
        name=data.name,
        name_folded=fold(data.name),
        phone=data.phone,
        email=data.email,
        address=data.address,
    )


def recall_applicant(id_no: str) -> Applicant | None:
    """The applicant last seen with this ID number, to prefill an intake form."""
    try:
        normalised, _kind = normalise_id_no(id_no)
    except DomainError:
        return None
    return Applicant.objects.filter(id_no=normalised).first()
