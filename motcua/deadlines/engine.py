"""The deadline engine: working-day calendar arithmetic and due dates, in pure Python.

No Django here: the engine is fed a `WorkingCalendar` (built from the database by
`motcua.deadlines.services.current_calendar()`, or by hand in tests and benchmarks) and works on
aware datetimes. The rules are those of CONTRACT.md §3 and docs/deadlines.md:

- working days are Monday-Friday minus holidays and days off, plus make-up working days;
- acceptance on a working day before the cut-off (end of office hours unless the procedure sets an
  earlier one) counts on that day ("day D"); otherwise on the next working day;
- day-based periods start the day after D and end at the close of office hours of the last day;
- working hours are counted inside office hours only.

Arithmetic never walks day by day: the calendar keeps, for every day of its known years, the number
of working days before it, and the list of working days, so a period of N working days costs the
same for every N. The slow day-by-day definition lives in `motcua.deadlines.reference` and the
property tests hold this module to it.
"""

from __future__ import annotations

import bisect
import calendar as _gregorian
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Final
from zoneinfo import ZoneInfo

from motcua.core.errors import DomainError, ErrorCode

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

Amount = int | Decimal | float | Fraction

_US_PER_SECOND: Final = 1_000_000
_US_PER_HOUR: Final = 3600 * _US_PER_SECOND
_US_PER_DAY: Final = 24 * _US_PER_HOUR

WEEKDAY_NAMES: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class Unit(StrEnum):
    """Units of a processing time; the values equal `motcua.catalog.models.TimeUnit`'s."""

    WORKING_DAY = "working_day"
    DAY = "day"
    WORKING_HOUR = "working_hour"
    MONTH = "month"


class Timeliness(StrEnum):
    """How a dossier stands against its due date (CONTRACT §3, report form 07a)."""

    EARLY = "early"
    ON_TIME = "on_time"
    OVERDUE = "overdue"
    WITHIN_TIME = "within_time"


# Longest periods accepted; anything longer is a data-entry error, not a processing time.
MAX_AMOUNT: Final[Mapping[Unit, int]] = {
    Unit.WORKING_DAY: 1300,  # about five years of working days
    Unit.DAY: 1830,
    Unit.WORKING_HOUR: 10_400,
    Unit.MONTH: 60,
}

_UNIT_LABELS: Final[Mapping[Unit, str]] = {
    Unit.WORKING_DAY: "ngày làm việc",
    Unit.DAY: "ngày",
    Unit.WORKING_HOUR: "giờ làm việc",
    Unit.MONTH: "tháng",
}


# --- errors -------------------------------------------------------------------------------------


class DeadlineError(DomainError):
    """A deadline cannot be computed from the given input."""

    code = ErrorCode.INVALID_INPUT


class CalendarOutOfRangeError(DeadlineError):
    """The computation needs a day of a year the calendar does not know; nothing is guessed."""

    code = ErrorCode.CALENDAR_OUT_OF_RANGE
    http_status = 422


class InvalidPeriodError(DeadlineError):
    """A period, pause or step that is negative, absurd or inconsistent."""

    code = ErrorCode.INVALID_PERIOD


class NaiveDatetimeError(DeadlineError):
    """A datetime without time zone: the engine refuses to guess one."""

    code = ErrorCode.NAIVE_DATETIME


class ExtensionNotAllowedError(DeadlineError):
    """The re-appointment (gia hạn) breaks ND 118: a second one, too late, or not later."""

    code = ErrorCode.EXTENSION_NOT_ALLOWED
    http_status = 409


# --- value types --------------------------------------------------------------------------------


def _time_us(value: time) -> int:
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * _US_PER_SECOND + value.microsecond


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Office periods of a working day, in local time: by default 08:00-12:00 and 13:00-17:00."""

    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))

    def __post_init__(self) -> None:
        if not self.periods:
            raise InvalidPeriodError("Giờ làm việc phải có ít nhất một buổi.")
        previous_end: time | None = None
        for opens, closes in self.periods:
            if opens.tzinfo is not None or closes.tzinfo is not None:
                raise InvalidPeriodError("Giờ làm việc là giờ địa phương, không kèm múi giờ.")
            if opens >= closes:
                raise InvalidPeriodError(
                    f"Buổi làm việc {opens:%H:%M}-{closes:%H:%M}: "
                    "giờ bắt đầu phải trước giờ kết thúc."
                )
            if previous_end is not None and opens < previous_end:
                raise InvalidPeriodError(
                    "Các buổi làm việc phải theo thứ tự thời gian và không chồng lên nhau."
                )
            previous_end = closes

    @property
    def opens_at(self) -> time:
        """Start of the first office period."""
        return self.periods[0][0]

    @property
    def closes_at(self) -> time:
        """End of the last office period: the time a day-based period ends."""
        return self.periods[-1][1]

    @property
    def length(self) -> timedelta:
        """Office time in one working day (8 hours by default)."""
        return timedelta(microseconds=sum(_time_us(b) - _time_us(a) for a, b in self.periods))

    def label(self) -> str:
        """Human form, e.g. "08:00-12:00, 13:00-17:00"."""
        return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.periods)


DEFAULT_OFFICE_HOURS: Final = OfficeHours()


@dataclass(frozen=True, slots=True)
class Due:
    """A computed due (appointment) datetime with the steps that led to it, in Vietnamese."""

    due_at: datetime
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClockPause:
    """A stop of the deadline clock for a supplementation request; `end` is None while open."""

    start: datetime
    end: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an internal procedure with its own time (quy trình nội bộ)."""

    name: str
    amount: Amount
    unit: Unit = Unit.WORKING_DAY


@dataclass(frozen=True, slots=True)
class StepDue:
    """The deadline of one step."""

    name: str
    starts_at: datetime
    due_at: datetime


# --- formatting -----------------------------------------------------------------------------------


def format_day(value: date) -> str:
    """ "Thứ Sáu 27/10/2023"."""
    return f"{WEEKDAY_NAMES[value.weekday()]} {value.day:02d}/{value.month:02d}/{value.year}"


def format_moment(value: datetime) -> str:
    """ "Thứ Sáu 27/10/2023 09:32" in local time."""
    local = value.astimezone(TZ)
    return f"{format_day(local.date())} {local.hour:02d}:{local.minute:02d}"


def format_amount(amount: Amount, unit: Unit) -> str:
    """ "5 ngày làm việc", "0,5 ngày làm việc"."""
    if isinstance(amount, int):
        text = str(amount)
    else:
        number = Decimal(str(amount)) if not isinstance(amount, Fraction) else _fraction_dec(amount)
        text = format(number.normalize(), "f").replace(".", ",")
    return f"{text} {_UNIT_LABELS[unit]}"


def _fraction_dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


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
        periods = tuple((_time_us(a), _time_us(b)) for a, b in office_hours.periods)
        set_(self, "_periods_us", periods)
        set_(self, "_day_us", sum(b - a for a, b in periods))
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
        tod = _time_us(local.time())
        if cutoff is not None and tod > _time_us(cutoff):
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


# --- input checks ---------------------------------------------------------------------------------


def to_local(moment: datetime) -> datetime:
    """`moment` in Asia/Ho_Chi_Minh; a naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(
            f"Thời điểm {moment.isoformat()} thiếu múi giờ: hãy ghi rõ, ví dụ "
            f"{moment.replace(microsecond=0).isoformat()}+07:00."
        )
    if moment.tzinfo is TZ:
        return moment
    return moment.astimezone(TZ)


def _check_amount(amount: Amount, unit: Unit) -> Fraction | int:
    """The amount as an exact number, refusing negative, absurd or ill-typed values."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | float | Fraction):
        raise InvalidPeriodError(f"Thời hạn phải là một số, không phải {amount!r}.")
    if unit not in MAX_AMOUNT:
        raise InvalidPeriodError(f"Đơn vị thời gian không được hỗ trợ: {unit!r}.")
    unit = Unit(unit)
    if isinstance(amount, int):
        exact: Fraction | int = amount
    else:
        try:
            exact = Fraction(Decimal(str(amount)) if isinstance(amount, float) else amount)
        except (ValueError, InvalidOperation, OverflowError):
            raise InvalidPeriodError(f"Thời hạn không hợp lệ: {amount!r}.") from None
        if exact.denominator == 1:
            exact = int(exact)
    if exact < 0:
        raise InvalidPeriodError(f"Thời hạn không được âm ({amount} {_UNIT_LABELS[unit]}).")
    if exact > MAX_AMOUNT[unit]:
        raise InvalidPeriodError(
            f"Thời hạn {amount} {_UNIT_LABELS[unit]} vượt quá mức tối đa "
            f"{MAX_AMOUNT[unit]} {_UNIT_LABELS[unit]}: kiểm tra lại số liệu."
        )
    if not isinstance(exact, int) and unit in (Unit.DAY, Unit.MONTH):
        raise InvalidPeriodError(
            f"Thời hạn tính theo {_UNIT_LABELS[unit]} phải là số nguyên (nhận được {amount})."
        )
    return exact


# --- due dates ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Start:
    """Where counting starts: the local acceptance moment and the day D it counts on."""

    local: datetime
    day: date
    reason: str = field(default="")


def _acceptance_day(
    calendar: WorkingCalendar, local: datetime, cutoff: time | None, explain: bool
) -> _Start:
    """Day D of CONTRACT §3: the acceptance day, or the next working day."""
    day = local.date()
    boundary = cutoff if cutoff is not None else calendar.office_hours.closes_at
    if calendar.is_working_day(day):
        if local.time() <= boundary:
            return _Start(local, day, "")
        next_day = calendar.add_working_days(day, 1)
        if not explain:
            return _Start(local, next_day)
        why = (
            f"sau giờ chốt nhận {boundary:%H:%M} của thủ tục"
            if cutoff is not None
            else f"sau giờ làm việc ({boundary:%H:%M})"
        )
        return _Start(
            local,
            next_day,
            f"Nhận {why} → tính như nhận vào ngày làm việc tiếp theo: {format_day(next_day)}.",
        )
    next_day = calendar.working_day_on_or_after(day)
    if not explain:
        return _Start(local, next_day)
    name = calendar.day_name(day)
    what = f"ngày nghỉ ({name})" if name else "ngày nghỉ cuối tuần"
    return _Start(
        local,
        next_day,
        f"{format_day(day)} là {what} → tính như nhận vào ngày làm việc tiếp theo: "
        f"{format_day(next_day)}.",
    )


def _close_of(calendar: WorkingCalendar, day: date) -> datetime:
    return datetime.combine(day, calendar.office_hours.closes_at, tzinfo=TZ)


def _skipped_lines(calendar: WorkingCalendar, after: date, until: date) -> list[str]:
    """Name the weekdays off and make-up days inside (after, until]; capped to stay short."""
    if until <= after:
        return []
    notable = calendar.non_working_weekdays(after + timedelta(days=1), until)
    if not notable:
        return []
    off = [f"{format_day(d)} ({name})" for d, name in notable if not calendar.is_working_day(d)]
    made_up = [f"{format_day(d)} ({name})" for d, name in notable if calendar.is_working_day(d)]
    lines = []
    if off:
        shown = "; ".join(off[:6]) + (f"; và {len(off) - 6} ngày khác" if len(off) > 6 else "")
        lines.append(f"Không tính các ngày nghỉ: {shown}.")
    if made_up:
        lines.append(f"Tính cả ngày làm bù: {'; '.join(made_up)}.")
    return lines


def compute_due(
    calendar: WorkingCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit | str,
    cutoff: time | None = None,
    *,
    explain: bool = True,
) -> Due:
    """The due datetime of a dossier accepted at `accepted_at` with a period of `amount` `unit`.

    `cutoff` is the procedure's cut-off time (e.g. 15:00): acceptance after it counts on the next
    working day. With `explain=False` the explanation is left empty (bulk computations).
    """
    unit = unit if isinstance(unit, Unit) else _unit(unit)
    exact = _check_amount(amount, unit)
    local = to_local(accepted_at)
    lines: list[str] = []
    if explain:
        lines.append(f"{format_moment(local)} nhận hồ sơ; thời hạn {format_amount(amount, unit)}.")
    if unit is Unit.WORKING_HOUR:
        due_at = _due_working_hours(calendar, local, exact, cutoff, lines if explain else None)
        return Due(due_at, tuple(lines))
    start = _acceptance_day(calendar, local, cutoff, explain)
    if explain:
        lines.append(
            start.reason or f"Nhận trong ngày làm việc → ngày nhận là {format_day(start.day)}."
        )
    if unit is Unit.WORKING_DAY:
        due_at = _due_working_days(calendar, start.day, exact, lines if explain else None)
    else:
        due_at = _due_calendar(calendar, start.day, int(exact), unit, lines if explain else None)
    if explain:
        when = f"{due_at:%H:%M} {format_day(due_at.date())}"
        if due_at.time() == calendar.office_hours.closes_at:
            lines.append(f"Hạn trả kết quả: {when} (hết giờ làm việc của ngày cuối cùng).")
        else:
            lines.append(f"Hạn trả kết quả: {when}.")
    return Due(due_at, tuple(lines))


def compute_due_at(
    calendar: WorkingCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit | str,
    cutoff: time | None = None,
) -> datetime:
    """Only the due datetime of `compute_due` (no explanation): the hot path for bulk work."""
    return compute_due(calendar, accepted_at, amount, unit, cutoff, explain=False).due_at


def _unit(value: str) -> Unit:
    try:
        return Unit(value)
    except ValueError:
        allowed = ", ".join(u.value for u in Unit)
        raise InvalidPeriodError(
            f"Đơn vị thời gian không được hỗ trợ: {value!r} (chấp nhận: {allowed})."
        ) from None


def _due_working_days(
    calendar: WorkingCalendar, day: date, exact: Fraction | int, lines: list[str] | None
) -> datetime:
    whole = int(exact)
    if whole == exact:
        last = calendar.add_working_days(day, whole)
        due = _close_of(calendar, last)
        if lines is not None and whole:
            lines.append(
                f"Đếm {whole} ngày làm việc từ ngày làm việc tiếp theo, không tính thứ Bảy, "
                f"Chủ nhật và ngày nghỉ: ngày làm việc thứ {whole} là {format_day(last)}."
            )
            lines.extend(_skipped_lines(calendar, day, last))
        return due
    # A fraction of a working day is that fraction of the day's office time, counted in office
    # hours from the end of the last whole day (docs/deadlines.md).
    start = calendar.position(_close_of(calendar, day))
    target = start + int(exact * calendar.day_length_us)
    due = calendar.moment_at(target)
    if lines is not None:
        hours = Fraction(calendar.day_length_us, _US_PER_HOUR) * (exact - whole)
        lines.append(
            f"Đếm {whole} ngày làm việc trọn vẹn từ ngày làm việc tiếp theo, rồi phần lẻ "
            f"{format_amount(exact - whole, Unit.WORKING_DAY)} = {_hours(hours)} giờ làm việc "
            f"(giờ làm việc {calendar.office_hours.label()})."
        )
        lines.extend(_skipped_lines(calendar, day, due.date()))
    return due


def _hours(value: Fraction) -> str:
    if value.denominator == 1:
        return str(int(value))
    return format(_fraction_dec(value).quantize(Decimal("0.01")).normalize(), "f").replace(".", ",")


def _due_calendar(
    calendar: WorkingCalendar, day: date, amount: int, unit: Unit, lines: list[str] | None
) -> datetime:
    if unit is Unit.DAY:
        last = day + timedelta(days=amount)
        what = f"{amount} ngày"
    else:
        month_index = day.month - 1 + amount
        year, month = day.year + month_index // 12, month_index % 12 + 1
        last = date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))
        what = f"{amount} tháng"
    final = calendar.working_day_on_or_after(last)
    calendar._require(day.toordinal(), final.toordinal())
    if lines is not None:
        lines.append(f"Cộng {what} lịch (kể cả ngày nghỉ): {format_day(last)}.")
        if final != last:
            name = calendar.day_name(last)
            what_day = f"ngày nghỉ ({name})" if name else "ngày nghỉ cuối tuần"
            lines.append(
                f"{format_day(last)} là {what_day} → hạn chuyển sang ngày làm việc tiếp theo: "
                f"{format_day(final)}."
            )
    return _close_of(calendar, final)


def _due_working_hours(
    calendar: WorkingCalendar,
    local: datetime,
    exact: Fraction | int,
    cutoff: time | None,
    lines: list[str] | None,
) -> datetime:
    start = calendar.position(local, cutoff=cutoff)
    if exact == 0:
        return local
    target = start + int(exact * _US_PER_HOUR)
    due = calendar.moment_at(target)
    if lines is not None:
        begins = calendar.moment_at(start + 1) - timedelta(microseconds=1)
        if begins != local:
            lines.append(f"Nhận ngoài giờ làm việc → bắt đầu đếm từ {format_moment(begins)}.")
        lines.append(
            f"Đếm {format_amount(exact, Unit.WORKING_HOUR)} chỉ trong giờ làm việc "
            f"({calendar.office_hours.label()}) của ngày làm việc."
        )
        lines.extend(_skipped_lines(calendar, begins.date(), due.date()))
        lines.append(f"Hạn trả kết quả: {format_moment(due)}.")
    return due


# --- clock events ---------------------------------------------------------------------------------


def _check_pauses(
    pauses: Sequence[ClockPause], until: datetime | None
) -> list[tuple[datetime, datetime | None]]:
    """Pauses in order, aware, not overlapping; only the last may be open."""
    checked: list[tuple[datetime, datetime | None]] = []
    previous_end: datetime | None = None
    for number, pause in enumerate(pauses, start=1):
        start = to_local(pause.start)
        end = to_local(pause.end) if pause.end is not None else None
        if end is not None and end < start:
            raise InvalidPeriodError(f"Lần tạm dừng thứ {number} kết thúc trước khi bắt đầu.")
        if previous_end is not None and start < previous_end:
            raise InvalidPeriodError(
                f"Lần tạm dừng thứ {number} bắt đầu trước khi lần trước kết thúc."
            )
        if end is None and number != len(pauses):
            raise InvalidPeriodError(
                f"Lần tạm dừng thứ {number} chưa kết thúc nhưng đã có lần sau."
            )
        checked.append((start, end))
        previous_end = end
    if until is not None:
        to_local(until)
    return checked


def restart_due(
    calendar: WorkingCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit | str,
    pauses: Sequence[ClockPause] = (),
    cutoff: time | None = None,
) -> Due | None:
    """ND 118 Art. 18: after a supplementation the period restarts from zero.

    The clock counts again from the moment the dossier became complete (the end of the last pause),
    with the acceptance rules applied to that moment. None while the last pause is still open: the
    dossier has no due date while it waits for the applicant.
    """
    checked = _check_pauses(pauses, None)
    to_local(accepted_at)
    if not checked:
        return compute_due(calendar, accepted_at, amount, unit, cutoff)
    start, end = checked[-1]
    if start < to_local(accepted_at):
        raise InvalidPeriodError("Tạm dừng bắt đầu trước thời điểm tiếp nhận hồ sơ.")
    if end is None:
        return None
    restarted = compute_due(calendar, end, amount, unit, cutoff)
    note = (
        f"Yêu cầu bổ sung từ {format_moment(start)}; hồ sơ bổ sung đầy đủ lúc "
        f"{format_moment(end)} → thời hạn tính lại từ đầu (Nghị định 118/2025/NĐ-CP)."
    )
    return Due(restarted.due_at, (note, *restarted.explanation))


def paused_time(
    calendar: WorkingCalendar,
    pauses: Sequence[ClockPause],
    unit: Unit | str,
    *,
    until: datetime | None = None,
) -> timedelta:
    """Total stopped time: office time for working units, elapsed time for calendar units.

    An open pause counts up to `until` (required then).
    """
    unit = unit if isinstance(unit, Unit) else _unit(unit)
    total = timedelta()
    for start, end in _check_pauses(pauses, until):
        if end is None:
            if until is None:
                raise InvalidPeriodError(
                    "Còn một lần tạm dừng chưa kết thúc: cần mốc thời gian để tính."
                )
            end = max(start, to_local(until))
        if unit in (Unit.WORKING_DAY, Unit.WORKING_HOUR):
            total += calendar.working_time_between(start, end)
        else:
            total += end - start
    return total


def due_subtracting_pauses(
    calendar: WorkingCalendar,
    due_at: datetime,
    pauses: Sequence[ClockPause],
    unit: Unit | str,
    *,
    until: datetime | None = None,
) -> datetime:
    """QĐ 766: end − start − pauses ≤ allowed, i.e. the due date moved later by the paused time."""
    unit = unit if isinstance(unit, Unit) else _unit(unit)
    stopped = paused_time(calendar, pauses, unit, until=until)
    if not stopped:
        return to_local(due_at)
    if unit in (Unit.WORKING_DAY, Unit.WORKING_HOUR):
        micro = stopped // timedelta(microseconds=1)
        return calendar.moment_at(calendar.position(due_at) + micro)
    return to_local(due_at) + stopped


def classify_finished_766(
    calendar: WorkingCalendar,
    finished_at: datetime,
    due_at: datetime,
    pauses: Sequence[ClockPause],
    unit: Unit | str,
) -> Timeliness:
    """QĐ 766 indicator 2.1: pauses are subtracted; more than one supplementation is late."""
    if len(pauses) > 1:
        _check_pauses(pauses, None)
        return Timeliness.OVERDUE
    effective_due = due_subtracting_pauses(calendar, due_at, pauses, unit, until=finished_at)
    return classify_finished(finished_at, effective_due)


def classify_open_766(
    calendar: WorkingCalendar,
    period_end: datetime,
    due_at: datetime,
    pauses: Sequence[ClockPause],
    unit: Unit | str,
) -> Timeliness:
    """QĐ 766 for a dossier still open at `period_end`."""
    if len(pauses) > 1:
        _check_pauses(pauses, period_end)
        return Timeliness.OVERDUE
    effective_due = due_subtracting_pauses(calendar, due_at, pauses, unit, until=period_end)
    return classify_open(period_end, effective_due)


def extend_due(
    calendar: WorkingCalendar,
    *,
    due_at: datetime,
    requested_at: datetime,
    new_due_at: datetime,
    extensions_used: int = 0,
) -> Due:
    """The single re-appointment of ND 118 Art. 21 (Phiếu đề nghị gia hạn).

    Allowed once, asked at least one day before the due date, to a later moment on a working day.
    """
    current = to_local(due_at)
    asked = to_local(requested_at)
    new = to_local(new_due_at)
    if extensions_used >= 1:
        raise ExtensionNotAllowedError("Hồ sơ đã được hẹn lại một lần; không được gia hạn thêm.")
    if asked.date() >= current.date():
        raise ExtensionNotAllowedError(
            "Phải đề nghị gia hạn chậm nhất 01 ngày trước ngày hết hạn "
            f"({format_day(current.date())})."
        )
    if new <= current:
        raise ExtensionNotAllowedError(
            f"Ngày hẹn mới phải sau hạn hiện tại ({format_moment(current)})."
        )
    if not calendar.is_working_day(new.date()):
        raise ExtensionNotAllowedError(
            f"Ngày hẹn mới {format_day(new.date())} không phải là ngày làm việc."
        )
    return Due(
        new,
        (
            f"Hạn ban đầu: {format_moment(current)}.",
            f"Đề nghị gia hạn lúc {format_moment(asked)} (một lần duy nhất theo "
            "Nghị định 118/2025/NĐ-CP).",
            f"Hạn mới: {format_moment(new)}.",
        ),
    )


def step_deadlines(
    calendar: WorkingCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit | str,
    steps: Sequence[Step],
    cutoff: time | None = None,
) -> tuple[StepDue, ...]:
    """Deadlines of the internal steps, one after the other, inside the overall period.

    Steps are counted in office time on one axis that starts where the overall period starts (the
    acceptance moment for working hours, the end of day D otherwise), so steps that add up to the
    legal time end exactly at the overall due date. Steps that do not fit are refused.
    """
    unit = unit if isinstance(unit, Unit) else _unit(unit)
    overall = compute_due(calendar, accepted_at, amount, unit, cutoff, explain=False).due_at
    local = to_local(accepted_at)
    if unit is Unit.WORKING_HOUR:
        position = calendar.position(local, cutoff=cutoff)
    else:
        day = _acceptance_day(calendar, local, cutoff, explain=False).day
        position = calendar.position(_close_of(calendar, day))
    result: list[StepDue] = []
    starts_at = local
    for step in steps:
        step_unit = step.unit if isinstance(step.unit, Unit) else _unit(step.unit)
        if step_unit not in (Unit.WORKING_DAY, Unit.WORKING_HOUR):
            raise InvalidPeriodError(
                f"Bước “{step.name}”: thời gian của bước tính bằng ngày làm việc hoặc giờ làm việc."
            )
        exact = _check_amount(step.amount, step_unit)
        per_unit = calendar.day_length_us if step_unit is Unit.WORKING_DAY else _US_PER_HOUR
        position += int(exact * per_unit)
        ends_at = calendar.moment_at(position)
        if ends_at > overall:
            raise InvalidPeriodError(
                f"Bước “{step.name}” kết thúc lúc {format_moment(ends_at)}, sau hạn giải quyết "
                f"{format_moment(overall)}: tổng thời gian các bước vượt thời hạn."
            )
        result.append(StepDue(step.name, starts_at, ends_at))
        starts_at = ends_at
    return tuple(result)


# --- classification -------------------------------------------------------------------------------


def classify_finished(finished_at: datetime, due_at: datetime) -> Timeliness:
    """Early, on time or overdue, comparing calendar dates in Asia/Ho_Chi_Minh (CONTRACT §3)."""
    finished_on = to_local(finished_at).date()
    due_on = to_local(due_at).date()
    if finished_on < due_on:
        return Timeliness.EARLY
    if finished_on == due_on:
        return Timeliness.ON_TIME
    return Timeliness.OVERDUE


def classify_open(period_end: datetime, due_at: datetime) -> Timeliness:
    """An unfinished dossier at the end of a period: within time unless the period end is later."""
    if to_local(period_end) <= to_local(due_at):
        return Timeliness.WITHIN_TIME
    return Timeliness.OVERDUE


def working_days_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Working days after the local date of `start` up to and including that of `end`."""
    return calendar.working_days_between(to_local(start).date(), to_local(end).date())


def working_time_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Office time on working days between two moments."""
    return calendar.working_time_between(start, end)
