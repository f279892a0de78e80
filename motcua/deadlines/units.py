"""Value types, units, errors and formatting shared by the deadline engine (pure Python)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from motcua.core.errors import DomainError, ErrorCode

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

Amount = int | Decimal | float | Fraction

US_PER_SECOND: Final = 1_000_000
US_PER_HOUR: Final = 3600 * US_PER_SECOND
US_PER_DAY: Final = 24 * US_PER_HOUR

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

UNIT_LABELS: Final[Mapping[Unit, str]] = {
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


def time_us(value: time) -> int:
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * US_PER_SECOND + value.microsecond


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
        return timedelta(microseconds=sum(time_us(b) - time_us(a) for a, b in self.periods))

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


@lru_cache(maxsize=4096)
def format_day(value: date) -> str:
    """ "Thứ Sáu 27/10/2023"."""
    return f"{WEEKDAY_NAMES[value.weekday()]} {value.day:02d}/{value.month:02d}/{value.year}"


def format_moment(value: datetime) -> str:
    """ "Thứ Sáu 27/10/2023 09:32" in local time."""
    local = value if value.tzinfo is TZ else value.astimezone(TZ)
    return f"{format_day(local.date())} {local.hour:02d}:{local.minute:02d}"


def format_amount(amount: Amount, unit: Unit) -> str:
    """ "5 ngày làm việc", "0,5 ngày làm việc"."""
    if isinstance(amount, int):
        text = str(amount)
    else:
        number = Decimal(str(amount)) if not isinstance(amount, Fraction) else fraction_dec(amount)
        text = format(number.normalize(), "f").replace(".", ",")
    return f"{text} {UNIT_LABELS[unit]}"


def fraction_dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


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


_NUMBER_TYPES: Final = (int, Decimal, float, Fraction)


def check_amount(amount: Amount, unit: Unit) -> Fraction | int:
    """The amount as an exact number, refusing negative, absurd or ill-typed values."""
    if unit not in MAX_AMOUNT:
        raise InvalidPeriodError(f"Đơn vị thời gian không được hỗ trợ: {unit!r}.")
    if type(amount) is int and 0 <= amount <= MAX_AMOUNT[unit]:
        return amount
    if isinstance(amount, bool) or not isinstance(amount, _NUMBER_TYPES):
        raise InvalidPeriodError(f"Thời hạn phải là một số, không phải {amount!r}.")
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
        raise InvalidPeriodError(f"Thời hạn không được âm ({amount} {UNIT_LABELS[unit]}).")
    if exact > MAX_AMOUNT[unit]:
        raise InvalidPeriodError(
            f"Thời hạn {amount} {UNIT_LABELS[unit]} vượt quá mức tối đa "
            f"{MAX_AMOUNT[unit]} {UNIT_LABELS[unit]}: kiểm tra lại số liệu."
        )
    if not isinstance(exact, int) and unit in (Unit.DAY, Unit.MONTH):
        raise InvalidPeriodError(
            f"Thời hạn tính theo {UNIT_LABELS[unit]} phải là số nguyên (nhận được {amount})."
        )
    return exact
