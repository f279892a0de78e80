"""Reading one raw procedure record of the national portal into plain dataclasses.

The portal's records are messy (see `catalog/data/procedures/README.md`): every key may be
missing, every string may be empty, numbers arrive as strings ("3.5", "Không", "Theo mô tả"),
lists repeat items. `parse_record` is a pure function: it tolerates all of that, keeps what the
record says (a time that is not a number is kept as text), and raises `RecordError` only when the
record cannot be imported at all (no code, no name, an unknown submission method or fee type,
a value too long for its column).
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
from dataclasses import dataclass, field
from typing import Final

from motcua.catalog.models import Channel, FeeKind, TimeUnit
from motcua.core.errors import DomainError, ErrorCode
from motcua.core.text import clean

LOCAL_TZ: Final = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

CHANNELS: Final[Mapping[str, Channel]] = {
    "DIRECT": Channel.DIRECT,
    "ONLINE": Channel.ONLINE,
    "POSTAL": Channel.POSTAL,
}

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

# The portal's SERVICE_FEE is the charge called "lệ phí"; FEE is "phí"; PRICE_LEVEL a price.
FEE_KINDS: Final[Mapping[str, FeeKind]] = {
    "FEE": FeeKind.FEE,
    "SERVICE_FEE": FeeKind.CHARGE,
    "PRICE_LEVEL": FeeKind.PRICE,
}

# Column widths of the catalogue tables: a longer value is refused rather than cut.
MAX_CODE: Final = 64
MAX_SHORT: Final = 32
MAX_NAME: Final = 300
MAX_DECISION: Final = 100
# DecimalField(max_digits=8, decimal_places=2).
MAX_TIME: Final = decimal.Decimal("999999.99")
MAX_QTY: Final = 32767

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_MONEY_NOISE = re.compile(r"(?i)\s|đồng|vnđ|vnd|đ")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRUE_WORDS: Final = frozenset({"1", "true", "yes", "y", "có", "co", "x"})


class RecordError(DomainError):
    """A record that cannot be imported; the message names the record and what is wrong."""

    code = ErrorCode.IMPORT_FAILED


@dataclass(frozen=True)
class Reference:
    """Something the record names by code and name: an agency, a legal basis, a result..."""

    code: str
    name: str

    def as_json(self) -> dict[str, str]:
        """The form stored in the version's JSON columns."""
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True)
class FeeRecord:
    """A charge of a submission method."""

    kind: FeeKind
    amount_vnd: int
    description: str


@dataclass(frozen=True)
class MethodRecord:
    """A submission method with its processing time (a number, or text when it is not one)."""

    channel: Channel
    processing_time: decimal.Decimal | None
    time_unit: TimeUnit
    time_text: str
    description: str
    fees: tuple[FeeRecord, ...]


@dataclass(frozen=True)
class CaseRecord:
    """A sub-case (trường hợp) with its own processing time."""

    portal_id: str
    code: str
    name: str
    processing_time: decimal.Decimal | None
    time_unit: TimeUnit | None


@dataclass(frozen=True)
class ComponentRecord:
    """One paper of the dossier."""

    portal_id: str
    code: str
    name: str
    original_qty: int
    copy_qty: int
    is_required: bool
    has_electronic_form: bool
    is_prior_result: bool
    templates: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class ComponentSetRecord:
    """The papers of one variant of the dossier."""

    name: str
    components: tuple[ComponentRecord, ...]


@dataclass(frozen=True)
class ProcedureRecord:
    """Everything the catalogue keeps from one portal record, ready to be written."""

    code: str
    name: str
    portal_id: str
    source_hash: str
    source_updated_at: dt.datetime | None
    sector: Reference | None
    record_type: str
    state: str
    is_ministry_level: bool
    is_province_level: bool
    is_commune_level: bool
    is_other_agency_level: bool
    is_full_process: bool
    is_internal: bool
    promulgating_agency_code: str
    promulgating_agency_name: str
    decision_number: str
    decision_on: dt.date | None
    published_at: dt.datetime | None
    executing_agencies: tuple[Reference, ...]
    coordinating_agencies: tuple[Reference, ...]
    authority_agencies: tuple[Reference, ...]
    authorized_agencies: tuple[Reference, ...]
    legal_bases: tuple[Reference, ...]
    results: tuple[Reference, ...]
    subject_types: tuple[Reference, ...]
    returning_methods: tuple[dict[str, str], ...]
    steps_text: str
    requirements_text: str
    receiving_addresses_text: str
    methods: tuple[MethodRecord, ...]
    cases: tuple[CaseRecord, ...]
    component_sets: tuple[ComponentSetRecord, ...]
    raw: Mapping[str, object] = field(repr=False, compare=False)


def parse_record(data: object) -> ProcedureRecord:
    """Read one raw portal record; error messages start with the record's code."""
    if not isinstance(data, Mapping):
        raise RecordError("không phải một bản ghi thủ tục (cần một đối tượng JSON).")
    code = clean(_text(data.get("code")) or _text(data.get("codeNotation")))
    if not code:
        raise RecordError("bản ghi không có mã thủ tục (code).")
    name = clean(_text(data.get("name")))
    if not name:
        raise RecordError(f"{code}: tên thủ tục (name) trống.")
    reader = _Reader(code)
    reader.limit("code", code, MAX_CODE)
    proposal = _mapping(data.get("procedureProposal"))
    issuing = _mapping(proposal.get("issuingAgency"))
    promulgating_name = clean(_text(data.get("departmentPromulgateName"))) or clean(
        _text(issuing.get("name"))
    )
    return ProcedureRecord(
        code=code,
        name=name,
        portal_id=reader.limit("id", clean(_text(data.get("id"))), MAX_CODE),
        source_hash=record_hash(data),
        source_updated_at=epoch_datetime(data.get("updatedAt") or data.get("createdAt")),
        sector=reader.sector(data),
        record_type=reader.limit("type", clean(_text(data.get("type"))), MAX_SHORT),
        state=reader.limit("state", clean(_text(data.get("state"))), MAX_SHORT),
        is_ministry_level=to_bool(data.get("isMinistry")),
        is_province_level=to_bool(data.get("isProvince")),
        is_commune_level=to_bool(data.get("isWard")),
        is_other_agency_level=to_bool(data.get("isOtherAgency")),
        is_full_process=to_bool(data.get("isFullProcess")),
        is_internal=to_bool(data.get("isInternal")),
        promulgating_agency_code=reader.limit(
            "departmentPromulgateCode",
            clean(_text(data.get("departmentPromulgateCode"))),
            MAX_SHORT,
        ),
        promulgating_agency_name=reader.limit(
            "departmentPromulgateName", promulgating_name, MAX_NAME
        ),
        decision_number=reader.limit(
            "procedureProposal.proposalNumber",
            clean(_text(proposal.get("proposalNumber")) or _text(data.get("decisionNo"))),
            MAX_DECISION,
        ),
        decision_on=epoch_date(proposal.get("decisionDate")),
        published_at=epoch_datetime(proposal.get("publicationDate")),
        executing_agencies=references(data.get("departmentsExecuting")),
        coordinating_agencies=references(data.get("departmentsCoordinating")),
        authority_agencies=references(data.get("departmentsAuthority")),
        authorized_agencies=references(data.get("departmentsAuthorized")),
        legal_bases=references(data.get("legalBasisesDetails")),
        results=references(data.get("resultsDetails")),
        subject_types=references(data.get("subjectTypesDetails")),
        returning_methods=returning_methods(data.get("returningMethods")),
        steps_text=steps_text(data.get("executionSteps")),
        requirements_text=text_block(data.get("requirementsAndConditions")),
        receiving_addresses_text=text_block(data.get("dossierReceivingAddresses")),
        methods=tuple(
            reader.method(i, m) for i, m in enumerate(_list(data.get("executionMethods")))
        ),
        cases=reader.cases(data.get("cases")),
        component_sets=reader.component_sets(data),
        raw=data,
    )


class _Reader:
    """The parts of parsing that can refuse a record, so their messages name it."""

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, message: str) -> RecordError:
        return RecordError(f"{self.label}: {message}")

    def limit(self, key: str, value: str, size: int) -> str:
        if len(value) > size:
            raise self.fail(f"{key} dài {len(value)} ký tự, quá giới hạn {size} ký tự.")
        return value

    def sector(self, data: Mapping[str, object]) -> Reference | None:
        candidates = [*_list(data.get("categoriesDetails")), data.get("category")]
        for item in candidates:
            ref = reference(item)
            if ref is not None and ref.code:
                self.limit("categoriesDetails.code", ref.code, MAX_CODE)
                name = self.limit("categoriesDetails.name", ref.name or ref.code, MAX_NAME)
                return Reference(code=ref.code, name=name)
        return None

    def method(self, index: int, item: object) -> MethodRecord:
        data = _mapping(item)
        where = f"executionMethods[{index}]"
        raw_channel = clean(_text(data.get("submissionMethod"))).upper()
        if not raw_channel:
            raise self.fail(f"{where}: thiếu cách thức nộp (submissionMethod).")
        channel = CHANNELS.get(raw_channel)
        if channel is None:
            known = ", ".join(CHANNELS)
            raise self.fail(f"{where}: cách thức nộp không rõ {raw_channel!r} (chỉ nhận {known}).")
        processing_time, time_text = processing_time_of(data.get("processingTime"))
        fees = tuple(
            self.fee(f"{where}.fees[{i}]", fee) for i, fee in enumerate(_list(data.get("fees")))
        )
        return MethodRecord(
            channel=channel,
            processing_time=processing_time,
            time_unit=time_unit_of(data.get("processingTimeUnit")),
            time_text=time_text,
            description=text_block(data.get("description")),
            fees=fees,
        )

    def fee(self, where: str, item: object) -> FeeRecord:
        data = _mapping(item)
        raw_kind = clean(_text(data.get("type"))).upper()
        # A fee line without a type is still a charge the applicant pays: "phí" is the general term.
        kind = FEE_KINDS.get(raw_kind or "FEE")
        if kind is None:
            known = ", ".join(FEE_KINDS)
            raise self.fail(f"{where}: loại phí không rõ {raw_kind!r} (chỉ nhận {known}).")
        description = text_block(data.get("description"))
        amount = money_of(data.get("value"))
        if amount is None:
            raw_value = clean(_text(data.get("value")))
            amount = 0
            if raw_value and raw_value not in description:
                description = f"{description}\nMức thu: {raw_value}".strip()
        return FeeRecord(kind=kind, amount_vnd=amount, description=description)

    def cases(self, value: object) -> tuple[CaseRecord, ...]:
        found: list[CaseRecord] = []
        seen: set[str] = set()
        for index, item in enumerate(_list(value)):
            data = _mapping(item)
            if not data:
                continue
            portal_id = self.limit(f"cases[{index}].id", clean(_text(data.get("id"))), MAX_CODE)
            if portal_id and portal_id in seen:
                continue
            seen.add(portal_id)
            day = _mapping(data.get("processingDay"))
            processing_time, _text_time = processing_time_of(day.get("qty"))
            raw_unit = day.get("type")
            found.append(
                CaseRecord(
                    portal_id=portal_id,
                    code=self.limit(
                        f"cases[{index}].code", clean(_text(data.get("code"))), MAX_CODE
                    ),
                    name=clean(_text(data.get("name"))),
                    processing_time=processing_time,
                    time_unit=time_unit_of(raw_unit) if day else None,
                )
            )
        return tuple(found)

    def component_sets(self, data: Mapping[str, object]) -> tuple[ComponentSetRecord, ...]:
        sets: list[ComponentSetRecord] = []
        for index, item in enumerate(_list(data.get("executionCases"))):
            variant = _mapping(item)
            sets.append(
                ComponentSetRecord(
                    name=clean(_text(variant.get("name"))),
                    components=self.components(
                        f"executionCases[{index}]", variant.get("profileComponents")
                    ),
                )
            )
        # Sub-cases and the record itself may carry their own component lists.
        for index, item in enumerate(_list(data.get("cases"))):
            case = _mapping(item)
            components = self.components(f"cases[{index}]", case.get("profileComponents"))
            if components:
                name = clean(_text(case.get("name"))) or clean(_text(case.get("code")))
                sets.append(ComponentSetRecord(name=name, components=components))
        top = self.components("profileComponents", data.get("profileComponents"))
        if top:
            sets.append(ComponentSetRecord(name="", components=top))
        return tuple(sets)

    def components(self, where: str, value: object) -> tuple[ComponentRecord, ...]:
        found: list[ComponentRecord] = []
        for index, item in enumerate(_list(value)):
            data = _mapping(item)
            if not data:
                continue
            here = f"{where}.profileComponents[{index}]"
            found.append(
                ComponentRecord(
                    portal_id=self.limit(
                        f"{here}.profileComponentId",
                        clean(_text(data.get("profileComponentId") or data.get("id"))),
                        MAX_CODE,
                    ),
                    code=self.limit(f"{here}.code", clean(_text(data.get("code"))), MAX_CODE),
                    name=clean(_text(data.get("name"))),
                    original_qty=self.quantity(f"{here}.originalQty", data.get("originalQty")),
                    copy_qty=self.quantity(f"{here}.copyQty", data.get("copyQty")),
                    is_required=to_bool(data.get("required")),
                    has_electronic_form=to_bool(data.get("hasElectronicForm")),
                    is_prior_result=to_bool(data.get("isProcessingResult")),
                    templates=templates(data.get("attachments")),
                )
            )
        return tuple(found)

    def quantity(self, where: str, value: object) -> int:
        """A count of copies; text such as "Không" or a missing value counts as none."""
        count = money_of(value)
        if count is None:
            return 0
        if count > MAX_QTY:
            raise self.fail(f"{where} = {count} không hợp lý (tối đa {MAX_QTY}).")
        return count


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
    text = clean(_text(value))
    if not text:
        return None, ""
    if _NUMBER.match(text):
        number = _decimal(decimal.Decimal(text.replace(",", ".")))
        if number is not None:
            return number, ""
    return None, text


def time_unit_of(value: object) -> TimeUnit:
    """The catalogue's unit for a portal unit; unknown or missing units are OTHER."""
    return TIME_UNITS.get(clean(_text(value)).upper(), TimeUnit.OTHER)


def money_of(value: object) -> int | None:
    """A whole amount (đồng, copies): "50.000" → 50000; None for "Theo mô tả", -5 or true."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        number = _decimal(value, places=0, ceiling=None)
        return int(number) if number is not None else None
    text = _MONEY_NOISE.sub("", clean(_text(value)))
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
    return clean(_text(value)).lower() in _TRUE_WORDS


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


def reference(value: object) -> Reference | None:
    """A {code, name} pair, or None when both are empty."""
    data = _mapping(value)
    code, name = clean(_text(data.get("code"))), clean(_text(data.get("name")))
    return Reference(code=code, name=name) if code or name else None


def references(value: object) -> tuple[Reference, ...]:
    """A list of {code, name} pairs without repeats (the portal repeats legal bases)."""
    found: list[Reference] = []
    seen: set[object] = set()
    for item in _list(value):
        ref = reference(item)
        if ref is None:
            continue
        portal_id = clean(_text(_mapping(item).get("id")))
        key: object = portal_id or ref
        if key in seen or ref in found:
            continue
        seen.add(key)
        found.append(ref)
    return tuple(found)


def returning_methods(value: object) -> tuple[dict[str, str], ...]:
    """How results are returned, one entry per way: [{"type": "OFFLINE", "value": "AT_HOME"}].

    The portal sends {"type", "value": [ways...]} with the ways in any order; flat entries in a
    fixed order keep the stored form stable and simple to read.
    """
    found: list[dict[str, str]] = []
    for item in _list(value):
        data = _mapping(item)
        kind = clean(_text(data.get("type")))
        raw_values = data.get("value")
        items = raw_values if isinstance(raw_values, list) else [raw_values]
        for way in sorted({clean(_text(v)) for v in items if clean(_text(v))}):
            entry = {"type": kind, "value": way}
            if entry not in found:
                found.append(entry)
    return tuple(found)


def steps_text(value: object) -> str:
    """The steps (trình tự thực hiện) as one text: each step's name, then its description."""
    parts: list[str] = []
    for item in _list(value):
        data = _mapping(item)
        step = "\n".join(
            part
            for part in (clean(_text(data.get("name"))), text_block(data.get("description")))
            if part
        )
        if step:
            parts.append(step)
    return "\n\n".join(parts)


def templates(value: object) -> tuple[dict[str, str], ...]:
    """Template files of a component: {file_name, path, bucket, portal_id}."""
    found: list[dict[str, str]] = []
    for item in _list(value):
        data = _mapping(item)
        entry = {
            "file_name": clean(_text(data.get("fileName"))),
            "path": clean(_text(data.get("filePath"))),
            "bucket": clean(_text(data.get("bucketName"))),
            "portal_id": clean(_text(data.get("id"))),
        }
        if any(entry.values()) and entry not in found:
            found.append(entry)
    return tuple(found)


def text_block(value: object) -> str:
    """Free text kept with its line breaks: NFC, spaces and tabs collapsed, lines trimmed."""
    text = unicodedata.normalize("NFC", _text(value)).replace("\r\n", "\n").replace("\r", "\n")
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


def _text(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[object]:
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
