"""The fast engine agrees with the slow day-by-day reference on random calendars and periods."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.deadlines.engine import (
    TZ,
    CalendarOutOfRangeError,
    OfficeHours,
    Unit,
    WorkingCalendar,
    compute_due,
    compute_due_at,
)
from motcua.deadlines.reference import ReferenceCalendar, reference_due_at
from motcua.deadlines.tests.calendars import official, official_entries

FIRST_YEAR = 2030
ZONES = [TZ, dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=9))]


@st.composite
def office_hours(draw: st.DrawFn) -> OfficeHours:
    """One or two office periods on whole minutes (or the default)."""
    if draw(st.booleans()):
        return OfficeHours()
    minutes = sorted(draw(st.sets(st.integers(5 * 60, 20 * 60), min_size=2, max_size=4)))
    if len(minutes) == 3:
        minutes = minutes[:2]
    periods = tuple(
        (dt.time(*divmod(a, 60)), dt.time(*divmod(b, 60)))
        for a, b in zip(minutes[::2], minutes[1::2], strict=True)
    )
    return OfficeHours(periods)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[WorkingCalendar, ReferenceCalendar]:
    """A random calendar over one to three years, sometimes with a gap."""
    count = draw(st.integers(1, 3))
    years = list(range(FIRST_YEAR, FIRST_YEAR + count))
    if count == 3 and draw(st.booleans()):
        years.remove(FIRST_YEAR + 1)
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(FIRST_YEAR + count - 1, 12, 31)
    span = (last - first).days
    offsets = st.integers(0, span + 10).map(lambda n: first + dt.timedelta(days=n))
    days_off = draw(st.sets(offsets, max_size=span // 8))
    makeup = draw(st.sets(offsets.filter(lambda d: d.weekday() >= 5), max_size=10)) - days_off
    hours = draw(office_hours())
    fast = WorkingCalendar(
        days_off=days_off, makeup_workdays=makeup, years=years, office_hours=hours
    )
    slow = ReferenceCalendar(days_off, makeup, frozenset(years), hours)
    return fast, slow


@st.composite
def moments(
    draw: st.DrawFn, first_year: int = FIRST_YEAR, last_year: int = FIRST_YEAR + 2
) -> dt.datetime:
    """Aware moments in the years, and now and then a few days outside them."""
    # Not the smallest or largest value: Hypothesis draws those far more often than the rest.
    if draw(st.integers(0, 9)) != 4:
        low = dt.datetime(first_year, 1, 1)  # noqa: DTZ001
        high = dt.datetime(last_year, 12, 31, 23, 59, 59, 999999)  # noqa: DTZ001
    else:
        low = dt.datetime(first_year - 1, 12, 28)  # noqa: DTZ001
        high = dt.datetime(last_year + 1, 1, 4)  # noqa: DTZ001
    seconds = draw(st.integers(0, int((high - low).total_seconds())))
    micro = draw(st.sampled_from([0, 0, 0, draw(st.integers(0, 999_999))]))
    local = low + dt.timedelta(seconds=seconds, microseconds=micro)
    return local.replace(tzinfo=TZ).astimezone(draw(st.sampled_from(ZONES)))


# Mostly periods that fit in the calendar, sometimes long ones that run out of it.
amounts = {
    Unit.WORKING_DAY: st.one_of(
        st.integers(0, 70),
        st.builds(Fraction, st.integers(0, 140), st.sampled_from([2, 4, 10])),
        st.integers(0, 400),
    ),
    Unit.DAY: st.one_of(st.integers(0, 100), st.integers(0, 800)),
    Unit.MONTH: st.one_of(st.integers(0, 13), st.integers(0, 40)),
    Unit.WORKING_HOUR: st.one_of(
        st.integers(0, 100),
        st.builds(Fraction, st.integers(1, 800), st.sampled_from([2, 4, 60])),
        st.integers(0, 2000),
    ),
}

periods = st.sampled_from(list(Unit)).flatmap(lambda u: st.tuples(st.just(u), amounts[u]))
cutoffs = st.one_of(st.none(), st.times(min_value=dt.time(6), max_value=dt.time(20)))

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=100)


def outcome(function, *args):
    try:
        return function(*args)
    except CalendarOutOfRangeError:
        return "out of range"


@st.composite
def cases(draw: st.DrawFn, unit: Unit | None = None) -> tuple[object, ...]:
    """A calendar pair, an acceptance moment (often exactly on an office boundary), a period."""
    fast, slow = draw(calendars())
    cutoff = draw(cutoffs)
    years = sorted(fast.known_years)
    accepted_at = draw(moments(years[0], years[-1]))
    if draw(st.booleans()):
        edges = [t for period in fast.office_hours.periods for t in period]
        edges += [dt.time(0), dt.time(23, 59, 59, 999999)]
        if cutoff is not None:
            edges.append(cutoff)
        local = accepted_at.astimezone(TZ)
        edge = draw(st.sampled_from(edges))
        nudge = dt.timedelta(microseconds=draw(st.sampled_from([0, 0, -1, 1])))
        accepted_at = dt.datetime.combine(local.date(), edge, tzinfo=TZ) + nudge
    if unit is None:
        unit = draw(st.sampled_from(list(Unit)))
    amount = draw(amounts[unit])
    return fast, slow, accepted_at, unit, amount, cutoff


@pytest.mark.parametrize("unit", list(Unit))
@SETTINGS
@given(data=st.data())
def test_engine_matches_the_day_by_day_reference(unit, data):
    fast, slow, accepted_at, unit, amount, cutoff = data.draw(cases(unit))
    expected = outcome(reference_due_at, slow, accepted_at, amount, unit, cutoff)
    assert outcome(compute_due_at, fast, accepted_at, amount, unit, cutoff) == expected


@SETTINGS
@given(moments(2019, 2024), periods)
def test_engine_matches_the_reference_on_the_official_calendar(accepted_at, period):
    unit, amount = period
    days_off, makeup = official_entries()
    slow = ReferenceCalendar(set(days_off), set(makeup), frozenset(range(2019, 2025)))
    expected = outcome(reference_due_at, slow, accepted_at, amount, unit, None)
    assert outcome(compute_due_at, official(), accepted_at, amount, unit, None) == expected


@FEWER
@given(cases(), st.integers(0, 200), st.integers(0, 200))
def test_more_working_days_never_end_earlier(case, a, b):
    fast, _, accepted_at, *_ = case
    low, high = sorted((a, b))
    first = outcome(compute_due_at, fast, accepted_at, low, Unit.WORKING_DAY)
    second = outcome(compute_due_at, fast, accepted_at, high, Unit.WORKING_DAY)
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime):
        assert first <= second
        assert (first == second) == (low == high)


@FEWER
@given(cases())
def test_due_dates_fall_on_working_days_after_acceptance(case):
    fast, _, accepted_at, unit, amount, cutoff = case
    result = outcome(compute_due, fast, accepted_at, amount, unit, cutoff)
    if result == "out of range" or (unit is Unit.WORKING_HOUR and amount == 0):
        return
    assert result.due_at >= accepted_at
    assert fast.is_working_day(result.due_at.date())
    assert result.explanation


@FEWER
@given(cases())
def test_the_explained_and_the_bulk_paths_agree(case):
    fast, _, accepted_at, unit, amount, cutoff = case
    explained = outcome(compute_due, fast, accepted_at, amount, unit, cutoff)
    bulk = outcome(compute_due_at, fast, accepted_at, amount, unit, cutoff)
    assert (explained if explained == "out of range" else explained.due_at) == bulk
