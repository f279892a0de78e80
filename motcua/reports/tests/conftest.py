"""Fixtures of the report tests: agencies, procedures in two sectors, a dossier maker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Channel, Procedure
from motcua.catalog.tests.factories import ProcedureFactory, SectorFactory
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    """A Vietnam-time moment: vn(2025, 3, 10, 23, 59)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


@pytest.fixture
def province() -> Agency:
    return AgencyFactory(code="000.00.00.H98", name="Ủy ban nhân dân tỉnh Thử nghiệm")


@pytest.fixture
def centre(province: Agency) -> Agency:
    return AgencyFactory(code="000.00.01.H98", centre=True, parent=province)


@pytest.fixture
def justice(province: Agency) -> Agency:
    return AgencyFactory(code="000.00.12.H98", name="Sở Tư pháp", parent=province)


@pytest.fixture
def construction(province: Agency) -> Agency:
    return AgencyFactory(code="000.00.15.H98", name="Sở Xây dựng", parent=province)


@pytest.fixture
def civil_status() -> Procedure:
    sector = SectorFactory(code="LV-HT", name="Hộ tịch")
    return ProcedureFactory(
        code="1.000001", version__sector=sector, version__name="Đăng ký khai sinh"
    )


@pytest.fixture
def building_permit() -> Procedure:
    sector = SectorFactory(code="LV-XD", name="Xây dựng")
    return ProcedureFactory(
        code="1.000002", version__sector=sector, version__name="Cấp giấy phép xây dựng"
    )


MakeDossier = Callable[..., Dossier]


@pytest.fixture
def make_dossier(centre: Agency) -> MakeDossier:
    """A dossier with the given dates; `extended_from` records a re-appointment (Extension)."""

    def make(
        *,
        agency: Agency,
        procedure: Procedure,
        accepted_at: dt.datetime | None,
        due_at: dt.datetime | None = None,
        finished_at: dt.datetime | None = None,
        status: Status = Status.IN_PROGRESS,
        channel: Channel = Channel.DIRECT,
        extended_from: dt.datetime | None = None,
        **extra: Any,
    ) -> Dossier:
        submitted = extra.pop("submitted_at", None) or accepted_at or finished_at
        dossier = DossierFactory(
            procedure=procedure,
            receiving_agency=centre,
            competent_agency=agency,
            status=status,
            channel=channel,
            submitted_at=submitted,
            accepted_at=accepted_at,
            due_at=due_at,
            finished_at=finished_at,
            **extra,
        )
        if extended_from is not None:
            assert due_at is not None
            Extension.objects.create(
                dossier=dossier,
                previous_due_at=extended_from,
                new_due_at=due_at,
                reason="Cần xác minh thêm tại địa phương",
            )
        return dossier

    return make
