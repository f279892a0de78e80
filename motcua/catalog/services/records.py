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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from motcua.catalog.models import Channel, FeeKind, TimeUnit
from motcua.catalog.services.values import (
    as_list,
    as_mapping,
    as_text,
    epoch_date,
    epoch_datetime,
    money_of,
    processing_time_of,
    record_hash,
    text_block,
    time_unit_of,
    to_bool,
)
from motcua.core.errors import DomainError, ErrorCode
from motcua.core.text import clean

CHANNELS: Final[Mapping[str, Channel]] = {
    "DIRECT": Channel.DIRECT,
    "ONLINE": Channel.ONLINE,
    "POSTAL": Channel.POSTAL,
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
MAX_QTY: Final = 32767


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
    code = clean(as_text(data.get("code")) or as_text(data.get("codeNotation")))
    if not code:
        raise RecordError("bản ghi không có mã thủ tục (code).")
    name = clean(as_text(data.get("name")))
    if not name:
        raise RecordError(f"{code}: tên thủ tục (name) trống.")
    reader = _Reader(code)
    reader.limit("code", code, MAX_CODE)
    proposal = as_mapping(data.get("procedureProposal"))
    issuing = as_mapping(proposal.get("issuingAgency"))
    promulgating_name = clean(as_text(data.get("departmentPromulgateName"))) or clean(
        as_text(issuing.get("name"))
    )
    return ProcedureRecord(
        code=code,
        name=name,
        portal_id=reader.limit("id", clean(as_text(data.get("id"))), MAX_CODE),
        source_hash=record_hash(data),
        source_updated_at=epoch_datetime(data.get("updatedAt") or data.get("createdAt")),
        sector=reader.sector(data),
        record_type=reader.limit("type", clean(as_text(data.get("type"))), MAX_SHORT),
        state=reader.limit("state", clean(as_text(data.get("state"))), MAX_SHORT),
        is_ministry_level=to_bool(data.get("isMinistry")),
        is_province_level=to_bool(data.get("isProvince")),
        is_commune_level=to_bool(data.get("isWard")),
        is_other_agency_level=to_bool(data.get("isOtherAgency")),
        is_full_process=to_bool(data.get("isFullProcess")),
        is_internal=to_bool(data.get("isInternal")),
        promulgating_agency_code=reader.limit(
            "departmentPromulgateCode",
            clean(as_text(data.get("departmentPromulgateCode"))),
            MAX_SHORT,
        ),
        promulgating_agency_name=reader.limit(
            "departmentPromulgateName", promulgating_name, MAX_NAME
        ),
        decision_number=reader.limit(
            "procedureProposal.proposalNumber",
            clean(as_text(proposal.get("proposalNumber")) or as_text(data.get("decisionNo"))),
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
            reader.method(i, m) for i, m in enumerate(as_list(data.get("executionMethods")))
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
        candidates = [*as_list(data.get("categoriesDetails")), data.get("category")]
        for item in candidates:
            ref = reference(item)
            if ref is not None and ref.code:
                self.limit("categoriesDetails.code", ref.code, MAX_CODE)
                name = self.limit("categoriesDetails.name", ref.name or ref.code, MAX_NAME)
                return Reference(code=ref.code, name=name)
        return None

    def method(self, index: int, item: object) -> MethodRecord:
        data = as_mapping(item)
        where = f"executionMethods[{index}]"
        raw_channel = clean(as_text(data.get("submissionMethod"))).upper()
        if not raw_channel:
            raise self.fail(f"{where}: thiếu cách thức nộp (submissionMethod).")
        channel = CHANNELS.get(raw_channel)
        if channel is None:
            known = ", ".join(CHANNELS)
            raise self.fail(f"{where}: cách thức nộp không rõ {raw_channel!r} (chỉ nhận {known}).")
        processing_time, time_text = processing_time_of(data.get("processingTime"))
        fees = tuple(
            self.fee(f"{where}.fees[{i}]", fee) for i, fee in enumerate(as_list(data.get("fees")))
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
        data = as_mapping(item)
        raw_kind = clean(as_text(data.get("type"))).upper()
        # A fee line without a type is still a charge the applicant pays: "phí" is the general term.
        kind = FEE_KINDS.get(raw_kind or "FEE")
        if kind is None:
            known = ", ".join(FEE_KINDS)
            raise self.fail(f"{where}: loại phí không rõ {raw_kind!r} (chỉ nhận {known}).")
        description = text_block(data.get("description"))
        amount = money_of(data.get("value"))
        if amount is None:
            raw_value = clean(as_text(data.get("value")))
            amount = 0
            if raw_value and raw_value not in description:
                description = f"{description}\nMức thu: {raw_value}".strip()
        return FeeRecord(kind=kind, amount_vnd=amount, description=description)

    def cases(self, value: object) -> tuple[CaseRecord, ...]:
        found: list[CaseRecord] = []
        seen: set[str] = set()
        for index, item in enumerate(as_list(value)):
            data = as_mapping(item)
            if not data:
                continue
            portal_id = self.limit(f"cases[{index}].id", clean(as_text(data.get("id"))), MAX_CODE)
            if portal_id and portal_id in seen:
                continue
            seen.add(portal_id)
            day = as_mapping(data.get("processingDay"))
            processing_time, _text_time = processing_time_of(day.get("qty"))
            raw_unit = day.get("type")
            found.append(
                CaseRecord(
                    portal_id=portal_id,
                    code=self.limit(
                        f"cases[{index}].code", clean(as_text(data.get("code"))), MAX_CODE
                    ),
                    name=clean(as_text(data.get("name"))),
                    processing_time=processing_time,
                    time_unit=time_unit_of(raw_unit) if day else None,
                )
            )
        return tuple(found)

    def component_sets(self, data: Mapping[str, object]) -> tuple[ComponentSetRecord, ...]:
        sets: list[ComponentSetRecord] = []
        for index, item in enumerate(as_list(data.get("executionCases"))):
            variant = as_mapping(item)
            sets.append(
                ComponentSetRecord(
                    name=clean(as_text(variant.get("name"))),
                    components=self.components(
                        f"executionCases[{index}]", variant.get("profileComponents")
                    ),
                )
            )
        # Sub-cases and the record itself may carry their own component lists.
        for index, item in enumerate(as_list(data.get("cases"))):
            case = as_mapping(item)
            components = self.components(f"cases[{index}]", case.get("profileComponents"))
            if components:
                name = clean(as_text(case.get("name"))) or clean(as_text(case.get("code")))
                sets.append(ComponentSetRecord(name=name, components=components))
        top = self.components("profileComponents", data.get("profileComponents"))
        if top:
            sets.append(ComponentSetRecord(name="", components=top))
        return tuple(sets)

    def components(self, where: str, value: object) -> tuple[ComponentRecord, ...]:
        found: list[ComponentRecord] = []
        for index, item in enumerate(as_list(value)):
            data = as_mapping(item)
            if not data:
                continue
            here = f"{where}.profileComponents[{index}]"
            found.append(
                ComponentRecord(
                    portal_id=self.limit(
                        f"{here}.profileComponentId",
                        clean(as_text(data.get("profileComponentId") or data.get("id"))),
                        MAX_CODE,
                    ),
                    code=self.limit(f"{here}.code", clean(as_text(data.get("code"))), MAX_CODE),
                    name=clean(as_text(data.get("name"))),
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


def reference(value: object) -> Reference | None:
    """A {code, name} pair, or None when both are empty."""
    data = as_mapping(value)
    code, name = clean(as_text(data.get("code"))), clean(as_text(data.get("name")))
    return Reference(code=code, name=name) if code or name else None


def references(value: object) -> tuple[Reference, ...]:
    """A list of {code, name} pairs without repeats (the portal repeats legal bases)."""
    found: list[Reference] = []
    seen: set[object] = set()
    for item in as_list(value):
        ref = reference(item)
        if ref is None:
            continue
        portal_id = clean(as_text(as_mapping(item).get("id")))
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
    for item in as_list(value):
        data = as_mapping(item)
        kind = clean(as_text(data.get("type")))
        raw_values = data.get("value")
        items = raw_values if isinstance(raw_values, list) else [raw_values]
        for way in sorted({clean(as_text(v)) for v in items if clean(as_text(v))}):
            entry = {"type": kind, "value": way}
            if entry not in found:
                found.append(entry)
    return tuple(found)


def steps_text(value: object) -> str:
    """The steps (trình tự thực hiện) as one text: each step's name, then its description."""
    parts: list[str] = []
    for item in as_list(value):
        data = as_mapping(item)
        step = "\n".join(
            part
            for part in (clean(as_text(data.get("name"))), text_block(data.get("description")))
            if part
        )
        if step:
            parts.append(step)
    return "\n\n".join(parts)


def templates(value: object) -> tuple[dict[str, str], ...]:
    """Template files of a component: {file_name, path, bucket, portal_id}."""
    found: list[dict[str, str]] = []
    for item in as_list(value):
        data = as_mapping(item)
        entry = {
            "file_name": clean(as_text(data.get("fileName"))),
            "path": clean(as_text(data.get("filePath"))),
            "bucket": clean(as_text(data.get("bucketName"))),
            "portal_id": clean(as_text(data.get("id"))),
        }
        if any(entry.values()) and entry not in found:
            found.append(entry)
    return tuple(found)
