"""The history import on PostgreSQL: the file is checked where it lands.

The whole file goes into a temporary table with one `COPY … (FORMAT csv)`, as a raw load would,
and the checks of `parse_row` run over it as set-based SQL. SQL only ever *accepts* a row, and
only a row of the ordinary shape: ASCII codes and ID numbers, datetimes written exactly
`YYYY-MM-DDTHH:MM:SS+HH:MM`, a name that Python's `clean` accepts (cleaned and folded by Python,
once per distinct name), and dates that agree with the status. Every other row goes to
`parse_row` itself, which accepts it or rejects it with its message; so the two lanes accept the
same rows with the same values, and every message comes from one place. Duplicate codes,
placeholders, applicants, dossiers and the statistics follow as in the line-by-line import
(`history_import`), whose batch writer this module shares.

The file is read line by line instead (`import_file` returns False) when its structure is
unusual: a header that is not one plain line, rows of the wrong width, blank lines, bytes that
are not UTF-8, or a line break inside a quoted value (COPY counts rows, the report counts lines).

A large import into a small dossier table is a bulk load (`bulk_pays`): one transaction that
drops the dossier and applicant tables' non-unique indexes, writes every row (each new dossier
with its statistics journal row, as always) and builds the indexes once at the end. It holds an
exclusive lock on both tables until it commits: the way to migrate a legacy system before motcua
goes live. Otherwise rows are written in batches, each committed on its own.
"""

# ruff: noqa: S608  -- SQL text is built from fixed table and column names; values are parameters

from __future__ import annotations

import contextlib
import csv
import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import psycopg
from django.db import DatabaseError, DataError, connection, transaction
from django.db.backends.utils import CursorWrapper

from motcua.core.bulk import drop_secondary_indexes
from motcua.core.text import clean
from motcua.dossiers import history_import as lines
from motcua.dossiers.models import Applicant, Dossier

RAW: Final = "dossiers_history_raw"
ROWS: Final = "dossiers_history_rows"
PROCEDURES: Final = "dossiers_history_procedures"
AGENCIES: Final = "dossiers_history_agencies"
NAMES: Final = "dossiers_history_names"
TEMPORARY: Final = f"{RAW}, {ROWS}, {PROCEDURES}, {AGENCIES}, {NAMES}"

# A bulk load pays when the new dossiers are many, and at least as many as those already there.
BULK_MIN_ROWS: Final = 50_000

# Columns of ROWS: the line and the values of a checked row, as `parse_row` gives them.
_ROW_COLUMNS: Final = tuple(row_field.name for row_field in dataclasses.fields(lines._Row))

# What SQL accepts without asking `parse_row`: printable ASCII without spaces (which `strip()`
# leaves as it is) for codes and ID numbers, and one layout of datetime (`_moment_ok`).
_PRINTABLE: Final = "[^!-~]"
_PERSON_ID: Final = r"^([0-9]{9}|[0-9]{12})$"


def read_header(path: Path) -> list[str] | None:
    """The header row when it is one plain line of UTF-8; None otherwise."""
    with path.open("rb") as handle:
        first = handle.readline(1 << 16)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.strip() or text.count('"') % 2:  # an open quote: the header goes on
        return None
    return next(csv.reader([text.rstrip("\r\n")]))


def import_file(
    path: Path,
    report: lines.ImportReport,
    catalogue: lines._Catalogue,
    *,
    set_based_checks: bool,
    batch_size: int,
    bulk: bool | None,
) -> bool:
    """Import the file the set-based way; False (nothing done) when it must be read line by line.

    Raises HistoryImportError for a header without the columns of CONTRACT §5.
    """
    header = read_header(path)
    if header is None:
        return False
    positions = lines.header_positions(header)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Hashes of a file's codes and ID numbers fit in memory instead of spilling to disk.
        cursor.execute("SET work_mem = '256MB'")
        try:
            if not _load(cursor, path, len(header)):
                return False
            _accept_in_sql(cursor, positions)
            _check_the_rest(cursor, positions, len(header), report)
            _drop_duplicates(cursor, report)
            report.failed.sort(key=lambda error: error.line)
            report.seconds_reading += time.perf_counter() - started
            started = time.perf_counter()
            _write(
                cursor,
                report,
                catalogue,
                set_based_checks=set_based_checks,
                batch_size=batch_size,
                bulk=bulk,
            )
            report.seconds_writing += time.perf_counter() - started
        finally:
            # Temporary tables go with the session anyway; a failed transaction keeps them.
            with contextlib.suppress(DatabaseError):
                cursor.execute(f"DROP TABLE IF EXISTS {TEMPORARY}")
                cursor.execute("RESET work_mem")
    return True


def _load(cursor: CursorWrapper, path: Path, width: int) -> bool:
    """COPY the file into RAW (`n` numbers the rows); False when COPY cannot take it as it is."""
    columns = [f"c{index}" for index in range(width)]
    cursor.execute(f"DROP TABLE IF EXISTS {TEMPORARY}")
    cursor.execute(
        f"CREATE TEMP TABLE {RAW} (n bigint GENERATED ALWAYS AS IDENTITY (CACHE 10000), "
        f"{', '.join(f'{column} text' for column in columns)})"
    )
    names = ", ".join(columns)
    breaks, quoted, last = 0, False, b"\n"
    try:
        with (
            transaction.atomic(),
            cursor.copy(
                f"COPY {RAW} ({names}) FROM STDIN "
                f"(FORMAT csv, HEADER true, FORCE_NOT_NULL ({names}))"
            ) as copy,
            path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                breaks += block.count(b"\n")
                quoted = quoted or b'"' in block
                last = block[-1:]
                copy.write(block)
    # COPY is psycopg's own (Django does not wrap its errors): bad UTF-8, a row of the wrong
    # width, a blank line.
    except (DatabaseError, psycopg.Error):
        return False
    cursor.execute(f"SELECT count(*) FROM {RAW}")
    copied = int(cursor.fetchone()[0])
    physical_lines = breaks + (last != b"\n")
    if copied != physical_lines - 1:  # a line break inside a value, or COPY's end marker
        return False
    cursor.execute(f"ANALYZE {RAW}")  # the planner knows nothing of a new temporary table
    if quoted:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {RAW} WHERE "
            + " OR ".join(f"strpos({column}, E'\\r') > 0" for column in columns)
            + ")"
        )
        if cursor.fetchone()[0]:
            return False
    return True


def _moment_ok(value: str, *, strict: bool) -> str:
    """SQL: the value is empty, or a datetime that Python's `fromisoformat` reads the same way.

    Accepted: `YYYY-MM-DDTHH:MM:SS+HH:MM` exactly (what legacy exports write; any other form goes
    to `parse_row`). The layout is a pattern; a character class and counts of the separators
    then leave only digits in the digit places, more cheaply than a regular expression could.
    PostgreSQL reads such a value as Python does, except that it also takes 24:00:00, a 60th
    second and offsets from +15:00, which are sent to `parse_row`. A digit out of its range (a
    13th month, 30 February) makes the cast fail, and so the whole statement: `strict` adds the
    range checks for that rare file.
    """
    checks = [
        f"{value} LIKE '____-__-__T__:__:__+__:__'",
        f"{value} !~ '[^-0-9:T+]'",
        f"{value} NOT LIKE '%%-%%-%%-%%'",
        f"{value} NOT LIKE '%%:%%:%%:%%:%%'",
        f"{value} NOT LIKE '%%T%%T%%'",
        f"{value} NOT LIKE '%%+%%+%%'",
        f"{value} >= '1976' COLLATE \"C\"",
        f"substr({value}, 12, 2) <> '24'",
        f"substr({value}, 18, 2) <> '60'",
        f"substr({value}, 21, 2) <= '14' COLLATE \"C\"",
    ]
    if strict:
        checks += [
            f"substr({value}, 6, 2) BETWEEN '01' AND '12'",
            f"substr({value}, 9, 2) BETWEEN '01' AND '31'",
            f"substr({value}, 12, 2) <= '23'",
            f"substr({value}, 15, 2) <= '59'",
            f"substr({value}, 18, 2) <= '59'",
            f"substr({value}, 24, 2) <= '59'",
        ]
        day_fits = (
            f"substr({value}, 9, 2)::int <= date_part('day', "
            f"make_date(substr({value}, 1, 4)::int, substr({value}, 6, 2)::int, 1) "
            "+ interval '1 month' - interval '1 day')"
        )
        # CASE keeps the casts behind the checks (AND may be evaluated in any order).
        return (
            f"CASE WHEN {value} = '' THEN true WHEN NOT ({' AND '.join(checks)}) THEN false "
            f"ELSE {day_fits} END"
        )
    return f"({value} = '' OR ({' AND '.join(checks)}))"


def _accept_in_sql(cursor: CursorWrapper, positions: Sequence[int]) -> None:
    """ROWS: the rows SQL accepts, with their values as `parse_row` would give them."""
    _clean_names(cursor, positions)
    # The estimate of rows passing some forty checks is tiny, so the planner would join the names
    # by nested loop: hashing them is right for any number of rows.
    cursor.execute("SET enable_nestloop = off")
    try:
        with transaction.atomic():
            cursor.execute(*_accepting(positions, strict=False))
    except DataError:  # a digit out of its range somewhere: check the ranges first
        cursor.execute(*_accepting(positions, strict=True))
    finally:
        cursor.execute("RESET enable_nestloop")
    cursor.execute(f"ANALYZE {ROWS}")


def _clean_names(cursor: CursorWrapper, positions: Sequence[int]) -> None:
    """NAMES: each distinct applicant name of the file, cleaned and folded (by Python's own
    `clean` and `fold`), when `parse_row` would accept it."""
    column = f"c{positions[lines.HEADER.index('applicant_name')]}"
    cursor.execute(f"CREATE TEMP TABLE {NAMES} (raw text PRIMARY KEY, name text, folded text)")
    cursor.execute(f"SELECT DISTINCT {column} FROM {RAW}")
    distinct = cursor.fetchall()
    with cursor.copy(f"COPY {NAMES} FROM STDIN") as copy:
        for (raw,) in distinct:
            name = clean(raw.strip())
            if name and len(name) <= lines._NAME_MAX:
                copy.write_row((raw, name, lines._folded(name)))
    cursor.execute(f"ANALYZE {NAMES}")


def _accepting(positions: Sequence[int], *, strict: bool) -> tuple[str, dict[str, Any]]:
    raw = {name: f"r.c{position}" for name, position in zip(lines.HEADER, positions, strict=True)}
    moments = ("submitted_at", "accepted_at", "due_at", "resolved_at", "returned_at")
    shaped = [
        *(
            f"{raw[name]} <> '' AND octet_length({raw[name]}) <= {limit} "
            f"AND {raw[name]} !~ %(printable)s"
            for name, limit in (
                ("code", lines._CODE_MAX),
                ("procedure_code", lines._CODE_MAX),
                ("agency_code", lines._CODE_MAX),
                ("applicant_id_no", lines._ID_MAX),
            )
        ),
        f"{raw['channel']} IN ('direct', 'online', 'postal')",
        f"{raw['status']} IN ('1', '2', '3', '4', '5', '6', '7', '8', '9', '10')",
        f"{raw['paid_online']} IN ('', '0', '1')",
        f"{raw['digitized']} IN ('', '0', '1')",
        *(_moment_ok(raw[name], strict=strict) for name in moments),
    ]
    statuses = " ".join(
        f"WHEN {code} THEN '{status.value}'" for code, status in lines.IMPORTED_STATUS.items()
    )
    before_acceptance = " ".join(
        f"WHEN accepted IS NULL AND national = {code} THEN '{status.value}'"
        for code, status in lines.BEFORE_ACCEPTANCE.items()
    )
    ended = ", ".join(str(code) for code in sorted(lines.ENDED))
    needs_acceptance = ", ".join(str(code) for code in sorted(lines.NEEDS_ACCEPTANCE))
    never_accepted = ", ".join(str(code) for code in sorted(lines.NEVER_ACCEPTED))
    # The rules of `parse_row`, all at once (it gives the message of the first that fails).
    rules = [
        f"(national NOT IN ({needs_acceptance}) OR accepted IS NOT NULL)",
        f"(national NOT IN ({never_accepted}) OR accepted IS NULL)",
        "(due IS NULL OR accepted IS NOT NULL)",
        "since IS NOT NULL",
        f"(CASE WHEN national IN ({ended}) THEN "
        "(national <> 9 OR (resolved IS NOT NULL AND returned IS NULL)) AND finished IS NOT NULL "
        "ELSE resolved IS NULL AND returned IS NULL END)",
        "(accepted IS NULL OR accepted >= since)",
        "(finished IS NULL OR accepted IS NULL OR finished >= accepted)",
        "(finished IS NULL OR finished >= since)",
        "(resolved IS NULL OR returned IS NULL OR returned >= resolved)",
    ]

    def moment(name: str) -> str:
        return f"CAST(NULLIF({raw[name]}, '') AS timestamptz)"

    texts = ("code", "procedure_code", "agency_code", "channel", "applicant_id_no")
    # The checks on `r` filter the scan of the file's rows; only the rows they pass reach the
    # casts, each computed once in a subquery that `OFFSET 0` keeps from being merged into the
    # rules (where each mention would cast again).
    return (
        f"CREATE TEMP TABLE {ROWS} AS SELECT r.n + 1 AS line, "
        + "".join(f"{raw[name]} AS {name}, " for name in texts)
        + f"CASE {before_acceptance} ELSE CASE national {statuses} END END AS status, "
        f"CASE WHEN {raw['applicant_id_no']} ~ %(person)s THEN 'person' ELSE 'organisation' END "
        "AS applicant_kind, m.name AS applicant_name, m.folded AS applicant_name_folded, "
        "since AS submitted_at, accepted AS accepted_at, due AS due_at, "
        "finished AS finished_at, returned AS returned_at, "
        f"{raw['paid_online']} = '1' AS paid_online, {raw['digitized']} = '1' AS digitized "
        f"FROM {RAW} r JOIN {NAMES} m ON m.raw = {raw['applicant_name']} "
        f"CROSS JOIN LATERAL (SELECT CAST({raw['status']} AS smallint) AS national, "
        f"{moment('submitted_at')} AS submitted, {moment('accepted_at')} AS accepted, "
        f"{moment('due_at')} AS due, {moment('resolved_at')} AS resolved, "
        f"{moment('returned_at')} AS returned OFFSET 0) t "
        "CROSS JOIN LATERAL (SELECT COALESCE(submitted, accepted) AS since, "
        f"CASE WHEN national IN ({ended}) THEN COALESCE(resolved, returned, "
        "CASE WHEN national = 3 THEN COALESCE(submitted, accepted) END) END AS finished) f "
        f"WHERE {' AND '.join(shaped)} AND {' AND '.join(rules)}",
        {"printable": _PRINTABLE, "person": _PERSON_ID},
    )


def _check_the_rest(
    cursor: CursorWrapper, positions: Sequence[int], width: int, report: lines.ImportReport
) -> None:
    """`parse_row` on every row SQL did not accept: a message, or a row added to ROWS."""
    columns = ", ".join(f"r.c{index}" for index in range(width))
    cursor.execute(
        f"SELECT r.n + 1, {columns} FROM {RAW} r "
        f"WHERE NOT EXISTS (SELECT 1 FROM {ROWS} g WHERE g.line = r.n + 1) ORDER BY r.n"
    )
    accepted: list[tuple[Any, ...]] = []
    for line, *values in cursor.fetchall():
        try:
            row = lines.parse_row([values[position] for position in positions], line)
        except lines._BadRowError as bad:
            report.failed.append(lines.RowError(line, str(bad)))
            continue
        accepted.append(tuple(getattr(row, name) for name in _ROW_COLUMNS))
    if accepted:
        with cursor.copy(f"COPY {ROWS} ({', '.join(_ROW_COLUMNS)}) FROM STDIN") as copy:
            for values in accepted:
                copy.write_row(values)


def _drop_duplicates(cursor: CursorWrapper, report: lines.ImportReport) -> None:
    """A code seen on an earlier good line: the later rows are reported and dropped."""
    cursor.execute(f"SELECT EXISTS (SELECT code FROM {ROWS} GROUP BY code HAVING count(*) > 1)")
    if not cursor.fetchone()[0]:
        return
    cursor.execute(
        f"WITH ranked AS (SELECT line, min(line) OVER (PARTITION BY code) AS first FROM {ROWS}) "
        f"DELETE FROM {ROWS} g USING ranked k WHERE g.line = k.line AND k.line > k.first "
        "RETURNING g.line, g.code, k.first"
    )
    for line, code, first in cursor.fetchall():
        report.failed.append(lines.RowError(line, f"mã hồ sơ {code} trùng với dòng {first}"))


def bulk_pays(cursor: CursorWrapper, new: int) -> bool:
    """Whether building the indexes once beats updating them row by row for `new` dossiers:
    many, and no fewer than those already there."""
    if new < BULK_MIN_ROWS:
        return False
    table = Dossier._meta.db_table
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) present", [new + 1])
    return int(cursor.fetchone()[0]) <= new


def _write(
    cursor: CursorWrapper,
    report: lines.ImportReport,
    catalogue: lines._Catalogue,
    *,
    set_based_checks: bool,
    batch_size: int,
    bulk: bool | None,
) -> None:
    cursor.execute(
        f"CREATE TEMP TABLE {PROCEDURES} (code text PRIMARY KEY, procedure_id bigint, "
        "version_id bigint)"
    )
    cursor.execute(f"CREATE TEMP TABLE {AGENCIES} (code text PRIMARY KEY, agency_id bigint)")
    _set_aside_present(cursor, report)
    cursor.execute(f"SELECT count(*), COALESCE(max(line), 0) FROM {ROWS}")
    count, last = cursor.fetchone()
    if not count:
        return
    if bulk is None:
        bulk = bulk_pays(cursor, count)
    if bulk:
        with transaction.atomic():
            dossiers, applicants = Dossier._meta.db_table, Applicant._meta.db_table
            cursor.execute(f"LOCK TABLE {dossiers}, {applicants} IN EXCLUSIVE MODE")
            _set_aside_present(cursor, report)  # any written before the lock
            rebuild = [*drop_secondary_indexes(Dossier), *drop_secondary_indexes(Applicant)]
            _write_lines(cursor, report, catalogue, 2, last + 1, set_based_checks, locked=True)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in rebuild:
                cursor.execute(statement)
        return
    cursor.execute(f"CREATE INDEX ON {ROWS} (line)")
    for first in range(2, last + 1, batch_size):
        _write_lines(cursor, report, catalogue, first, first + batch_size, set_based_checks)


def _set_aside_present(cursor: CursorWrapper, report: lines.ImportReport) -> None:
    """Leave out the rows whose code is already in the database: they stay as they are (a
    dossier written meanwhile is caught by ON CONFLICT, or cannot be written under a bulk load's
    lock) and create no placeholder."""
    cursor.execute(f"DELETE FROM {ROWS} s USING {Dossier._meta.db_table} d WHERE d.code = s.code")
    report.already_present += int(cursor.rowcount)


def _write_lines(
    cursor: CursorWrapper,
    report: lines.ImportReport,
    catalogue: lines._Catalogue,
    first: int,
    stop: int,
    set_based_checks: bool,
    *,
    locked: bool = False,
) -> None:
    """The accepted rows of lines [first, stop), in one transaction (as one batch)."""
    placeholders_before = len(report.placeholders)
    try:
        with transaction.atomic():
            _map_codes(cursor, catalogue, first, stop)
            lines._create_stage(cursor)
            staged = [column for column, _field in lines._STAGED]
            source = {"procedure_id": "p.procedure_id", "procedure_version_id": "p.version_id"}
            source["agency_id"] = "a.agency_id"
            cursor.execute(
                f"INSERT INTO {lines._STAGE} ({', '.join(staged)}) SELECT "
                + ", ".join(source.get(column, f"s.{column}") for column in staged)
                + f" FROM {ROWS} s JOIN {PROCEDURES} p ON p.code = s.procedure_code "
                f"JOIN {AGENCIES} a ON a.code = s.agency_code "
                "WHERE s.line >= %s AND s.line < %s",
                [first, stop],
            )
            written = int(cursor.rowcount)
            inserted = lines._insert_staged(
                cursor, set_based_checks=set_based_checks, locked=locked
            )
    except BaseException:
        catalogue.forget_uncommitted(placeholders_before)
        raise
    report.imported += inserted
    report.already_present += written - inserted


def _map_codes(cursor: CursorWrapper, catalogue: lines._Catalogue, first: int, stop: int) -> None:
    """Ids for the procedure and agency codes of lines [first, stop); placeholders as needed,
    in the order of the lines that first name them."""
    for table, column in ((PROCEDURES, "procedure_code"), (AGENCIES, "agency_code")):
        cursor.execute(
            f"SELECT {column} FROM {ROWS} WHERE line >= %s AND line < %s "
            f"AND {column} NOT IN (SELECT code FROM {table}) "
            f"GROUP BY {column} ORDER BY min(line)",
            [first, stop],
        )
        codes = [code for (code,) in cursor.fetchall()]
        if not codes:
            continue
        if table == PROCEDURES:
            values: list[tuple[Any, ...]] = [(code, *catalogue.procedure(code)) for code in codes]
        else:
            values = [(code, catalogue.agency(code)) for code in codes]
        with cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
