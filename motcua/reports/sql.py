"""SQL text of the statistics engine, for PostgreSQL and SQLite.

Everything here builds statement text from constants (table and column names from the models,
status values from `dossiers.states`); values always travel as parameters. The rule of a figure
is written once as SQL, in `facts()`, and the tests hold it to the deadline engine's
`classify_finished` / `classify_open` and to the ORM definitions in `selectors.cell_dossiers`.
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import connection

from motcua.catalog.models import Channel, ExecutionMethod, Fee, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import statuses_for_national_code
from motcua.reports.models import MEASURES, AgencyTally, SectorTally, Span, StatJournal
from motcua.reports.periods import Buckets

DOSSIERS: Final = Dossier._meta.db_table
VERSIONS: Final = ProcedureVersion._meta.db_table
JOURNAL: Final = StatJournal._meta.db_table
AGENCY_TALLY: Final = AgencyTally._meta.db_table
# The journal's columns as the capture trigger fills them (migration 0002).
JOURNAL_COLUMNS: Final = (
    "sign",
    "dossier_id",
    "agency_id",
    "procedure_version_id",
    "channel",
    "status",
    "accepted_at",
    "finished_at",
    "due_at",
    "paid_online",
    "digitized",
    "has_e_result",
    "reused_component_count",
)
SECTOR_TALLY: Final = SectorTally._meta.db_table
METHODS: Final = ExecutionMethod._meta.db_table
FEES: Final = Fee._meta.db_table


def _statuses(*codes: int) -> tuple[str, ...]:
    return tuple(sorted(s.value for code in codes for s in statuses_for_national_code(code)))


# CONTRACT §6: "resolved" = finished with national status 9 or 10; "withdrawn_or_refused" 3, 7, 8.
RESOLVED: Final = _statuses(9, 10)
WITHDRAWN_OR_REFUSED: Final = _statuses(3, 7, 8)


def literal_list(values: Iterable[str]) -> str:
    """`('a', 'b')` for constant identifiers (status and channel values, never user input)."""
    items = list(values)
    if not all(item.replace("_", "").isalnum() for item in items):
        raise ValueError(f"not a constant identifier list: {items!r}")
    return "(" + ", ".join(f"'{item}'" for item in items) + ")"


def vendor() -> str:
    """The database in use: `postgresql` or `sqlite`."""
    name = connection.vendor
    if name not in ("postgresql", "sqlite"):
        raise RuntimeError(f"the statistics engine is not written for {name}")
    return name


def local_day(expression: str) -> str:
    """The Vietnam-time calendar date of a timestamp expression.

    Vietnam has kept +07:00 without daylight saving since 1975, so a fixed offset is exact for
    every date the engine accepts (see `periods.Period`; imports refuse earlier dates).
    """
    if vendor() == "postgresql":
        # A fixed offset is several times cheaper than a zone lookup on every row.
        return f"(({expression}) AT TIME ZONE INTERVAL '+07:00')::date"
    return f"date({expression}, '+7 hours')"


def month_of(expression: str) -> str:
    """The first day of the month of a date expression."""
    if vendor() == "postgresql":
        return f"date_trunc('month', {expression})::date"
    return f"date({expression}, 'start of month')"


def latest(*expressions: str) -> str:
    """The latest of non-null date expressions."""
    function = "GREATEST" if vendor() == "postgresql" else "MAX"
    return f"{function}({', '.join(expressions)})"


def day_param(day: dt.date) -> Any:
    """A date as a query parameter of the current database."""
    return connection.ops.adapt_datefield_value(day)


def moment_param(moment: dt.datetime) -> Any:
    """An aware datetime as a query parameter of the current database."""
    return connection.ops.adapt_datetimefield_value(moment)


# --- sources: relations of (sign, agency_id, sector_key, channel, status, accepted_at,
# finished_at, due_at, paid_online, digitized, has_e_result, reused, fee_bearing), one row per
# dossier state to count; the last five are 0 or 1 ----------------------------------------------


def _fee_bearing_versions() -> str:
    """Procedure versions with a fee or charge above zero on some submission method (QĐ 766
    indicator 3.6 counts the dossiers of fee-bearing procedures, zero-fee ones excluded)."""
    return (
        f"SELECT DISTINCT m.version_id FROM {METHODS} m "
        f"JOIN {FEES} fee ON fee.method_id = m.id WHERE fee.amount_vnd > 0"
    )


def _versions_join(version_id: str) -> str:
    return (
        f"LEFT JOIN {VERSIONS} v ON v.id = {version_id} "
        f"LEFT JOIN ({_fee_bearing_versions()}) fv ON fv.version_id = {version_id}"
    )


def _flag_columns(alias: str) -> str:
    return (
        f"CASE WHEN {alias}.paid_online THEN 1 ELSE 0 END AS paid_online, "
        f"CASE WHEN {alias}.digitized THEN 1 ELSE 0 END AS digitized, "
        f"CASE WHEN {alias}.has_e_result THEN 1 ELSE 0 END AS has_e_result, "
        f"CASE WHEN {alias}.reused_component_count > 0 THEN 1 ELSE 0 END AS reused, "
        "CASE WHEN fv.version_id IS NULL THEN 0 ELSE 1 END AS fee_bearing"
    )


def dossier_source(where: str = "") -> str:
    """Every dossier as it is now (sign +1); `where` filters on the alias `d`."""
    condition = f"WHERE {where}" if where else ""
    return (
        "SELECT 1 AS sign, d.competent_agency_id AS agency_id, "
        "COALESCE(v.sector_id, 0) AS sector_key, d.channel, d.status, "
        f"d.accepted_at, d.finished_at, d.due_at, {_flag_columns('d')} "
        f"FROM {DOSSIERS} d {_versions_join('d.procedure_version_id')} {condition}"
    )


def journal_source(table: str = JOURNAL, where: str = "") -> str:
    """Journalled changes not folded yet (or moved to `table` by a fold); `where` on alias `j`."""
    condition = f"WHERE {where}" if where else ""
    return (
        "SELECT j.sign, j.agency_id, COALESCE(v.sector_id, 0) AS sector_key, "
        f"j.channel, j.status, j.accepted_at, j.finished_at, j.due_at, {_flag_columns('j')} "
        f"FROM {table} j {_versions_join('j.procedure_version_id')} {condition}"
    )


# --- facts: what a source adds to each (agency, sector, Vietnam-time day) -------------------------


def _flags() -> dict[str, str]:
    resolved = f"b.status IN {literal_list(RESOLVED)}"
    return {
        "online": f"CASE WHEN b.channel = '{Channel.ONLINE.value}' THEN 1 ELSE 0 END",
        "direct": f"CASE WHEN b.channel = '{Channel.DIRECT.value}' THEN 1 ELSE 0 END",
        "postal": f"CASE WHEN b.channel = '{Channel.POSTAL.value}' THEN 1 ELSE 0 END",
        # CONTRACT §3: calendar dates in Vietnam time; a dossier without a due date cannot be
        # early or late, so it counts as on time.
        "early": f"CASE WHEN {resolved} AND b.d IS NOT NULL AND b.f < b.d THEN 1 ELSE 0 END",
        "on_time": f"CASE WHEN {resolved} AND (b.d IS NULL OR b.f = b.d) THEN 1 ELSE 0 END",
        "overdue": f"CASE WHEN {resolved} AND b.d IS NOT NULL AND b.f > b.d THEN 1 ELSE 0 END",
        "ended": (f"CASE WHEN b.status IN {literal_list(WITHDRAWN_OR_REFUSED)} THEN 1 ELSE 0 END"),
        "e_result": f"CASE WHEN {resolved} AND b.has_e_result = 1 THEN 1 ELSE 0 END",
        "e_result_digitized": (
            f"CASE WHEN {resolved} AND b.has_e_result = 1 AND b.digitized = 1 THEN 1 ELSE 0 END"
        ),
    }


def _contributions() -> list[tuple[str, str, dict[str, str]]]:
    """(day expression, condition, measures) of the up to five days a dossier state counts on."""
    flags = _flags()
    return [
        (
            "b.a",
            "b.a IS NOT NULL",
            {
                "received": "1",
                "received_online": flags["online"],
                "received_direct": flags["direct"],
                "received_postal": flags["postal"],
                "received_fee_bearing": "b.fee_bearing",
                "received_paid_online": "b.fee_bearing * b.paid_online",
                "received_reused": "b.reused",
            },
        ),
        (
            "b.f",
            "b.f IS NOT NULL",
            {
                "resolved_early": flags["early"],
                "resolved_on_time": flags["on_time"],
                "resolved_overdue": flags["overdue"],
                "withdrawn_or_refused": flags["ended"],
                "resolved_e_result": flags["e_result"],
                "resolved_digitized": flags["e_result_digitized"],
            },
        ),
        (latest("b.a", "b.f"), "b.a IS NOT NULL AND b.f IS NOT NULL", {"closed": "1"}),
        (latest("b.a", "b.d"), "b.a IS NOT NULL AND b.d IS NOT NULL", {"fell_due": "1"}),
        (
            latest("b.a", "b.d", "b.f"),
            "b.a IS NOT NULL AND b.d IS NOT NULL AND b.f IS NOT NULL",
            {"fell_due_closed": "1"},
        ),
    ]


def facts(source: str) -> str:
    """SELECT agency_id, sector_key, day, <MEASURES> summed per (agency, sector, day) of `source`.

    Each counted state adds `sign` to: its acceptance day (received, by channel; fee-bearing,
    paid online, reusing data); its end day (resolved by timeliness, with an electronic result,
    with one and digitized components; or withdrawn/refused/stopped); the later of its
    acceptance and end days (closed); the later of its acceptance and due days (fell_due); the
    latest of the three (fell_due_closed). Open at the end of day T = Σ received − Σ closed over
    days ≤ T, and open past the due date = Σ fell_due − Σ fell_due_closed over days ≤ T
    (ADR 0010).
    """
    base = (
        "SELECT s.sign, s.agency_id, s.sector_key, s.channel, s.status, s.paid_online, "
        "s.digitized, s.has_e_result, s.reused, s.fee_bearing, "
        f"{local_day('s.accepted_at')} AS a, {local_day('s.finished_at')} AS f, "
        f"{local_day('s.due_at')} AS d FROM ({source}) s"
    )
    sums = ", ".join(f"SUM(b.sign * v.{m}) AS {m}" for m in MEASURES)
    if vendor() == "postgresql":
        rows = []
        for day, condition, measures in _contributions():
            values = ", ".join(measures.get(m, "0") for m in MEASURES)
            rows.append(f"(CASE WHEN {condition} THEN {day} END, {values})")
        return (
            f"SELECT b.agency_id, b.sector_key, v.day, {sums} FROM ({base}) b "
            f"CROSS JOIN LATERAL (VALUES {', '.join(rows)}) AS v(day, {', '.join(MEASURES)}) "
            "WHERE v.day IS NOT NULL GROUP BY b.agency_id, b.sector_key, v.day"
        )
    parts = []
    for day, condition, measures in _contributions():
        values = ", ".join(f"{measures.get(m, '0')} AS {m}" for m in MEASURES)
        parts.append(
            f"SELECT b.sign, b.agency_id, b.sector_key, {day} AS day, {values} "
            f"FROM ({base}) b WHERE {condition}"
        )
    plain_sums = ", ".join(f"SUM(v.sign * v.{m}) AS {m}" for m in MEASURES)
    return (
        f"SELECT v.agency_id, v.sector_key, v.day, {plain_sums} "
        f"FROM ({' UNION ALL '.join(parts)}) v GROUP BY v.agency_id, v.sector_key, v.day"
    )


def tally_rows(facts_relation: str, *, by_sector: bool) -> str:
    """Day and month rows of a tally from a relation shaped like `facts()` (a table or CTE name).

    Columns: agency_id, [sector_key,] span, bucket, <MEASURES>.
    """
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    keys = "agency_id, sector_key" if by_sector else "agency_id"
    month = month_of("day")
    return (
        f"SELECT {keys}, '{Span.DAY.value}' AS span, day AS bucket, {sums} "
        f"FROM {facts_relation} GROUP BY {keys}, day "
        f"UNION ALL SELECT {keys}, '{Span.MONTH.value}' AS span, {month} AS bucket, {sums} "
        f"FROM {facts_relation} GROUP BY {keys}, {month}"
    )


def upsert_tally(facts_relation: str, *, by_sector: bool) -> str:
    """Add the rows of `tally_rows()` to a tally table."""
    table = SECTOR_TALLY if by_sector else AGENCY_TALLY
    keys = "agency_id, sector_key, span, bucket" if by_sector else "agency_id, span, bucket"
    columns = ", ".join(MEASURES)
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    # `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.
    return (
        f"INSERT INTO {table} ({keys}, {columns}) "
        f"SELECT * FROM ({tally_rows(facts_relation, by_sector=by_sector)}) r WHERE true "
        f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    )


# --- fragments with parameters --------------------------------------------------------------------


@dataclass
class Fragment:
    """SQL text with its parameters, assembled left to right."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, text: str, *params: Any) -> Fragment:
        self.parts.append(text)
        self.params.extend(params)
        return self

    def extend(self, other: Fragment) -> Fragment:
        self.parts.extend(other.parts)
        self.params.extend(other.params)
        return self

    @property
    def sql(self) -> str:
        return "".join(self.parts)


def in_ids(column: str, ids: Sequence[int]) -> Fragment:
    """`column IN (…)` for a list of ids (an always-false condition when the list is empty)."""
    if not ids:
        return Fragment().add("1 = 0")
    return Fragment().add(f"{column} IN ({', '.join(['%s'] * len(ids))})", *ids)


def bucket_condition(covered: Buckets) -> Fragment:
    """Rows of a tally (columns `span`, `bucket`) that together cover a range of days once."""
    clauses: list[Fragment] = []
    if covered.months is not None:
        first, last = covered.months
        clauses.append(
            Fragment().add(
                f"(span = '{Span.MONTH.value}' AND bucket BETWEEN %s AND %s)",
                day_param(first),
                day_param(last),
            )
        )
    for first, last in covered.day_ranges:
        clauses.append(
            Fragment().add(
                f"(span = '{Span.DAY.value}' AND bucket BETWEEN %s AND %s)",
                day_param(first),
                day_param(last),
            )
        )
    if not clauses:
        return Fragment().add("1 = 0")
    result = Fragment().add("(")
    for index, clause in enumerate(clauses):
        if index:
            result.add(" OR ")
        result.extend(clause)
    return result.add(")")
