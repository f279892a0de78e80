"""Supplementation pauses: ND 118 restarts the period, QĐ 766 subtracts the pause."""

import datetime as dt

import pytest

from motcua.deadlines.engine import (
    ClockPause,
    DeadlineError,
    InvalidPeriodError,
    Timeliness,
    Unit,
    classify_finished_766,
    classify_open_766,
    compute_due,
    due_subtracting_pauses,
    paused_time,
    restart_due,
)
from motcua.deadlines.tests.calendars import official, vn

WD = Unit.WORKING_DAY
ACCEPTED = vn("2023-10-27 09:32")  # 5 working days → due Fri 03/11/2023 17:00
PAUSE = ClockPause(vn("2023-10-31 10:00"), vn("2023-11-06 14:00"), "Thiếu bản sao CCCD")


def test_nd118_restarts_the_period_from_the_complete_resubmission():
    due = restart_due(official(), ACCEPTED, 5, WD, [PAUSE])
    assert due is not None
    assert due.due_at == vn("2023-11-13 17:00")
    assert "tính lại từ đầu" in due.explanation[0]


def test_nd118_restart_applies_the_acceptance_rules_to_the_resubmission():
    late = ClockPause(vn("2023-10-31 10:00"), vn("2023-11-03 17:45"))
    due = restart_due(official(), ACCEPTED, 5, WD, [late])
    assert due is not None
    assert due.due_at == vn("2023-11-13 17:00")


def test_nd118_has_no_due_date_while_the_pause_is_open():
    assert restart_due(official(), ACCEPTED, 5, WD, [ClockPause(vn("2023-10-31 10:00"))]) is None


def test_nd118_without_pauses_is_the_plain_due_date():
    due = restart_due(official(), ACCEPTED, 5, WD, [])
    assert due == compute_due(official(), ACCEPTED, 5, WD)


def test_nd118_counts_from_the_last_of_several_pauses():
    pauses = [
        ClockPause(vn("2023-10-30 09:00"), vn("2023-10-31 09:00")),
        ClockPause(vn("2023-11-01 09:00"), vn("2023-11-02 09:00")),
    ]
    due = restart_due(official(), ACCEPTED, 5, WD, pauses)
    assert due is not None
    assert due.due_at == vn("2023-11-09 17:00")


def test_paused_office_time_for_working_units():
    # 31/10 from 10:00 (6 h), 01-03/11 (3 × 8 h), 06/11 until 14:00 (5 h).
    assert paused_time(official(), [PAUSE], WD) == dt.timedelta(hours=35)
    assert paused_time(official(), [PAUSE], Unit.WORKING_HOUR) == dt.timedelta(hours=35)


def test_paused_elapsed_time_for_calendar_units():
    assert paused_time(official(), [PAUSE], Unit.DAY) == dt.timedelta(days=6, hours=4)


def test_open_pause_counts_until_the_given_moment():
    open_pause = ClockPause(vn("2023-10-31 10:00"))
    assert paused_time(official(), [open_pause], WD, until=vn("2023-10-31 15:00")) == (
        dt.timedelta(hours=4)
    )
    with pytest.raises(InvalidPeriodError, match="chưa kết thúc"):
        paused_time(official(), [open_pause], WD)


def test_766_moves_the_due_date_by_the_paused_office_time():
    due = compute_due(official(), ACCEPTED, 5, WD).due_at
    # 35 office hours after Fri 03/11 17:00: four full days, then 3 hours on Fri 10/11.
    assert due_subtracting_pauses(official(), due, [PAUSE], WD) == vn("2023-11-10 11:00")


def test_766_moves_calendar_day_due_dates_by_elapsed_time():
    due = vn("2023-11-06 17:00")
    assert due_subtracting_pauses(official(), due, [PAUSE], Unit.DAY) == vn("2023-11-12 21:00")


def test_766_classifies_with_one_pause_subtracted():
    due = vn("2023-11-03 17:00")
    assert classify_finished_766(official(), vn("2023-11-10 10:00"), due, [PAUSE], WD) == (
        Timeliness.ON_TIME
    )
    assert classify_finished_766(official(), vn("2023-11-09 10:00"), due, [PAUSE], WD) == (
        Timeliness.EARLY
    )
    assert classify_finished_766(official(), vn("2023-11-13 08:00"), due, [PAUSE], WD) == (
        Timeliness.OVERDUE
    )


def test_766_counts_more_than_one_supplementation_as_late():
    pauses = [
        ClockPause(vn("2023-10-30 09:00"), vn("2023-10-30 10:00")),
        ClockPause(vn("2023-10-31 09:00"), vn("2023-10-31 10:00")),
    ]
    early = vn("2023-11-01 09:00")
    assert classify_finished_766(official(), early, vn("2023-11-03 17:00"), pauses, WD) == (
        Timeliness.OVERDUE
    )
    assert classify_open_766(official(), early, vn("2023-11-03 17:00"), pauses, WD) == (
        Timeliness.OVERDUE
    )


def test_766_open_dossier_with_an_open_pause_at_period_end():
    pause = ClockPause(vn("2023-11-02 08:00"))
    due = vn("2023-11-03 17:00")
    period_end = vn("2023-11-06 23:59")
    # The clock stopped on 02/11 08:00 and is still stopped: the due date moves past period end.
    assert classify_open_766(official(), period_end, due, [pause], WD) == Timeliness.WITHIN_TIME


@pytest.mark.parametrize(
    "pauses",
    [
        [ClockPause(vn("2023-11-02 10:00"), vn("2023-11-01 10:00"))],
        [
            ClockPause(vn("2023-10-30 09:00"), vn("2023-10-31 10:00")),
            ClockPause(vn("2023-10-31 09:00"), vn("2023-11-01 10:00")),
        ],
        [ClockPause(vn("2023-10-30 09:00")), ClockPause(vn("2023-10-31 09:00"))],
        [ClockPause(dt.datetime(2023, 10, 30, 9), vn("2023-10-31 09:00"))],  # noqa: DTZ001
    ],
    ids=["ends-before-start", "overlapping", "open-then-another", "naive"],
)
def test_inconsistent_pauses_are_refused(pauses):
    with pytest.raises(DeadlineError):
        paused_time(official(), pauses, WD, until=vn("2023-11-30 09:00"))


def test_a_pause_before_acceptance_is_refused():
    with pytest.raises(InvalidPeriodError, match="trước thời điểm tiếp nhận"):
        restart_due(official(), ACCEPTED, 5, WD, [ClockPause(vn("2023-10-26 09:00"), ACCEPTED)])
