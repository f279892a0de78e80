"""Fixtures for tests that take a dossier through the counter: a province, its centre and
department, a counter officer, a procedure with papers, a known calendar and a frozen clock.

Import the fixtures into a conftest (`from motcua.documents.tests.intake_fixtures import *`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.agencies.models import AgencyKind, AgencyLevel, Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.catalog.models import Channel, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    ProcedureFactory,
)
from motcua.deadlines.models import CalendarYear
from motcua.deadlines.services import forget_cached_calendar
from motcua.dossiers.services import ApplicantData, ComponentInput

__all__ = [
    "VN",
    "applicant_data",
    "calendar_years",
    "centre",
    "department",
    "desk_officer",
    "frozen_clock",
    "intake_procedure",
    "paper_inputs",
    "province",
    "specialist",
]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FROZEN_AT = dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN)


@pytest.fixture
def calendar_years(db):
    """2023–2031 known to the calendar, weekends only (no holiday falls in the test weeks)."""
    CalendarYear.objects.bulk_create([CalendarYear(year=year) for year in range(2023, 2032)])
    forget_cached_calendar()
    yield
    forget_cached_calendar()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Fri 27/10/2023 09:32 +07:00: 5 working days later is Fri 03/11/2023 17:00."""
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_AT)
    return FROZEN_AT


@pytest.fixture
def province(db):
    return AgencyFactory(
        code="H56",
        name="Ủy ban nhân dân tỉnh Thanh Hóa",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=AgencyLevel.PROVINCE,
    )


@pytest.fixture
def centre(province):
    return AgencyFactory(
        code="000.00.17.H56",
        name="Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
        kind=AgencyKind.SERVICE_CENTRE,
        parent=province,
        address="Số 28 Đại lộ Lê Lợi, phường Hạc Thành",
        phone="0237 3753 999",
    )


@pytest.fixture
def department(province):
    return AgencyFactory(code="000.00.12.H56", name="Sở Tư pháp tỉnh Thanh Hóa", parent=province)


@pytest.fixture
def desk_officer(centre):
    user = UserFactory(username="canbo.quay1", full_name="Trần Văn Đức")
    return OfficerFactory(user=user, agency=centre, roles=[Role.COUNTER_OFFICER])


@pytest.fixture
def specialist(department):
    user = UserFactory(username="chuyenvien1", full_name="Lê Thị Mai")
    return OfficerFactory(user=user, agency=department, roles=[Role.SPECIALIST])


@pytest.fixture
def intake_procedure(centre, department):
    """'Đăng ký khai sinh', 5 working days at the counter; two required papers, one optional."""
    procedure = ProcedureFactory(
        code="1.001193", competent_agency=department, version__name="Đăng ký khai sinh"
    )
    procedure.receiving_agencies.add(centre)
    ExecutionMethodFactory(
        version=procedure.current_version,
        channel=Channel.DIRECT,
        processing_time=decimal.Decimal(5),
        time_unit=TimeUnit.WORKING_DAY,
    )
    papers = ComponentSetFactory(version=procedure.current_version)
    ComponentFactory(component_set=papers, name="Tờ khai đăng ký khai sinh", position=0)
    ComponentFactory(
        component_set=papers, name="Giấy chứng sinh", position=1, original_qty=1, copy_qty=1
    )
    ComponentFactory(component_set=papers, name="Văn bản ủy quyền", position=2, is_required=False)
    return procedure


@pytest.fixture
def paper_inputs(intake_procedure):
    """Checklist input: every paper handed in, or all but the named ones."""

    def build(*, without: tuple[str, ...] = ()) -> list[ComponentInput]:
        return [
            ComponentInput(component_id=component.pk)
            for component_set in intake_procedure.current_version.component_sets.all()
            for component in component_set.components.all()
            if component.name not in without
        ]

    return build


@pytest.fixture
def applicant_data() -> ApplicantData:
    return ApplicantData(
        name="Nguyễn Thị Hương Giang",
        id_no="038190001234",
        phone="0912 345 678",
        email="giang@example.vn",
        address="Số 12 đường Lê Lợi, phường Hạc Thành",
    )
