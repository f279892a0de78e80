"""Importing the national portal's raw procedure records into the versioned catalogue.

`import_procedure` writes one parsed record in its own transaction: a new procedure, a new
version of a procedure whose record changed (detected by the hash of the record's canonical
form), or nothing at all when the record is unchanged. `import_files` reads files and folders of
`*.json`, parses each record with `records.parse_record` and reports every bad file or record by
name, importing the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Max

from motcua.catalog.models import (
    Case,
    Component,
    ComponentSet,
    ExecutionMethod,
    Fee,
    Procedure,
    ProcedureVersion,
    Sector,
)
from motcua.catalog.services.records import (
    ProcedureRecord,
    RecordError,
    Reference,
    parse_record,
)
from motcua.core.text import fold


class Outcome(StrEnum):
    """What importing one record did."""

    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class RecordResult:
    """The result of one record: where it came from, what happened, and why if it failed."""

    source: str
    outcome: Outcome
    code: str = ""
    version_number: int | None = None
    message: str = ""


@dataclass
class ImportReport:
    """Counts of one import run and the results behind them."""

    results: list[RecordResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        """How many records ended with `outcome`."""
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def failures(self) -> list[RecordResult]:
        """The files and records that could not be imported."""
        return [result for result in self.results if result.outcome is Outcome.FAILED]

    def summary(self) -> str:
        """The machine-readable last line of `motcua import-procedures`."""
        return " ".join(f"{outcome}={self.count(outcome)}" for outcome in Outcome)


@transaction.atomic
def import_procedure(record: ProcedureRecord) -> tuple[Outcome, ProcedureVersion]:
    """Store a parsed record: first version, new version if changed, nothing if unchanged.

    A record older than the current version (by the portal's `updatedAt`) is not applied: an
    old export run again must not roll the catalogue back. Local settings (who receives the
    procedure, cut-off hour...) stay with the procedure across versions.
    """
    procedure, _created = Procedure.objects.select_for_update().get_or_create(code=record.code)
    current = (
        ProcedureVersion.objects.get(pk=procedure.current_version_id)
        if procedure.current_version_id is not None
        else None
    )
    if current is not None and (
        current.source_hash == record.source_hash or _is_older(record, current)
    ):
        return Outcome.UNCHANGED, current
    last = procedure.versions.aggregate(last=Max("number"))["last"] or 0
    version = _create_version(procedure, record, number=last + 1)
    procedure.current_version = version
    if procedure.is_placeholder:
        # A code first met in the dossier history, inactive until the portal's record came.
        procedure.is_placeholder = False
        procedure.is_active = True
    procedure.save(update_fields=["current_version", "is_placeholder", "is_active", "updated_at"])
    return (Outcome.IMPORTED if current is None else Outcome.UPDATED), version


def import_files(
    paths: Sequence[str | Path],
    *,
    on_result: Callable[[RecordResult], None] | None = None,
) -> ImportReport:
    """Import every record of the given files and folders (folders: their `*.json`, recursively).

    A file that cannot be read or parsed, and a record that cannot be imported, is reported with
    its name and the reason and skipped; the others are imported, each in its own transaction.
    """
    report = ImportReport()

    def record_result(result: RecordResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    for path, problem in _expand(paths):
        if problem:
            record_result(RecordResult(source=str(path), outcome=Outcome.FAILED, message=problem))
            continue
        try:
            items = read_records(path)
        except RecordError as exc:
            record_result(
                RecordResult(source=str(path), outcome=Outcome.FAILED, message=exc.message)
            )
            continue
        for source, item in items:
            record_result(_import_one(source, item))
    return report


def read_records(path: Path) -> list[tuple[str, object]]:
    """The raw records of one file with a name for each: one record, or a JSON list of them."""
    try:
        payload = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"không đọc được tệp: {exc.strerror or exc}.") from exc
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"tệp không phải UTF-8 (byte {exc.start}).") from exc
    if not text.strip():
        raise RecordError("tệp rỗng.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"JSON không hợp lệ hoặc bị cắt cụt (dòng {exc.lineno}, cột {exc.colno}: {exc.msg})."
        ) from exc
    if isinstance(data, list):
        return [(f"{path}[{index}]", item) for index, item in enumerate(data)]
    if isinstance(data, dict):
        return [(str(path), data)]
    raise RecordError("nội dung không phải bản ghi thủ tục (cần đối tượng hoặc danh sách JSON).")


def _import_one(source: str, item: object) -> RecordResult:
    try:
        record = parse_record(item)
        outcome, version = import_procedure(record)
    except RecordError as exc:
        return RecordResult(source=source, outcome=Outcome.FAILED, message=exc.message)
    except DatabaseError as exc:
        # The record's transaction was rolled back: nothing of it was written.
        code = item.get("code", "") if isinstance(item, dict) else ""
        return RecordResult(
            source=source,
            outcome=Outcome.FAILED,
            code=str(code),
            message=f"{code}: lỗi ghi cơ sở dữ liệu: {exc}".strip(": "),
        )
    return RecordResult(
        source=source, outcome=outcome, code=record.code, version_number=version.number
    )


def _expand(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Each file to read, or a path with the reason it gives nothing to read."""
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not files:
                found.append((path, "thư mục không có tệp .json nào."))
            found.extend((file, "") for file in files)
        elif path.is_file():
            found.append((path, ""))
        else:
            found.append((path, "không tìm thấy tệp hoặc thư mục."))
    return found


def _is_older(record: ProcedureRecord, current: ProcedureVersion) -> bool:
    return (
        record.source_updated_at is not None
        and current.source_updated_at is not None
        and record.source_updated_at < current.source_updated_at
    )


def _sector(reference: Reference | None) -> Sector | None:
    """The sector with the record's code, created on first sight; a renamed sector is renamed."""
    if reference is None:
        return None
    sector, created = Sector.objects.get_or_create(
        code=reference.code, defaults={"name": reference.name}
    )
    if not created and sector.name != reference.name:
        sector.name = reference.name
        sector.save(update_fields=["name", "updated_at"])
    return sector


def _create_version(
    procedure: Procedure, record: ProcedureRecord, *, number: int
) -> ProcedureVersion:
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        portal_id=record.portal_id,
        source_hash=record.source_hash,
        source_updated_at=record.source_updated_at,
        raw=dict(record.raw),
        name=record.name,
        name_folded=fold(record.name),
        sector=_sector(record.sector),
        record_type=record.record_type,
        state=record.state,
        is_ministry_level=record.is_ministry_level,
        is_province_level=record.is_province_level,
        is_commune_level=record.is_commune_level,
        is_other_agency_level=record.is_other_agency_level,
        is_full_process=record.is_full_process,
        is_internal=record.is_internal,
        promulgating_agency_code=record.promulgating_agency_code,
        promulgating_agency_name=record.promulgating_agency_name,
        decision_number=record.decision_number,
        decision_on=record.decision_on,
        published_at=record.published_at,
        executing_agencies=[ref.as_json() for ref in record.executing_agencies],
        coordinating_agencies=[ref.as_json() for ref in record.coordinating_agencies],
        authority_agencies=[ref.as_json() for ref in record.authority_agencies],
        authorized_agencies=[ref.as_json() for ref in record.authorized_agencies],
        legal_bases=[ref.as_json() for ref in record.legal_bases],
        results=[ref.as_json() for ref in record.results],
        subject_types=[ref.as_json() for ref in record.subject_types],
        returning_methods=list(record.returning_methods),
        steps_text=record.steps_text,
        requirements_text=record.requirements_text,
        receiving_addresses_text=record.receiving_addresses_text,
    )
    for position, method in enumerate(record.methods):
        row = ExecutionMethod.objects.create(
            version=version,
            position=position,
            channel=method.channel,
            processing_time=method.processing_time,
            time_unit=method.time_unit,
            time_text=method.time_text,
            description=method.description,
        )
        Fee.objects.bulk_create(
            Fee(
                method=row,
                position=index,
                kind=fee.kind,
                amount_vnd=fee.amount_vnd,
                description=fee.description,
            )
            for index, fee in enumerate(method.fees)
        )
    Case.objects.bulk_create(
        Case(
            version=version,
            position=position,
            portal_id=case.portal_id,
            code=case.code,
            name=case.name,
            processing_time=case.processing_time,
            time_unit=case.time_unit or "",
        )
        for position, case in enumerate(record.cases)
    )
    for position, component_set in enumerate(record.component_sets):
        set_row = ComponentSet.objects.create(
            version=version, position=position, name=component_set.name
        )
        Component.objects.bulk_create(
            Component(
                component_set=set_row,
                position=index,
                portal_id=component.portal_id,
                code=component.code,
                name=component.name,
                original_qty=component.original_qty,
                copy_qty=component.copy_qty,
                is_required=component.is_required,
                has_electronic_form=component.has_electronic_form,
                is_prior_result=component.is_prior_result,
                templates=list(component.templates),
            )
            for index, component in enumerate(component_set.components)
        )
    return version
