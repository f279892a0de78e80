"""`WorkingCalendar`: O(1) working-day arithmetic over precomputed working-day ordinals."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from motcua.deadlines.units import (
    DEFAULT_OFFICE_HOURS,
    TZ,
    CalendarOutOfRangeError,
    InvalidPeriodError,
    OfficeHours,
    time_us,
    to_local,
)

# --- the calendar -------------------------------------------------------------------------------


class WorkingCalendar:
    """An immutable working-day calendar for a set of known years.

    Built from the non-working dates (holidays and days off, with optional names), the make-up
    working days, the years whose calendar is known, and the office hours. A date is a working day
    when it is a make-up working day, or a Monday-Friday that is not a holiday or day off.
    Any question about a day outside the known years raises `CalendarOutOfRangeError`.
    """

    __slots__ = (
        "_by_name",
        "_closing_times",
        "_day_us",
        "_first",
        "_is_working",
        "_known_years",
        "_last",
        "_notable",
        "_notable_ords",
        "_office_hours",
        "_periods_us",
        "_prefix",
        "_working",
        "_years_contiguous",
    )
    _by_name: dict[date, str]
    _closing_times: list[datetime]
    _day_us: int
    _first: int
    _is_working: bytes
    _known_years: frozenset[int]
    _last: int
    _notable: dict[int, str]
    _notable_ords: list[int]
    _office_hours: OfficeHours
    _periods_us: tuple[tuple[int, int], ...]
    _prefix: list[int]
    _working: list[int]
    _years_contiguous: bool

    def __init__(
        self,
        *,
        days_off: Iterable[date] | Mapping[date, str],
        makeup_workdays: Iterable[date] | Mapping[date, str] = (),
        years: Iterable[int],
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
    ) -> None:
        known = frozenset(years)
        if not known:
            raise CalendarOutOfRangeError("Lịch làm việc chưa có năm nào.")
        off_names = dict(days_off) if isinstance(days_off, Mapping) else dict.fromkeys(days_off, "")
        makeup_names = (
            dict(makeup_workdays)
            if isinstance(makeup_workdays, Mapping)
            else dict.fromkeys(makeup_workdays, "")
        )
        first = date(min(known), 1, 1).toordinal()
        last = date(max(known), 12, 31).toordinal()
        is_working = bytearray(last - first + 1)
        prefix = [0] * (last - first + 2)
        working: list[int] = []
        off_ords = {d.toordinal() for d in off_names}
        makeup_ords = {d.toordinal() for d in makeup_names}
        for offset in range(last - first + 1):
            ordinal = first + offset
            # date.weekday() of an ordinal: ordinal 1 (0001-01-01) was a Monday.
            works = ordinal in makeup_ords or ((ordinal - 1) % 7 < 5 and ordinal not in off_ords)
            prefix[offset] = len(working)
            if works:
                is_working[offset] = 1
                working.append(ordinal)
        prefix[last - first + 1] = len(working)
        # Days worth naming in an explanation: weekdays off and make-up working days.
        notable: dict[int, str] = {}
        for day, name in off_names.items():
            if day.weekday() < 5 and day.toordinal() not in makeup_ords:
                notable[day.toordinal()] = name or "ngày nghỉ"
        for day, name in makeup_names.items():
            if day.weekday() >= 5:
                notable[day.toordinal()] = name or "ngày làm bù"
        set_ = object.__setattr__
        set_(self, "_first", first)
        set_(self, "_last", last)
        set_(self, "_is_working", bytes(is_working))
        set_(self, "_prefix", prefix)
        set_(self, "_working", working)
        set_(self, "_known_years", known)
        set_(self, "_years_contiguous", len(known) == max(known) - min(known) + 1)
        set_(self, "_office_hours", office_hours)
        periods = tuple((time_us(a), time_us(b)) for a, b in office_hours.periods)
        set_(self, "_periods_us", periods)
        set_(self, "_day_us", sum(b - a for a, b in periods))
        closes = office_hours.closes_at
        set_(
            self,
            "_closing_times",
            [datetime.combine(date.fromordinal(o), closes, tzinfo=TZ) for o in working],
        )
        set_(self, "_notable_ords", sorted(notable))
        set_(self, "_notable", notable)
        set_(self, "_by_name", {**off_names, **makeup_names})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkingCalendar is immutable")

    def __repr__(self) -> str:
        years = sorted(self._known_years)
        hours = self.office_hours.label()
        return f"<WorkingCalendar {_year_span(years)}, {hours}>"

    # -- properties

    @property
    def office_hours(self) -> OfficeHours:
        """Office periods of a working day."""
        return self._office_hours

    @property
    def known_years(self) -> frozenset[int]:
        """Years whose holidays and days off are known."""
        return self._known_years

    @property
    def first_day(self) -> date:
        """First day the calendar can answer for."""
        return date.fromordinal(self._first)

    @property
    def last_day(self) -> date:
        """Last day the calendar can answer for."""
        return date.fromordinal(self._last)

    # -- range checks

    def _require(self, low: int, high: int) -> None:
        """Every year from the year of ordinal `low` to that of `high` must be known."""
        if low >= self._first and high <= self._last:
            if self._years_contiguous:
                return
            low_year = date.fromordinal(low).year
            high_year = date.fromordinal(high).year
            missing = [y for y in range(low_year, high_year + 1) if y not in self._known_years]
            if not missing:
                return
            raise self._out_of_range(missing[0])
        raise self._out_of_range(date.fromordinal(low if low < self._first else high).year)

    def _out_of_range(self, year: int) -> CalendarOutOfRangeError:
        years = sorted(self._known_years)
        return CalendarOutOfRangeError(
            f"Lịch làm việc chưa có năm {year} (đang có {_year_span(years)}): "
            "hãy nhập lịch nghỉ lễ của năm đó (motcua import-calendar) trước khi tính hạn."
        )

    def _offset(self, day: date) -> int:
        ordinal = day.toordinal()
        self._require(ordinal, ordinal)
        return ordinal - self._first

    # -- days

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day."""
        return bool(self._is_working[self._offset(day)])

    def day_name(self, day: date) -> str:
        """The name of a holiday, day off or make-up working day ("" for an ordinary day)."""
        return self._by_name.get(day, "")

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself if it is a working day, else the next working day."""
        offset = self._offset(day)
        index = self._prefix[offset]
        if index >= len(self._working):
            raise self._out_of_range(day.year + 1)
        ordinal = self._working[index]
        self._require(ordinal, ordinal)
        return date.fromordinal(ordinal)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (which need not be a working day)."""
        if count < 0:
            raise InvalidPeriodError("Số ngày làm việc không được âm.")
        offset = self._offset(day)
        if count == 0:
            return day
        index = self._prefix[offset] + self._is_working[offset] + count - 1
        if index >= len(self._working):
            raise self._out_of_range(date.fromordinal(self._last).year + 1)
        ordinal = self._working[index]
        self._require(offset + self._first, ordinal)
        return date.fromordinal(ordinal)

    def close_of_working_day_after(self, local: datetime, count: int, boundary: time) -> datetime:
        """End of office hours of the `count`-th working day after day D of an acceptance.

        `local` is the acceptance moment in Asia/Ho_Chi_Minh; acceptance after `boundary` (or on a
        non-working day) counts on the next working day. The hot path of `compute_due_at`.
        """
        ordinal = local.toordinal()
        offset = ordinal - self._first
        if offset < 0 or ordinal > self._last:
            self._require(ordinal, ordinal)
        index = self._prefix[offset] + count
        if self._is_working[offset] and local.time() > boundary:
            index += 1
        if index >= len(self._working):
            raise self._out_of_range(date.fromordinal(self._last).year + 1)
        if not self._years_contiguous:
            self._require(ordinal, self._working[index])
        return self._closing_times[index]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
        if end <= start:
            return 0
        low, high = start.toordinal(), end.toordinal()
        self._require(low, high)
        return self._prefix[high - self._first + 1] - self._prefix[low - self._first + 1]

    def non_working_weekdays(self, start: date, end: date) -> list[tuple[date, str]]:
        """Weekdays off and make-up working days in [start, end], with their names."""
        lo = bisect.bisect_left(self._notable_ords, start.toordinal())
        hi = bisect.bisect_right(self._notable_ords, end.toordinal())
        return [(date.fromordinal(o), self._notable[o]) for o in self._notable_ords[lo:hi]]

    # -- working-time positions (microseconds of office time since the calendar's first day)

    def _office_elapsed(self, tod_us: int) -> int:
        elapsed = 0
        for opens, closes in self._periods_us:
            if tod_us <= opens:
                break
            elapsed += (closes if tod_us >= closes else tod_us) - opens
        return elapsed

    def position(self, moment: datetime, *, cutoff: time | None = None) -> int:
        """Office time elapsed before `moment`, in microseconds, from the calendar's first day.

        With a `cutoff`, a moment after it on a working day counts from the next working day.
        """
        local = to_local(moment)
        ordinal = local.toordinal()
        self._require(ordinal, ordinal)
        offset = ordinal - self._first
        rank = self._prefix[offset]
        if not self._is_working[offset]:
            return rank * self._day_us
        tod = time_us(local.time())
        if cutoff is not None and tod > time_us(cutoff):
            return (rank + 1) * self._day_us
        return rank * self._day_us + self._office_elapsed(tod)

    def moment_at(self, position: int) -> datetime:
        """The earliest moment at which `position` microseconds of office time have elapsed."""
        if position < 0:
            raise self._out_of_range(date.fromordinal(self._first).year - 1)
        index, rest = divmod(position, self._day_us)
        if rest == 0 and index > 0:
            ordinal = self._working[index - 1] if index - 1 < len(self._working) else -1
            if ordinal < 0:
                raise self._out_of_range(date.fromordinal(self._last).year + 1)
            self._require(ordinal, ordinal)
            return datetime.combine(
                date.fromordinal(ordinal), self._office_hours.closes_at, tzinfo=TZ
            )
        if index >= len(self._working):
            raise self._out_of_range(date.fromordinal(self._last).year + 1)
        ordinal = self._working[index]
        self._require(ordinal, ordinal)
        tod = 0
        for opens, closes in self._periods_us:
            span = closes - opens
            if rest <= span:
                tod = opens + rest
                break
            rest -= span
        return datetime.combine(date.fromordinal(ordinal), time(), tzinfo=TZ) + timedelta(
            microseconds=tod
        )

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time on working days from `start` to `end` (zero if `end` is not later)."""
        low, high = self.position(start), self.position(end)
        return timedelta(microseconds=max(0, high - low))

    @property
    def day_length_us(self) -> int:
        """Office time of one working day, in microseconds."""
        return self._day_us


def _year_span(years: Sequence[int]) -> str:
    if not years:
        return "không năm nào"
    if len(years) == years[-1] - years[0] + 1:
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return ", ".join(str(y) for y in years)
