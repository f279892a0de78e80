"""Synthetic data for benchmarks and demos: a province, its catalogue and N dossiers.

`motcua generate --dossiers N [--seed S]` builds "Tỉnh Thử nghiệm" (agency codes ending in .H98:
the provincial People's Committee, its service centre, 20 departments, 180 communes), about 2,000
procedures in 60 sectors (codes 9.xxxxxx), a pool of applicants, and N dossiers spread over the
three years up to `until` (today by default): realistic channels (online share growing), status mix,
due dates from the deadline engine and the working calendar, re-appointments, results early, on
time and late, withdrawals, and dossiers still open (some overdue). Codes follow CONTRACT §8 and
continue the day counters, so generating again adds dossiers.

On PostgreSQL the same model is drawn by set-based statements (`synthetic_sql`: about 100 times
less interpreter work per dossier), in chunks of days of about 500,000 dossiers, each in one
transaction together with its rows of the statistics change journal, so reports are exact after
every commit; the journal is folded into the tallies at the end. A run of a million dossiers or
more into an empty dossier table is one transaction instead: the non-unique indexes are built after
the load and the tallies counted once from the dossiers. Other databases draw in Python and use
bulk inserts in chunks of 100,000 (the capture trigger journals).
"""

# ruff: noqa: S311  -- synthetic data wants reproducible pseudo-random numbers, not secrets
# ruff: noqa: S608  -- SQL text is built from model table names; values are parameters

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, islice
from typing import Any, Final

from django.db import connection, transaction
from django.db.models import Field, Q
from django.utils import timezone

from motcua.agencies.models import Agency, AgencyKind, AgencyLevel
from motcua.catalog.models import Channel, Procedure, ProcedureVersion, Sector, TimeUnit
from motcua.core.bulk import drop_secondary_indexes
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import TZ, WorkingCalendar, compute_due_at
from motcua.dossiers.models import (
    Applicant,
    ApplicantKind,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    EventAction,
    Extension,
    ReturnMethod,
)
from motcua.dossiers.services.codes import code_prefix
from motcua.dossiers.states import Status
from motcua.reports.rollup import fold_journal, rebuild_rollups
from motcua.reports.synthetic_sql import SqlGenerator, copy_lines
from motcua.reports.synthetic_sql import chunks as sql_chunks

MAX_DOSSIERS: Final = 50_000_000
CHUNK: Final = 100_000
# From this many dossiers into an empty table, indexes are built after the load (PostgreSQL).
BULK_MIN: Final = 1_000_000
PROVINCE: Final = "H98"
ACTOR: Final = "Dữ liệu sinh tự động"
_VN: Final = dt.timezone(dt.timedelta(hours=7))  # Vietnam: +07:00, no daylight saving

# Departments after the 2025 restructuring: name, sectors, share of the province's dossiers.
DEPARTMENTS: Final[tuple[tuple[str, tuple[str, ...], int], ...]] = (
    ("Sở Tư pháp", ("Lý lịch tư pháp", "Công chứng", "Luật sư", "Quốc tịch"), 8),
    ("Sở Tài chính", ("Thành lập và hoạt động doanh nghiệp", "Đầu tư tại Việt Nam", "Giá"), 10),
    ("Sở Xây dựng", ("Hoạt động xây dựng", "Nhà ở", "Đường bộ", "Đường thủy nội địa"), 9),
    (
        "Sở Nông nghiệp và Môi trường",
        ("Đất đai", "Môi trường", "Tài nguyên nước", "Trồng trọt", "Thú y", "Lâm nghiệp"),
        14,
    ),
    ("Sở Công Thương", ("Lưu thông hàng hóa trong nước", "Điện", "An toàn thực phẩm"), 6),
    ("Sở Y tế", ("Khám bệnh, chữa bệnh", "Dược phẩm", "Bảo trợ xã hội", "Dân số"), 7),
    ("Sở Giáo dục và Đào tạo", ("Giáo dục trung học", "Văn bằng, chứng chỉ"), 3),
    ("Sở Nội vụ", ("Việc làm", "Lao động", "Người có công", "Thi đua, khen thưởng"), 6),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Văn hóa", "Thể dục thể thao", "Du lịch"), 3),
    ("Sở Khoa học và Công nghệ", ("Hoạt động khoa học", "Bưu chính", "Viễn thông"), 2),
    ("Sở Dân tộc và Tôn giáo", ("Công tác dân tộc", "Tôn giáo"), 1),
    ("Sở Ngoại vụ", ("Lãnh sự", "Hợp tác quốc tế"), 1),
    ("Ban Quản lý các khu công nghiệp", ("Khu công nghiệp", "Lao động nước ngoài"), 3),
    ("Công an tỉnh", ("Đăng ký, quản lý cư trú", "Xuất nhập cảnh", "Phòng cháy chữa cháy"), 8),
    ("Thanh tra tỉnh", ("Giải quyết khiếu nại", "Tiếp công dân"), 1),
    ("Bảo hiểm xã hội tỉnh", ("Thu bảo hiểm xã hội", "Chế độ bảo hiểm"), 6),
    ("Cục Thuế tỉnh", ("Đăng ký thuế", "Hóa đơn"), 5),
    ("Kho bạc Nhà nước tỉnh", ("Kho bạc",), 1),
    ("Sở Giao thông vận tải (cũ)", ("Đăng kiểm", "Đào tạo lái xe"), 4),
    ("Văn phòng Ủy ban nhân dân tỉnh", ("Hành chính tư pháp", "Thống kê"), 2),
)
COMMUNE_SECTORS: Final = (
    "Hộ tịch",
    "Chứng thực",
    "Đất đai cấp xã",
    "Bảo trợ xã hội cấp xã",
    "Người có công cấp xã",
    "Hoạt động xây dựng cấp xã",
    "Hộ kinh doanh",
    "Nuôi con nuôi",
    "Giáo dục cấp xã",
    "Văn hóa cơ sở",
)
COMMUNES: Final = 180
PROCEDURES_PER_DEPARTMENT_SECTOR: Final = 28
PROCEDURES_PER_COMMUNE_SECTOR: Final = 22
COMMUNE_SHARE: Final = 0.6
_PLACES: Final = (
    "Hạc Thành", "Đông Sơn", "Quảng Phú", "Hoằng Hóa", "Sầm Sơn", "Nghi Sơn", "Bỉm Sơn",
    "Thọ Xuân", "Triệu Sơn", "Yên Định", "Vĩnh Lộc", "Thạch Thành", "Cẩm Thủy", "Ngọc Lặc",
    "Lang Chánh", "Bá Thước", "Quan Hóa", "Mường Lát", "Như Xuân", "Như Thanh", "Nông Cống",
    "Tĩnh Gia", "Hậu Lộc", "Nga Sơn", "Hà Trung", "Thiệu Hóa", "Quảng Xương", "Trường Văn",
    "An Nông", "Tân Dân",
)  # fmt: skip
_VERBS: Final = (
    "Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Đăng ký", "Xác nhận", "Công nhận",
    "Thẩm định", "Chấp thuận", "Thu hồi", "Giải quyết",
)  # fmt: skip
_OBJECTS: Final = (
    "giấy phép", "giấy chứng nhận", "quyết định", "hồ sơ", "văn bản chấp thuận", "thông báo",
    "chứng chỉ",
)  # fmt: skip
_FAMILY: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
_MIDDLE: Final = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Hữu", "Thanh", "Xuân")
_GIVEN: Final = (
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
    "Trang", "Trung", "Tú", "Tuấn", "Việt", "Yến",
)  # fmt: skip
# (amount, unit, weight) of processing times.
_TIMES: Final = (
    (Decimal(1), TimeUnit.WORKING_DAY, 6),
    (Decimal(3), TimeUnit.WORKING_DAY, 14),
    (Decimal(5), TimeUnit.WORKING_DAY, 18),
    (Decimal(7), TimeUnit.WORKING_DAY, 10),
    (Decimal(10), TimeUnit.WORKING_DAY, 14),
    (Decimal(15), TimeUnit.WORKING_DAY, 12),
    (Decimal(20), TimeUnit.WORKING_DAY, 8),
    (Decimal(30), TimeUnit.WORKING_DAY, 4),
    (Decimal(15), TimeUnit.DAY, 6),
    (Decimal(30), TimeUnit.DAY, 4),
    (Decimal(8), TimeUnit.WORKING_HOUR, 3),
    (Decimal(1), TimeUnit.MONTH, 1),
)


class GenerateError(DomainError):
    """The request for synthetic data cannot be met."""


@dataclass(frozen=True)
class GenerateResult:
    """What `generate_dossiers` made."""

    dossiers: int
    agencies: int
    procedures: int
    applicants: int
    seconds: float

    def summary(self) -> str:
        """`dossiers=N agencies=N procedures=N applicants=N seconds=S` (the command's last line)."""
        return (
            f"dossiers={self.dossiers} agencies={self.agencies} procedures={self.procedures} "
            f"applicants={self.applicants} seconds={self.seconds:.1f}"
        )


# --- the province and its catalogue -------------------------------------------------------------


@dataclass(frozen=True)
class _Offer:
    """A procedure as the sampler needs it."""

    procedure_id: int
    version_id: int
    amount: Decimal
    unit: str
    has_fee: bool


@dataclass
class _Desk:
    """An agency that decides dossiers, where they are received, and what it offers."""

    agency: Agency
    receiving: Agency
    offers: list[_Offer] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)


def _agency(code: str, name: str, kind: str, level: str, parent: Agency | None) -> Agency:
    agency, _created = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "level": level, "parent": parent}
    )
    return agency


def _sector(code: str, name: str) -> Sector:
    sector, _created = Sector.objects.get_or_create(code=code, defaults={"name": name})
    return sector


def _procedure_name(code: str, sector: Sector) -> str:
    number = int(code[-3:])
    verb, what = _VERBS[number % len(_VERBS)], _OBJECTS[number // len(_VERBS) % len(_OBJECTS)]
    return f"{verb} {what} lĩnh vực {sector.name.lower()} (thủ tục mẫu {code})"


def _catalogue(specs: Sequence[tuple[str, Sector, bool]]) -> dict[str, _Offer]:
    """The synthetic procedures (code, sector, commune level?), created once, as offers.

    The processing time and fee of a procedure depend on its code only, so every run agrees.
    """
    codes = [code for code, _sector, _commune in specs]
    present = set(Procedure.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = [spec for spec in specs if spec[0] not in present]
    if missing:
        created = Procedure.objects.bulk_create(
            [Procedure(code=code, is_active=True) for code, _s, _c in missing], batch_size=500
        )
        versions = []
        for procedure, (code, sector, commune) in zip(created, missing, strict=True):
            name = _procedure_name(code, sector)
            versions.append(
                ProcedureVersion(
                    procedure=procedure,
                    number=1,
                    source_hash=f"synthetic-{code}",
                    name=name,
                    name_folded=fold(name),
                    sector=sector,
                    is_commune_level=commune,
                    is_province_level=not commune,
                    state="synthetic",
                )
            )
        ProcedureVersion.objects.bulk_create(versions, batch_size=500)
        procedures, table = Procedure._meta.db_table, ProcedureVersion._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {procedures} SET current_version_id = v.id FROM {table} v "
                f"WHERE v.procedure_id = {procedures}.id "
                f"AND {procedures}.current_version_id IS NULL "
                "AND v.source_hash LIKE 'synthetic-%%'"
            )
    rows = Procedure.objects.filter(code__in=codes).values_list("code", "pk", "current_version_id")
    time_weights = list(accumulate(w for *_, w in _TIMES))
    offers = {}
    for code, pk, version_id in rows:
        if version_id is None:
            raise GenerateError(f"Thủ tục mẫu {code} không có phiên bản hiện hành.")
        local = random.Random(code)
        drawn = bisect_right(time_weights, local.random() * time_weights[-1])
        amount, unit, _weight = _TIMES[drawn]
        offers[code] = _Offer(pk, version_id, amount, unit, local.random() < 0.35)
    return offers


def _zipf_weights(count: int) -> list[float]:
    """Cumulative weights where a few procedures get most dossiers, as in practice."""
    return list(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(count)))


@transaction.atomic
def _province() -> tuple[list[_Desk], list[float]]:
    """Create (or find) the synthetic province; the desks and their cumulative weights."""
    root = _agency(
        f"000.00.00.{PROVINCE}",
        "Ủy ban nhân dân tỉnh Thử nghiệm",
        AgencyKind.PEOPLES_COMMITTEE,
        AgencyLevel.PROVINCE,
        None,
    )
    centre = _agency(
        f"000.00.01.{PROVINCE}",
        "Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm",
        AgencyKind.SERVICE_CENTRE,
        AgencyLevel.PROVINCE,
        root,
    )
    # What each department and every commune offers: (code, sector, commune level?).
    offered: list[list[str]] = []
    specs: list[tuple[str, Sector, bool]] = []
    sector_number = 0
    for _name, sectors, _share in DEPARTMENTS:
        codes: list[str] = []
        for sector_name in sectors:
            sector_number += 1
            sector = _sector(f"LV{sector_number:03d}-{PROVINCE}", sector_name)
            for n in range(PROCEDURES_PER_DEPARTMENT_SECTOR):
                codes.append(f"9.{sector_number:03d}{n:03d}")
                specs.append((codes[-1], sector, False))
        offered.append(codes)
    commune_codes: list[str] = []
    for index, sector_name in enumerate(COMMUNE_SECTORS):
        sector = _sector(f"LVX{index + 1:02d}-{PROVINCE}", sector_name)
        for n in range(PROCEDURES_PER_COMMUNE_SECTOR):
            commune_codes.append(f"9.{500 + index:03d}{n:03d}")
            specs.append((commune_codes[-1], sector, True))
    offers = _catalogue(specs)

    desks: list[_Desk] = []
    weights: list[float] = []
    department_total = sum(share for *_, share in DEPARTMENTS)
    for index, (name, _sectors, share) in enumerate(DEPARTMENTS):
        department = _agency(
            f"000.00.{10 + index:02d}.{PROVINCE}",
            f"{name} tỉnh Thử nghiệm",
            AgencyKind.DEPARTMENT,
            AgencyLevel.PROVINCE,
            root,
        )
        department_offers = [offers[code] for code in offered[index]]
        desks.append(
            _Desk(department, centre, department_offers, _zipf_weights(len(department_offers)))
        )
        weights.append((1 - COMMUNE_SHARE) * share / department_total)
    commune_offers = [offers[code] for code in commune_codes]
    commune_weights = _zipf_weights(len(commune_offers))
    sizes = [0.5 + random.Random(f"size{n}").random() for n in range(COMMUNES)]
    for n in range(COMMUNES):
        place = f"{_PLACES[n % len(_PLACES)]} {n // len(_PLACES) + 1}"
        kind_name = "phường" if n % 4 == 0 else "xã"
        commune = _agency(
            f"000.{20 + n // 90:02d}.{10 + n % 90:02d}.{PROVINCE}",
            f"Ủy ban nhân dân {kind_name} {place}",
            AgencyKind.PEOPLES_COMMITTEE,
            AgencyLevel.COMMUNE,
            root,
        )
        desks.append(_Desk(commune, commune, commune_offers, commune_weights))
        weights.append(COMMUNE_SHARE * sizes[n] / sum(sizes))
    _link_receiving(desks)
    return desks, list(accumulate(weights))


def _link_receiving(desks: Sequence[_Desk]) -> None:
    """Where the public finds each procedure: the centre, or every commune (set-based)."""
    through = Procedure.receiving_agencies.through._meta.db_table
    by_receiver: dict[int, set[int]] = {}
    for desk in desks:
        by_receiver.setdefault(desk.receiving.pk, set()).update(o.procedure_id for o in desk.offers)
    groups: dict[frozenset[int], list[int]] = {}
    for receiver, offered in by_receiver.items():
        groups.setdefault(frozenset(offered), []).append(receiver)
    with connection.cursor() as cursor:
        for procedure_ids, receivers in groups.items():
            procedure_list = ", ".join(str(int(pk)) for pk in sorted(procedure_ids))
            receiver_list = ", ".join(str(int(pk)) for pk in sorted(receivers))
            cursor.execute(
                f"INSERT INTO {through} (procedure_id, agency_id) "
                f"SELECT p.id, a.id FROM {Procedure._meta.db_table} p, {Agency._meta.db_table} a "
                f"WHERE p.id IN ({procedure_list}) AND a.id IN ({receiver_list}) "
                "ON CONFLICT DO NOTHING"
            )


# --- applicants ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    pk: int
    kind: str
    name: str
    id_no: str


def _person(number: int) -> tuple[str, str, str]:
    """(kind, name, id_no) of the pool's applicant `number`: the same in every run."""
    if number % 10 == 9:
        return (
            ApplicantKind.ORGANISATION,
            f"Công ty TNHH Thử nghiệm số {number}",
            f"999{number:07d}",
        )
    pick = random.Random(number)
    name = f"{pick.choice(_FAMILY)} {pick.choice(_MIDDLE)} {pick.choice(_GIVEN)}"
    return ApplicantKind.PERSON, name, f"098{number:09d}"


def _pool_ids() -> dict[str, int]:
    pool = Applicant.objects.filter(Q(id_no__startswith="098") | Q(id_no__startswith="999"))
    return dict(pool.values_list("id_no", "pk"))


def _applicants(size: int) -> list[_Person]:
    """The first `size` applicants of the synthetic pool, created where missing."""
    people = [_person(n) for n in range(size)]
    present = _pool_ids()
    missing = [(kind, name, id_no) for kind, name, id_no in people if id_no not in present]
    if missing and connection.vendor == "postgresql":
        now = timezone.now().isoformat()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS reports_generated_people")
            cursor.execute(
                "CREATE TEMP TABLE reports_generated_people "
                "(kind text, id_no text, name text, name_folded text) ON COMMIT DROP"
            )
            copy_lines(
                cursor,
                "reports_generated_people",
                ["kind", "id_no", "name", "name_folded"],
                (
                    f"{kind}\t{id_no}\t{_escape(name)}\t{_escape(fold(name))}\n"
                    for kind, name, id_no in missing
                ),
            )
            cursor.execute(
                f"INSERT INTO {Applicant._meta.db_table} (kind, id_no, name, name_folded, phone, "
                "email, address, created_at, updated_at) SELECT kind, id_no, name, name_folded, "
                "'', '', '', %s, %s FROM reports_generated_people ON CONFLICT (id_no) DO NOTHING",
                [now, now],
            )
    elif missing:
        objects = [
            Applicant(kind=kind, id_no=id_no, name=name, name_folded=fold(name))
            for kind, name, id_no in missing
        ]
        Applicant.objects.bulk_create(objects, batch_size=5000, ignore_conflicts=True)
    if missing:
        present = _pool_ids()
    return [_Person(present[id_no], kind, name, id_no) for kind, name, id_no in people]


# --- one dossier --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """A generated dossier and what goes with it."""

    code: str
    status: Status
    channel: Channel
    desk: _Desk
    offer: _Offer
    person: _Person
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    extension: tuple[dt.datetime, dt.datetime, dt.datetime] | None
    paid_online: bool
    digitized: bool
    has_e_result: bool
    reused: int
    pk: int = 0


class _Sampler:
    """Draws dossiers: when, where, which procedure, which channel, and how they end."""

    def __init__(
        self,
        rng: random.Random,
        desks: list[_Desk],
        desk_weights: list[float],
        people: list[_Person],
        calendar: WorkingCalendar,
        first_day: dt.date,
        last_day: dt.date,
        now: dt.datetime,
    ) -> None:
        self.rng = rng
        self.desks = desks
        self.desk_weights = desk_weights
        self.people = people
        self.calendar = calendar
        self.now = now
        self.days = [
            first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)
        ]
        self.span = max(1, len(self.days) - 1)
        # Weekends see a few online submissions; the volume grows by a third over the years.
        self.working = [calendar.is_working_day(day) for day in self.days]
        self.day_weights = [
            (1.0 if works else 0.12) * (1 + 0.3 * n / self.span)
            for n, works in enumerate(self.working)
        ]
        self.counters: dict[tuple[int, dt.date], int] = {}
        self.touched: set[tuple[int, dt.date]] = set()
        self.prefixes: dict[tuple[str, dt.date], str] = {}
        self.dues: dict[tuple[dt.date, int, Decimal, str], dt.datetime] = {}
        hours = calendar.office_hours.periods
        self.boundaries = sorted({moment for period in hours for moment in period})

    def load_counters(self, receiving_ids: Sequence[int]) -> None:
        """Continue the day sequences already used (a second run adds dossiers)."""
        rows = DossierCodeCounter.objects.filter(
            agency_id__in=receiving_ids, day__gte=self.days[0], day__lte=self.days[-1]
        ).values_list("agency_id", "day", "last_value")
        self.counters = {(agency_id, day): value for agency_id, day, value in rows}

    def _moment(self, day: dt.date, *, online: bool) -> dt.datetime:
        rng = self.rng
        if online:
            seconds = int(rng.triangular(0, 86_399, 36_000))
        else:
            seconds = int(rng.uniform(7.5 * 3600, 16.9 * 3600))
        return dt.datetime.combine(day, dt.time.min, tzinfo=_VN) + dt.timedelta(seconds=seconds)

    def _code(self, desk: _Desk, day: dt.date) -> str:
        key = (desk.receiving.pk, day)
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        self.touched.add(key)
        prefix_key = (desk.receiving.code, day)
        prefix = self.prefixes.get(prefix_key)
        if prefix is None:
            prefix = self.prefixes[prefix_key] = code_prefix(*prefix_key)
        return f"{prefix}{value:04d}"

    def _due(self, accepted: dt.datetime, offer: _Offer) -> dt.datetime:
        due = self._engine_due(accepted, offer)
        return due if due.tzinfo is _VN else due.astimezone(_VN)

    def _engine_due(self, accepted: dt.datetime, offer: _Offer) -> dt.datetime:
        """`compute_due_at` of the deadline engine, remembered where the answer cannot differ.

        A period in days or months depends only on the acceptance date and on where the time
        falls against the office-hour boundaries (CONTRACT §3), so those answers are reused;
        working hours are computed every time.
        """
        if offer.unit == TimeUnit.WORKING_HOUR:
            return compute_due_at(self.calendar, accepted, offer.amount, offer.unit)
        local = accepted if accepted.tzinfo is _VN else accepted.astimezone(_VN)
        moment = local.time()
        position = 2 * bisect_left(self.boundaries, moment) + (moment in self.boundaries)
        key = (local.date(), position, offer.amount, offer.unit)
        due = self.dues.get(key)
        if due is None:
            due = self.dues[key] = compute_due_at(self.calendar, accepted, offer.amount, offer.unit)
        return due

    def day_counts(self, count: int) -> Iterator[tuple[int, int]]:
        """(day index, dossiers that day): a multinomial draw, in calendar order."""
        remaining, weight_left = count, sum(self.day_weights)
        for index, weight in enumerate(self.day_weights):
            if remaining <= 0:
                return
            share = min(1.0, weight / weight_left) if weight_left > 0 else 1.0
            drawn = (
                remaining
                if index == len(self.days) - 1
                else (self.rng.binomialvariate(remaining, share))
            )
            remaining -= drawn
            weight_left -= weight
            if drawn:
                yield index, drawn

    def rows(self, count: int) -> Iterator[_Row]:
        """`count` dossiers in the order of their submission days."""
        for index, drawn in self.day_counts(count):
            for _ in range(drawn):
                yield self.draw(index)

    def draw(self, index: int) -> _Row:
        """One dossier submitted on day `index`."""
        rng = self.rng
        desk = self.desks[bisect_right(self.desk_weights, rng.random() * self.desk_weights[-1])]
        offer = desk.offers[bisect_right(desk.cum_weights, rng.random() * desk.cum_weights[-1])]
        day = self.days[index]
        progress = index / self.span
        roll = rng.random()
        online_share = 0.3 + 0.35 * progress
        if not self.working[index] or roll < online_share:
            channel = Channel.ONLINE
        elif roll < online_share + 0.05:
            channel = Channel.POSTAL
        else:
            channel = Channel.DIRECT
        online = channel == Channel.ONLINE
        submitted = self._moment(day, online=online)
        accepted: dt.datetime | None = submitted
        if online:
            accepted = submitted + dt.timedelta(hours=rng.uniform(0.3, 30))
        person = self.people[int(rng.random() * len(self.people))]
        row = _Row(
            code=self._code(desk, day),
            status=Status.IN_PROGRESS,
            channel=channel,
            desk=desk,
            offer=offer,
            person=person,
            submitted_at=submitted,
            accepted_at=accepted,
            due_at=None,
            finished_at=None,
            returned_at=None,
            extension=None,
            paid_online=online and offer.has_fee and rng.random() < 0.7,
            digitized=rng.random() < 0.35 + 0.5 * progress,
            has_e_result=False,
            reused=int(rng.random() * 3) if rng.random() < 0.3 else 0,
        )
        fate = rng.random()
        if online and fate < 0.012:
            # Refused or withdrawn online before acceptance.
            row.accepted_at = None
            row.finished_at = submitted + dt.timedelta(hours=rng.uniform(1, 20))
            row.status = Status.REFUSED if fate < 0.009 else Status.WITHDRAWN
            if row.finished_at > self.now:
                row.finished_at, row.status = None, Status.SUBMITTED
            return row
        if accepted is None or accepted > self.now:
            row.accepted_at, row.status = None, Status.SUBMITTED
            return row
        due = self._due(accepted, offer)
        if rng.random() < 0.025:
            extended = compute_due_at(self.calendar, due, 5, TimeUnit.WORKING_DAY)
            asked = due - dt.timedelta(days=2)
            row.extension = (due, extended, max(asked, accepted))
            due = extended
        row.due_at = due
        outcome = rng.random()
        allowed = due - accepted
        if outcome < 0.012:
            finished, ended = accepted + allowed * rng.uniform(0.05, 0.8), Status.WITHDRAWN
        elif outcome < 0.018:
            finished, ended = accepted + allowed * rng.uniform(0.3, 1.1), Status.STOPPED
        elif outcome < 0.021:
            finished, ended = (
                accepted + dt.timedelta(days=rng.uniform(16, 25)),
                (Status.CLOSED_UNANSWERED),
            )
        elif outcome < 0.62:
            finished, ended = accepted + allowed * rng.uniform(0.1, 0.92), Status.RESULT_READY
        elif outcome < 0.91:
            finished = due - dt.timedelta(hours=rng.uniform(0, 7.5))
            finished, ended = max(finished, accepted), Status.RESULT_READY
        else:
            finished, ended = due + dt.timedelta(days=rng.uniform(0.6, 21)), Status.RESULT_READY
        if finished > self.now:
            row.status = (
                Status.RECEIVED
                if self.now - accepted < dt.timedelta(hours=20)
                else (Status.IN_PROGRESS)
            )
            return row
        row.finished_at = finished
        row.status = ended
        if ended == Status.RESULT_READY:
            row.has_e_result = rng.random() < 0.55
            returned = finished + dt.timedelta(
                hours=0 if online and row.has_e_result else rng.uniform(0.5, 72)
            )
            # A few results are never collected (kết quả chưa được nhận).
            if returned <= self.now and rng.random() >= 0.02:
                row.returned_at, row.status = returned, Status.RETURNED
        return row


# --- writing ------------------------------------------------------------------------------------


_ESCAPES: Final = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    """Text for COPY's text format."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def _events(row: _Row) -> Iterator[tuple[dt.datetime, str, str, str]]:
    """(at, action, from, to) of the dossier's history."""
    if row.channel == Channel.ONLINE:
        yield row.submitted_at, EventAction.SUBMITTED, "", Status.SUBMITTED
        if row.accepted_at is not None:
            yield row.accepted_at, EventAction.RECEIVED, Status.SUBMITTED, Status.RECEIVED
    else:
        yield row.submitted_at, EventAction.RECEIVED, "", Status.RECEIVED
    if row.extension is not None:
        yield row.extension[2], EventAction.EXTENDED, Status.IN_PROGRESS, Status.IN_PROGRESS
    if row.finished_at is not None:
        before = Status.IN_PROGRESS if row.accepted_at else Status.SUBMITTED
        ended = Status.RESULT_READY if row.returned_at else row.status
        action = {
            Status.RESULT_READY: EventAction.RESULT_READY,
            Status.WITHDRAWN: EventAction.WITHDRAWN,
            Status.STOPPED: EventAction.STOPPED,
            Status.CLOSED_UNANSWERED: EventAction.CLOSED_UNANSWERED,
            Status.REFUSED: EventAction.REFUSED,
        }[Status(ended)]
        yield row.finished_at, action, before, ended
    if row.returned_at is not None:
        yield row.returned_at, EventAction.RETURNED, Status.RESULT_READY, Status.RETURNED


class _Table:
    """A model's fields split into those a row sets and the rest, which keep their defaults."""

    def __init__(self, model: type[Any], variable: Sequence[str]) -> None:
        self.model = model
        self.variable = list(variable)
        self.defaults: dict[str, Any] = {}
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, Field) or model_field.column is None:
                raise TypeError(f"{model.__name__}.{model_field.name} is not a plain column")
            if model_field.primary_key or model_field.attname in self.variable:
                continue
            if model_field.has_default():
                value = model_field.get_default()
            else:
                value = None if model_field.null else ""
            self.defaults[model_field.attname] = value

    def instance(self, values: Sequence[Any]) -> Any:
        """An unsaved model instance, for bulk_create."""
        return self.model(**self.defaults, **dict(zip(self.variable, values, strict=True)))


_DOSSIER_FIELDS: Final = (
    "id",
    "code",
    "status",
    "channel",
    "procedure_id",
    "procedure_version_id",
    "receiving_agency_id",
    "competent_agency_id",
    "applicant_id",
    "applicant_kind",
    "applicant_name",
    "applicant_id_no",
    "submitted_at",
    "accepted_at",
    "due_at",
    "finished_at",
    "returned_at",
    "return_method",
    "processing_time",
    "time_unit",
    "paid_online",
    "digitized",
    "has_e_result",
    "reused_component_count",
    "created_at",
    "updated_at",
)
_EVENT_FIELDS: Final = (
    "dossier_id",
    "at",
    "action",
    "from_status",
    "to_status",
    "actor_agency_id",
    "actor_name",
)


class _Writer:
    """Turns generated rows into rows of the dossier, event and extension tables."""

    def __init__(self) -> None:
        self.dossiers = _Table(Dossier, _DOSSIER_FIELDS)
        self.events = _Table(DossierEvent, _EVENT_FIELDS)

    @staticmethod
    def dossier_values(row: _Row, now: dt.datetime) -> list[Any]:
        offer, person, desk = row.offer, row.person, row.desk
        accepted = row.accepted_at is not None
        return_method = ""
        if row.returned_at is not None:
            return_method = ReturnMethod.ONLINE if row.has_e_result else ReturnMethod.COUNTER
        return [
            row.pk or None,
            row.code,
            row.status.value,
            row.channel.value,
            offer.procedure_id,
            offer.version_id,
            desk.receiving.pk,
            desk.agency.pk,
            person.pk,
            person.kind,
            person.name,
            person.id_no,
            row.submitted_at,
            row.accepted_at,
            row.due_at,
            row.finished_at,
            row.returned_at,
            str(return_method),
            offer.amount if accepted else None,
            str(offer.unit) if accepted else "",
            row.paid_online,
            row.digitized,
            row.has_e_result,
            row.reused,
            row.submitted_at,
            row.returned_at or row.finished_at or row.accepted_at or now,
        ]

    @staticmethod
    def event_values(row: _Row) -> Iterator[list[Any]]:
        for moment, action, before, after in _events(row):
            yield [
                row.pk,
                moment,
                str(action),
                str(before),
                str(after),
                row.desk.receiving.pk,
                ACTOR,
            ]


def _save_counters(
    counters: dict[tuple[int, dt.date], int], touched: set[tuple[int, dt.date]]
) -> None:
    """Raise the day counters to the sequences used, so that later intake continues them."""
    table = DossierCodeCounter._meta.db_table
    rows = [(agency_id, day, counters[(agency_id, day)]) for agency_id, day in sorted(touched)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS reports_generated_counters")
            cursor.execute(
                "CREATE TEMP TABLE reports_generated_counters "
                "(agency_id bigint, day date, last_value integer) ON COMMIT DROP"
            )
            copy_lines(
                cursor,
                "reports_generated_counters",
                ["agency_id", "day", "last_value"],
                (f"{a}\t{d.isoformat()}\t{v}\n" for a, d, v in rows),
            )
            cursor.execute(
                f"INSERT INTO {table} (agency_id, day, last_value) "
                "SELECT agency_id, day, last_value FROM reports_generated_counters "
                "ON CONFLICT (agency_id, day) DO UPDATE "
                f"SET last_value = GREATEST({table}.last_value, excluded.last_value)"
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} (agency_id, day, last_value) VALUES (%s, %s, %s) "
            "ON CONFLICT (agency_id, day) DO UPDATE "
            f"SET last_value = MAX({table}.last_value, excluded.last_value)",
            [(a, connection.ops.adapt_datefield_value(d), v) for a, d, v in rows],
        )


def _skip_triggers(cursor: Any) -> bool:
    """Skip per-row triggers for this transaction when the role may (superuser); whether it did.

    Every reference written here is an id read from the database in this run, and checking
    tens of millions of them one by one at commit time costs more than writing the rows
    (PERFORMANCE-FACTS: bulk loads go into lean tables). The statistics capture trigger is
    skipped too, so the caller writes the journal rows it would have written. Ordinary roles
    keep every trigger.
    """
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    found = cursor.fetchone()
    if found is None or not found[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _write_orm(rows: list[_Row], writer: _Writer, now: dt.datetime, history: bool) -> None:
    objects = [writer.dossiers.instance(writer.dossier_values(row, now)) for row in rows]
    Dossier.objects.bulk_create(objects, batch_size=2000)
    for row, dossier in zip(rows, objects, strict=True):
        row.pk = dossier.pk
    Extension.objects.bulk_create(
        [
            Extension(
                dossier_id=row.pk,
                previous_due_at=row.extension[0],
                new_due_at=row.extension[1],
                reason="Cần xác minh thêm",
                created_at=row.extension[2],
            )
            for row in rows
            if row.extension is not None
        ]
    )
    if history:
        DossierEvent.objects.bulk_create(
            [writer.events.instance(values) for row in rows for values in writer.event_values(row)],
            batch_size=2000,
        )


def _calendar(first: dt.date, last: dt.date) -> WorkingCalendar:
    """The working calendar for the years generated (unknown years seeded from `holidays`)."""
    years = range(first.year, last.year + 2)
    deadline_services.seed_from_holidays_package(years)
    deadline_services.forget_cached_calendar()
    return deadline_services.current_calendar()


def _generate_in_sql(
    sampler: _Sampler,
    count: int,
    *,
    seed: int,
    history: bool,
    on_progress: Callable[[int], None] | None,
) -> int:
    """PostgreSQL: the same model drawn by set-based statements (`synthetic_sql`)."""
    generator = SqlGenerator(
        seed=seed,
        desks=sampler.desks,
        desk_weights=sampler.desk_weights,
        people=sampler.people,
        calendar=sampler.calendar,
        days=sampler.days,
        working=sampler.working,
        span=sampler.span,
        now=sampler.now,
        history=history,
        actor=ACTOR,
        skip_triggers=_skip_triggers,
    )
    with connection.cursor() as cursor:
        # Row numbers feed the random draws: continue after the dossiers already there.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Dossier._meta.db_table}")
        first_n = int(cursor.fetchone()[0]) + 1
        generator.prepare(cursor)
    made = 0
    try:
        # Into an empty table, a large run builds the non-unique indexes once at the end instead
        # of updating them row by row, and counts the tallies once from the dossiers instead of
        # journalling each one, all in one transaction so that a failure leaves nothing.
        bulk = first_n == 1 and count >= BULK_MIN
        with transaction.atomic() if bulk else contextlib.nullcontext():
            rebuild = drop_secondary_indexes(Dossier) if bulk else []
            for days in sql_chunks(sampler.day_counts(count)):
                # A bulk load recounts the tallies at the end instead of journalling each row.
                made += generator.write_chunk(days, first_n + made, journal=not bulk)
                if on_progress is not None:
                    on_progress(made)
            if bulk:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                    for statement in rebuild:
                        cursor.execute(statement)
                rebuild_rollups()
    finally:
        with connection.cursor() as cursor:
            generator.finish(cursor)
    return made


def generate_dossiers(
    count: int,
    *,
    seed: int = 0,
    until: dt.date | None = None,
    years: int = 3,
    history: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> GenerateResult:
    """Create the synthetic province (once) and `count` dossiers over the `years` up to `until`.

    Deterministic for a given seed, `until` and database state. Each chunk commits on its own,
    tallies included; an interrupted run leaves whole chunks, and a new run adds more dossiers.
    """
    if not 0 < count <= MAX_DOSSIERS:
        raise GenerateError(f"Số hồ sơ phải từ 1 đến {MAX_DOSSIERS:,}: {count}.")
    if not 1 <= years <= 20:
        raise GenerateError(f"Số năm phải từ 1 đến 20: {years}.")
    started = time.monotonic()
    rng = random.Random(seed)
    last_day = until or timezone.localdate()
    first_day = last_day.replace(year=last_day.year - years) + dt.timedelta(days=1)
    end_of_last_day = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=TZ)
    now = min(timezone.now(), end_of_last_day)
    calendar = _calendar(first_day, last_day)
    desks, desk_weights = _province()
    people = _applicants(max(10, min(count // 4, 1_000_000)))
    sampler = _Sampler(rng, desks, desk_weights, people, calendar, first_day, last_day, now)
    sampler.load_counters(sorted({desk.receiving.pk for desk in desks}))
    made = 0
    if connection.vendor == "postgresql":
        made = _generate_in_sql(sampler, count, seed=seed, history=history, on_progress=on_progress)
    else:
        writer = _Writer()
        drawn = sampler.rows(count)
        while rows := list(islice(drawn, CHUNK)):
            with transaction.atomic():
                _write_orm(rows, writer, now, history)
                _save_counters(sampler.counters, sampler.touched)
            sampler.touched = set()
            made += len(rows)
            if on_progress is not None:
                on_progress(made)
    fold_journal()
    return GenerateResult(
        dossiers=made,
        agencies=len(desks) + 2,
        procedures=len({offer.procedure_id for desk in desks for offer in desk.offers}),
        applicants=len(people),
        seconds=time.monotonic() - started,
    )
