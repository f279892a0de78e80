"""Single values of the national portal's records, read tolerantly.

The portal sends numbers as strings ("3.5", "50.000", "Không"), flags as words, timestamps as epoch
milliseconds or ISO strings, and text with tabs, hard line breaks and stray spaces. Each function
here turns one such value into what the catalogue stores, and never raises.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from typing import Final

from motcua.catalog.models import TimeUnit
from motcua.core.text import clean

LOCAL_TZ: Final = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# The portal's HOUR is read as working hours: the records that use it count office time
# ("trong 01 giờ làm việc"), and CONTRACT §3 only defines hour periods inside office hours.
TIME_UNITS: Final[Mapping[str, TimeUnit]] = {
    "WORKING_DAY": TimeUnit.WORKING_DAY,
    "DAY": TimeUnit.DAY,
    "HOUR": TimeUnit.WORKING_HOUR,
    "WORKING_HOUR": TimeUnit.WORKING_HOUR,
    "MONTH": TimeUnit.MONTH,
    "OTHER": TimeUnit.OTHER,
}
# DecimalField(max_digits=8, decimal_places=2) of processing times.
MAX_TIME: Final = decimal.Decimal("999999.99")

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_MONEY_NOISE = re.compile(r"(?i)\s|đồng|vnđ|vnd|đ")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRUE_WORDS: Final = frozenset({"1", "true", "yes", "y", "có", "co", "x"})


def record_hash(data: Mapping[str, object]) -> str:
    """SHA-256 of the record's canonical form.

    Keys sorted, strings NFC with whitespace collapsed, integral floats as integers: re-exporting
    the same record (another key order, 5.0 for 5, an extra space) is not a change; any value
    change is.
    """
    canonical = json.dumps(
        _canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def processing_time_of(value: object) -> tuple[decimal.Decimal | None, str]:
    """A processing time as (number, text): `3.5` → (3.50, ""), "Không" → (None, "Không")."""
    if value is None or isinstance(value, bool):
        return None, ""
    if isinstance(value, int | float | decimal.Decimal):
        number = _decimal(value)
        return (number, "") if number is not None else (None, str(value))
    text = clean(as_text(value))
    if not text:
        return None, ""
    if _NUMBER.match(text):
        number = _decimal(decimal.Decimal(text.replace(",", ".")))
        if number is not None:
            return number, ""
    return None, text


def time_unit_of(value: object) -> TimeUnit:
    """The catalogue's unit for a portal unit; unknown or missing units are OTHER."""
    return TIME_UNITS.get(clean(as_text(value)).upper(), TimeUnit.OTHER)


def money_of(value: object) -> int | None:
    """A whole amount (đồng, copies): "50.000" → 50000; None for "Theo mô tả", -5 or true."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        number = _decimal(value, places=0, ceiling=None)
        return int(number) if number is not None else None
    text = _MONEY_NOISE.sub("", clean(as_text(value)))
    if not text:
        return 0
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,]", "", text))
    if _NUMBER.match(text):
        number = _decimal(decimal.Decimal(text.replace(",", ".")), places=0, ceiling=None)
        return int(number) if number is not None else None
    return None


def to_bool(value: object) -> bool:
    """A flag that may arrive as a boolean, a number or a word."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return clean(as_text(value)).lower() in _TRUE_WORDS


def epoch_datetime(value: object) -> dt.datetime | None:
    """An aware datetime from epoch milliseconds (the portal's form) or an ISO 8601 string."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not text.lstrip("-").isdigit():
            try:
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                return None
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)
        value = int(text)
    if not isinstance(value, int | float):
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def epoch_date(value: object) -> dt.date | None:
    """The local (Asia/Ho_Chi_Minh) date of a portal timestamp: decisions are dated locally."""
    moment = epoch_datetime(value)
    return moment.astimezone(LOCAL_TZ).date() if moment else None


def text_block(value: object) -> str:
    """Free text kept with its line breaks: NFC, spaces and tabs collapsed, lines trimmed."""
    text = unicodedata.normalize("NFC", as_text(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _decimal(
    value: int | float | decimal.Decimal,
    *,
    places: int = 2,
    ceiling: decimal.Decimal | None = MAX_TIME,
) -> decimal.Decimal | None:
    try:
        number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    except decimal.InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or (ceiling is not None and number > ceiling):
        return None
    return number.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def as_text(value: object) -> str:
    """A scalar as text; missing values, lists and objects are empty."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def as_mapping(value: object) -> Mapping[str, object]:
    """An object, or an empty one when the value is something else."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[object]:
    """A list; a lone object counts as a list of one, anything else as empty."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, Mapping) else []


def _canonical(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
