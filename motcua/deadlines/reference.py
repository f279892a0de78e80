"""The deadline rules written the slow, obvious way: one day (and one office period) at a time.

This is the executable specification that `motcua.deadlines.engine` is held to by the property
tests, and the baseline of `bench/bench_deadlines.py`. It shares nothing with the engine's
arithmetic: only the value types, the errors and the time zone. Never use it on a hot path.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from motcua.deadlines.engine import (
    DEFAULT_OFFICE_HOURS,
    MAX_AMOUNT,
    TZ,
    Amount,
    CalendarOutOfRangeError,
    InvalidPeriodError,
    NaiveDatetimeError,
    OfficeHours,
    Unit,
)

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ReferenceCalendar:
    """The same inputs as `WorkingCalendar`, kept as plain sets."""

    days_off: Collection[date]
    makeup_workdays: Collection[date]
    years: Collection[int]
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS

    def check(self, day: date) -> None:
        """Refuse any day of an unknown year."""
        if day.year not in self.years:
            raise CalendarOutOfRangeError(f"năm {day.year} chưa có lịch")

    def is_working(self, day: date) -> bool:
        """Make-up days work; otherwise Monday-Friday unless off."""
        self.check(day)
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.days_off


def _exact(amount: Amount, unit: Unit) -> Fraction:
    if isinstance(amount, bool):
        raise InvalidPeriodError("not a number")
    value = Fraction(Decimal(str(amount))) if isinstance(amount, float) else Fraction(amount)
    if value < 0 or value > MAX_AMOUNT[unit]:
        raise InvalidPeriodError("out of bounds")
    if unit in (Unit.DAY, Unit.MONTH) and value.denominator != 1:
        raise InvalidPeriodError("whole days only")
    return value


def _micro(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _walk_office_time(cal: ReferenceCalendar, day: date, from_us: int, remaining: int) -> datetime:
    """From `from_us` of `day`, consume `remaining` µs of office time, period by period."""
    while True:
        if cal.is_working(day):
            for opens, closes in cal.office_hours.periods:
                start = max(_micro(opens), from_us)
                end = _micro(closes)
                if end <= start:
                    continue
                if remaining <= end - start:
                    return datetime.combine(day, time(), tzinfo=TZ) + timedelta(
                        microseconds=start + remaining
                    )
                remaining -= end - start
        day += _ONE_DAY
        from_us = 0


def reference_due_at(
    cal: ReferenceCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit,
    cutoff: time | None = None,
) -> datetime:
    """The due datetime by walking the calendar day by day."""
    if accepted_at.tzinfo is None or accepted_at.utcoffset() is None:
        raise NaiveDatetimeError("naive")
    exact = _exact(amount, unit)
    local = accepted_at.astimezone(TZ)
    day = local.date()
    closes = cal.office_hours.closes_at
    if unit is Unit.WORKING_HOUR:
        if exact == 0:
            cal.check(day)
            return local
        from_us = _micro(local.time())
        if cal.is_working(day) and cutoff is not None and local.time() > cutoff:
            day, from_us = day + _ONE_DAY, 0
        return _walk_office_time(cal, day, from_us, int(exact * 3_600_000_000))
    # Day D: the acceptance day when it is a working day and acceptance is not too late.
    boundary = cutoff if cutoff is not None else closes
    if not (cal.is_working(day) and local.time() <= boundary):
        day += _ONE_DAY
        while not cal.is_working(day):
            day += _ONE_DAY
    if unit is Unit.WORKING_DAY:
        whole = int(exact)
        counted = 0
        while counted < whole:
            day += _ONE_DAY
            if cal.is_working(day):
                counted += 1
        if exact == whole:
            return datetime.combine(day, closes, tzinfo=TZ)
        length = sum(_micro(b) - _micro(a) for a, b in cal.office_hours.periods)
        return _walk_office_time(cal, day + _ONE_DAY, 0, int((exact - whole) * length))
    if unit is Unit.DAY:
        last = day + timedelta(days=int(exact))
    else:
        index = day.month - 1 + int(exact)
        year, month = day.year + index // 12, index % 12 + 1
        last = date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))
    while day < last:
        day += _ONE_DAY
        cal.check(day)
    while not cal.is_working(day):
        day += _ONE_DAY
    return datetime.combine(day, closes, tzinfo=TZ)
