import datetime as dt
from decimal import Decimal

from motcua.deadlines.engine import OfficeHours, Unit, compute_due, working_time_between
from motcua.deadlines.tests.calendars import official, vn

WH = Unit.WORKING_HOUR


def due(at: str, amount, cutoff=None, calendar=None) -> str:
    return compute_due(calendar or official(), vn(at), amount, WH, cutoff).due_at.isoformat()


def test_hours_inside_one_morning():
    assert due("2023-10-27 08:15", 2) == "2023-10-27T10:15:00+07:00"


def test_hours_skip_the_lunch_break():
    assert due("2023-10-27 09:32", 4) == "2023-10-27T14:32:00+07:00"


def test_hours_continue_on_the_next_working_day():
    assert due("2023-10-27 09:32", 8) == "2023-10-30T09:32:00+07:00"


def test_hours_that_end_exactly_at_a_break_end_before_it():
    assert due("2023-10-27 08:00", 4) == "2023-10-27T12:00:00+07:00"
    assert due("2023-10-27 08:00", 8) == "2023-10-27T17:00:00+07:00"


def test_after_hours_acceptance_starts_at_the_next_opening():
    assert due("2023-10-27 18:32", 8) == "2023-10-30T17:00:00+07:00"
    assert due("2023-10-27 17:00", 1) == "2023-10-30T09:00:00+07:00"
    assert due("2023-10-27 06:00", 1) == "2023-10-27T09:00:00+07:00"


def test_lunch_acceptance_starts_at_the_afternoon_opening():
    assert due("2023-10-27 12:15", 1) == "2023-10-27T14:00:00+07:00"


def test_weekend_acceptance_starts_on_monday():
    assert due("2023-10-28 10:00", 8) == "2023-10-30T17:00:00+07:00"


def test_hours_skip_tet():
    assert due("2023-01-19 16:00", 2) == "2023-01-27T09:00:00+07:00"


def test_hours_on_a_makeup_saturday_count():
    assert due("2024-05-03 16:00", 2) == "2024-05-04T09:00:00+07:00"


def test_fractional_hours_and_seconds_are_kept():
    assert due("2023-10-27 09:32", Decimal("0.5")) == "2023-10-27T10:02:00+07:00"
    exact = compute_due(official(), vn("2023-10-27 09:32:17.250000"), 1, WH).due_at
    assert exact == vn("2023-10-27 10:32:17.250000")


def test_online_dossier_answer_within_eight_working_hours():
    # ND 118 Art. 17.2: acceptance or correction request within 8 working hours.
    assert due("2024-02-07 15:00", 8) == "2024-02-15T15:00:00+07:00"


def test_cutoff_moves_the_start_to_the_next_working_day():
    assert due("2023-10-27 15:30", 2, cutoff=dt.time(15)) == "2023-10-30T10:00:00+07:00"
    assert due("2023-10-27 14:30", 2, cutoff=dt.time(15)) == "2023-10-27T16:30:00+07:00"
    assert due("2023-10-27 15:00", 1, cutoff=dt.time(15)) == "2023-10-27T16:00:00+07:00"


def test_zero_hours_is_due_at_acceptance():
    assert due("2023-10-28 10:00", 0) == "2023-10-28T10:00:00+07:00"


def test_single_period_office_hours():
    hours = OfficeHours(((dt.time(7), dt.time(15)),))
    assert due("2023-10-27 14:00", 2, calendar=official(hours)) == "2023-10-30T08:00:00+07:00"


def test_working_time_between_two_moments():
    span = working_time_between(official(), vn("2023-10-27 09:32"), vn("2023-10-30 09:32"))
    assert span == dt.timedelta(hours=8)
    assert working_time_between(official(), vn("2023-10-30 09:32"), vn("2023-10-27 09:32")) == (
        dt.timedelta()
    )
