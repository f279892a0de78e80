"""Early / on time / overdue / within time (CONTRACT §3)."""

import datetime as dt

import pytest

from motcua.deadlines.engine import (
    NaiveDatetimeError,
    Timeliness,
    classify_finished,
    classify_open,
    working_days_between,
)
from motcua.deadlines.tests.calendars import official, vn

DUE = vn("2023-11-03 17:00")


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        ("2023-11-02 16:00", Timeliness.EARLY),
        ("2023-11-03 08:00", Timeliness.ON_TIME),
        ("2023-11-03 23:00", Timeliness.ON_TIME),  # compared by calendar date
        ("2023-11-04 00:00", Timeliness.OVERDUE),
        ("2023-11-06 08:00", Timeliness.OVERDUE),
    ],
)
def test_finished_dossiers_are_compared_by_date(finished, expected):
    assert classify_finished(vn(finished), DUE) == expected


def test_finished_dates_are_taken_in_vietnam_time():
    # 18:30 UTC on 03/11 is 01:30 on 04/11 in Hà Nội.
    assert classify_finished(dt.datetime(2023, 11, 3, 18, 30, tzinfo=dt.UTC), DUE) == (
        Timeliness.OVERDUE
    )
    assert classify_finished(dt.datetime(2023, 11, 3, 16, 59, tzinfo=dt.UTC), DUE) == (
        Timeliness.ON_TIME
    )


def test_open_dossiers_are_within_time_until_the_due_moment():
    assert classify_open(vn("2023-11-03 17:00"), DUE) == Timeliness.WITHIN_TIME
    assert classify_open(vn("2023-11-03 17:00:01"), DUE) == Timeliness.OVERDUE


def test_classification_refuses_naive_datetimes():
    with pytest.raises(NaiveDatetimeError):
        classify_finished(dt.datetime(2023, 11, 3, 9), DUE)  # noqa: DTZ001


def test_working_days_between_two_moments():
    assert working_days_between(official(), vn("2023-10-27 09:32"), vn("2023-11-03 10:00")) == 5
    assert working_days_between(official(), vn("2024-02-07 09:00"), vn("2024-02-16 09:00")) == 2
    assert working_days_between(official(), vn("2024-02-16 09:00"), vn("2024-02-07 09:00")) == 0
