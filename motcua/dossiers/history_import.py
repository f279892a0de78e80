"""Import historical dossiers from a legacy system: the CSV of CONTRACT §5.

`code,procedure_code,agency_code,channel,applicant_name,applicant_id_no,submitted_at,accepted_at,
due_at,resolved_at,returned_at,status,paid_online,digitized`

What is imported, and what is not:

- Every row is checked completely before anything is written. A row that cannot be read — a
  naive datetime (no offset), a status outside 1–10, an unknown channel, dates that contradict
  the status or each other, a code already seen earlier in the file — is reported with its line
  number and reason and skipped; it never reaches the database.
- Good rows are written in batches, each batch in one transaction: the placeholders it needs,
  the applicants, the dossiers. A batch is all or nothing, so no dossier is ever half-written;
  if the import stops (a crash, a full disk), the batches already committed stay, and running the
  same file again completes it.
- The code is the key: a code already in the database is left as it is (re-importing a file
  changes nothing) and counted as already present, not as imported.
- An unknown procedure or agency code becomes a minimal placeholder record (a procedure with
  `is_placeholder`, inactive, with a one-line version; an agency of kind "other") and is reported.
- Status: the national code maps onto one internal status (`IMPORTED_STATUS`; code 5 is a
  supplement request after acceptance, or the guidance before it when there is no acceptance).
  `finished_at` is the end of processing as the 766 rules read it: the resolution time, else
  the return time (refused at intake: the submission time when nothing else is given).

This module reads the file line by line and checks each row in Python (`parse_row`). On
PostgreSQL a file given by its path is instead COPYed whole into a temporary table and checked
set-based there (`history_import_sql`, ADR 0019), with `parse_row` still the judge of every row
of unusual shape; a large import into a small table is then one bulk transaction. Either way a
batch goes into a temporary staging table (COPY on PostgreSQL, plain inserts elsewhere) and is
inserted with one `INSERT … SELECT … ON CONFLICT (code) DO NOTHING` (a bulk load, which holds
the tables locked, needs no ON CONFLICT). The statistics tallies follow through the change
journal (reports count journalled changes at once; the periodic fold moves them into the
tallies). When the database role may skip per-row triggers (a superuser) and no trigger other
than the statistics capture is on the tables, a batch does the triggers' work once instead of
once per row: it locks every referenced row with `FOR KEY SHARE` (what each foreign-key check
does) and writes the journal rows from the INSERT's `RETURNING` (see `_may_check_set_based`).
Otherwise the triggers run as usual.
"""

# ruff: noqa: S608  -- SQL text is built from model table and column names; values are parameters

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Field
from django.utils import timezone

from motcua.agencies.models import Agency, AgencyKind, AgencyLevel
from motcua.catalog.models import Channel, Procedure, ProcedureVersion
from motcua.core.errors import DomainError, ErrorCode
from motcua.core.text import clean, fold
from motcua.dossiers.models import Applicant, ApplicantKind, Dossier
from motcua.dossiers.states import Status
from motcua.reports.sql import JOURNAL, JOURNAL_COLUMNS

HEADER: Final = (
    "code",
    "procedure_code",
    "agency_code",
    "channel",
    "applicant_name",
    "applicant_id_no",
    "submitted_at",
    "accepted_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "status",
    "paid_online",
    "digitized",
)
BATCH: Final = 20_000

# National status code → the internal status an imported dossier gets.
IMPORTED_STATUS: Final[dict[int, Status]] = {
    1: Status.SUBMITTED,
    2: Status.RECEIVED,
    3: Status.REFUSED,
    4: Status.IN_PROGRESS,
    5: Status.SUPPLEMENT_REQUESTED,
    6: Status.AWAITING_PAYMENT,
    7: Status.WITHDRAWN,
    8: Status.STOPPED,
    9: Status.RESULT_READY,
    10: Status.RETURNED,
}
BEFORE_ACCEPTANCE: Final = {5: Status.NEEDS_COMPLETION}
NEEDS_ACCEPTANCE: Final = frozenset({2, 4, 6, 9, 10})
NEVER_ACCEPTED: Final = frozenset({1, 3})
ENDED: Final = frozenset({3, 7, 8, 9, 10})
# DOMAIN.md §3, for messages.
STATUS_NAMES: Final = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}


class HistoryImportError(DomainError):
    """The file as a whole cannot be imported (missing, unreadable, wrong header)."""

    code = ErrorCode.IMPORT_FAILED


@dataclass(frozen=True)
class RowError:
    """A row that was skipped, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}"


@dataclass(frozen=True)
class Placeholder:
    """A minimal record created for an unknown code."""

    kind: str  # "procedure" or "agency"
    code: str

    def __str__(self) -> str:
        what = "thủ tục" if self.kind == "procedure" else "cơ quan"
        return f"đã tạo {what} tạm mã {self.code} (chưa có trong danh mục)"


@dataclass
class ImportReport:
    """The outcome of one import."""

    imported: int = 0
    already_present: int = 0
    failed: list[RowError] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    seconds_reading: float = 0.0
    seconds_writing: float = 0.0
    lane: str = "lines"  # "sql" when the file was checked set-based on PostgreSQL

    def summary(self) -> str:
        """`imported=N failed=N` (CONTRACT §2: the command's last line)."""
        return f"imported={self.imported} failed={len(self.failed)}"


class _BadRowError(Exception):
    """A row problem, with the message to report."""


@dataclass(slots=True)
class _Row:
    """A checked row, ready to stage (not frozen: a frozen dataclass is slow to build)."""

    line: int
    code: str
    procedure_code: str
    agency_code: str
    channel: str
    status: str
    applicant_kind: str
    applicant_name: str
    applicant_name_folded: str
    applicant_id_no: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    paid_online: bool
    digitized: bool


# --- reading one row ------------------------------------------------------------------------------

_CODE_MAX: Final = 64
_NAME_MAX: Final = 300
_ID_MAX: Final = 20


def _text(value: str, column: str, limit: int) -> str:
    if not value:
        raise _BadRowError(f"{column} trống")
    if len(value) > limit:
        raise _BadRowError(f"{column} dài quá {limit} ký tự")
    return value


def _moment(value: str, column: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _BadRowError(
            f"{column} {value!r} không phải thời điểm ISO 8601 (vd. 2025-01-24T09:32:00+07:00)"
        ) from None
    if moment.tzinfo is None:  # fromisoformat gives a fixed offset or none
        raise _BadRowError(f"{column} {value!r} thiếu múi giờ (cần dạng có độ lệch, vd. +07:00)")
    if moment.year < 1976:
        raise _BadRowError(f"{column} {value!r} trước năm 1976")
    return moment


def _flag(value: str, column: str) -> bool:
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise _BadRowError(f"{column} phải là 0 hoặc 1, không phải {value!r}")


_CHANNELS: Final = frozenset(Channel.values)
_LABELS: Final = {code: f"trạng thái {code} ({name})" for code, name in STATUS_NAMES.items()}


@functools.lru_cache(maxsize=65536)
def _folded(name: str) -> str:
    """`fold()`, remembered: applicants' names repeat a great deal in a large file."""
    return fold(name)


def _applicant_kind(id_no: str) -> str:
    """CCCD (12 digits) and old ID cards (9) are people; anything else is an organisation."""
    return (
        ApplicantKind.PERSON
        if id_no.isdigit() and len(id_no) in (9, 12)
        else (ApplicantKind.ORGANISATION)
    )


def parse_row(values: Sequence[str], line: int) -> _Row:
    """Check one CSV row (values in HEADER order); raises _BadRowError with the reason."""
    try:
        "".join(values).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates
        raise _BadRowError("không phải văn bản UTF-8 hợp lệ") from None
    (
        code,
        procedure_code,
        agency_code,
        channel,
        applicant_name,
        applicant_id_no,
        submitted_raw,
        accepted_raw,
        due_raw,
        resolved_raw,
        returned_raw,
        status_raw,
        paid_raw,
        digitized_raw,
    ) = map(str.strip, values)
    code = _text(code, "code", _CODE_MAX)
    procedure_code = _text(procedure_code, "procedure_code", _CODE_MAX)
    agency_code = _text(agency_code, "agency_code", _CODE_MAX)
    channel = channel.lower()
    if channel not in _CHANNELS:
        raise _BadRowError(f"channel {channel!r} không hợp lệ (direct, online hoặc postal)")
    name = _text(clean(applicant_name), "applicant_name", _NAME_MAX)
    id_no = _text(applicant_id_no.replace(" ", ""), "applicant_id_no", _ID_MAX)
    try:
        national = int(status_raw)
    except ValueError:
        raise _BadRowError(f"status {status_raw!r} không phải mã trạng thái 1–10") from None
    if not 1 <= national <= 10:
        raise _BadRowError(f"status {national} nằm ngoài 1–10")
    submitted = _moment(submitted_raw, "submitted_at")
    accepted = _moment(accepted_raw, "accepted_at")
    due = _moment(due_raw, "due_at")
    resolved = _moment(resolved_raw, "resolved_at")
    returned = _moment(returned_raw, "returned_at")
    label = _LABELS[national]
    if national in NEEDS_ACCEPTANCE and accepted is None:
        raise _BadRowError(f"{label} cần accepted_at")
    if national in NEVER_ACCEPTED and accepted is not None:
        raise _BadRowError(f"{label} là hồ sơ chưa được tiếp nhận nhưng có accepted_at")
    if due is not None and accepted is None:
        raise _BadRowError("có due_at nhưng không có accepted_at")
    submitted = submitted or accepted
    if submitted is None:
        raise _BadRowError("submitted_at trống")
    finished: dt.datetime | None = None
    if national in ENDED:
        if national == 9 and resolved is None:
            raise _BadRowError(f"{label} cần resolved_at")
        if national == 9 and returned is not None:
            raise _BadRowError(f"{label} là chưa trả kết quả nhưng có returned_at")
        finished = resolved or returned or (submitted if national == 3 else None)
        if finished is None:
            raise _BadRowError(f"{label} cần resolved_at (thời điểm kết thúc xử lý)")
    elif resolved is not None or returned is not None:
        raise _BadRowError(f"{label} là hồ sơ chưa kết thúc nhưng có resolved_at hoặc returned_at")
    if accepted is not None and accepted < submitted:
        raise _BadRowError("accepted_at trước submitted_at")
    if finished is not None and accepted is not None and finished < accepted:
        raise _BadRowError("thời điểm kết thúc trước accepted_at")
    if finished is not None and finished < submitted:
        raise _BadRowError("thời điểm kết thúc trước submitted_at")
    if resolved is not None and returned is not None and returned < resolved:
        raise _BadRowError("returned_at trước resolved_at")
    status = IMPORTED_STATUS[national]
    if accepted is None:
        status = BEFORE_ACCEPTANCE.get(national, status)
    return _Row(
        line=line,
        code=code,
        procedure_code=procedure_code,
        agency_code=agency_code,
        channel=channel,
        status=status.value,
        applicant_kind=_applicant_kind(id_no),
        applicant_name=name,
        applicant_name_folded=_folded(name),
        applicant_id_no=id_no,
        submitted_at=submitted,
        accepted_at=accepted,
        due_at=due,
        finished_at=finished,
        returned_at=returned,
        paid_online=_flag(paid_raw, "paid_online"),
        digitized=_flag(digitized_raw, "digitized"),
    )


def header_positions(header: Sequence[str]) -> list[int]:
    """Where each HEADER column is in the file's header row (extra columns are ignored)."""
    names = [name.strip().lower() for name in header]
    missing = [name for name in HEADER if name not in names]
    if missing:
        raise HistoryImportError(
            f"Dòng tiêu đề thiếu cột: {', '.join(missing)} (cần: {','.join(HEADER)})."
        )
    return [names.index(name) for name in HEADER]


def _rows(stream: IO[str], report: ImportReport) -> Iterator[_Row]:
    """Checked rows of the file; bad ones go to the report."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise HistoryImportError("Tệp rỗng: cần dòng tiêu đề " + ",".join(HEADER) + ".") from None
    except csv.Error as exc:
        raise HistoryImportError(f"Dòng tiêu đề không đọc được: {exc}.") from None
    positions = header_positions(header)
    width = len(header)
    seen: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            report.failed.append(RowError(start, f"không đọc được dòng CSV: {exc}"))
            continue
        line = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        if len(values) != width:
            report.failed.append(RowError(start, f"có {len(values)} cột, cần {width}"))
            continue
        try:
            row = parse_row([values[p] for p in positions], start)
        except _BadRowError as bad:
            report.failed.append(RowError(start, str(bad)))
            continue
        if row.code in seen:
            report.failed.append(
                RowError(start, f"mã hồ sơ {row.code} trùng với dòng {seen[row.code]}")
            )
            continue
        seen[row.code] = start
        yield row


# --- writing a batch ----------------------------------------------------------------------------

_STAGE: Final = "dossiers_history_stage"
# Staged values: (column, Dossier field whose database type it takes).
_STAGED: Final = (
    ("code", "code"),
    ("procedure_id", "procedure"),
    ("procedure_version_id", "procedure_version"),
    ("agency_id", "competent_agency"),
    ("channel", "channel"),
    ("status", "status"),
    ("applicant_kind", "applicant_kind"),
    ("applicant_name", "applicant_name"),
    ("applicant_name_folded", "applicant_name"),
    ("applicant_id_no", "applicant_id_no"),
    ("submitted_at", "submitted_at"),
    ("accepted_at", "accepted_at"),
    ("due_at", "due_at"),
    ("finished_at", "finished_at"),
    ("returned_at", "returned_at"),
    ("paid_online", "paid_online"),
    ("digitized", "digitized"),
)


class _Catalogue:
    """Procedure and agency ids by code, with placeholders created on first need."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.agencies = dict(Agency.objects.values_list("code", "pk"))
        self.procedures: dict[str, tuple[int, int]] = {}
        for code, pk, version_id in Procedure.objects.values_list(
            "code", "pk", "current_version_id"
        ):
            if version_id is not None:
                self.procedures[code] = (pk, version_id)

    def agency(self, code: str) -> int:
        if code not in self.agencies:
            agency, created = Agency.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"Cơ quan mã {code} (tạo khi nhập dữ liệu cũ)",
                    "kind": AgencyKind.OTHER,
                    "level": AgencyLevel.PROVINCE,
                },
            )
            if created:
                self.report.placeholders.append(Placeholder("agency", code))
            self.agencies[code] = agency.pk
        return self.agencies[code]

    def procedure(self, code: str) -> tuple[int, int]:
        if code not in self.procedures:
            procedure, created = Procedure.objects.get_or_create(
                code=code, defaults={"is_placeholder": True, "is_active": False}
            )
            version = procedure.current_version or procedure.versions.order_by("-number").first()
            if version is None:
                name = f"Thủ tục mã {code} (chưa có trong danh mục, tạo khi nhập dữ liệu cũ)"
                version = ProcedureVersion.objects.create(
                    procedure=procedure,
                    number=1,
                    source_hash="placeholder",
                    name=name,
                    name_folded=fold(name),
                    state="placeholder",
                )
                procedure.current_version = version
                procedure.save(update_fields=["current_version", "updated_at"])
            if created:
                self.report.placeholders.append(Placeholder("procedure", code))
            self.procedures[code] = (procedure.pk, version.pk)
        return self.procedures[code]

    def forget_uncommitted(self, placeholders_before: int) -> None:
        """After a rolled-back batch: drop the ids of placeholders that no longer exist."""
        for placeholder in self.report.placeholders[placeholders_before:]:
            store = self.agencies if placeholder.kind == "agency" else self.procedures
            store.pop(placeholder.code, None)
        del self.report.placeholders[placeholders_before:]


def _stage_types() -> list[tuple[str, str]]:
    types = []
    for column, name in _STAGED:
        model_field = Dossier._meta.get_field(name)
        if not isinstance(model_field, Field):
            raise TypeError(name)
        db_type = "bigint" if model_field.is_relation else model_field.db_type(connection)
        db_type = db_type or "text"
        types.append((column, db_type))
    return types


def _insert_sql(*, locked: bool = False) -> tuple[str, list[Any]]:
    """INSERT … SELECT from the stage into the dossier table, and its parameters.

    Columns that an import does not fill get their model default, cast to the column type.
    `locked`: nobody else can write to the table and no staged code is present in it
    (`_insert_staged`), so no ON CONFLICT, whose speculative insertion costs on each row. (Not
    an anti-join with the table in the same statement either: a plan that rescans the table
    would reread every page the statement has just added.)
    """
    staged = {column for column, _field in _STAGED}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    computed: dict[str, tuple[str, list[Any]]] = {
        "competent_agency_id": ("s.agency_id", []),
        "receiving_agency_id": ("s.agency_id", []),
        "applicant_id": ("a.id", []),
        "is_imported": ("%s", [True]),
        "is_due_manual": ("(s.accepted_at IS NOT NULL AND s.due_at IS NULL)", []),
        "created_at": ("%s", [now]),
        "updated_at": ("%s", [now]),
    }
    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for model_field in Dossier._meta.concrete_fields:
        if model_field.primary_key or not isinstance(model_field, Field):
            continue
        column = model_field.column
        if column is None:
            continue
        columns.append(column)
        if column in computed:
            expression, values = computed[column]
            expressions.append(expression)
            params.extend(values)
        elif column in staged:
            expressions.append(f"s.{column}")
        elif model_field.null:
            expressions.append("NULL")
        else:
            default = model_field.get_default() if model_field.has_default() else ""
            expressions.append(f"CAST(%s AS {model_field.db_type(connection)})")
            params.append(model_field.get_db_prep_save(default, connection))
    applicants = Applicant._meta.db_table
    sql = (
        f"INSERT INTO {Dossier._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {_STAGE} s "
        f"JOIN {applicants} a ON a.id_no = s.applicant_id_no"
        + ("" if locked else " WHERE true ON CONFLICT (code) DO NOTHING")
    )
    return sql, params


def _applicants_sql(*, locked: bool = False) -> tuple[str, list[Any]]:
    """New applicants of the stage (one per ID number), for dossiers not yet in the database.

    `locked`: as for `_insert_sql`. The anti-join with the applicant table is safe there: the
    grouping reads every staged row before the first applicant is written.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Applicant._meta.db_table
    return (
        f"INSERT INTO {table} (kind, id_no, name, name_folded, phone, email, address, "
        "created_at, updated_at) "
        "SELECT MIN(s.applicant_kind), s.applicant_id_no, MIN(s.applicant_name), "
        "MIN(s.applicant_name_folded), '', '', '', %s, %s "
        f"FROM {_STAGE} s WHERE "
        + (
            f"NOT EXISTS (SELECT 1 FROM {table} a WHERE a.id_no = s.applicant_id_no) "
            "GROUP BY s.applicant_id_no"
            if locked
            else f"NOT EXISTS (SELECT 1 FROM {Dossier._meta.db_table} d WHERE d.code = s.code) "
            "GROUP BY s.applicant_id_no ON CONFLICT (id_no) DO NOTHING"
        ),
        [now, now],
    )


def _stage_values(row: _Row, procedure: tuple[int, int], agency_id: int) -> list[Any]:
    return [
        row.code,
        procedure[0],
        procedure[1],
        agency_id,
        row.channel,
        row.status,
        row.applicant_kind,
        row.applicant_name,
        row.applicant_name_folded,
        row.applicant_id_no,
        row.submitted_at,
        row.accepted_at,
        row.due_at,
        row.finished_at,
        row.returned_at,
        row.paid_online,
        row.digitized,
    ]


_ESCAPES: Final = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def _moment_text(value: dt.datetime | None) -> str:
    return "\\N" if value is None else value.isoformat()


def _stage_line(row: _Row, procedure: tuple[int, int], agency_id: int) -> str:
    """`_stage_values()` as one line of COPY's text format, written out for speed."""
    return (
        f"{_escape(row.code)}\t{procedure[0]}\t{procedure[1]}\t{agency_id}\t{row.channel}\t"
        f"{row.status}\t{row.applicant_kind}\t{_escape(row.applicant_name)}\t"
        f"{_escape(row.applicant_name_folded)}\t{_escape(row.applicant_id_no)}\t"
        f"{row.submitted_at.isoformat()}\t{_moment_text(row.accepted_at)}\t"
        f"{_moment_text(row.due_at)}\t{_moment_text(row.finished_at)}\t"
        f"{_moment_text(row.returned_at)}\t{'t' if row.paid_online else 'f'}\t"
        f"{'t' if row.digitized else 'f'}\n"
    )


def _stage(batch: Sequence[_Row], catalogue: _Catalogue) -> None:
    """Fill the staging table with the batch (COPY on PostgreSQL, inserts elsewhere)."""
    columns = [column for column, _name in _STAGED]
    # Placeholders are created here, before a COPY takes the connection.
    located = [
        (row, catalogue.procedure(row.procedure_code), catalogue.agency(row.agency_code))
        for row in batch
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lines = [_stage_line(*values) for values in located]
            with cursor.copy(f"COPY {_STAGE} ({', '.join(columns)}) FROM STDIN") as copy:
                for start in range(0, len(lines), 5000):
                    copy.write("".join(lines[start : start + 5000]))
            return
        adapt = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            f"INSERT INTO {_STAGE} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            [
                [adapt(v) if isinstance(v, dt.datetime) else v for v in _stage_values(*values)]
                for values in located
            ],
        )


def _create_stage(cursor: CursorWrapper) -> None:
    columns = ", ".join(f"{column} {db_type}" for column, db_type in _stage_types())
    cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    cursor.execute(f"CREATE TEMP TABLE {_STAGE} ({columns})")


def _insert_staged(cursor: CursorWrapper, *, set_based_checks: bool, locked: bool = False) -> int:
    """Applicants and dossiers of the staged rows; the number of dossiers inserted.

    `locked`: the caller holds the applicant and dossier tables locked against changes and has
    left out of the stage every code already present, so the applicants referenced need no row
    locks and nothing can conflict.
    """
    # The planner knows nothing of a new temporary table, and a bulk load has just changed
    # the applicant table beyond what its statistics say (a nested loop over it would be fatal).
    cursor.execute(f"ANALYZE {_STAGE}")
    cursor.execute(*_applicants_sql(locked=locked))
    if locked:
        cursor.execute(f"ANALYZE {Applicant._meta.db_table}")
    if set_based_checks:
        _lock_references(cursor, applicants=not locked)
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(*_journalled(*_insert_sql(locked=locked)))
        inserted = int(cursor.rowcount)
        cursor.execute("SET LOCAL session_replication_role = origin")
    else:
        cursor.execute(*_insert_sql(locked=locked))
        inserted = int(cursor.rowcount)
    cursor.execute(f"DROP TABLE {_STAGE}")
    return inserted


def _write(
    batch: Sequence[_Row], catalogue: _Catalogue, report: ImportReport, *, set_based_checks: bool
) -> None:
    """One batch, in one transaction: placeholders, applicants, dossiers."""
    placeholders_before = len(report.placeholders)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _create_stage(cursor)
            _stage(batch, catalogue)
            inserted = _insert_staged(cursor, set_based_checks=set_based_checks)
    except BaseException:
        catalogue.forget_uncommitted(placeholders_before)
        raise
    report.imported += inserted
    report.already_present += len(batch) - inserted


# --- PostgreSQL: the foreign-key checks and the statistics capture, once per batch ------------

# Triggers the set-based path replaces: the statistics capture (reports migration 0002). Any other
# trigger on these tables keeps the row-by-row path, so nothing is ever skipped unknowingly.
_REPLACED_TRIGGERS: Final = frozenset(
    {"reports_capture_inserted", "reports_capture_deleted", "reports_capture_updated"}
)


def _may_check_set_based() -> bool:
    """Whether a batch may skip the per-row triggers and do their work once, set-based.

    The foreign keys of a new dossier are checked at commit one row at a time (five lookups
    with a row lock each, plus five more for the empty optional keys), which costs more than
    writing the row. A batch instead locks each referenced row once (`_lock_references`) and
    journals its dossiers itself; skipping the per-row triggers needs
    `session_replication_role`, which only a superuser may set.
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        found = cursor.fetchone()
        if found is None or not found[0]:
            return False
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
            "(%s::regclass, %s::regclass)",
            [Dossier._meta.db_table, Applicant._meta.db_table],
        )
        triggers = {name for (name,) in cursor.fetchall()}
    return triggers <= _REPLACED_TRIGGERS


def _lock_references(cursor: CursorWrapper, *, applicants: bool = True) -> None:
    """What the foreign-key triggers would do, once per referenced row: check that it exists
    and lock it against deletion (FOR KEY SHARE) until the batch commits."""
    references = [
        (Procedure._meta.db_table, "procedure_id"),
        (ProcedureVersion._meta.db_table, "procedure_version_id"),
        (Agency._meta.db_table, "agency_id"),
    ]
    if applicants:
        references.append((Applicant._meta.db_table, "applicant_id_no"))
    for table, column in references:
        key = "id_no" if column == "applicant_id_no" else "id"
        cursor.execute(
            f"SELECT (SELECT COUNT(DISTINCT {column}) FROM {_STAGE}), COUNT(*) FROM "
            f"(SELECT 1 FROM {table} t WHERE t.{key} IN (SELECT {column} FROM {_STAGE}) "
            "FOR KEY SHARE OF t) locked"
        )
        wanted, locked = cursor.fetchone()
        if wanted != locked:
            raise HistoryImportError(
                f"{table}: {wanted - locked} bản ghi được tham chiếu không còn tồn tại; "
                "hãy nhập lại tệp."
            )


def _journalled(sql: str, params: list[Any]) -> tuple[str, list[Any]]:
    """The dossier INSERT, also writing the change-journal rows the capture trigger writes."""
    source = {"sign": "1", "dossier_id": "id", "agency_id": "competent_agency_id"}
    returned = ", ".join(source.get(column, column) for column in JOURNAL_COLUMNS)
    return (
        f"WITH inserted AS ({sql} RETURNING {returned}) "
        f"INSERT INTO {JOURNAL} ({', '.join(JOURNAL_COLUMNS)}) SELECT * FROM inserted",
        params,
    )


def _batches(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_history(
    source: str | Path | IO[bytes],
    *,
    batch_size: int = BATCH,
    on_error: Callable[[RowError], None] | None = None,
    bulk: bool | None = None,
    line_by_line: bool = False,
) -> ImportReport:
    """Import the dossiers of a CONTRACT §5 CSV file (a path or a binary stream).

    Raises HistoryImportError when the file as a whole is unusable (nothing is imported then);
    row problems are in the report. See the module docstring for what is written when.

    On PostgreSQL a file given by its path is checked set-based where it lands
    (`history_import_sql`), unless `line_by_line`; `bulk` forces a bulk load on or off there
    (None: when it pays).
    """
    report = ImportReport()
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise HistoryImportError(f"Không có tệp {path}.")
        if connection.vendor == "postgresql" and not line_by_line:
            # Imported here: the set-based lane builds on this module's row checks and writer.
            from motcua.dossiers import history_import_sql

            if history_import_sql.import_file(
                path,
                report,
                _Catalogue(report),
                set_based_checks=_may_check_set_based(),
                batch_size=batch_size,
                bulk=bulk,
            ):
                report.lane = "sql"
                for error in report.failed:
                    if on_error is not None:
                        on_error(error)
                return report
        binary: IO[bytes] = path.open("rb")
    else:
        binary = source
    # Invalid UTF-8 surfaces as surrogates, so the row that carries it is reported, not the file.
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reported = 0

    def flush_errors() -> None:
        nonlocal reported
        if on_error is not None:
            for error in report.failed[reported:]:
                on_error(error)
        reported = len(report.failed)

    try:
        catalogue = _Catalogue(report)
        set_based_checks = _may_check_set_based()
        batches = _batches(_rows(text, report), batch_size)
        while True:
            started = time.perf_counter()
            batch = next(batches, None)
            report.seconds_reading += time.perf_counter() - started
            if batch is None:
                break
            flush_errors()
            started = time.perf_counter()
            _write(batch, catalogue, report, set_based_checks=set_based_checks)
            report.seconds_writing += time.perf_counter() - started
        flush_errors()
    finally:
        text.close()
    return report
