"""Clock events: supplementation pauses (ND 118 and QĐ 766), the extension, steps, timeliness."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from motcua.deadlines.calendars import WorkingCalendar
from motcua.deadlines.periods import acceptance_day, close_of, compute_due, parse_unit
from motcua.deadlines.units import (
    US_PER_HOUR,
    Amount,
    ClockPause,
    Due,
    ExtensionNotAllowedError,
    InvalidPeriodError,
    Step,
    StepDue,
    Timeliness,
    Unit,
    check_amount,
    format_day,
    format_moment,
    to_local,
)

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
    unit = unit if isinstance(unit, Unit) else parse_unit(unit)
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
    unit = unit if isinstance(unit, Unit) else parse_unit(unit)
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
    unit = unit if isinstance(unit, Unit) else parse_unit(unit)
    overall = compute_due(calendar, accepted_at, amount, unit, cutoff, explain=False).due_at
    local = to_local(accepted_at)
    if unit is Unit.WORKING_HOUR:
        position = calendar.position(local, cutoff=cutoff)
    else:
        day = acceptance_day(calendar, local, cutoff, explain=False).day
        position = calendar.position(close_of(calendar, day))
    result: list[StepDue] = []
    starts_at = local
    for step in steps:
        step_unit = step.unit if isinstance(step.unit, Unit) else parse_unit(step.unit)
        if step_unit not in (Unit.WORKING_DAY, Unit.WORKING_HOUR):
            raise InvalidPeriodError(
                f"Bước “{step.name}”: thời gian của bước tính bằng ngày làm việc hoặc giờ làm việc."
            )
        exact = check_amount(step.amount, step_unit)
        per_unit = calendar.day_length_us if step_unit is Unit.WORKING_DAY else US_PER_HOUR
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
