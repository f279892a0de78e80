"""The dossier's dates from the deadline engine: due date, transfer time, supplement window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from motcua.catalog.models import Channel, TimeUnit
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import Unit, to_local

# ND 118 Art. 18.2: a paper dossier goes to the competent agency the same working day, or at the
# start of the next working day when it was received after 15:00.
PAPER_TRANSFER_CUTOFF: Final = dt.time(15, 0)
# ND 118 Art. 18: supplementation is asked within 3 working days of receipt, and the desk closes
# the dossier 15 days after an unanswered request.
SUPPLEMENT_REQUEST_WINDOW_WORKING_DAYS: Final = 3
SUPPLEMENT_ANSWER_DAYS: Final = 15

_COMPUTABLE: Final = frozenset(unit.value for unit in Unit)


@dataclass(frozen=True)
class DueDate:
    """A due date (None when it must be set by hand) with its explanation."""

    due_at: dt.datetime | None
    explanation: tuple[str, ...]

    @property
    def is_manual(self) -> bool:
        """Whether the officer must set the appointment date."""
        return self.due_at is None


def due_date(
    accepted_at: dt.datetime,
    amount: Decimal | None,
    unit: str,
    cutoff: dt.time | None = None,
) -> DueDate:
    """The appointment date of a dossier accepted at `accepted_at`; manual when not computable."""
    if amount is None or unit not in _COMPUTABLE:
        label = TimeUnit(unit).label if unit in TimeUnit.values else "không rõ"
        return DueDate(
            None,
            (
                f"Thời hạn của thủ tục không tính tự động được (đơn vị: {label}); "
                "cán bộ cần đặt ngày hẹn trả kết quả.",
            ),
        )
    due = deadline_services.compute_due(accepted_at, amount, unit, cutoff)
    return DueDate(due.due_at, tuple(due.explanation))


def transfer_due_at(received_at: dt.datetime, channel: str) -> dt.datetime:
    """When the dossier must reach the competent agency (ND 118 Art. 18.2).

    E-dossiers go at once; paper ones the same working day before the cut-off, else by the end of
    the next working morning.
    """
    if channel == Channel.ONLINE:
        return received_at
    calendar = deadline_services.current_calendar()
    local = to_local(received_at)
    day = local.date()
    hours = calendar.office_hours
    if calendar.is_working_day(day) and local.time() <= PAPER_TRANSFER_CUTOFF:
        return dt.datetime.combine(day, hours.closes_at, tzinfo=local.tzinfo)
    next_day = (
        calendar.add_working_days(day, 1)
        if calendar.is_working_day(day)
        else calendar.working_day_on_or_after(day)
    )
    morning_ends = hours.periods[0][1]
    return dt.datetime.combine(next_day, morning_ends, tzinfo=local.tzinfo)


def supplement_request_deadline(received_at: dt.datetime) -> dt.datetime:
    """The last moment the competent agency may ask for supplementation."""
    due = deadline_services.compute_due(
        received_at, SUPPLEMENT_REQUEST_WINDOW_WORKING_DAYS, Unit.WORKING_DAY.value, None
    )
    return due.due_at


def supplement_expires_at(requested_at: dt.datetime) -> dt.datetime:
    """When an unanswered supplement request closes the dossier (15 calendar days later)."""
    return requested_at + dt.timedelta(days=SUPPLEMENT_ANSWER_DAYS)
