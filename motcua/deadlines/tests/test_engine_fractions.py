"""Fractions of a working day are that share of the office time, counted after the whole days."""

import datetime as dt
from decimal import Decimal

from motcua.deadlines.engine import OfficeHours, Unit, compute_due
from motcua.deadlines.tests.calendars import official, vn

WD = Unit.WORKING_DAY


def due(at: str, amount, calendar=None) -> str:
    return compute_due(calendar or official(), vn(at), amount, WD).due_at.isoformat()


def test_half_a_working_day_ends_at_noon_of_the_next_working_day():
    assert due("2023-10-27 09:32", Decimal("0.5")) == "2023-10-30T12:00:00+07:00"
    assert due("2023-10-27 16:59", 0.5) == "2023-10-30T12:00:00+07:00"


def test_half_a_working_day_after_hours_or_on_a_weekend_starts_a_day_later():
    assert due("2023-10-27 17:30", Decimal("0.5")) == "2023-10-31T12:00:00+07:00"
    assert due("2023-10-28 09:00", Decimal("0.5")) == "2023-10-31T12:00:00+07:00"


def test_fractions_add_to_the_whole_days():
    assert due("2023-10-27 09:32", Decimal("1.5")) == "2023-10-31T12:00:00+07:00"
    assert due("2023-10-27 09:32", Decimal("3.5")) == "2023-11-02T12:00:00+07:00"
    assert due("2023-10-27 09:32", Decimal("0.25")) == "2023-10-30T10:00:00+07:00"
    assert due("2023-10-27 09:32", Decimal("0.75")) == "2023-10-30T15:00:00+07:00"


def test_a_fraction_is_never_later_than_the_next_whole_day():
    one = due("2023-10-27 09:32", 1)
    assert due("2023-10-27 09:32", Decimal("0.5")) < one
    assert due("2023-10-27 09:32", Decimal("0.99")) <= one


def test_fraction_crossing_tet_skips_the_break():
    assert due("2024-02-07 10:00", Decimal("0.5")) == "2024-02-15T12:00:00+07:00"


def test_fraction_follows_the_configured_office_hours():
    hours = OfficeHours(((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17))))
    # 0.5 of 7.5 hours = 3 h 45 min from 07:30.
    assert due("2023-10-27 09:32", Decimal("0.5"), official(hours)) == "2023-10-30T11:15:00+07:00"
