"""Admin pages of the calendar, in Vietnamese, going through the services."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.deadlines import services
from motcua.deadlines.models import CalendarDay, CalendarSettings, Origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    services.import_calendar(services.SHIPPED_CALENDAR)


def test_the_list_filters_by_year(admin_client, calendar):
    page = admin_client.get(reverse("admin:deadlines_calendarday_changelist"), {"year": "2023"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tết Nguyên Đán (mùng 2)" in text
    assert "Thứ Hai" in text
    assert "2024" in text  # offered as another year to filter on
    assert "Làm bù cho ngày 29/4/2024" not in text


def test_adding_a_day_bumps_the_revision(admin_client, calendar):
    revision = CalendarSettings.objects.get().revision
    page = admin_client.post(
        reverse("admin:deadlines_calendarday_add"),
        {"on": "2023-11-20", "kind": "day_off", "name": "Nghỉ địa phương", "source": "QĐ 1/UBND"},
    )
    assert page.status_code == 302
    day = CalendarDay.objects.get(on=dt.date(2023, 11, 20))
    assert day.origin == Origin.MANUAL
    assert CalendarSettings.objects.get().revision != revision


def test_a_makeup_day_on_a_weekday_is_refused_on_the_form(admin_client, calendar):
    page = admin_client.post(
        reverse("admin:deadlines_calendarday_add"),
        {"on": "2023-11-22", "kind": "makeup_workday", "name": "Làm bù"},
    )
    assert page.status_code == 200
    assert "không phải thứ Bảy hoặc Chủ nhật" in page.content.decode()
    assert not CalendarDay.objects.filter(on=dt.date(2023, 11, 22)).exists()


def test_overlapping_office_hours_are_refused_on_the_form(admin_client, calendar):
    url = reverse("admin:deadlines_calendarsettings_change", args=[1])
    page = admin_client.post(
        url,
        {
            "morning_opens_at": "08:00",
            "morning_closes_at": "14:00",
            "afternoon_opens_at": "13:00",
            "afternoon_closes_at": "17:00",
        },
    )
    assert page.status_code == 200
    assert "không chồng lên nhau" in page.content.decode()
    assert CalendarSettings.objects.get().morning_closes_at == dt.time(12)


def test_deleting_days_from_the_list_bumps_the_revision(admin_client, calendar):
    revision = CalendarSettings.objects.get().revision
    ids = list(CalendarDay.objects.filter(on__year=2019).values_list("pk", flat=True))
    page = admin_client.post(
        reverse("admin:deadlines_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert page.status_code == 302
    assert not CalendarDay.objects.filter(on__year=2019).exists()
    assert CalendarSettings.objects.get().revision != revision


def test_office_hours_page_edits_the_single_row(admin_client, calendar):
    url = reverse("admin:deadlines_calendarsettings_change", args=[1])
    page = admin_client.post(
        url,
        {
            "morning_opens_at": "07:30",
            "morning_closes_at": "11:30",
            "afternoon_opens_at": "13:30",
            "afternoon_closes_at": "17:00",
        },
    )
    assert page.status_code == 302
    assert CalendarSettings.objects.get().morning_opens_at == dt.time(7, 30)
    assert admin_client.get(reverse("admin:deadlines_calendarsettings_add")).status_code == 403
