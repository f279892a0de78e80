"""Fixtures of the dossier tests: a desk, a department, their officers, a procedure, a clock."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.catalog.models import Channel, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    ProcedureFactory,
)
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import WorkingCalendar
from motcua.dossiers.services import ApplicantData, ComponentInput
from motcua.dossiers.services.intake import forget_catalogues

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR_CSV = Path(__file__).resolve().parents[2] / "deadlines/data/holidays_vn_2019_2024.csv"


def _calendar() -> WorkingCalendar:
    days_off: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    with CALENDAR_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = dt.date.fromisoformat(row["date"])
            (makeup if row["kind"] == "makeup_workday" else days_off)[day] = row["name"]
    return WorkingCalendar(days_off=days_off, makeup_workdays=makeup, years=range(2019, 2031))


CALENDAR = _calendar()


@pytest.fixture(autouse=True)
def _fresh_catalogues() -> None:
    """Version catalogues are cached per process; ids are reused between tests on SQLite."""
    forget_catalogues()


@pytest.fixture(autouse=True)
def calendar(monkeypatch: pytest.MonkeyPatch) -> WorkingCalendar:
    """The official 2019–2024 days off (later years: weekends only), without the database."""
    monkeypatch.setattr(deadline_services, "current_calendar", lambda: CALENDAR)
    return CALENDAR


class Clock:
    """A settable `timezone.now()`."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def set(self, value: dt.datetime) -> None:
        self.now = value

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Freeze time at Fri 27/10/2023 09:32 +07:00 (the DOMAIN §6 example); tests move it."""
    fake = Clock(dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN))
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


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
def procedure(centre, department):
    """5 working days at the counter, 3 online; two required papers and an optional one."""
    procedure = ProcedureFactory(code="1.001776", competent_agency=department)
    procedure.receiving_agencies.add(centre)
    version = procedure.current_version
    ExecutionMethodFactory(
        version=version,
        channel=Channel.DIRECT,
        processing_time=decimal.Decimal(5),
        time_unit=TimeUnit.WORKING_DAY,
    )
    ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        processing_time=decimal.Decimal(3),
        time_unit=TimeUnit.WORKING_DAY,
        position=1,
    )
    component_set = ComponentSetFactory(version=version)
    ComponentFactory(component_set=component_set, name="Tờ khai", position=0)
    ComponentFactory(component_set=component_set, name="Bản sao giấy khai sinh", position=1)
    ComponentFactory(
        component_set=component_set, name="Giấy ủy quyền", position=2, is_required=False
    )
    return procedure


@pytest.fixture
def components(procedure) -> Callable[..., list[ComponentInput]]:
    """Checklist input: every paper given, or all but the named ones."""

    def build(
        *, without: tuple[str, ...] = (), reused: tuple[str, ...] = ()
    ) -> list[ComponentInput]:
        sets = procedure.current_version.component_sets.all()
        return [
            ComponentInput(component_id=c.pk, is_reused=c.name in reused)
            for s in sets
            for c in s.components.all()
            if c.name not in without
        ]

    return build


@pytest.fixture
def applicant() -> ApplicantData:
    return ApplicantData(
        name="Nguyễn Văn An",
        id_no="038090001234",
        phone="0912 345 678",
        email="an.nguyen@example.vn",
        address="Số 5 Trần Phú, phường Hạc Thành, tỉnh Thanh Hóa",
    )
