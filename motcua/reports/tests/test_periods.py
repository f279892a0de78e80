"""Report periods: the tally buckets cover each day once; official periods cut off on the 14th."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.reports.periods import (
    EPOCH,
    Period,
    ReportPeriodError,
    buckets,
    month_end,
    official_period,
)

DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2031, 12, 31))


def covered_days(first: dt.date, last: dt.date) -> Counter[dt.date]:
    covered: Counter[dt.date] = Counter()
    parts = buckets(first, last)
    if parts.months is not None:
        month = parts.months[0]
        while month <= parts.months[1]:
            day = month
            while day <= month_end(month):
                covered[day] += 1
                day += dt.timedelta(days=1)
            month = month_end(month) + dt.timedelta(days=1)
    for start, end in parts.day_ranges:
        day = start
        while day <= end:
            covered[day] += 1
            day += dt.timedelta(days=1)
    return covered


@given(DAYS, DAYS)
def test_buckets_cover_every_day_of_the_range_exactly_once(a, b):
    first, last = min(a, b), max(a, b)
    covered = covered_days(first, last)
    assert set(covered) == {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
    assert set(covered.values()) == {1}
    parts = buckets(first, last)
    assert len(parts.day_ranges) <= 2
    assert sum((end - start).days + 1 for start, end in parts.day_ranges) <= 60


def test_a_cumulative_range_reads_months_and_at_most_a_month_of_days():
    parts = buckets(EPOCH, dt.date(2025, 3, 14))
    assert parts.months == (EPOCH, dt.date(2025, 2, 1))
    assert parts.day_ranges == ((dt.date(2025, 3, 1), dt.date(2025, 3, 14)),)
    assert buckets(dt.date(2025, 3, 2), dt.date(2025, 3, 1)).months is None


@pytest.mark.parametrize(
    ("kind", "number", "first", "last"),
    [
        ("month", 1, dt.date(2024, 12, 15), dt.date(2025, 1, 14)),
        ("month", 3, dt.date(2025, 2, 15), dt.date(2025, 3, 14)),
        ("quarter", 1, dt.date(2024, 12, 15), dt.date(2025, 3, 14)),
        ("quarter", 3, dt.date(2025, 6, 15), dt.date(2025, 9, 14)),
        ("half_year", 1, dt.date(2024, 12, 15), dt.date(2025, 6, 14)),
        ("nine_months", 1, dt.date(2024, 12, 15), dt.date(2025, 9, 14)),
        ("year", 1, dt.date(2024, 12, 15), dt.date(2025, 12, 14)),
    ],
)
def test_official_periods_cut_off_on_the_14th(kind, number, first, last):
    assert official_period(kind, 2025, number) == Period(first, last)


def test_bad_periods_are_refused():
    with pytest.raises(ReportPeriodError, match="Kỳ số 13"):
        official_period("month", 2025, 13)
    with pytest.raises(ReportPeriodError, match="Loại kỳ"):
        official_period("week", 2025)
    with pytest.raises(ReportPeriodError, match="1976"):
        Period(dt.date(1970, 1, 1), dt.date(1970, 1, 2))
