"""Fixtures of the report tests: agencies, procedures in two sectors, a dossier maker."""

from __future__ import annotations

import datetime as dt
import random
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
from motcua.reports.figures import Figures, InProgress, Received, Resolved
from motcua.reports.models import AgencyTally, SectorTally, StatJournal

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


@pytest.fixture(autouse=True)
def clean_statistics(request: pytest.FixtureRequest) -> None:
    """Start from empty tallies: a transactional test elsewhere may have emptied the dossier table
    with DELETE (SQLite's flush), leaving journal rows behind."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")  # the marker decides whether it is transactional
    for model in (StatJournal, AgencyTally, SectorTally):
        model.objects.all().delete()


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


_TIMES = ((0, 0, 0), (8, 0, 0), (16, 59, 59), (17, 0, 0), (23, 59, 59))
_FINISHED = (
    [Status.RETURNED] * 6
    + [Status.RESULT_READY] * 2
    + [Status.WITHDRAWN, Status.STOPPED, Status.CLOSED_UNANSWERED]
)
_OPEN = (Status.IN_PROGRESS, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT)


def random_dossiers(
    make_dossier: MakeDossier,
    pairs: list[tuple[Agency, Procedure]],
    count: int,
    seed: int,
) -> list[Dossier]:
    """Dossiers with dates crowded on the boundaries of days and months around March 2025."""
    rng = random.Random(seed)

    def moment(day: dt.date) -> dt.datetime:
        return vn(day.year, day.month, day.day, *rng.choice(_TIMES))

    made = []
    for _ in range(count):
        agency, procedure = rng.choice(pairs)
        base = dt.date(2025, 1, 25) + dt.timedelta(days=rng.randrange(75))
        channel = rng.choice([Channel.DIRECT, Channel.DIRECT, Channel.ONLINE, Channel.POSTAL])
        if rng.random() < 0.1:
            refused = rng.random() < 0.5
            made.append(
                make_dossier(
                    agency=agency,
                    procedure=procedure,
                    channel=channel,
                    accepted_at=None,
                    submitted_at=moment(base),
                    finished_at=moment(base + dt.timedelta(days=rng.randrange(3))),
                    status=Status.REFUSED if refused else Status.WITHDRAWN,
                    code=None if refused else factory_code(rng),
                )
            )
            continue
        accepted = moment(base)
        due = None if rng.random() < 0.05 else moment(base + dt.timedelta(days=rng.randrange(15)))
        finished = None
        if rng.random() < 0.65:
            finished = max(accepted, moment(base + dt.timedelta(days=rng.randrange(25))))
        status = rng.choice(_FINISHED) if finished else rng.choice(_OPEN)
        made.append(
            make_dossier(
                agency=agency,
                procedure=procedure,
                channel=channel,
                accepted_at=accepted,
                due_at=due,
                finished_at=finished,
                status=status,
            )
        )
    return made


def factory_code(rng: random.Random) -> str:
    return f"RANDOM-{rng.randrange(10**12):012d}"


# --- March 2025: dossiers with known outcomes ---------------------------------------------------

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))

JUSTICE = Figures(
    carried_over=5,
    received=Received(total=12, online=1, direct=9, postal=2),
    resolved=Resolved(early=3, on_time=3, overdue=2),
    in_progress=InProgress(total=7, overdue=2),
    withdrawn_or_refused=3,
)
CONSTRUCTION = Figures(
    carried_over=0,
    received=Received(total=3, online=2, direct=1, postal=0),
    resolved=Resolved(early=0, on_time=2, overdue=0),
    in_progress=InProgress(total=1, overdue=1),
    withdrawn_or_refused=0,
)


@pytest.fixture
def march(make_dossier, justice, construction, civil_status, building_permit):
    """Dossiers of March 2025 with known outcomes; names say where each one counts."""
    j = {"agency": justice, "procedure": civil_status}
    c = {"agency": construction, "procedure": building_permit}
    made = {
        "carried_open_within": make_dossier(
            **j, accepted_at=vn(2025, 2, 20, 10), due_at=vn(2025, 4, 10, 17)
        ),
        "carried_resolved_early": make_dossier(
            **j,
            accepted_at=vn(2025, 2, 25, 9),
            due_at=vn(2025, 3, 5, 17),
            finished_at=vn(2025, 3, 4, 16),
            status=Status.RETURNED,
        ),
        "online_on_due_date_at_2359": make_dossier(
            **j,
            channel=Channel.ONLINE,
            accepted_at=vn(2025, 3, 3, 8, 30),
            due_at=vn(2025, 3, 10, 17),
            finished_at=vn(2025, 3, 10, 23, 59),
            status=Status.RETURNED,
        ),
        "overdue_at_0000_next_day": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 5, 9),
            due_at=vn(2025, 3, 12, 17),
            finished_at=vn(2025, 3, 13, 0, 0),
            status=Status.RESULT_READY,
        ),
        "early_at_235959_day_before": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 5, 10),
            due_at=vn(2025, 3, 12, 17),
            finished_at=vn(2025, 3, 11, 23, 59, 59),
            status=Status.RETURNED,
        ),
        "extended_then_early": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 3, 14),
            extended_from=vn(2025, 3, 10, 17),
            due_at=vn(2025, 3, 20, 17),
            finished_at=vn(2025, 3, 18, 10),
            status=Status.RETURNED,
        ),
        "withdrawn": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 5, 8),
            due_at=vn(2025, 3, 12, 17),
            finished_at=vn(2025, 3, 7, 9),
            status=Status.WITHDRAWN,
        ),
        "refused_at_counter": make_dossier(
            **j,
            accepted_at=None,
            finished_at=vn(2025, 3, 6, 10),
            status=Status.REFUSED,
            code=None,
        ),
        "carried_stopped": make_dossier(
            **j,
            accepted_at=vn(2025, 2, 10, 9),
            due_at=vn(2025, 2, 20, 17),
            finished_at=vn(2025, 3, 2, 9),
            status=Status.STOPPED,
        ),
        "postal_open_due_on_last_day": make_dossier(
            **j, channel=Channel.POSTAL, accepted_at=vn(2025, 3, 20, 9), due_at=vn(2025, 3, 31, 10)
        ),
        "open_due_at_period_end": make_dossier(
            **j, accepted_at=vn(2025, 3, 21, 9), due_at=vn(2025, 4, 1, 0, 0)
        ),
        "postal_accepted_235959_last_day": make_dossier(
            **j,
            channel=Channel.POSTAL,
            accepted_at=vn(2025, 3, 31, 23, 59, 59),
            due_at=vn(2025, 4, 7, 17),
            status=Status.RECEIVED,
        ),
        "accepted_0000_after_period": make_dossier(
            **j, accepted_at=vn(2025, 4, 1, 0, 0), due_at=vn(2025, 4, 8, 17)
        ),
        "carried_accepted_235959_before": make_dossier(
            **j,
            accepted_at=vn(2025, 2, 28, 23, 59, 59),
            due_at=vn(2025, 3, 7, 17),
            status=Status.SUPPLEMENT_REQUESTED,
        ),
        "accepted_0000_first_day_on_time": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 1, 0, 0),
            due_at=vn(2025, 3, 7, 17),
            finished_at=vn(2025, 3, 7, 17),
            status=Status.RETURNED,
        ),
        "finished_before_period": make_dossier(
            **j,
            accepted_at=vn(2025, 1, 10, 9),
            due_at=vn(2025, 1, 20, 17),
            finished_at=vn(2025, 2, 15, 9),
            status=Status.RETURNED,
        ),
        "carried_finished_0000_first_day_overdue": make_dossier(
            **j,
            accepted_at=vn(2025, 2, 3, 9),
            due_at=vn(2025, 2, 28, 17),
            finished_at=vn(2025, 3, 1, 0, 0),
            status=Status.RETURNED,
        ),
        "finished_235959_before_period": make_dossier(
            **j,
            accepted_at=vn(2025, 2, 3, 9),
            due_at=vn(2025, 3, 3, 17),
            finished_at=vn(2025, 2, 28, 23, 59, 59),
            status=Status.RETURNED,
        ),
        "finished_after_period_open_at_end": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 10, 9),
            due_at=vn(2025, 4, 5, 17),
            finished_at=vn(2025, 4, 2, 10),
            status=Status.RETURNED,
        ),
        "submitted_not_accepted": make_dossier(
            **j,
            channel=Channel.ONLINE,
            accepted_at=None,
            status=Status.SUBMITTED,
            submitted_at=vn(2025, 3, 15, 9),
        ),
        "no_due_date_resolved": make_dossier(
            **j,
            accepted_at=vn(2025, 3, 4, 9),
            due_at=None,
            finished_at=vn(2025, 3, 6, 9),
            status=Status.RETURNED,
        ),
        "no_due_date_open": make_dossier(**j, accepted_at=vn(2025, 3, 4, 10), due_at=None),
        "c_online_on_time_after_1700": make_dossier(
            **c,
            channel=Channel.ONLINE,
            accepted_at=vn(2025, 3, 14, 9),
            due_at=vn(2025, 3, 28, 17),
            finished_at=vn(2025, 3, 28, 17, 30),
            status=Status.RETURNED,
        ),
        "c_online_open_overdue": make_dossier(
            **c,
            channel=Channel.ONLINE,
            accepted_at=vn(2025, 3, 14, 10),
            due_at=vn(2025, 3, 28, 17),
        ),
        "c_on_time_at_235959_last_day": make_dossier(
            **c,
            accepted_at=vn(2025, 3, 17, 8),
            due_at=vn(2025, 3, 31, 17),
            finished_at=vn(2025, 3, 31, 23, 59, 59),
            status=Status.RETURNED,
        ),
    }
    return made
