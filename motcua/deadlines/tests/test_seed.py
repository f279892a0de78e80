"""Seeding years from the `holidays` package."""

import datetime as dt

import pytest

from motcua.core.errors import DomainError
from motcua.deadlines.models import CalendarDay, CalendarYear, DayKind, Origin
from motcua.deadlines.services import (
    SHIPPED_CALENDAR,
    build_calendar,
    import_calendar,
    seed_from_holidays_package,
)
from motcua.deadlines.tests.calendars import official

pytestmark = pytest.mark.django_db


def test_the_seed_agrees_with_the_official_2019_2024_calendar():
    seed_from_holidays_package(range(2019, 2025))
    seeded = build_calendar()
    day = dt.date(2019, 1, 1)
    while day <= dt.date(2024, 12, 31):
        assert seeded.is_working_day(day) == official().is_working_day(day), day
        day += dt.timedelta(days=1)


def test_the_seed_classifies_days():
    seed_from_holidays_package([2024])
    kinds = dict(CalendarDay.objects.values_list("on", "kind"))
    assert kinds[dt.date(2024, 2, 10)] == DayKind.HOLIDAY
    assert kinds[dt.date(2024, 4, 29)] == DayKind.DAY_OFF
    assert kinds[dt.date(2024, 5, 4)] == DayKind.MAKEUP_WORKDAY
    assert CalendarDay.objects.get(on=dt.date(2024, 5, 4)).name == "Làm bù cho ngày 29/04/2024"
    assert set(CalendarDay.objects.values_list("origin", flat=True)) == {Origin.SEED}
    assert CalendarYear.objects.get(year=2024).source.startswith("holidays ")


def test_the_seed_is_idempotent():
    first = seed_from_holidays_package([2025, 2026])
    second = seed_from_holidays_package([2025, 2026])
    assert first.created > 0
    assert first.years == (2025, 2026)
    assert (second.created, second.years) == (0, ())


def test_the_seed_never_overrides_official_years_or_entries():
    import_calendar(SHIPPED_CALENDAR)
    before = set(CalendarDay.objects.values_list("on", "kind", "name", "origin"))
    result = seed_from_holidays_package(range(2018, 2026))
    assert result.years == (2018, 2025)
    after = set(CalendarDay.objects.values_list("on", "kind", "name", "origin"))
    assert before <= after
    # 31/12/2018 came from the official file and stays as it is.
    assert CalendarDay.objects.get(on=dt.date(2018, 12, 31)).origin == Origin.IMPORT


def test_the_seed_refuses_absurd_years():
    with pytest.raises(DomainError, match="Năm không hợp lệ"):
        seed_from_holidays_package([20250])
