import datetime as dt
from decimal import Decimal

import pytest

from motcua.core.errors import ErrorCode
from motcua.deadlines.engine import (
    CalendarOutOfRangeError,
    InvalidPeriodError,
    NaiveDatetimeError,
    Unit,
    WorkingCalendar,
    compute_due,
    compute_due_at,
)
from motcua.deadlines.tests.calendars import official, vn

WD = Unit.WORKING_DAY


def due(at: str, amount, unit=WD, cutoff=None) -> str:
    return compute_due(official(), vn(at), amount, unit, cutoff).due_at.isoformat()


def test_contract_example_friday_plus_five_working_days():
    assert due("2023-10-27 09:32", 5) == "2023-11-03T17:00:00+07:00"


def test_tet_2023_is_skipped():
    # Tết Quý Mão: Fri 20/01 to Thu 26/01/2023 off (five holidays and two compensatory days).
    assert due("2023-01-19 10:00", 1) == "2023-01-27T17:00:00+07:00"
    assert due("2023-01-19 10:00", 3) == "2023-01-31T17:00:00+07:00"


def test_tet_2024_is_skipped():
    # Tết Giáp Thìn: Thu 08/02 to Wed 14/02/2024 off.
    assert due("2024-02-07 14:00", 1) == "2024-02-15T17:00:00+07:00"
    assert due("2024-02-07 14:00", 5) == "2024-02-21T17:00:00+07:00"


def test_acceptance_during_tet_counts_from_the_first_working_day_after_it():
    assert due("2024-02-12 09:00", 1) == "2024-02-16T17:00:00+07:00"


def test_2024_swap_skips_monday_29_april_and_counts_saturday_4_may():
    # Mon 29/04 off in exchange for Sat 04/05/2024, then 30/04 and 01/05 holidays.
    assert due("2024-04-26 10:00", 2) == "2024-05-03T17:00:00+07:00"
    assert due("2024-04-26 10:00", 3) == "2024-05-04T17:00:00+07:00"
    assert due("2024-04-26 10:00", 4) == "2024-05-06T17:00:00+07:00"


def test_acceptance_on_a_makeup_saturday_counts_that_day():
    assert due("2024-05-04 09:00", 1) == "2024-05-06T17:00:00+07:00"


def test_period_crossing_year_end():
    # 01/01/2024 (Monday) is a holiday.
    assert due("2023-12-28 10:00", 3) == "2024-01-03T17:00:00+07:00"
    # 02/01/2023 (Monday) is the compensatory day for 01/01/2023 (Sunday).
    assert due("2022-12-30 10:00", 2) == "2023-01-04T17:00:00+07:00"


def test_weekend_acceptance_counts_from_monday():
    assert due("2023-10-28 09:32", 5) == "2023-11-06T17:00:00+07:00"
    assert due("2023-10-29 23:59", 5) == "2023-11-06T17:00:00+07:00"


def test_after_hours_acceptance_counts_from_the_next_working_day():
    assert due("2023-10-27 17:30", 5) == "2023-11-06T17:00:00+07:00"
    # Friday evening after Tết starts: next working day is after the break.
    assert due("2023-01-19 18:00", 1) == "2023-01-30T17:00:00+07:00"


def test_acceptance_at_close_before_opening_or_at_lunch_counts_that_day():
    for moment in ("2023-10-27 17:00", "2023-10-27 06:45", "2023-10-27 12:30"):
        assert due(moment, 5) == "2023-11-03T17:00:00+07:00"


def test_procedure_cutoff_moves_late_afternoon_acceptance_to_the_next_day():
    assert due("2023-10-27 15:00", 5, cutoff=dt.time(15)) == "2023-11-03T17:00:00+07:00"
    assert due("2023-10-27 15:01", 5, cutoff=dt.time(15)) == "2023-11-06T17:00:00+07:00"


def test_zero_working_days_is_due_at_the_end_of_day_d():
    assert due("2023-10-27 09:32", 0) == "2023-10-27T17:00:00+07:00"
    assert due("2023-10-28 09:32", 0) == "2023-10-30T17:00:00+07:00"


def test_amount_types_are_accepted_alike():
    for amount in (5, Decimal("5"), Decimal("5.00"), 5.0):
        assert due("2023-10-27 09:32", amount) == "2023-11-03T17:00:00+07:00"
    assert due("2023-10-27 09:32", 5, unit="working_day") == "2023-11-03T17:00:00+07:00"


def test_other_time_zones_are_converted_to_vietnam_time():
    utc = dt.datetime(2023, 10, 27, 2, 32, tzinfo=dt.UTC)  # 09:32 in Hà Nội
    assert compute_due_at(official(), utc, 5, WD).isoformat() == "2023-11-03T17:00:00+07:00"
    late = dt.datetime(2023, 10, 27, 10, 30, tzinfo=dt.UTC)  # 17:30 in Hà Nội
    assert compute_due_at(official(), late, 5, WD).isoformat() == "2023-11-06T17:00:00+07:00"


def test_due_at_is_aware_in_vietnam_time():
    result = compute_due(official(), vn("2023-10-27 09:32"), 5, WD).due_at
    assert result.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("at", "amount"),
    [
        ("2025-01-02 09:00", 1),  # year not in the calendar
        ("2024-12-27 09:00", 5),  # the period runs into 2025
        ("2018-12-28 09:00", 1),  # the acceptance year is unknown
    ],
)
def test_dates_outside_the_known_years_are_refused(at, amount):
    with pytest.raises(CalendarOutOfRangeError) as error:
        due(at, amount)
    assert error.value.code == ErrorCode.CALENDAR_OUT_OF_RANGE
    assert "chưa có năm" in error.value.message


def test_a_gap_between_known_years_is_refused():
    calendar = WorkingCalendar(days_off=(), years=[2023, 2025])
    with pytest.raises(CalendarOutOfRangeError, match="2024"):
        compute_due(calendar, vn("2023-12-20 09:00"), 20, WD)
    assert compute_due_at(calendar, vn("2023-12-20 09:00"), 5, WD).date() == dt.date(2023, 12, 27)


def test_a_calendar_without_years_is_refused():
    with pytest.raises(CalendarOutOfRangeError):
        WorkingCalendar(days_off=(), years=[])


@pytest.mark.parametrize("amount", [-1, Decimal("-0.5"), 1301, True, "5", None, float("nan")])
def test_negative_absurd_or_non_numeric_periods_are_refused(amount):
    with pytest.raises(InvalidPeriodError) as error:
        due("2023-10-27 09:32", amount)
    assert error.value.code == ErrorCode.INVALID_PERIOD


def test_unknown_units_are_refused():
    with pytest.raises(InvalidPeriodError, match="other"):
        due("2023-10-27 09:32", 5, unit="other")


def test_naive_datetimes_are_refused():
    with pytest.raises(NaiveDatetimeError) as error:
        compute_due(official(), dt.datetime(2023, 10, 27, 9, 32), 5, WD)  # noqa: DTZ001
    assert error.value.code == ErrorCode.NAIVE_DATETIME
    assert "múi giờ" in error.value.message
