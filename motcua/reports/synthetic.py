"""Synthetic data for benchmarks and demos: a province, its catalogue and N dossiers.

`motcua generate --dossiers N [--seed S]` builds "Tỉnh Thử nghiệm" (agency codes ending in .H98:
the provincial People's Committee, its service centre, 20 departments, 180 communes), about 2,000
procedures in 60 sectors (codes 9.xxxxxx), a pool of applicants, and N dossiers spread over the
three years up to `until` (today by default): realistic channels (online share growing), status mix,
due dates from the deadline engine and the working calendar, re-appointments, results early, on
time and late, withdrawals, and dossiers still open (some overdue). Codes follow CONTRACT §8 and
continue the day counters, so generating again adds dossiers.

On PostgreSQL rows are written with COPY in chunks of 50,000, each chunk in one transaction that
also counts it into the statistics tallies (capture suspended), so the tallies are exact after every
commit. Other databases use bulk inserts and the change journal.
"""

# ruff: noqa: S311  -- synthetic data wants reproducible pseudo-random numbers, not secrets
# ruff: noqa: S608  -- SQL text is built from model table names; values are parameters

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect_right
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
from motcua.dossiers.services.codes import format_code
from motcua.dossiers.states import Status
from motcua.reports.rollup import add_to_tallies, fold_journal, resume_capture, suspend_capture
from motcua.reports.sql import dossier_source

MAX_DOSSIERS: Final = 50_000_000
CHUNK: Final = 50_000
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
    missing = [
        Applicant(kind=kind, id_no=id_no, name=name, name_folded=fold(name))
        for kind, name, id_no in people
        if id_no not in present
    ]
    for start in range(0, len(missing), 5000):
        Applicant.objects.bulk_create(missing[start : start + 5000], ignore_conflicts=True)
    if missing:
        present = _pool_ids()
    return [_Person(present[id_no], kind, name, id_no) for kind, name, id_no in people]


# --- one dossier --------------------------------------------------------------------------------


@dataclass
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
        self.day_weights = [
            (1.0 if calendar.is_working_day(day) else 0.12) * (1 + 0.3 * n / self.span)
            for n, day in enumerate(self.days)
        ]
        self.counters: dict[tuple[int, dt.date], int] = {}
        self.touched: set[tuple[int, dt.date]] = set()

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
        return format_code(desk.receiving.code, day, value)

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
        if not self.calendar.is_working_day(day) or roll < online_share:
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
        due = compute_due_at(self.calendar, accepted, offer.amount, offer.unit)
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


def _defaults(model: type[Any]) -> tuple[list[str], list[Any], dict[str, int]]:
    """Columns of `model` (without the id), their default values, and each field's position."""
    columns: list[str] = []
    values: list[Any] = []
    position: dict[str, int] = {}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if not isinstance(model_field, Field) or model_field.column is None:
            raise TypeError(f"{model.__name__}.{model_field.name} is not a plain column")
        position[model_field.attname] = len(columns)
        columns.append(model_field.column)
        if model_field.has_default():
            values.append(model_field.get_default())
        elif model_field.null:
            values.append(None)
        else:
            values.append("")
    return columns, values, position


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


class _Writer:
    """Turns generated rows into database rows (column values in model order)."""

    def __init__(self) -> None:
        self.columns, self.defaults, self.at = _defaults(Dossier)
        self.event_columns, self.event_defaults, self.event_at = _defaults(DossierEvent)

    def dossier_values(self, row: _Row, now: dt.datetime) -> list[Any]:
        values = list(self.defaults)
        at = self.at
        offer, person, desk = row.offer, row.person, row.desk
        values[at["code"]] = row.code
        values[at["status"]] = row.status.value
        values[at["channel"]] = row.channel.value
        values[at["procedure_id"]] = offer.procedure_id
        values[at["procedure_version_id"]] = offer.version_id
        values[at["receiving_agency_id"]] = desk.receiving.pk
        values[at["competent_agency_id"]] = desk.agency.pk
        values[at["applicant_id"]] = person.pk
        values[at["applicant_kind"]] = person.kind
        values[at["applicant_name"]] = person.name
        values[at["applicant_id_no"]] = person.id_no
        values[at["submitted_at"]] = row.submitted_at
        values[at["accepted_at"]] = row.accepted_at
        values[at["due_at"]] = row.due_at
        values[at["finished_at"]] = row.finished_at
        values[at["returned_at"]] = row.returned_at
        if row.returned_at is not None:
            values[at["return_method"]] = (
                ReturnMethod.ONLINE if row.has_e_result else ReturnMethod.COUNTER
            )
        if row.accepted_at is not None:
            values[at["processing_time"]] = offer.amount
            values[at["time_unit"]] = offer.unit
        values[at["paid_online"]] = row.paid_online
        values[at["digitized"]] = row.digitized
        values[at["has_e_result"]] = row.has_e_result
        values[at["reused_component_count"]] = row.reused
        values[at["created_at"]] = row.submitted_at
        values[at["updated_at"]] = row.returned_at or row.finished_at or row.accepted_at or now
        return values

    def event_values(self, row: _Row) -> Iterator[list[Any]]:
        at = self.event_at
        for moment, action, before, after in _events(row):
            values = list(self.event_defaults)
            values[at["dossier_id"]] = row.pk
            values[at["at"]] = moment
            values[at["action"]] = action
            values[at["from_status"]] = before
            values[at["to_status"]] = after
            values[at["actor_agency_id"]] = row.desk.receiving.pk
            values[at["actor_name"]] = ACTOR
            yield values


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> None:
    from psycopg.types.json import Jsonb

    def adapt(value: Any) -> Any:
        return Jsonb(value) if isinstance(value, list | dict) else value

    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([adapt(v) for v in row])


def _save_counters(
    counters: dict[tuple[int, dt.date], int], touched: set[tuple[int, dt.date]]
) -> None:
    table = DossierCodeCounter._meta.db_table
    function = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (agency_id, day, last_value) VALUES (%s, %s, %s) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last_value = "
            f"{function}({table}.last_value, excluded.last_value)",
            [
                (agency_id, connection.ops.adapt_datefield_value(day), counters[(agency_id, day)])
                for agency_id, day in sorted(touched)
            ],
        )


def _write_postgres(rows: list[_Row], writer: _Writer, now: dt.datetime, history: bool) -> None:
    dossiers = Dossier._meta.db_table
    with connection.cursor() as cursor:
        suspend_capture(cursor)
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [dossiers, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = int(pk)
        _copy(
            cursor,
            dossiers,
            ["id", *writer.columns],
            ([row.pk, *writer.dossier_values(row, now)] for row in rows),
        )
        ids = "reports_generated_ids"
        cursor.execute(f"DROP TABLE IF EXISTS {ids}")
        cursor.execute(f"CREATE TEMP TABLE {ids} (id bigint PRIMARY KEY) ON COMMIT DROP")
        _copy(cursor, ids, ["id"], ([row.pk] for row in rows))
        add_to_tallies(dossier_source(f"d.id IN (SELECT id FROM {ids})"))
        extensions = [row for row in rows if row.extension is not None]
        if extensions:
            _copy(
                cursor,
                Extension._meta.db_table,
                ["dossier_id", "previous_due_at", "new_due_at", "reason", "created_at"],
                (
                    [
                        row.pk,
                        row.extension[0],
                        row.extension[1],
                        "Cần xác minh thêm",
                        row.extension[2],
                    ]
                    for row in extensions
                    if row.extension is not None
                ),
            )
        if history:
            _copy(
                cursor,
                DossierEvent._meta.db_table,
                writer.event_columns,
                (values for row in rows for values in writer.event_values(row)),
            )
        resume_capture(cursor)


def _write_orm(rows: list[_Row], writer: _Writer, now: dt.datetime, history: bool) -> None:
    names = [f.attname for f in Dossier._meta.concrete_fields if not f.primary_key]
    objects = [
        Dossier(**dict(zip(names, writer.dossier_values(row, now), strict=True))) for row in rows
    ]
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
        event_names = [f.attname for f in DossierEvent._meta.concrete_fields if not f.primary_key]
        DossierEvent.objects.bulk_create(
            [
                DossierEvent(**dict(zip(event_names, values, strict=True)))
                for row in rows
                for values in writer.event_values(row)
            ],
            batch_size=2000,
        )


def _calendar(first: dt.date, last: dt.date) -> WorkingCalendar:
    """The working calendar for the years generated (unknown years seeded from `holidays`)."""
    years = range(first.year, last.year + 2)
    deadline_services.seed_from_holidays_package(years)
    deadline_services.forget_cached_calendar()
    return deadline_services.current_calendar()


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
    writer = _Writer()
    on_postgres = connection.vendor == "postgresql"
    made = 0
    drawn = sampler.rows(count)
    while rows := list(islice(drawn, CHUNK)):
        with transaction.atomic():
            if on_postgres:
                _write_postgres(rows, writer, now, history)
            else:
                _write_orm(rows, writer, now, history)
            _save_counters(sampler.counters, sampler.touched)
        sampler.touched = set()
        made += len(rows)
        if on_progress is not None:
            on_progress(made)
    if not on_postgres:
        fold_journal()
    return GenerateResult(
        dossiers=made,
        agencies=len(desks) + 2,
        procedures=len({offer.procedure_id for desk in desks for offer in desk.offers}),
        applicants=len(people),
        seconds=time.monotonic() - started,
    )
