"""Fixtures of the notification tests: a desk, a department, officers, a calendar, an SMS log."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import deque
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.deadlines import services as deadline_services
from motcua.deadlines.calendars import WorkingCalendar
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.notifications.sms import LoggedSms, LoggingBackend

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Weekends off only: enough to tell one working day from three.
CALENDAR = WorkingCalendar(days_off=(), years=range(2019, 2031))


@pytest.fixture(autouse=True)
def calendar(monkeypatch: pytest.MonkeyPatch) -> WorkingCalendar:
    monkeypatch.setattr(deadline_services, "current_calendar", lambda: CALENDAR)
    return CALENDAR


@pytest.fixture(autouse=True)
def message_templates(request: pytest.FixtureRequest) -> None:
    """The seeded templates: a transactional test elsewhere in the session flushes them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    seeding = importlib.import_module("motcua.notifications.migrations.0003_seed_message_templates")
    seeding.seed(django_apps, None)


@pytest.fixture(autouse=True)
def sms_log() -> Iterator[deque[LoggedSms]]:
    """What the logging SMS backend "sent" during the test."""
    LoggingBackend.sent.clear()
    yield LoggingBackend.sent
    LoggingBackend.sent.clear()


@pytest.fixture
def centre():
    return AgencyFactory(code="000.00.17.H56", centre=True)


@pytest.fixture
def department():
    return AgencyFactory(code="000.00.12.H56", name="Sở Tư pháp")


@pytest.fixture
def desk_officer(centre):
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])


@pytest.fixture
def specialist(department):
    return OfficerFactory(agency=department, roles=[Role.SPECIALIST, Role.HEAD_OF_UNIT])


@pytest.fixture
def dossier(centre, department):
    """A dossier in processing at the department, due in a week; applicant has e-mail and phone."""
    return DossierFactory(
        status=Status.IN_PROGRESS,
        receiving_agency=centre,
        competent_agency=department,
        applicant_email="an.nguyen@example.vn",
        applicant_phone="0912345678",
        due_at=dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN),
    )
