"""The current calendar: built from the database, cached, rebuilt when any process changes it."""

import datetime as dt
import uuid

import pytest

from motcua.core.errors import DomainError
from motcua.deadlines import services
from motcua.deadlines.engine import CalendarOutOfRangeError, InvalidPeriodError
from motcua.deadlines.models import CalendarDay, CalendarSettings, CalendarYear, DayKind
from motcua.deadlines.tests.calendars import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_2023():
    services.forget_cached_calendar()
    services.import_calendar(services.SHIPPED_CALENDAR)
    yield
    services.forget_cached_calendar()


def test_no_known_year_is_a_clear_error():
    services.forget_cached_calendar()
    with pytest.raises(CalendarOutOfRangeError, match="import-calendar"):
        services.current_calendar()


def test_the_calendar_is_cached_between_calls(calendar_2023, django_assert_num_queries):
    first = services.current_calendar()
    with django_assert_num_queries(1):
        assert services.current_calendar() is first


def test_an_edit_through_a_service_is_seen_at_once(calendar_2023):
    assert services.compute_due(vn("2023-10-27 09:32"), 5, "working_day").due_at == (
        vn("2023-11-03 17:00")
    )
    services.save_calendar_day(
        CalendarDay(on=dt.date(2023, 10, 30), kind=DayKind.DAY_OFF, name="Nghỉ đột xuất")
    )
    assert services.compute_due(vn("2023-10-27 09:32"), 5, "working_day").due_at == (
        vn("2023-11-06 17:00")
    )


def test_an_edit_made_by_another_process_is_seen_through_the_revision(calendar_2023):
    stale = services.current_calendar()
    # Another process: rows changed and the revision bumped, this process's cache untouched.
    CalendarDay.objects.create(on=dt.date(2023, 10, 30), kind=DayKind.DAY_OFF, name="Nghỉ")
    CalendarSettings.objects.update(revision=uuid.uuid4())
    fresh = services.current_calendar()
    assert fresh is not stale
    assert not fresh.is_working_day(dt.date(2023, 10, 30))


def test_office_hours_come_from_the_settings(calendar_2023):
    row = CalendarSettings.objects.get()
    row.afternoon_closes_at = dt.time(16, 30)
    services.save_office_hours(row)
    assert services.compute_due(vn("2023-10-27 09:32"), 5, "working_day").due_at == (
        vn("2023-11-03 16:30")
    )


def test_inconsistent_office_hours_are_refused(calendar_2023):
    row = CalendarSettings.objects.get()
    row.morning_closes_at = dt.time(14)
    with pytest.raises(InvalidPeriodError, match="không chồng lên nhau"):
        services.save_office_hours(row)


def test_forgetting_a_year_refuses_its_deadlines(calendar_2023):
    services.delete_calendar_years(CalendarYear.objects.filter(year=2024))
    with pytest.raises(CalendarOutOfRangeError, match="2024"):
        services.compute_due(vn("2023-12-28 09:00"), 5, "working_day")


def test_a_due_date_already_computed_is_never_changed_by_a_later_edit(calendar_2023):
    # ADR 0003: the dossier keeps the due date printed on its receipt.
    printed = services.compute_due(vn("2023-10-27 09:32"), 5, "working_day")
    services.save_calendar_day(
        CalendarDay(on=dt.date(2023, 11, 1), kind=DayKind.DAY_OFF, name="Nghỉ đột xuất")
    )
    assert printed.due_at == vn("2023-11-03 17:00")
    later = services.compute_due(vn("2023-10-27 09:32"), 5, "working_day")
    assert later.due_at == vn("2023-11-06 17:00")


def test_a_hand_entered_makeup_day_must_be_a_weekend(calendar_2023):
    with pytest.raises(DomainError, match="không phải thứ Bảy"):
        services.save_calendar_day(
            CalendarDay(on=dt.date(2023, 11, 1), kind=DayKind.MAKEUP_WORKDAY, name="Làm bù")
        )


def test_a_second_entry_for_the_same_date_is_refused(calendar_2023):
    with pytest.raises(DomainError, match=r"đã tồn tại|already exists"):
        services.save_calendar_day(
            CalendarDay(on=dt.date(2023, 1, 1), kind=DayKind.HOLIDAY, name="Trùng")
        )
