"""Synthetic dossiers drawn inside PostgreSQL: the fast path of `synthetic.generate_dossiers`.

The Python sampler spends about 100 µs of interpreter time on each dossier, so ten million took
about 40 minutes. Here the same model runs as a few set-based statements per chunk of days:

- Python keeps what is small or needs the deadline engine: the number of dossiers of each day (the
  same multinomial draw as the sampler), the province's desks and offers, the applicant pool, and
  every due date. Due dates come from `compute_due_at` for each distinct (acceptance day, place of
  the time against the office-hour boundaries, processing time) — a few thousand keys, not
  millions of dossiers — and for each distinct acceptance moment of the procedures counted in
  working hours; extensions likewise for each distinct due date extended.
- PostgreSQL draws everything else. Each random number is a pure function of the dossier's row
  number and the seed (`hashint8extended`), so a run is deterministic for a seed, `until` and the
  database state whatever the plan, and no draw depends on another row.
- Codes continue the day counters (`row_number()` per receiving agency and day on top of the
  counter), and the counters are raised to the numbers used.

Each chunk is one transaction writing dossiers, extensions, events (when asked) and, when the
role may skip per-row triggers, the change-journal rows the capture trigger would have written.
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from django.db import connection, transaction
from django.db.models import Field, Model

from motcua.catalog.models import Channel, TimeUnit
from motcua.deadlines.engine import WorkingCalendar, compute_due_at
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    EventAction,
    Extension,
    ReturnMethod,
)
from motcua.dossiers.states import Status
from motcua.reports.sql import JOURNAL, JOURNAL_COLUMNS

if TYPE_CHECKING:
    from motcua.reports.synthetic import _Desk, _Person

CHUNK: Final = 500_000
EXTENSION_REASON: Final = "Cần xác minh thêm"
_VN: Final = dt.timezone(dt.timedelta(hours=7))
_LOCAL: Final = "AT TIME ZONE INTERVAL '+07:00'"  # Vietnam: +07:00 since 1975, no DST
_MASK: Final = (1 << 53) - 1


def _text(value: str) -> str:
    """A constant (an enum value, never input) as an SQL string literal."""
    if not value.replace("_", "").isalnum() and value != "":
        raise ValueError(f"not a constant identifier: {value!r}")
    return f"'{value}'"


# What the capture trigger journals for a new dossier, as columns of g_final.
_JOURNALLED: Final = {
    "sign": "1",
    "dossier_id": "id",
    "agency_id": "agency_id",
    "procedure_version_id": "version_id",
    "channel": "channel",
    "status": "status",
    "accepted_at": "accepted",
    "finished_at": "finished",
    "due_at": "due",
    "paid_online": "paid_online",
    "digitized": "digitized",
    "has_e_result": "has_e_result",
    "reused_component_count": "reused",
}
S: Final = {status.name: _text(status.value) for status in Status}
A: Final = {action.name: _text(action.value) for action in EventAction}


class _Draws:
    """`u(k)`: the k-th uniform number in [0, 1) of the row `g.n`, for this run's seed."""

    def __init__(self, seed: int) -> None:
        self.base = (seed % (1 << 40)) * 64

    def __call__(self, k: int, row: str = "g.n") -> str:
        return (
            f"((hashint8extended({row}, {self.base + k}) & {_MASK})::float8 / {float(_MASK + 1)})"
        )


def _constant_columns(
    model: type[Model], variable: Iterable[str]
) -> tuple[list[str], list[str], list[Any]]:
    """Columns of `model` not in `variable` (by column name, primary key excluded), each with
    `CAST(%s AS type)` of its default and the parameter."""
    skip = set(variable)
    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for model_field in model._meta.concrete_fields:
        if not isinstance(model_field, Field) or model_field.column is None:
            raise TypeError(f"{model.__name__}.{model_field.name} is not a plain column")
        if model_field.primary_key or model_field.column in skip:
            continue
        if model_field.has_default():
            value = model_field.get_default()
        else:
            value = None if model_field.null else ""
        columns.append(model_field.column)
        expressions.append(f"CAST(%s AS {model_field.db_type(connection)})")
        params.append(model_field.get_db_prep_save(value, connection))
    return columns, expressions, params


def copy_lines(cursor: Any, table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY ready-made text-format lines into `table`, in blocks of about a megabyte."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        block: list[str] = []
        size = 0
        for line in lines:
            block.append(line)
            size += len(line)
            if size > 1_000_000:
                copy.write("".join(block))
                block, size = [], 0
        if block:
            copy.write("".join(block))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class SqlGenerator:
    """Writes `count` synthetic dossiers with set-based statements (see the module docstring)."""

    def __init__(
        self,
        *,
        seed: int,
        desks: Sequence[_Desk],
        desk_weights: Sequence[float],
        people: Sequence[_Person],
        calendar: WorkingCalendar,
        days: Sequence[dt.date],
        working: Sequence[bool],
        span: int,
        now: dt.datetime,
        history: bool,
        actor: str,
        skip_triggers: Callable[[Any], bool],
    ) -> None:
        self.u = _Draws(seed)
        self.desks = desks
        self.desk_weights = list(desk_weights)
        self.people = people
        self.calendar = calendar
        self.days = days
        self.working = working
        self.span = span
        self.now = now
        self.history = history
        self.actor = actor
        self.skip_triggers = skip_triggers
        self.dues: dict[tuple[dt.date, int, Decimal, str], dt.datetime] = {}
        self.sequence = ""
        periods = calendar.office_hours.periods
        self.boundaries = sorted({moment for period in periods for moment in period})

    # --- set-up, once per run ---------------------------------------------------------------

    def prepare(self, cursor: Any) -> None:
        """Temporary lookup tables of the desks, their offers and the applicant pool."""
        # Looked up once: as an expression it would be looked up again for every row.
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Dossier._meta.db_table])
        self.sequence = str(cursor.fetchone()[0])
        for table in ("g_desk", "g_offer", "g_person", "g_day"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            "CREATE TEMP TABLE g_desk (idx int PRIMARY KEY, agency_id bigint, receiving_id "
            "bigint, receiving_code text, offer_set int, offer_total float8, offer_cum float8[])"
        )
        # Kept uncompressed: every drawn dossier reads its desk's cumulative weights.
        cursor.execute("ALTER TABLE g_desk ALTER offer_cum SET STORAGE PLAIN")
        cursor.execute(
            "CREATE TEMP TABLE g_offer (offer_set int, idx int, procedure_id bigint, "
            "version_id bigint, amount numeric, unit text, has_fee bool, "
            "PRIMARY KEY (offer_set, idx))"
        )
        cursor.execute(
            "CREATE TEMP TABLE g_person (idx int PRIMARY KEY, id bigint, kind text, name text, "
            "id_no text)"
        )
        cursor.execute(
            "CREATE TEMP TABLE g_day (day date, start timestamptz, working bool, "
            "progress float8, first_n bigint, count int)"
        )
        sets: dict[int, int] = {}
        desk_lines, offer_lines = [], []
        for index, desk in enumerate(self.desks):
            key = id(desk.offers)
            if key not in sets:
                sets[key] = len(sets)
                for number, offer in enumerate(desk.offers):
                    offer_lines.append(
                        f"{sets[key]}\t{number}\t{offer.procedure_id}\t{offer.version_id}\t"
                        f"{offer.amount}\t{offer.unit}\t{'t' if offer.has_fee else 'f'}\n"
                    )
            cum = "{" + ",".join(repr(w) for w in desk.cum_weights) + "}"
            desk_lines.append(
                f"{index}\t{desk.agency.pk}\t{desk.receiving.pk}\t{_escape(desk.receiving.code)}"
                f"\t{sets[key]}\t{desk.cum_weights[-1]!r}\t{cum}\n"
            )
        copy_lines(
            cursor,
            "g_desk",
            ["idx", "agency_id", "receiving_id", "receiving_code", "offer_set", "offer_total",
             "offer_cum"],
            desk_lines,
        )  # fmt: skip
        copy_lines(
            cursor,
            "g_offer",
            ["offer_set", "idx", "procedure_id", "version_id", "amount", "unit", "has_fee"],
            offer_lines,
        )
        copy_lines(
            cursor,
            "g_person",
            ["idx", "id", "kind", "name", "id_no"],
            (
                f"{n}\t{p.pk}\t{p.kind}\t{_escape(p.name)}\t{_escape(p.id_no)}\n"
                for n, p in enumerate(self.people)
            ),
        )
        cursor.execute("ANALYZE g_desk")
        cursor.execute("ANALYZE g_offer")
        cursor.execute("ANALYZE g_person")

    def finish(self, cursor: Any) -> None:
        """Drop the lookup tables."""
        for table in ("g_desk", "g_offer", "g_person", "g_day"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    # --- one chunk of days ------------------------------------------------------------------

    def write_chunk(
        self, days: Sequence[tuple[int, int]], first_n: int, *, journal: bool = True
    ) -> int:
        """Dossiers of the given (day index, count) pairs, rows numbered from `first_n`.

        `journal=False` when the caller recounts the tallies from the dossier table afterwards.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            triggers_skipped = self.skip_triggers(cursor)
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("TRUNCATE g_day")
            lines, n = [], first_n
            for index, drawn in days:
                day = self.days[index]
                start = dt.datetime.combine(day, dt.time.min, tzinfo=_VN)
                progress = index / self.span
                lines.append(
                    f"{day.isoformat()}\t{start.isoformat()}\t"
                    f"{'t' if self.working[index] else 'f'}\t{progress!r}\t{n}\t{drawn}\n"
                )
                n += drawn
            copy_lines(
                cursor, "g_day", ["day", "start", "working", "progress", "first_n", "count"], lines
            )
            for table in ("g_base", "g_due", "g_due_wh", "g_ext", "g_final"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(*self._base_sql())
            cursor.execute("ANALYZE g_base")
            self._dues(cursor)
            self._extensions(cursor)
            cursor.execute(*self._final_sql())
            made = self._write(cursor, journal=journal and triggers_skipped)
            for table in ("g_base", "g_due", "g_due_wh", "g_ext", "g_final"):
                cursor.execute(f"DROP TABLE {table}")
        return made

    def _base_sql(self) -> tuple[str, dict[str, Any]]:
        """g_base: when, where, which procedure, channel, applicant, and the state before the
        due date (not accepted, ended before acceptance, or accepted and waiting for a due)."""
        u = self.u
        c = 36000 / 86399
        online_share = "(0.3 + 0.35 * d.progress)"
        channel = (
            f"CASE WHEN NOT d.working OR {u(2)} < {online_share} THEN {_text(Channel.ONLINE)} "
            f"WHEN {u(2)} < {online_share} + 0.05 THEN {_text(Channel.POSTAL)} "
            f"ELSE {_text(Channel.DIRECT)} END"
        )
        online_seconds = (
            f"CASE WHEN {u(3)} <= {c!r} THEN 86399 * sqrt({u(3)} * {c!r}) "
            f"ELSE 86399 - 86399 * sqrt((1 - {u(3)}) * {1 - c!r}) END"
        )
        seconds = (
            f"floor(CASE WHEN g.channel = {_text(Channel.ONLINE)} THEN {online_seconds} "
            f"ELSE 27000 + {u(3)} * 33840 END)"
        )
        drawn = (
            "SELECT g.n, d.day, d.start, d.working, d.progress, "
            f"LEAST(width_bucket({u(0)} * %(desk_total)s, %(desk_cum)s::float8[]), "
            f"%(desk_last)s) AS desk_idx, {channel} AS channel "
            "FROM g_day d CROSS JOIN LATERAL generate_series(d.first_n, d.first_n + d.count - 1) "
            "AS g(n)"
        )
        placed = (
            f"SELECT g.*, g.start + {seconds} * interval '1 second' AS submitted, "
            f"k.agency_id, k.receiving_id, k.receiving_code, k.offer_set, "
            f"LEAST(width_bucket({u(1)} * k.offer_total, k.offer_cum), "
            "cardinality(k.offer_cum) - 1) AS offer_idx "
            f"FROM ({drawn} OFFSET 0) g JOIN g_desk k ON k.idx = g.desk_idx"
        )
        early = f"(g.channel = {_text(Channel.ONLINE)} AND {u(10)} < 0.012)"
        accepted_raw = (
            f"CASE WHEN g.channel = {_text(Channel.ONLINE)} "
            f"THEN g.submitted + (0.3 + {u(4)} * 29.7) * interval '1 hour' ELSE g.submitted END"
        )
        early_end = f"g.submitted + (1 + {u(11)} * 19) * interval '1 hour'"
        local_time = f"((g.accepted_raw {_LOCAL})::time)"
        position = (
            "2 * ("
            + " + ".join(f"({local_time} > time '{b.isoformat()}')::int" for b in self.boundaries)
            + ") + ("
            + f"{local_time} IN ({', '.join(f"time '{b.isoformat()}'" for b in self.boundaries)})"
            + ")::int"
        )
        sql = (
            "CREATE TEMP TABLE g_base AS SELECT g.n, g.day, g.channel, g.submitted, "
            "g.agency_id, g.receiving_id, g.receiving_code, "
            "o.procedure_id, o.version_id, o.amount, o.unit, "
            f"p.id AS person_id, p.kind AS person_kind, p.name AS person_name, "
            "p.id_no AS person_id_no, "
            f"(g.channel = {_text(Channel.ONLINE)} AND o.has_fee AND {u(6)} < 0.7) AS paid_online, "
            f"({u(7)} < 0.35 + 0.5 * g.progress) AS digitized, "
            f"CASE WHEN {u(8)} < 0.3 THEN floor({u(9)} * 3)::int ELSE 0 END AS reused, "
            f"CASE WHEN NOT {early} AND g.accepted_raw <= %(now)s THEN g.accepted_raw END "
            "AS accepted, "
            f"CASE WHEN {early} AND {early_end} <= %(now)s THEN {early_end} END AS early_finished, "
            f"CASE WHEN {early} AND {early_end} <= %(now)s THEN "
            f"(CASE WHEN {u(10)} < 0.009 THEN {S['REFUSED']} ELSE {S['WITHDRAWN']} END) "
            f"ELSE {S['SUBMITTED']} END AS early_status, "
            f"(g.accepted_raw {_LOCAL})::date AS accepted_day, {position} AS position "
            f"FROM (SELECT g.*, {accepted_raw} AS accepted_raw "
            f"FROM ({placed} OFFSET 0) g OFFSET 0) g "
            "JOIN g_offer o ON o.offer_set = g.offer_set AND o.idx = g.offer_idx "
            f"JOIN g_person p ON p.idx = floor({u(5)} * %(people)s)::int"
        )
        params = {
            "desk_total": self.desk_weights[-1],
            "desk_cum": self.desk_weights,
            "desk_last": len(self.desk_weights) - 1,
            "now": self.now,
            "people": len(self.people),
        }
        return sql, params

    def _dues(self, cursor: Any) -> None:
        """g_due by (acceptance day, position, time) and g_due_wh by moment (working hours)."""
        cursor.execute(
            "SELECT accepted_day, position, amount, unit, MIN(accepted) FROM g_base "
            "WHERE accepted IS NOT NULL AND unit <> %s GROUP BY 1, 2, 3, 4",
            [TimeUnit.WORKING_HOUR.value],
        )
        lines = []
        for day, position, amount, unit, moment in cursor.fetchall():
            key = (day, int(position), Decimal(amount), str(unit))
            due = self.dues.get(key)
            if due is None:
                due = self.dues[key] = compute_due_at(self.calendar, moment, amount, unit)
            lines.append(f"{day.isoformat()}\t{position}\t{amount}\t{unit}\t{due.isoformat()}\n")
        cursor.execute(
            "CREATE TEMP TABLE g_due (accepted_day date, position int, amount numeric, "
            "unit text, due timestamptz)"
        )
        copy_lines(cursor, "g_due", ["accepted_day", "position", "amount", "unit", "due"], lines)
        cursor.execute(
            "SELECT DISTINCT accepted, amount FROM g_base WHERE accepted IS NOT NULL AND unit = %s",
            [TimeUnit.WORKING_HOUR.value],
        )
        unit = TimeUnit.WORKING_HOUR
        lines = [
            f"{moment.isoformat()}\t{amount}\t"
            f"{compute_due_at(self.calendar, moment, amount, unit).isoformat()}\n"
            for moment, amount in cursor.fetchall()
        ]
        cursor.execute(
            "CREATE TEMP TABLE g_due_wh (accepted timestamptz, amount numeric, due timestamptz)"
        )
        copy_lines(cursor, "g_due_wh", ["accepted", "amount", "due"], lines)
        cursor.execute("ANALYZE g_due")
        cursor.execute("ANALYZE g_due_wh")

    def _due_join(self) -> str:
        return (
            "LEFT JOIN g_due gd ON b.unit <> 'working_hour' AND gd.accepted_day = b.accepted_day "
            "AND gd.position = b.position AND gd.amount = b.amount AND gd.unit = b.unit "
            "LEFT JOIN g_due_wh gw ON b.unit = 'working_hour' AND gw.accepted = b.accepted "
            "AND gw.amount = b.amount"
        )

    def _extended(self) -> str:
        return f"(b.accepted IS NOT NULL AND {self.u(12, 'b.n')} < 0.025)"

    def _extensions(self, cursor: Any) -> None:
        """g_ext: each distinct due date that is extended, and its new due date (+5 days)."""
        cursor.execute(
            f"SELECT DISTINCT COALESCE(gd.due, gw.due) FROM g_base b {self._due_join()} "
            f"WHERE {self._extended()}"
        )
        lines = [
            f"{due.isoformat()}\t"
            f"{compute_due_at(self.calendar, due, 5, TimeUnit.WORKING_DAY).isoformat()}\n"
            for (due,) in cursor.fetchall()
        ]
        cursor.execute("CREATE TEMP TABLE g_ext (due timestamptz, extended timestamptz)")
        copy_lines(cursor, "g_ext", ["due", "extended"], lines)
        cursor.execute("ANALYZE g_ext")

    def _final_sql(self) -> tuple[str, dict[str, Any]]:
        """g_final: every column of the dossiers, their ids and codes, and the extension."""
        u = self.u
        extended = self._extended()
        with_due = (
            f"SELECT b.*, COALESCE(gd.due, gw.due) AS due0, {extended} AS extended, "
            f"CASE WHEN {extended} THEN x.extended ELSE COALESCE(gd.due, gw.due) END AS due, "
            f"{u(13, 'b.n')} AS outcome, {u(14, 'b.n')} AS f "
            f"FROM g_base b {self._due_join()} "
            f"LEFT JOIN g_ext x ON {extended} AND x.due = COALESCE(gd.due, gw.due)"
        )
        allowed = "(b.due - b.accepted)"
        ended = (
            f"CASE WHEN b.outcome < 0.012 THEN {S['WITHDRAWN']} "
            f"WHEN b.outcome < 0.018 THEN {S['STOPPED']} "
            f"WHEN b.outcome < 0.021 THEN {S['CLOSED_UNANSWERED']} ELSE {S['RESULT_READY']} END"
        )
        finish = (
            f"CASE WHEN b.outcome < 0.012 THEN b.accepted + {allowed} * (0.05 + b.f * 0.75) "
            f"WHEN b.outcome < 0.018 THEN b.accepted + {allowed} * (0.3 + b.f * 0.8) "
            "WHEN b.outcome < 0.021 THEN b.accepted + (16 + b.f * 9) * interval '1 day' "
            f"WHEN b.outcome < 0.62 THEN b.accepted + {allowed} * (0.1 + b.f * 0.82) "
            "WHEN b.outcome < 0.91 THEN "
            "GREATEST(b.due - b.f * 7.5 * interval '1 hour', b.accepted) "
            "ELSE b.due + (0.6 + b.f * 20.4) * interval '1 day' END"
        )
        outcome = f"SELECT b.*, {ended} AS ended, {finish} AS finish FROM ({with_due} OFFSET 0) b"
        # Accepted and ended by now: the end; a result may have been collected.
        done = "(b.accepted IS NOT NULL AND b.finish <= %(now)s)"
        e_result = f"({done} AND b.ended = {S['RESULT_READY']} AND {u(15, 'b.n')} < 0.55)"
        judged = (
            f"SELECT b.*, {done} AS done, {e_result} AS has_e_result FROM ({outcome} OFFSET 0) b"
        )
        returned_raw = (
            f"(b.finish + CASE WHEN b.channel = {_text(Channel.ONLINE)} AND b.has_e_result "
            f"THEN interval '0' ELSE (0.5 + {u(16, 'b.n')} * 71.5) * interval '1 hour' END)"
        )
        returned = (
            f"CASE WHEN b.done AND b.ended = {S['RESULT_READY']} AND {returned_raw} <= %(now)s "
            f"AND {u(17, 'b.n')} >= 0.02 THEN {returned_raw} END"
        )
        settled = (
            "SELECT b.*, "
            "CASE WHEN b.accepted IS NULL THEN b.early_finished "
            "WHEN b.done THEN b.finish END AS finished, "
            f"{returned} AS returned FROM ({judged} OFFSET 0) b"
        )
        status = (
            "CASE WHEN b.accepted IS NULL THEN b.early_status "
            f"WHEN b.returned IS NOT NULL THEN {S['RETURNED']} "
            "WHEN b.finished IS NOT NULL THEN b.ended "
            f"WHEN %(now)s - b.accepted < interval '20 hours' THEN {S['RECEIVED']} "
            f"ELSE {S['IN_PROGRESS']} END"
        )
        sequence = (
            "COALESCE(c.last_value, 0) + row_number() OVER "
            "(PARTITION BY b.receiving_id, b.day ORDER BY b.n)"
        )
        return_method = (
            f"CASE WHEN b.returned IS NULL THEN '' WHEN b.has_e_result "
            f"THEN {_text(ReturnMethod.ONLINE)} ELSE {_text(ReturnMethod.COUNTER)} END"
        )
        counters = DossierCodeCounter._meta.db_table
        sql = (
            "CREATE TEMP TABLE g_final AS SELECT nextval(%(sequence)s::regclass) AS id, "
            "s.*, s.receiving_code || '-' || to_char(s.day, 'YYMMDD') || '-' || "
            "CASE WHEN s.seq < 10000 THEN lpad(s.seq::text, 4, '0') ELSE s.seq::text END "
            "AS code FROM ("
            f"SELECT b.*, {status} AS status, {sequence} AS seq, {return_method} AS return_method, "
            "COALESCE(b.returned, b.finished, b.accepted, %(now)s) AS updated, "
            "GREATEST(b.due0 - interval '2 days', b.accepted) AS extension_asked "
            f"FROM ({settled} OFFSET 0) b LEFT JOIN {counters} c "
            "ON c.agency_id = b.receiving_id AND c.day = b.day) s ORDER BY s.n"
        )
        return sql, {"now": self.now, "sequence": self.sequence}

    def _write(self, cursor: Any, *, journal: bool) -> int:
        """Copy g_final into the dossier, journal, extension, event and counter tables."""
        variable = {
            "id": "id",
            "code": "code",
            "status": "status",
            "channel": "channel",
            "procedure_id": "procedure_id",
            "procedure_version_id": "version_id",
            "receiving_agency_id": "receiving_id",
            "competent_agency_id": "agency_id",
            "applicant_id": "person_id",
            "applicant_kind": "person_kind",
            "applicant_name": "person_name",
            "applicant_id_no": "person_id_no",
            "submitted_at": "submitted",
            "accepted_at": "accepted",
            "due_at": "due",
            "finished_at": "finished",
            "returned_at": "returned",
            "return_method": "return_method",
            "processing_time": "CASE WHEN accepted IS NOT NULL THEN amount END",
            "time_unit": "CASE WHEN accepted IS NOT NULL THEN unit ELSE '' END",
            "paid_online": "paid_online",
            "digitized": "digitized",
            "has_e_result": "has_e_result",
            "reused_component_count": "reused",
            "created_at": "submitted",
            "updated_at": "updated",
        }
        columns, expressions, params = _constant_columns(Dossier, variable)
        cursor.execute(
            f"INSERT INTO {Dossier._meta.db_table} ({', '.join([*variable, *columns])}) "
            f"SELECT {', '.join([*variable.values(), *expressions])} FROM g_final",
            params,
        )
        made = int(cursor.rowcount)
        if journal:
            values = ", ".join(_JOURNALLED[column] for column in JOURNAL_COLUMNS)
            cursor.execute(
                f"INSERT INTO {JOURNAL} ({', '.join(JOURNAL_COLUMNS)}) SELECT {values} FROM g_final"
            )
        cursor.execute(
            f"INSERT INTO {Extension._meta.db_table} "
            "(dossier_id, previous_due_at, new_due_at, reason, created_at) "
            "SELECT id, due0, due, %s, extension_asked FROM g_final WHERE extended",
            [EXTENSION_REASON],
        )
        if self.history:
            self._events(cursor)
        counters = DossierCodeCounter._meta.db_table
        cursor.execute(
            f"INSERT INTO {counters} (agency_id, day, last_value) "
            "SELECT receiving_id, day, MAX(seq) FROM g_final GROUP BY receiving_id, day "
            "ON CONFLICT (agency_id, day) DO UPDATE "
            f"SET last_value = GREATEST({counters}.last_value, excluded.last_value)"
        )
        return made

    def _events(self, cursor: Any) -> None:
        """The history of each dossier, as `synthetic._events` tells it."""
        online = f"f.channel = {_text(Channel.ONLINE)}"
        ended = f"CASE WHEN f.returned IS NOT NULL THEN {S['RESULT_READY']} ELSE f.status END"
        action = (
            f"CASE {ended} WHEN {S['RESULT_READY']} THEN {A['RESULT_READY']} "
            f"WHEN {S['WITHDRAWN']} THEN {A['WITHDRAWN']} WHEN {S['STOPPED']} THEN {A['STOPPED']} "
            f"WHEN {S['CLOSED_UNANSWERED']} THEN {A['CLOSED_UNANSWERED']} "
            f"WHEN {S['REFUSED']} THEN {A['REFUSED']} END"
        )
        before = (
            f"CASE WHEN f.accepted IS NOT NULL THEN {S['IN_PROGRESS']} ELSE {S['SUBMITTED']} END"
        )
        events = [
            (
                "f.submitted",
                f"CASE WHEN {online} THEN {A['SUBMITTED']} ELSE {A['RECEIVED']} END",
                "''",
                f"CASE WHEN {online} THEN {S['SUBMITTED']} ELSE {S['RECEIVED']} END",
            ),
            (
                f"CASE WHEN {online} THEN f.accepted END",
                A["RECEIVED"],
                S["SUBMITTED"],
                S["RECEIVED"],
            ),
            (
                "CASE WHEN f.extended THEN f.extension_asked END",
                A["EXTENDED"],
                S["IN_PROGRESS"],
                S["IN_PROGRESS"],
            ),
            ("f.finished", action, before, ended),
            ("f.returned", A["RETURNED"], S["RESULT_READY"], S["RETURNED"]),
        ]
        values = ", ".join(
            f"({at}, {act}::text, {old}::text, {new}::text)" for at, act, old, new in events
        )
        variable = {
            "dossier_id": "f.id",
            "at": "e.at",
            "action": "e.action",
            "from_status": "e.from_status",
            "to_status": "e.to_status",
            "actor_agency_id": "f.receiving_id",
            "actor_name": "%s",
        }
        columns, expressions, params = _constant_columns(DossierEvent, variable)
        cursor.execute(
            f"INSERT INTO {DossierEvent._meta.db_table} ({', '.join([*variable, *columns])}) "
            f"SELECT {', '.join([*variable.values(), *expressions])} FROM g_final f "
            f"CROSS JOIN LATERAL (VALUES {values}) AS e(at, action, from_status, to_status) "
            "WHERE e.at IS NOT NULL ORDER BY f.id, e.at",
            [self.actor, *params],
        )


def chunks(
    day_counts: Iterable[tuple[int, int]], size: int = CHUNK
) -> Iterator[list[tuple[int, int]]]:
    """Consecutive (day index, count) pairs grouped into chunks of about `size` dossiers."""
    chunk: list[tuple[int, int]] = []
    total = 0
    for pair in day_counts:
        chunk.append(pair)
        total += pair[1]
        if total >= size:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk
