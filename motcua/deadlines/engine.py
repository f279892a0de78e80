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

Modules: `units` (value types, errors, formatting), `calendars` (`WorkingCalendar`), `periods`
(due dates per unit), `clock` (pauses, extension, steps, timeliness). Import from here.
"""

from __future__ import annotations

from motcua.deadlines.calendars import WorkingCalendar
from motcua.deadlines.clock import (
    classify_finished,
    classify_finished_766,
    classify_open,
    classify_open_766,
    due_subtracting_pauses,
    extend_due,
    paused_time,
    restart_due,
    step_deadlines,
    working_days_between,
    working_time_between,
)
from motcua.deadlines.periods import compute_due, compute_due_at
from motcua.deadlines.units import (
    DEFAULT_OFFICE_HOURS,
    MAX_AMOUNT,
    TZ,
    WEEKDAY_NAMES,
    Amount,
    CalendarOutOfRangeError,
    ClockPause,
    DeadlineError,
    Due,
    ExtensionNotAllowedError,
    InvalidPeriodError,
    NaiveDatetimeError,
    OfficeHours,
    Step,
    StepDue,
    Timeliness,
    Unit,
    format_amount,
    format_day,
    format_moment,
    to_local,
)

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "MAX_AMOUNT",
    "TZ",
    "WEEKDAY_NAMES",
    "Amount",
    "CalendarOutOfRangeError",
    "ClockPause",
    "DeadlineError",
    "Due",
    "ExtensionNotAllowedError",
    "InvalidPeriodError",
    "NaiveDatetimeError",
    "OfficeHours",
    "Step",
    "StepDue",
    "Timeliness",
    "Unit",
    "WorkingCalendar",
    "classify_finished",
    "classify_finished_766",
    "classify_open",
    "classify_open_766",
    "compute_due",
    "compute_due_at",
    "due_subtracting_pauses",
    "extend_due",
    "format_amount",
    "format_day",
    "format_moment",
    "paused_time",
    "restart_due",
    "step_deadlines",
    "to_local",
    "working_days_between",
    "working_time_between",
]
