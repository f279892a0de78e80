"""Dashboards for supervisors and leaders: the figures of each panel, and the dossiers behind them.

Every panel composes what already exists, so that a dashboard figure and the list it links to are
counted by the same rule:

- the monthly trend reads the statistics tallies (ADR 0010) in one statement: each month's figures
  equal `build_report(first day, last day).total`, and each links to `cell_dossiers()`;
- agencies side by side are the rows of `build_report(by="agency")`;
- overdue and at-risk dossiers are open dossiers whose clock is running (`Dossier.objects.overdue`
  rules), counted per agency from the (agency, status) index: their number is bounded by the
  open work, not by the history;
- where time is lost aggregates the workflow's `delay_attribution()` by unit and by step;
- waiting times at the counters come from the queue tickets' `time_statistics()` (the figures
  there are tickets, and each links to the tickets behind it, with the dossiers they brought).
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Final

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError, ErrorCode
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import CLOCK_RUNNING
from motcua.reports.figures import Figures, InProgress, Received, Resolved
from motcua.reports.periods import EPOCH, Period, buckets, month_end
from motcua.reports.selectors import agency_scope
from motcua.reports.sql import (
    AGENCY_TALLY,
    Fragment,
    bucket_condition,
    day_param,
    facts,
    in_ids,
    journal_source,
    month_of,
)
from motcua.tickets.selectors import Grouping, TimeRow, time_statistics
from motcua.workflow.selectors import OverdueDossier, delay_attribution

# How many months the trend shows, the latest last.
TREND_MONTHS: Final = 12
# At most this many overdue dossiers feed the "where time is lost" panel (the workflow selector
# works dossier by dossier, computing office time for every late step).
LOST_TIME_LIMIT: Final = 500
# "At risk" choices: office time left before the due moment, in working days.
AT_RISK_DAYS: Final = (1, 2, 3, 5)
DEFAULT_AT_RISK_DAYS: Final = 2

# Open dossiers whose clock runs (as `DossierQuerySet.overdue()`).
RUNNING: Final = CLOCK_RUNNING


class DashboardInputError(DomainError):
    """A dashboard request with an impossible value (unknown panel figure, bad horizon)."""

    code = ErrorCode.INVALID_INPUT


# --- monthly trend --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    """One month of the trend: the report figures of its days (up to `until` for the last)."""

    month: dt.date
    period: Period
    figures: Figures


def trend_months(until: dt.date, count: int = TREND_MONTHS) -> list[Period]:
    """The `count` calendar months up to the one holding `until`; the last one ends on `until`."""
    if count < 1:
        raise DashboardInputError("Số tháng của biểu đồ xu hướng phải lớn hơn 0.")
    first = until.replace(day=1)
    for _ in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    periods = []
    start = first
    while start <= until:
        periods.append(Period(start, min(month_end(start), until)))
        start = month_end(start) + dt.timedelta(days=1)
    return periods


def monthly_trend(
    *, until: dt.date, agency: Agency | None = None, count: int = TREND_MONTHS
) -> list[MonthFigures]:
    """Report figures of each of the last `count` months, for `agency` and everything under it.

    One statement over the agency tallies plus the changes not folded yet: the month rows (and the
    day rows of the last, partial month) give each month's flows and the change of the two stocks;
    the rows before the first month give the stocks it starts with. Each month equals
    `build_report(month.period.date_from, month.period.date_to, agency).total`.
    """
    periods = trend_months(until, count)
    first, last = periods[0].date_from, periods[-1].date_to
    scope = agency_scope(agency)
    in_scope = in_ids("agency_id", scope) if scope is not None else Fragment().add("1 = 1")
    flows = (
        "received",
        "received_online",
        "received_direct",
        "received_postal",
        "resolved_early",
        "resolved_on_time",
        "resolved_overdue",
        "withdrawn_or_refused",
    )
    stocks = ("received - closed", "fell_due - fell_due_closed")

    def part(relation: str, day: str, condition: Fragment, *, is_flow: bool) -> Fragment:
        # m: the month (NULL before the trend); c0–c7 flows; c8, c9 stock changes.
        month = month_of(day) if is_flow else "NULL"
        values = [f"SUM({m})" if is_flow else "0" for m in flows]
        values += [f"SUM({s})" for s in stocks]
        columns = ", ".join(f"{value} AS c{n}" for n, value in enumerate(values))
        fragment = Fragment().add(f"SELECT {month} AS m, {columns} FROM {relation} WHERE ")
        fragment.extend(in_scope).add(" AND ").extend(condition)
        return fragment.add(f" GROUP BY {month_of(day)}" if is_flow else "")

    sums = ", ".join(f"SUM(c{n})" for n in range(10))
    statement = Fragment().add(f"WITH pending AS ({facts(journal_source())}) ")
    statement.add(f"SELECT m, {sums} FROM (")
    # The flow parts come first so that PostgreSQL types the month column as a date.
    statement.extend(
        part(
            "pending",
            "day",
            Fragment().add("day BETWEEN %s AND %s", day_param(first), day_param(last)),
            is_flow=True,
        )
    )
    statement.add(" UNION ALL ")
    statement.extend(
        part(AGENCY_TALLY, "bucket", bucket_condition(buckets(first, last)), is_flow=True)
    )
    statement.add(" UNION ALL ")
    before = bucket_condition(buckets(EPOCH, first - dt.timedelta(days=1)))
    statement.extend(part(AGENCY_TALLY, "bucket", before, is_flow=False))
    statement.add(" UNION ALL ")
    statement.extend(
        part("pending", "day", Fragment().add("day < %s", day_param(first)), is_flow=False)
    )
    statement.add(") u GROUP BY m")
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        rows = cursor.fetchall()
    by_month: dict[dt.date, list[int]] = {}
    open_stock = overdue_stock = 0
    for month, *counts in rows:
        values = [int(c or 0) for c in counts]
        if month is None:
            open_stock, overdue_stock = values[8], values[9]
        else:
            by_month[_as_date(month)] = values
    result = []
    for period in periods:
        values = by_month.get(period.date_from, [0] * 10)
        carried = open_stock
        open_stock += values[8]
        overdue_stock += values[9]
        figures = Figures(
            carried_over=carried,
            received=Received(
                total=values[0], online=values[1], direct=values[2], postal=values[3]
            ),
            resolved=Resolved(early=values[4], on_time=values[5], overdue=values[6]),
            in_progress=InProgress(total=open_stock, overdue=overdue_stock),
            withdrawn_or_refused=values[7],
        )
        result.append(MonthFigures(period.date_from, period, figures))
    return result


def _as_date(value: object) -> dt.date:
    """A month from the database: a date (PostgreSQL) or ISO text (SQLite)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --- overdue and at risk, now ---------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    """Open dossiers of one agency whose clock runs: past their due moment, or due soon."""

    agency_id: int
    code: str
    name: str
    overdue: int
    at_risk: int


@dataclass(frozen=True)
class DeadlinePanel:
    """Overdue and at-risk dossiers per agency at `at`; at risk = due before `horizon`."""

    at: dt.datetime
    horizon: dt.datetime
    days: int
    rows: tuple[DeadlineRow, ...]

    @property
    def overdue(self) -> int:
        """Overdue dossiers of every agency."""
        return sum(row.overdue for row in self.rows)

    @property
    def at_risk(self) -> int:
        """At-risk dossiers of every agency."""
        return sum(row.at_risk for row in self.rows)


def at_risk_horizon(at: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days of office time after `at` (the working-day calendar)."""
    if days not in AT_RISK_DAYS:
        allowed = ", ".join(str(d) for d in AT_RISK_DAYS)
        raise DashboardInputError(
            f"Số ngày làm việc còn lại không hợp lệ: {days} (chấp nhận: {allowed})."
        )
    calendar = deadline_services.current_calendar()
    return calendar.moment_at(calendar.position(at) + days * calendar.day_length_us)


def running_dossiers(agency: Agency | None = None) -> QuerySet[Dossier]:
    """Open dossiers whose clock runs, of `agency` and everything under it (all if None).

    Always filtered by a list of agencies, even for the whole province, so that the database reads
    the (competent agency, status) index: only open dossiers, never the finished history.
    """
    scope = agency_scope(agency)
    if scope is None:
        scope = list(Agency.objects.values_list("pk", flat=True))
    return Dossier.objects.filter(
        competent_agency_id__in=scope, status__in=RUNNING, due_at__isnull=False
    )


def overdue_dossiers(*, at: dt.datetime, agency: Agency | None = None) -> QuerySet[Dossier]:
    """Open dossiers past their due moment at `at` (as `DossierQuerySet.overdue`)."""
    return running_dossiers(agency).filter(due_at__lt=at)


def at_risk_dossiers(
    *, at: dt.datetime, horizon: dt.datetime, agency: Agency | None = None
) -> QuerySet[Dossier]:
    """Open dossiers not overdue at `at` but due before `horizon`."""
    return running_dossiers(agency).filter(due_at__gte=at, due_at__lt=horizon)


def deadline_panel(
    *, agency: Agency | None = None, at: dt.datetime | None = None, days: int = DEFAULT_AT_RISK_DAYS
) -> DeadlinePanel:
    """Overdue and at-risk counts per competent agency (agencies with neither are left out).

    One grouped count over the open dossiers (the (competent agency, status) index): its cost
    follows the open work of the agencies in scope, never the number of finished dossiers.
    """
    now = at or timezone.now()
    horizon = at_risk_horizon(now, days)
    counts = (
        running_dossiers(agency)
        .filter(due_at__lt=horizon)
        .values("competent_agency_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            at_risk=Count("pk", filter=Q(due_at__gte=now)),
        )
        .order_by()
    )
    found = {row["competent_agency_id"]: row for row in counts}
    labels = {
        pk: (code, name)
        for pk, code, name in Agency.objects.filter(pk__in=found).values_list("pk", "code", "name")
    }
    rows = [
        DeadlineRow(
            agency_id=pk,
            code=labels.get(pk, (str(pk), str(pk)))[0],
            name=labels.get(pk, (str(pk), str(pk)))[1],
            overdue=row["overdue"],
            at_risk=row["at_risk"],
        )
        for pk, row in found.items()
    ]
    rows.sort(key=lambda row: (-row.overdue, -row.at_risk, row.code))
    return DeadlinePanel(at=now, horizon=horizon, days=days, rows=tuple(rows))


# --- where time is lost ---------------------------------------------------------------------------


@dataclass
class _Tally:
    dossiers: set[int] = field(default_factory=set)
    steps: int = 0
    lost: dt.timedelta = dt.timedelta()


@dataclass(frozen=True)
class LostTimeRow:
    """Time lost in one unit (and step, for the step table): dossiers, late steps, office hours."""

    agency_id: int
    code: str
    name: str
    step: str
    dossiers: int
    steps: int
    lost: dt.timedelta

    @property
    def hours(self) -> float:
        """Office time lost, in hours."""
        return self.lost.total_seconds() / 3600


@dataclass(frozen=True)
class LostTimePanel:
    """Where overdue dossiers lost their time, by unit and by (unit, step).

    `is_truncated`: more overdue dossiers exist than the panel reads (`LOST_TIME_LIMIT`).
    """

    by_unit: tuple[LostTimeRow, ...]
    by_step: tuple[LostTimeRow, ...]
    dossiers: int
    is_truncated: bool


def lost_time_dossiers(
    *,
    agency: Agency | None,
    due_from: dt.date | None,
    due_to: dt.date | None,
    at: dt.datetime | None = None,
    unit: Agency | None = None,
    limit: int = LOST_TIME_LIMIT,
) -> list[OverdueDossier]:
    """Overdue dossiers due in the period with the late steps of units in scope (or of `unit`).

    Dossiers none of whose late steps belong to a unit in scope are left out; each kept dossier
    keeps only those steps.
    """
    scope = set(agency_scope(agency) or ()) if agency is not None else None
    if unit is not None:
        scope = {unit.pk} if scope is None or unit.pk in scope else set()
    found = delay_attribution(agency=unit, due_from=due_from, due_to=due_to, at=at, limit=limit)
    if scope is None:
        return found
    kept = []
    for item in found:
        steps = tuple(lost for lost in item.steps if lost.task.agency_id in scope)
        if steps:
            kept.append(OverdueDossier(item.dossier_id, item.code, item.due_at, steps))
    return kept


def lost_time_panel(
    *,
    agency: Agency | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    at: dt.datetime | None = None,
) -> LostTimePanel:
    """Office time lost by late steps of overdue dossiers due in the period, by unit and by step.

    Built from the workflow's `delay_attribution()` (the "where time is lost" page), so a unit's
    dossier count equals that unit's list there.
    """
    found = lost_time_dossiers(
        agency=agency, due_from=due_from, due_to=due_to, at=at, limit=LOST_TIME_LIMIT + 1
    )
    is_truncated = len(found) > LOST_TIME_LIMIT
    found = found[:LOST_TIME_LIMIT]
    units: dict[int, _Tally] = defaultdict(_Tally)
    steps: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    names: dict[int, tuple[str, str]] = {}
    for item in found:
        for lost in item.steps:
            task = lost.task
            names[task.agency_id] = (task.agency.code, task.agency.name)
            for tally in (units[task.agency_id], steps[(task.agency_id, task.step.name)]):
                tally.dossiers.add(item.dossier_id)
                tally.steps += 1
                tally.lost += lost.lost

    def row(agency_id: int, step: str, tally: _Tally) -> LostTimeRow:
        code, name = names[agency_id]
        return LostTimeRow(
            agency_id, code, name, step, len(tally.dossiers), tally.steps, tally.lost
        )

    by_unit = sorted(
        (row(pk, "", tally) for pk, tally in units.items()), key=lambda r: (-r.lost, r.code)
    )
    by_step = sorted(
        (row(pk, step, tally) for (pk, step), tally in steps.items()),
        key=lambda r: (-r.lost, r.code, r.step),
    )
    return LostTimePanel(tuple(by_unit), tuple(by_step), len(found), is_truncated)


# --- waiting at the counters ----------------------------------------------------------------------


def waiting_rows(*, agency: Agency | None, date_from: dt.date, date_to: dt.date) -> list[TimeRow]:
    """Waiting and service times per centre (or receiving point) in scope over the period.

    From the queue tickets' `time_statistics()`; `tickets_behind()` lists each figure's tickets.
    """
    Period(date_from, date_to)  # the same checks and message as every other panel
    scope = agency_scope(agency)
    rows = time_statistics(start=date_from, end=date_to, by=Grouping.AGENCY)
    if scope is not None:
        allowed = set(scope)
        rows = [row for row in rows if row.key in allowed]
    return sorted(rows, key=lambda row: (-(row.waiting.avg or 0), row.name))


def local_today() -> dt.date:
    """Today's date in Asia/Ho_Chi_Minh."""
    return timezone.now().astimezone(TZ).date()
