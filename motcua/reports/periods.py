"""Report periods: inclusive calendar dates in Asia/Ho_Chi_Minh; the tally buckets they cover."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

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
