import pytest

from motcua.deadlines.engine import InvalidPeriodError, Unit, compute_due
from motcua.deadlines.tests.calendars import official, vn


def due(at: str, amount, unit) -> str:
    return compute_due(official(), vn(at), amount, unit).due_at.isoformat()


def test_calendar_days_count_every_day():
    assert due("2023-10-27 09:32", 10, Unit.DAY) == "2023-11-06T17:00:00+07:00"


def test_calendar_days_ending_on_a_weekend_move_to_monday():
    assert due("2023-10-27 09:32", 15, Unit.DAY) == "2023-11-13T17:00:00+07:00"


def test_calendar_days_ending_in_tet_move_past_it():
    assert due("2023-01-10 09:00", 10, Unit.DAY) == "2023-01-27T17:00:00+07:00"


def test_calendar_days_start_from_day_d():
    # Accepted on Saturday: day D is Monday 30/10.
    assert due("2023-10-28 09:00", 10, Unit.DAY) == "2023-11-09T17:00:00+07:00"
    assert due("2023-10-27 17:30", 10, Unit.DAY) == "2023-11-09T17:00:00+07:00"


def test_months_keep_the_day_number():
    assert due("2023-11-30 09:00", 2, Unit.MONTH) == "2024-01-30T17:00:00+07:00"


def test_months_clamp_to_the_last_day_of_a_shorter_month():
    assert due("2024-01-31 09:00", 1, Unit.MONTH) == "2024-02-29T17:00:00+07:00"
    assert due("2023-01-31 09:00", 1, Unit.MONTH) == "2023-02-28T17:00:00+07:00"


def test_months_ending_on_a_holiday_move_to_the_next_working_day():
    # 02/09 and 03/09/2024 are National Day holidays.
    assert due("2024-08-02 09:00", 1, Unit.MONTH) == "2024-09-04T17:00:00+07:00"


@pytest.mark.parametrize("unit", [Unit.DAY, Unit.MONTH])
def test_fractional_calendar_days_or_months_are_refused(unit):
    with pytest.raises(InvalidPeriodError, match="số nguyên"):
        due("2023-10-27 09:32", 1.5, unit)


def test_absurd_months_are_refused():
    with pytest.raises(InvalidPeriodError, match="tối đa"):
        due("2023-10-27 09:32", 61, Unit.MONTH)
