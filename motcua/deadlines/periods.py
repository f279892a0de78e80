"""Due dates for each unit of the national catalogue, with their Vietnamese explanation."""

from __future__ import annotations

import calendar as _gregorian
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from motcua.deadlines.calendars import WorkingCalendar
from motcua.deadlines.units import (
    MAX_AMOUNT,
    TZ,
    US_PER_HOUR,
    Amount,
    Due,
    InvalidPeriodError,
    Unit,
    check_amount,
    format_amount,
    format_day,
    format_moment,
    fraction_dec,
    to_local,
)

# --- due dates ------------------------------------------------------------------------------------

MAX_WORKING_DAYS = MAX_AMOUNT[Unit.WORKING_DAY]


@dataclass(frozen=True, slots=True)
class Start:
    """Where counting starts: the local acceptance moment and the day D it counts on."""

    local: datetime
    day: date
    reason: str = field(default="")


def acceptance_day(
    calendar: WorkingCalendar, local: datetime, cutoff: time | None, explain: bool
) -> Start:
    """Day D of CONTRACT §3: the acceptance day, or the next working day."""
    day = local.date()
    boundary = cutoff if cutoff is not None else calendar.office_hours.closes_at
    if calendar.is_working_day(day):
        if local.time() <= boundary:
            return Start(local, day, "")
        next_day = calendar.add_working_days(day, 1)
        if not explain:
            return Start(local, next_day)
        why = (
            f"sau giờ chốt nhận {boundary:%H:%M} của thủ tục"
            if cutoff is not None
            else f"sau giờ làm việc ({boundary:%H:%M})"
        )
        return Start(
            local,
            next_day,
            f"Nhận {why} → tính như nhận vào ngày làm việc tiếp theo: {format_day(next_day)}.",
        )
    next_day = calendar.working_day_on_or_after(day)
    if not explain:
        return Start(local, next_day)
    name = calendar.day_name(day)
    what = f"ngày nghỉ ({name})" if name else "ngày nghỉ cuối tuần"
    return Start(
        local,
        next_day,
        f"{format_day(day)} là {what} → tính như nhận vào ngày làm việc tiếp theo: "
        f"{format_day(next_day)}.",
    )


def close_of(calendar: WorkingCalendar, day: date) -> datetime:
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
    if not explain:
        return Due(compute_due_at(calendar, accepted_at, amount, unit, cutoff))
    return _compute(calendar, accepted_at, amount, unit, cutoff, explain=True)


def _compute(
    calendar: WorkingCalendar,
    accepted_at: datetime,
    amount: Amount,
    unit: Unit | str,
    cutoff: time | None,
    *,
    explain: bool,
) -> Due:
    unit = unit if isinstance(unit, Unit) else parse_unit(unit)
    exact = check_amount(amount, unit)
    local = to_local(accepted_at)
    lines: list[str] = []
    if explain:
        lines.append(f"{format_moment(local)} nhận hồ sơ; thời hạn {format_amount(amount, unit)}.")
    if unit is Unit.WORKING_HOUR:
        due_at = _due_working_hours(calendar, local, exact, cutoff, lines if explain else None)
        return Due(due_at, tuple(lines))
    start = acceptance_day(calendar, local, cutoff, explain)
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
    # Whole working days, the common case, in one calendar call; anything else the general way.
    if (
        type(amount) is int
        and 0 <= amount <= MAX_WORKING_DAYS
        and (unit is Unit.WORKING_DAY or unit == "working_day")
    ):
        if accepted_at.tzinfo is not TZ:
            accepted_at = to_local(accepted_at)
        boundary = calendar.office_hours.closes_at if cutoff is None else cutoff
        return calendar.close_of_working_day_after(accepted_at, amount, boundary)
    return _compute(calendar, accepted_at, amount, unit, cutoff, explain=False).due_at


def parse_unit(value: str) -> Unit:
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
        due = close_of(calendar, last)
        if lines is not None and whole:
            lines.append(
                f"Đếm {whole} ngày làm việc từ ngày làm việc tiếp theo, không tính thứ Bảy, "
                f"Chủ nhật và ngày nghỉ: ngày làm việc thứ {whole} là {format_day(last)}."
            )
            lines.extend(_skipped_lines(calendar, day, last))
        return due
    # A fraction of a working day is that fraction of the day's office time, counted in office
    # hours from the end of the last whole day (docs/deadlines.md).
    start = calendar.position(close_of(calendar, day))
    target = start + int(exact * calendar.day_length_us)
    due = calendar.moment_at(target)
    calendar._require(day.toordinal(), due.toordinal())
    if lines is not None:
        hours = Fraction(calendar.day_length_us, US_PER_HOUR) * (exact - whole)
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
    return format(fraction_dec(value).quantize(Decimal("0.01")).normalize(), "f").replace(".", ",")


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
    return close_of(calendar, final)


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
    target = start + int(exact * US_PER_HOUR)
    due = calendar.moment_at(target)
    calendar._require(local.toordinal(), due.toordinal())
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
