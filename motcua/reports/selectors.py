"""The statistics report (CONTRACT §6, form 07a) and the dossiers behind each of its figures.

`build_report()` is what pages, exports and dashboards call: by agency and by sector it reads the
tallies (plus changes not folded yet, in the same statement), by procedure it counts the dossier
table. `build_report_direct()` always counts the dossier table; tests and benchmarks hold the two to
each other. `cell_dossiers()` gives the queryset behind any figure, so that each number can link to
its list.

Definitions (period F..T, inclusive Vietnam-time dates; "finished" = `finished_at` set, see
`dossiers.states.ENDS_PROCESSING`):

- carried_over: accepted before F and not finished before F;
- received: accepted on F..T, by channel;
- resolved: finished on F..T with national status 9 or 10, classified by `classify_finished`
  (calendar dates in Vietnam time; no due date counts as on time);
- in_progress: accepted by the end of T and not finished by then, overdue when
  `classify_open(end of T, due_at)` says so (end of T = 00:00 of the next day; no due date is
  within time);
- withdrawn_or_refused: finished on F..T with national status 3, 7 or 8.

Rows are the groups with at least one non-zero figure, sorted by key; the total sums every group.
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel, Procedure, Sector
from motcua.core.errors import DomainError, ErrorCode, NotFoundError
from motcua.deadlines.engine import TZ
from motcua.dossiers.models import Dossier
from motcua.reports.figures import (
    CELLS,
    Figures,
    GroupBy,
    InProgress,
    Received,
    Report,
    ReportRow,
    Resolved,
)
from motcua.reports.periods import EPOCH, Period, buckets
from motcua.reports.sql import (
    AGENCY_TALLY,
    DOSSIERS,
    RESOLVED,
    SECTOR_TALLY,
    VERSIONS,
    WITHDRAWN_OR_REFUSED,
    Fragment,
    bucket_condition,
    day_param,
    facts,
    in_ids,
    journal_source,
    literal_list,
    local_day,
    moment_param,
)


class ReportInputError(DomainError):
    """A report request that names an unknown grouping or figure."""

    code = ErrorCode.INVALID_INPUT


# Every figure that has a list behind it: the CONTRACT §6 cells, and "Số hồ sơ nhận giải quyết –
# Tổng số" of form 07a (carried over plus received, `Figures.to_handle`).
LISTED_CELLS: Final = (*CELLS, "to_handle")

# Groupings answered from tallies; the others count the dossier table.
_TALLIED: Final = frozenset({GroupBy.AGENCY, GroupBy.SECTOR})


def group_by(value: str | GroupBy) -> GroupBy:
    """Parse a grouping name (`agency`, `sector`, `procedure`)."""
    try:
        return GroupBy(value)
    except ValueError:
        allowed = ", ".join(g.value for g in GroupBy)
        raise ReportInputError(
            f"Cách nhóm không hợp lệ: {value!r} (chấp nhận: {allowed})."
        ) from None


def agency_by_code(code: str) -> Agency:
    """The agency with this identifier code, or NotFoundError."""
    agency = Agency.objects.filter(code=code.strip()).first()
    if agency is None:
        raise NotFoundError(f"Không có cơ quan, đơn vị mã {code!r}.")
    return agency


def agency_scope(agency: Agency | None) -> list[int] | None:
    """Ids of `agency` and every agency under it; None for the whole province (no filter)."""
    if agency is None:
        return None
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = [agency.pk]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children[pk])
    return sorted(found)


# --- counting -------------------------------------------------------------------------------------


def _figures(counts: Sequence[int]) -> Figures:
    # The order of every counting query: carried over, received (total, online, direct, postal),
    # resolved (early, on time, overdue), withdrawn or refused, in progress (total, overdue).
    (carried, received, online, direct, postal, early, on_time, late, ended, open_, overdue) = (
        int(c or 0) for c in counts
    )
    return Figures(
        carried_over=carried,
        received=Received(total=received, online=online, direct=direct, postal=postal),
        resolved=Resolved(early=early, on_time=on_time, overdue=late),
        in_progress=InProgress(total=open_, overdue=overdue),
        withdrawn_or_refused=ended,
    )


def _fetch(statement: Fragment) -> dict[int, Figures]:
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return {int(row[0]): _figures(row[1:]) for row in cursor.fetchall()}


def _tally_counts(period: Period, scope: list[int] | None, by: GroupBy) -> dict[int, Figures]:
    """Counts from the tallies plus the journalled changes not folded yet, in one statement.

    Two passes over the tally rows of the groups in scope: the buckets before the period give the
    stocks at its start (carried over, and open past the due date); the buckets of the period give
    the flows, including the changes of both stocks, so the stocks at its end need no third pass.
    Unfolded changes (`pending`, day rows) join both passes.
    """
    table, key = (
        (AGENCY_TALLY, "agency_id") if by is GroupBy.AGENCY else (SECTOR_TALLY, "sector_key")
    )
    before = bucket_condition(buckets(EPOCH, period.date_from - dt.timedelta(days=1)))
    flow = bucket_condition(buckets(period.date_from, period.date_to))
    stocks = ["SUM(received - closed)", "SUM(fell_due - fell_due_closed)"]
    flows = [
        f"SUM({m})"
        for m in (
            "received",
            "received_online",
            "received_direct",
            "received_postal",
            "resolved_early",
            "resolved_on_time",
            "resolved_overdue",
            "withdrawn_or_refused",
        )
    ]
    in_scope = in_ids("agency_id", scope) if scope is not None else Fragment().add("1 = 1")

    def part(relation: str, condition: Fragment, *, is_flow: bool) -> Fragment:
        # c0, c1: stocks before the period; c2–c9: flows; c10, c11: change of the stocks in it.
        values = ["0", "0", *flows, *stocks] if is_flow else [*stocks, *["0"] * 10]
        columns = ", ".join(f"{value} AS c{n}" for n, value in enumerate(values))
        fragment = Fragment().add(f"SELECT {key}, {columns} FROM {relation} WHERE ")
        fragment.extend(in_scope).add(" AND ").extend(condition)
        return fragment.add(f" GROUP BY {key}")

    first, last = day_param(period.date_from), day_param(period.date_to)
    # Parameters never go into `facts()`: SQLite repeats its source once per kind of day.
    statement = Fragment().add(f"WITH pending AS ({facts(journal_source())}) ")
    flow_sums = ", ".join(f"SUM(c{n})" for n in range(2, 10))
    statement.add(
        f"SELECT {key}, SUM(c0), {flow_sums}, SUM(c0) + SUM(c10), SUM(c1) + SUM(c11) FROM ("
    )
    statement.extend(part(table, before, is_flow=False)).add(" UNION ALL ")
    statement.extend(part(table, flow, is_flow=True)).add(" UNION ALL ")
    statement.extend(part("pending", Fragment().add("day < %s", first), is_flow=False))
    statement.add(" UNION ALL ")
    statement.extend(
        part("pending", Fragment().add("day BETWEEN %s AND %s", first, last), is_flow=True)
    )
    statement.add(f") u GROUP BY {key}")
    return _fetch(statement)


def _group_column(by: GroupBy) -> str:
    return {
        GroupBy.AGENCY: "d.competent_agency_id",
        GroupBy.SECTOR: "COALESCE(v.sector_id, 0)",
        GroupBy.PROCEDURE: "d.procedure_id",
    }[by]


def _direct_counts(period: Period, scope: list[int] | None, by: GroupBy) -> dict[int, Figures]:
    """Counts straight from the dossier table (one pass over the dossiers the period touches)."""
    starts, ends = moment_param(period.starts_at), moment_param(period.ends_at)
    finished_in = "d.finished_at >= %s AND d.finished_at < %s"
    accepted_in = "d.accepted_at >= %s AND d.accepted_at < %s"
    resolved = f"{finished_in} AND d.status IN {literal_list(RESOLVED)}"
    f_day, d_day = local_day("d.finished_at"), local_day("d.due_at")
    open_at_end = "d.accepted_at < %s AND (d.finished_at IS NULL OR d.finished_at >= %s)"
    columns: list[tuple[str, tuple[object, ...]]] = [
        (
            "d.accepted_at < %s AND (d.finished_at IS NULL OR d.finished_at >= %s)",
            (starts, starts),
        ),
        (accepted_in, (starts, ends)),
        (f"{accepted_in} AND d.channel = '{Channel.ONLINE.value}'", (starts, ends)),
        (f"{accepted_in} AND d.channel = '{Channel.DIRECT.value}'", (starts, ends)),
        (f"{accepted_in} AND d.channel = '{Channel.POSTAL.value}'", (starts, ends)),
        (f"{resolved} AND d.due_at IS NOT NULL AND {f_day} < {d_day}", (starts, ends)),
        (f"{resolved} AND (d.due_at IS NULL OR {f_day} = {d_day})", (starts, ends)),
        (f"{resolved} AND d.due_at IS NOT NULL AND {f_day} > {d_day}", (starts, ends)),
        (f"{finished_in} AND d.status IN {literal_list(WITHDRAWN_OR_REFUSED)}", (starts, ends)),
        (open_at_end, (ends, ends)),
        (f"{open_at_end} AND d.due_at < %s", (ends, ends, ends)),
    ]
    group = _group_column(by)
    statement = Fragment().add(f"SELECT {group}")
    for condition, params in columns:
        statement.add(f", SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)", *params)
    join = (
        f" LEFT JOIN {VERSIONS} v ON v.id = d.procedure_version_id" if by is GroupBy.SECTOR else ""
    )
    statement.add(f" FROM {DOSSIERS} d{join} WHERE ")
    if scope is not None:
        statement.extend(in_ids("d.competent_agency_id", scope)).add(" AND ")
    statement.add(
        "((d.accepted_at < %s AND (d.finished_at IS NULL OR d.finished_at >= %s)) "
        "OR (d.finished_at >= %s AND d.finished_at < %s))",
        ends,
        starts,
        starts,
        ends,
    )
    statement.add(f" GROUP BY {group}")
    return _fetch(statement)


# --- rows -----------------------------------------------------------------------------------------


def _labels(by: GroupBy, ids: Sequence[int]) -> Mapping[int, tuple[str, str]]:
    """(key, name) of each group id."""
    if by is GroupBy.AGENCY:
        return {
            pk: (code, name)
            for pk, code, name in Agency.objects.filter(pk__in=ids).values_list(
                "pk", "code", "name"
            )
        }
    if by is GroupBy.SECTOR:
        labels = {
            pk: (code, name)
            for pk, code, name in Sector.objects.filter(pk__in=ids).values_list(
                "pk", "code", "name"
            )
        }
        labels[0] = ("", _("Chưa xác định lĩnh vực"))
        return labels
    return {
        pk: (code, name or code)
        for pk, code, name in Procedure.objects.filter(pk__in=ids).values_list(
            "pk", "code", "current_version__name"
        )
    }


def _report(
    period: Period,
    agency: Agency | None,
    by: GroupBy,
    counter: Callable[[Period, list[int] | None, GroupBy], dict[int, Figures]],
) -> Report:
    counts = counter(period, agency_scope(agency), by)
    active = {pk: figures for pk, figures in counts.items() if not figures.is_empty}
    labels = _labels(by, sorted(active))
    rows = [
        ReportRow(
            key=labels.get(pk, (str(pk), str(pk)))[0],
            name=labels.get(pk, (str(pk), str(pk)))[1],
            figures=figures,
            group_id=pk,
        )
        for pk, figures in active.items()
    ]
    rows.sort(key=lambda row: (row.key, row.group_id))
    total = Figures()
    for figures in counts.values():
        total = total + figures
    return Report(
        date_from=period.date_from,
        date_to=period.date_to,
        by=by,
        agency_code=agency.code if agency else None,
        agency_name=agency.name if agency else None,
        rows=tuple(rows),
        total=total,
    )


def build_report(
    date_from: dt.date,
    date_to: dt.date,
    agency: Agency | None = None,
    by: str | GroupBy = GroupBy.AGENCY,
) -> Report:
    """The statistics report of the period for `agency` and the agencies under it (all if None).

    Exact at every moment; by agency and by sector it costs the same whatever the number of
    dossiers. Raises ReportPeriodError when `date_from` is after `date_to`.
    """
    grouping = group_by(by)
    counter = _tally_counts if grouping in _TALLIED else _direct_counts
    return _report(Period(date_from, date_to), agency, grouping, counter)


def build_report_direct(
    date_from: dt.date,
    date_to: dt.date,
    agency: Agency | None = None,
    by: str | GroupBy = GroupBy.AGENCY,
) -> Report:
    """The same report counted straight from the dossier table (the reference for checks)."""
    return _report(Period(date_from, date_to), agency, group_by(by), _direct_counts)


# --- the dossiers behind a figure -----------------------------------------------------------------


def _cell_condition(period: Period, cell: str) -> Q:
    starts, ends = period.starts_at, period.ends_at
    accepted_in = Q(accepted_at__gte=starts, accepted_at__lt=ends)
    finished_in = Q(finished_at__gte=starts, finished_at__lt=ends)
    resolved = finished_in & Q(status__in=RESOLVED)
    open_at_end = Q(accepted_at__lt=ends) & (Q(finished_at__isnull=True) | Q(finished_at__gte=ends))
    has_due = Q(due_at__isnull=False)
    carried_over = Q(accepted_at__lt=starts) & (
        Q(finished_at__isnull=True) | Q(finished_at__gte=starts)
    )
    conditions = {
        "to_handle": carried_over | accepted_in,
        "carried_over": carried_over,
        "received.total": accepted_in,
        "received.online": accepted_in & Q(channel=Channel.ONLINE),
        "received.direct": accepted_in & Q(channel=Channel.DIRECT),
        "received.postal": accepted_in & Q(channel=Channel.POSTAL),
        "resolved.total": resolved,
        "resolved.early": resolved & has_due & Q(finished_on__lt=F("due_on")),
        "resolved.on_time": resolved & (~has_due | Q(finished_on=F("due_on"))),
        "resolved.overdue": resolved & has_due & Q(finished_on__gt=F("due_on")),
        "in_progress.total": open_at_end,
        # classify_open(end, due): within time unless the period end is after the due moment.
        "in_progress.within_time": open_at_end & (~has_due | Q(due_at__gte=ends)),
        "in_progress.overdue": open_at_end & Q(due_at__lt=ends),
        "withdrawn_or_refused": finished_in & Q(status__in=WITHDRAWN_OR_REFUSED),
    }
    return conditions[cell]


def cell_dossiers(
    date_from: dt.date,
    date_to: dt.date,
    cell: str,
    *,
    agency: Agency | None = None,
    by: str | GroupBy = GroupBy.AGENCY,
    key: str | None = None,
) -> QuerySet[Dossier]:
    """The dossiers counted in one figure: `cell` is a path of CONTRACT §6 (`resolved.on_time`)
    or `to_handle`,
    `key` the row's key (agency code, sector code — "" for no sector — or procedure code), or None
    for the total row. Same scope rules as `build_report`.
    """
    if cell not in LISTED_CELLS:
        raise ReportInputError(
            f"Không có chỉ tiêu {cell!r} (chấp nhận: {', '.join(LISTED_CELLS)})."
        )
    grouping = group_by(by)
    period = Period(date_from, date_to)
    dossiers = Dossier.objects.all()
    if cell.startswith("resolved."):
        dossiers = dossiers.annotate(
            finished_on=TruncDate("finished_at", tzinfo=TZ), due_on=TruncDate("due_at", tzinfo=TZ)
        )
    scope = agency_scope(agency)
    if scope is not None:
        dossiers = dossiers.filter(competent_agency_id__in=scope)
    if key is not None:
        if grouping is GroupBy.AGENCY:
            dossiers = dossiers.filter(competent_agency__code=key)
        elif grouping is GroupBy.SECTOR:
            dossiers = dossiers.filter(
                Q(procedure_version__sector__isnull=True)
                if key == ""
                else Q(procedure_version__sector__code=key)
            )
        else:
            dossiers = dossiers.filter(procedure__code=key)
    return dossiers.filter(_cell_condition(period, cell))
