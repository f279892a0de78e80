"""Report periods: inclusive calendar dates in Asia/Ho_Chi_Minh; the tally buckets they cover."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from motcua.core.errors import DomainError, ErrorCode
from motcua.deadlines.engine import TZ


class ReportPeriodError(DomainError):
    """A report period that cannot be: `from` after `to`, or a date outside any sensible range."""

    code = ErrorCode.INVALID_PERIOD


@dataclass(frozen=True)
class Period:
    """The days `date_from` to `date_to`, both included (CONTRACT §6)."""

    date_from: dt.date
    date_to: dt.date

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise ReportPeriodError(
                f"Kỳ báo cáo không hợp lệ: ngày bắt đầu {self.date_from:%d/%m/%Y} "
                f"sau ngày kết thúc {self.date_to:%d/%m/%Y}."
            )
        if self.date_from.year < 1976 or self.date_to.year > 9000:
            # Vietnam has kept +07:00 without daylight saving since 1975; the SQLite date
            # arithmetic of the engine relies on it.
            raise ReportPeriodError(
                f"Kỳ báo cáo {self.date_from:%d/%m/%Y}–{self.date_to:%d/%m/%Y} nằm ngoài phạm vi "
                "hỗ trợ (từ năm 1976)."
            )

    @property
    def starts_at(self) -> dt.datetime:
        """00:00 Vietnam time of the first day."""
        return start_of(self.date_from)

    @property
    def ends_at(self) -> dt.datetime:
        """The end of the last day: 24:00 Vietnam time, i.e. 00:00 of the next day (exclusive)."""
        return start_of(self.date_to + dt.timedelta(days=1))


def start_of(day: dt.date) -> dt.datetime:
    """00:00 of `day` in Asia/Ho_Chi_Minh."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=TZ)


def month_start(day: dt.date) -> dt.date:
    """The first day of the month of `day`."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month of `day`."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Buckets:
    """The tally rows whose sum is a range of days: whole months, plus the days at either edge.

    `months` is an inclusive range of month starts (or None); `day_ranges` inclusive day ranges.
    """

    months: tuple[dt.date, dt.date] | None
    day_ranges: tuple[tuple[dt.date, dt.date], ...]


# "Since the beginning": the first day of a cumulative range.
EPOCH = dt.date.min


def buckets(first: dt.date, last: dt.date) -> Buckets:
    """Cover the days `first`..`last` (inclusive) with as few tally rows as possible.

    Whole months come from month rows, the rest from day rows; each day is covered exactly once.
    An empty range (first > last) gives no buckets.
    """
    if first > last:
        return Buckets(None, ())
    first_full = first if first.day == 1 else month_end(first) + dt.timedelta(days=1)
    last_full = last if last == month_end(last) else month_start(last) - dt.timedelta(days=1)
    if first_full > last_full:
        return Buckets(None, ((first, last),))
    ranges: list[tuple[dt.date, dt.date]] = []
    if first < first_full:
        ranges.append((first, first_full - dt.timedelta(days=1)))
    if last_full < last:
        ranges.append((last_full + dt.timedelta(days=1), last))
    return Buckets((first_full, month_start(last_full)), tuple(ranges))


class PeriodKind(StrEnum):
    """The periodic reports of TT 09/2026/TT-BTP (DOMAIN §14)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


_LAST_MONTH: Final = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}
_COUNT: Final = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF_YEAR: 1,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


def official_period(kind: PeriodKind | str, year: int, number: int = 1) -> Period:
    """The data window of a periodic report under ND 09/2019/NĐ-CP Art. 12.

    Figures are cut off on the 14th: a monthly report counts from the 15th of the previous month
    to the 14th of its month; a quarter from the 15th of the month before it to the 14th of its
    last month; the six-month, nine-month and annual reports from 15 December of the previous year
    to the 14th of June, September and December. `number` is the month (1–12) or quarter (1–4).
    """
    try:
        kind = PeriodKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in PeriodKind)
        raise ReportPeriodError(f"Loại kỳ báo cáo không hợp lệ: {kind!r} ({allowed}).") from None
    if not 1 <= number <= _COUNT[kind]:
        raise ReportPeriodError(f"Kỳ số {number} không có trong loại kỳ {kind.value}.")
    span = _LAST_MONTH[kind]
    last_month = number * span if kind in (PeriodKind.MONTH, PeriodKind.QUARTER) else span
    first_month = 1 if kind not in (PeriodKind.MONTH, PeriodKind.QUARTER) else last_month - span + 1
    before = dt.date(year, first_month, 1) - dt.timedelta(days=1)
    return Period(before.replace(day=15), dt.date(year, last_month, 14))
