"""Calendars and datetimes for the deadline tests."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from motcua.deadlines.engine import TZ, OfficeHours, WorkingCalendar

# The shipped official file (services.SHIPPED_CALENDAR), located without importing Django.
SHIPPED_CALENDAR = Path(__file__).resolve().parents[1] / "data" / "holidays_vn_2019_2024.csv"


@cache
def official_entries() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """Days off and make-up days of the shipped official 2019-2024 file."""
    days_off: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    with SHIPPED_CALENDAR.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = makeup if row["kind"] == "makeup_workday" else days_off
            target[dt.date.fromisoformat(row["date"])] = row["name"]
    return days_off, makeup


def official(office_hours: OfficeHours | None = None) -> WorkingCalendar:
    """The official 2019-2024 calendar, built without the database."""
    days_off, makeup = official_entries()
    if office_hours is None:
        return _official_default()
    return WorkingCalendar(
        days_off=days_off,
        makeup_workdays=makeup,
        years=range(2019, 2025),
        office_hours=office_hours,
    )


@cache
def _official_default() -> WorkingCalendar:
    days_off, makeup = official_entries()
    return WorkingCalendar(days_off=days_off, makeup_workdays=makeup, years=range(2019, 2025))


def vn(text: str) -> dt.datetime:
    """'2023-10-27 09:32' as an aware datetime in Asia/Ho_Chi_Minh."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)
