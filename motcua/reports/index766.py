"""The QĐ 766/QĐ-TTg service-quality index: the indicators motcua computes from its own data.

For an agency (and the units under it) and a period, each indicator is a numerator over a
denominator, a rate, and points on the indicator's scale (DOMAIN §13). The formulas are pure
functions (`rate_pct`, `points`); `agency_index()` gathers the numerators and denominators from
the tallies (the same ones form 07a reads, ADR 0010) and from the ratings, so it costs the same
whatever the number of dossiers.

Indicators (period F..T, inclusive Vietnam-time dates):

- 2.1 timeliness: resolved early or on time plus still open within time at the end of T, over
  resolved plus still open (form 07a's figures); 20 points in proportion to the rate;
- 3.3 online share: received online over received in F..T; full points from 50 %;
- 3.6 paid online: received in F..T under a fee-bearing procedure and paid online, over
  received under a fee-bearing procedure (zero-fee procedures excluded); in proportion;
- 4.1 electronic results: resolved in F..T with an electronic result, over resolved; in
  proportion;
- 4.2 digitization: resolved in F..T with digitized components and an electronic result, over
  resolved; full points from 80 %;
- 4.3 reuse: received in F..T reusing at least one digitized component, over received; full
  points from 80 %;
- 5.4 satisfaction: 100 % − (overdue rate + dissatisfied rate), both over the dossiers of 2.1;
  dissatisfied = ratings first given in F..T with the verdict "not satisfied"; full points from
  90 %, 6 points.

The maxima of 3.3, 3.6, 4.1, 4.2 and 4.3 are not confirmed by a primary text; the values chosen
and why are in docs/statistics.md ("QĐ 766 index"). An indicator whose denominator is zero has
no rate and no points, and is left out of the total and of the maximum the total is compared to.
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.db import connection
from django.db.models import Count, Q

from motcua.agencies.models import Agency
from motcua.catalog.models import ExecutionMethod
from motcua.dossiers.models import Dossier
from motcua.ratings.selectors import AgencySide, rating_summary
from motcua.reports.figures import Figures, rate_pct
from motcua.reports.periods import Period, buckets
from motcua.reports.selectors import agency_scope, build_report, build_report_direct
from motcua.reports.sql import (
    AGENCY_TALLY,
    RESOLVED,
    Fragment,
    bucket_condition,
    day_param,
    facts,
    in_ids,
    journal_source,
)

_CENT: Final = Decimal("0.01")
_HUNDRED: Final = Decimal(100)


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator of QĐ 766: its id, name, formula in words and point scale.

    `full_at` is the rate (percent) from which the indicator earns all its points; below it the
    points are in proportion (rate ÷ full_at × maximum). None means in proportion to the rate
    itself (100 % for full points).
    """

    id: str
    name: str
    formula: str
    max_points: Decimal
    full_at: Decimal | None = None
    is_max_confirmed: bool = False


TIMELINESS: Final = IndicatorSpec(
    "2.1",
    "Hồ sơ giải quyết trước hạn, đúng hạn",
    "(giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ "
    "(đã giải quyết + đang giải quyết)",
    Decimal(20),
    is_max_confirmed=True,
)
ONLINE_SHARE: Final = IndicatorSpec(
    "3.3",
    "Hồ sơ tiếp nhận trực tuyến",
    "hồ sơ tiếp nhận trực tuyến ÷ hồ sơ tiếp nhận",
    Decimal(4),
    full_at=Decimal(50),
)
PAID_ONLINE: Final = IndicatorSpec(
    "3.6",
    "Hồ sơ thanh toán trực tuyến",
    "hồ sơ thủ tục có phí, lệ phí đã thanh toán trực tuyến ÷ hồ sơ tiếp nhận của thủ tục có phí, "
    "lệ phí",
    Decimal(5),
)
E_RESULTS: Final = IndicatorSpec(
    "4.1",
    "Hồ sơ có kết quả điện tử",
    "hồ sơ đã giải quyết có kết quả điện tử ÷ hồ sơ đã giải quyết",
    Decimal(4),
)
DIGITIZED: Final = IndicatorSpec(
    "4.2",
    "Hồ sơ được số hóa",
    "hồ sơ đã giải quyết có thành phần số hóa và kết quả điện tử ÷ hồ sơ đã giải quyết",
    Decimal(5),
    full_at=Decimal(80),
)
REUSED: Final = IndicatorSpec(
    "4.3",
    "Tái sử dụng dữ liệu số hóa",
    "hồ sơ tiếp nhận có ít nhất một thành phần tái sử dụng ÷ hồ sơ tiếp nhận",
    Decimal(5),
    full_at=Decimal(80),
)
SATISFACTION: Final = IndicatorSpec(
    "5.4",
    "Mức độ hài lòng về giải quyết thủ tục hành chính",
    "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng), trên số hồ sơ của "
    "chỉ số 2.1",
    Decimal(6),
    full_at=Decimal(90),
    is_max_confirmed=True,
)

SPECS: Final[tuple[IndicatorSpec, ...]] = (
    TIMELINESS,
    ONLINE_SHARE,
    PAID_ONLINE,
    E_RESULTS,
    DIGITIZED,
    REUSED,
    SATISFACTION,
)


# --- formulas -------------------------------------------------------------------------------------


def points(spec: IndicatorSpec, numerator: int, denominator: int) -> Decimal | None:
    """The points the rate numerator ÷ denominator earns on the indicator's scale.

    Full points at or above `full_at` percent, otherwise in proportion; two decimals, half-up,
    from the exact fraction (not from the rounded rate). None when the denominator is zero.
    """
    if denominator <= 0:
        return None
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{spec.id}: numerator {numerator} outside 0..{denominator}")
    fraction = Decimal(numerator) / Decimal(denominator)
    full = (spec.full_at or _HUNDRED) / _HUNDRED
    share = min(Decimal(1), fraction / full)
    return (spec.max_points * share).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for an agency and period: numerator, denominator, rate (%), points."""

    spec: IndicatorSpec
    numerator: int
    denominator: int

    @property
    def rate_pct(self) -> Decimal | None:
        """100 × numerator ÷ denominator, one decimal half-up; None when nothing was counted."""
        return rate_pct(self.numerator, self.denominator)

    @property
    def points(self) -> Decimal | None:
        """Points on the indicator's scale; None when nothing was counted."""
        return points(self.spec, self.numerator, self.denominator)

    @property
    def is_computed(self) -> bool:
        """Whether the period has anything to compute the indicator on."""
        return self.denominator > 0


@dataclass(frozen=True)
class IndexCounts:
    """The counts the indicators are computed from (flows of F..T, stocks at the end of T)."""

    figures: Figures
    fee_bearing: int = 0
    paid_online: int = 0
    reused: int = 0
    e_result: int = 0
    digitized: int = 0
    dissatisfied: int = 0


def indicators(counts: IndexCounts) -> tuple[IndicatorResult, ...]:
    """Every indicator of SPECS from the counts."""
    f = counts.figures
    processed = f.resolved.total + f.in_progress.total
    in_time = f.resolved.early + f.resolved.on_time + f.in_progress.within_time
    overdue = f.resolved.overdue + f.in_progress.overdue
    satisfied = max(0, processed - overdue - counts.dissatisfied)
    return (
        IndicatorResult(TIMELINESS, in_time, processed),
        IndicatorResult(ONLINE_SHARE, f.received.online, f.received.total),
        IndicatorResult(PAID_ONLINE, counts.paid_online, counts.fee_bearing),
        IndicatorResult(E_RESULTS, counts.e_result, f.resolved.total),
        IndicatorResult(DIGITIZED, counts.digitized, f.resolved.total),
        IndicatorResult(REUSED, counts.reused, f.received.total),
        IndicatorResult(SATISFACTION, satisfied, processed),
    )


@dataclass(frozen=True)
class AgencyIndex:
    """The index of an agency (and the units under it; None: every agency) for a period."""

    date_from: dt.date
    date_to: dt.date
    agency_code: str | None
    agency_name: str | None
    results: tuple[IndicatorResult, ...]

    @property
    def total_points(self) -> Decimal:
        """The sum of the points of the indicators that could be computed."""
        return sum((r.points for r in self.results if r.points is not None), Decimal(0))

    @property
    def total_max(self) -> Decimal:
        """The sum of the maxima of the indicators that could be computed."""
        return sum((r.spec.max_points for r in self.results if r.is_computed), Decimal(0))

    @property
    def score_100(self) -> Decimal | None:
        """The total on a 100-point scale (total ÷ maximum × 100, one decimal); None if empty."""
        if not self.total_max:
            return None
        return (self.total_points / self.total_max * _HUNDRED).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


# --- gathering the counts -------------------------------------------------------------------------

_FLOWS: Final = (
    "received_fee_bearing",
    "received_paid_online",
    "received_reused",
    "resolved_e_result",
    "resolved_digitized",
)


def _flow_counts(period: Period, scope: list[int] | None) -> tuple[int, ...]:
    """The index's five flows over the period, from the agency tallies plus unfolded changes."""
    in_scope = in_ids("agency_id", scope) if scope is not None else Fragment().add("1 = 1")
    sums = ", ".join(f"SUM({m})" for m in _FLOWS)
    statement = Fragment().add(f"WITH pending AS ({facts(journal_source())}) ")
    columns = ", ".join(f"SUM({m}) AS {m}" for m in _FLOWS)
    statement.add(f"SELECT {sums} FROM (SELECT {columns} FROM {AGENCY_TALLY} WHERE ")
    statement.extend(in_scope).add(" AND ")
    statement.extend(bucket_condition(buckets(period.date_from, period.date_to)))
    statement.add(f" UNION ALL SELECT {columns} FROM pending WHERE ")
    statement.extend(in_scope)
    statement.add(
        " AND day BETWEEN %s AND %s) u", day_param(period.date_from), day_param(period.date_to)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        row = cursor.fetchone()
    return tuple(int(value or 0) for value in row)


def index_counts(date_from: dt.date, date_to: dt.date, agency: Agency | None = None) -> IndexCounts:
    """The numerators and denominators of the index for `agency` and the units under it.

    Raises ReportPeriodError when `date_from` is after `date_to`.
    """
    period = Period(date_from, date_to)
    report = build_report(date_from, date_to, agency=agency, by="agency")
    fee_bearing, paid_online, reused, e_result, digitized = _flow_counts(
        period, agency_scope(agency)
    )
    ratings = rating_summary(period=period, agency=agency, side=AgencySide.COMPETENT)
    return IndexCounts(
        figures=report.total,
        fee_bearing=fee_bearing,
        paid_online=paid_online,
        reused=reused,
        e_result=e_result,
        digitized=digitized,
        dissatisfied=ratings.dissatisfied,
    )


def index_counts_direct(
    date_from: dt.date, date_to: dt.date, agency: Agency | None = None
) -> IndexCounts:
    """The same counts straight from the dossier table (the reference for checks and benchmarks)."""
    period = Period(date_from, date_to)
    report = build_report_direct(date_from, date_to, agency=agency, by="agency")
    dossiers = Dossier.objects.all()
    scope = agency_scope(agency)
    if scope is not None:
        dossiers = dossiers.filter(competent_agency_id__in=scope)
    starts, ends = period.starts_at, period.ends_at
    accepted = Q(accepted_at__gte=starts, accepted_at__lt=ends)
    resolved = Q(finished_at__gte=starts, finished_at__lt=ends, status__in=RESOLVED)
    fee_bearing = Q(
        procedure_version_id__in=ExecutionMethod.objects.filter(fees__amount_vnd__gt=0).values(
            "version_id"
        )
    )
    counts = dossiers.filter(accepted | resolved).aggregate(
        fee_bearing=Count("pk", filter=accepted & fee_bearing),
        paid_online=Count("pk", filter=accepted & fee_bearing & Q(paid_online=True)),
        reused=Count("pk", filter=accepted & Q(reused_component_count__gt=0)),
        e_result=Count("pk", filter=resolved & Q(has_e_result=True)),
        digitized=Count("pk", filter=resolved & Q(has_e_result=True, digitized=True)),
    )
    ratings = rating_summary(period=period, agency=agency, side=AgencySide.COMPETENT)
    return IndexCounts(figures=report.total, dissatisfied=ratings.dissatisfied, **counts)


def agency_index(date_from: dt.date, date_to: dt.date, agency: Agency | None = None) -> AgencyIndex:
    """The QĐ 766 indicators motcua computes, for `agency` and its units (all if None)."""
    counts = index_counts(date_from, date_to, agency)
    return AgencyIndex(
        date_from=date_from,
        date_to=date_to,
        agency_code=agency.code if agency else None,
        agency_name=agency.name if agency else None,
        results=indicators(counts),
    )
