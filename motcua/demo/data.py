"""What `motcua demo` loads: a sample province, one login per role, and the catalogue settings.

The province is fictional (tỉnh An Hòa) but its identifier codes follow the layouts of DOMAIN §8:
the old layout `LLL.KK.JJ.H22` read right to left for the province and its departments, and the
new left-to-right layout of QĐ 09/2025 (`H22.151`, its centre `H22.151.01`) for the communes
created by the two-tier reform of 01/07/2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from motcua.accounts.models import UserKind
from motcua.agencies.models import AgencyKind, AgencyLevel, Role

# Every demo login uses this password. The demo is for trying motcua out, never for production.
DEMO_PASSWORD: Final = "MotCua@2026"  # noqa: S105 (a published demo password, see docs/demo.md)

REFORM_DAY: Final = dt.date(2025, 7, 1)

PROVINCE: Final = "000.00.00.H22"
PROVINCE_OFFICE: Final = "000.00.01.H22"
CENTRE: Final = "000.01.01.H22"
FINANCE: Final = "000.00.05.H22"
INDUSTRY_TRADE: Final = "000.00.07.H22"
AGRICULTURE_ENVIRONMENT: Final = "000.00.10.H22"
HEALTH: Final = "000.00.12.H22"
EDUCATION: Final = "000.00.13.H22"
CONSTRUCTION: Final = "000.00.14.H22"
CULTURE_SPORTS_TOURISM: Final = "000.00.15.H22"
HOME_AFFAIRS: Final = "000.00.16.H22"
JUSTICE: Final = "000.00.17.H22"
SCIENCE_TECHNOLOGY: Final = "000.00.19.H22"
POLICE: Final = "000.00.30.H22"
TAX: Final = "000.00.31.H22"
OLD_DISTRICT: Final = "000.00.40.H22"
TAN_PHU: Final = "H22.151"
TAN_PHU_CENTRE: Final = "H22.151.01"
TAN_PHU_POINT: Final = "H22.151.02"
BINH_MINH: Final = "H22.152"
BINH_MINH_CENTRE: Final = "H22.152.01"


@dataclass(frozen=True)
class DemoAgency:
    """One agency of the sample province."""

    code: str
    name: str
    kind: AgencyKind
    level: AgencyLevel
    parent: str | None = None
    short_name: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None
    address: str = ""
    phone: str = ""


def _department(code: str, name: str, short_name: str) -> DemoAgency:
    return DemoAgency(
        code=code,
        name=name,
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.PROVINCE,
        parent=PROVINCE,
        short_name=short_name,
    )


# Parents come before their children.
AGENCIES: Final[tuple[DemoAgency, ...]] = (
    DemoAgency(
        PROVINCE,
        "Ủy ban nhân dân tỉnh An Hòa",
        AgencyKind.PEOPLES_COMMITTEE,
        AgencyLevel.PROVINCE,
        short_name="UBND tỉnh",
        address="1 Quảng trường Trung tâm, phường Bình Minh, tỉnh An Hòa",
    ),
    _department(PROVINCE_OFFICE, "Văn phòng Ủy ban nhân dân tỉnh An Hòa", "VP UBND tỉnh"),
    DemoAgency(
        CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh An Hòa",
        AgencyKind.SERVICE_CENTRE,
        AgencyLevel.PROVINCE,
        parent=PROVINCE_OFFICE,
        short_name="TTPVHCC tỉnh",
        address="12 đường Trần Hưng Đạo, phường Bình Minh, tỉnh An Hòa",
        phone="0222 3 888 000",
    ),
    _department(FINANCE, "Sở Tài chính tỉnh An Hòa", "Sở Tài chính"),
    _department(INDUSTRY_TRADE, "Sở Công Thương tỉnh An Hòa", "Sở Công Thương"),
    _department(AGRICULTURE_ENVIRONMENT, "Sở Nông nghiệp và Môi trường tỉnh An Hòa", "Sở NN&MT"),
    _department(HEALTH, "Sở Y tế tỉnh An Hòa", "Sở Y tế"),
    _department(EDUCATION, "Sở Giáo dục và Đào tạo tỉnh An Hòa", "Sở GD&ĐT"),
    _department(CONSTRUCTION, "Sở Xây dựng tỉnh An Hòa", "Sở Xây dựng"),
    _department(CULTURE_SPORTS_TOURISM, "Sở Văn hóa, Thể thao và Du lịch tỉnh An Hòa", "Sở VHTTDL"),
    _department(HOME_AFFAIRS, "Sở Nội vụ tỉnh An Hòa", "Sở Nội vụ"),
    _department(JUSTICE, "Sở Tư pháp tỉnh An Hòa", "Sở Tư pháp"),
    _department(SCIENCE_TECHNOLOGY, "Sở Khoa học và Công nghệ tỉnh An Hòa", "Sở KH&CN"),
    DemoAgency(
        POLICE,
        "Công an tỉnh An Hòa",
        AgencyKind.VERTICAL,
        AgencyLevel.PROVINCE,
        parent=PROVINCE,
        short_name="Công an tỉnh",
    ),
    DemoAgency(
        TAX,
        "Thuế tỉnh An Hòa",
        AgencyKind.VERTICAL,
        AgencyLevel.PROVINCE,
        parent=PROVINCE,
        short_name="Thuế tỉnh",
    ),
    DemoAgency(
        TAN_PHU,
        "Ủy ban nhân dân xã Tân Phú",
        AgencyKind.PEOPLES_COMMITTEE,
        AgencyLevel.COMMUNE,
        parent=PROVINCE,
        short_name="UBND xã Tân Phú",
        valid_from=REFORM_DAY,
    ),
    DemoAgency(
        TAN_PHU_CENTRE,
        "Trung tâm Phục vụ hành chính công xã Tân Phú",
        AgencyKind.SERVICE_CENTRE,
        AgencyLevel.COMMUNE,
        parent=TAN_PHU,
        short_name="TTPVHCC xã Tân Phú",
        valid_from=REFORM_DAY,
        address="Thôn Phú Hòa, xã Tân Phú, tỉnh An Hòa",
    ),
    DemoAgency(
        TAN_PHU_POINT,
        "Điểm tiếp nhận số 2 xã Tân Phú (thôn Phú Lộc)",
        AgencyKind.RECEIVING_POINT,
        AgencyLevel.COMMUNE,
        parent=TAN_PHU_CENTRE,
        short_name="Điểm tiếp nhận Phú Lộc",
        valid_from=REFORM_DAY,
    ),
    DemoAgency(
        BINH_MINH,
        "Ủy ban nhân dân phường Bình Minh",
        AgencyKind.PEOPLES_COMMITTEE,
        AgencyLevel.COMMUNE,
        parent=PROVINCE,
        short_name="UBND phường Bình Minh",
        valid_from=REFORM_DAY,
    ),
    DemoAgency(
        BINH_MINH_CENTRE,
        "Trung tâm Phục vụ hành chính công phường Bình Minh",
        AgencyKind.SERVICE_CENTRE,
        AgencyLevel.COMMUNE,
        parent=BINH_MINH,
        short_name="TTPVHCC phường Bình Minh",
        valid_from=REFORM_DAY,
    ),
    # A district dissolved by the reform: its work passed to the new commune.
    DemoAgency(
        OLD_DISTRICT,
        "Ủy ban nhân dân huyện Phú Lộc",
        AgencyKind.PEOPLES_COMMITTEE,
        AgencyLevel.COMMUNE,
        parent=PROVINCE,
        short_name="UBND huyện Phú Lộc",
        valid_to=REFORM_DAY - dt.timedelta(days=1),
        successor=TAN_PHU,
    ),
)


@dataclass(frozen=True)
class DemoUser:
    """One demo login: an officer with one role, or a citizen or business."""

    username: str
    full_name: str
    kind: UserKind
    role: Role | None = None
    agency: str | None = None
    title: str = ""
    seconded_from: str | None = None
    counter_number: int | None = None
    can_decide_on_spot: bool = False
    id_no: str = ""
    phone: str = ""
    organization_name: str = ""

    @property
    def is_superuser(self) -> bool:
        """The administrator manages everything in the Django admin."""
        return self.role == Role.ADMINISTRATOR


USERS: Final[tuple[DemoUser, ...]] = (
    DemoUser(
        "motcua",
        "Nguyễn Thị Lan",
        UserKind.OFFICER,
        Role.COUNTER_OFFICER,
        CENTRE,
        title="Cán bộ tiếp nhận, quầy số 1",
        seconded_from=AGRICULTURE_ENVIRONMENT,
        counter_number=1,
        can_decide_on_spot=True,
        phone="0912000001",
    ),
    DemoUser(
        "chuyenvien",
        "Trần Văn Minh",
        UserKind.OFFICER,
        Role.SPECIALIST,
        AGRICULTURE_ENVIRONMENT,
        title="Chuyên viên Phòng Quản lý đất đai",
        phone="0912000002",
    ),
    DemoUser(
        "truongphong",
        "Lê Thị Hoa",
        UserKind.OFFICER,
        Role.HEAD_OF_UNIT,
        AGRICULTURE_ENVIRONMENT,
        title="Trưởng phòng Quản lý đất đai",
        phone="0912000003",
    ),
    DemoUser(
        "lanhdao",
        "Phạm Văn Hùng",
        UserKind.OFFICER,
        Role.LEADER,
        AGRICULTURE_ENVIRONMENT,
        title="Phó Giám đốc Sở",
        phone="0912000004",
    ),
    DemoUser(
        "giamsat",
        "Hoàng Thị Thu",
        UserKind.OFFICER,
        Role.SUPERVISOR,
        CENTRE,
        title="Phó Giám đốc Trung tâm",
        phone="0912000005",
    ),
    DemoUser(
        "quantri",
        "Đỗ Quang Huy",
        UserKind.OFFICER,
        Role.ADMINISTRATOR,
        CENTRE,
        title="Quản trị hệ thống",
        phone="0912000006",
    ),
    DemoUser(
        "congdan",
        "Nguyễn Văn An",
        UserKind.CITIZEN,
        id_no="022090001234",
        phone="0987000001",
    ),
    DemoUser(
        "doanhnghiep",
        "Vũ Minh Phát",
        UserKind.BUSINESS,
        id_no="5700123456",
        phone="0987000002",
        organization_name="Công ty TNHH Minh Phát An Hòa",
    ),
)

# Competent department by sector code (lĩnh vực), then by the ministry that owns the sector (the
# letter-and-digits before "-"). Sectors of ministries merged in 2025 go to the department that
# took the work over: transport → Xây dựng, natural resources → Nông nghiệp và Môi trường,
# information → Khoa học và Công nghệ, labour → Nội vụ (social protection, children → Y tế).
SECTOR_DEPARTMENTS: Final[dict[str, str]] = {
    "G12-TC18": TAX,  # Thuế
    "G07-LĐ03": HEALTH,  # Bảo trợ xã hội
    "G07-LĐ10": HEALTH,  # Phòng, chống tệ nạn xã hội
    "G07-LĐ17": HEALTH,  # Trẻ em
    "G16-VH15": HOME_AFFAIRS,  # Thi đua – Khen thưởng
    "G03-TC01": HOME_AFFAIRS,  # Thi đua khen thưởng
    "CTVP": PROVINCE_OFFICE,  # Công tác Văn phòng
    "254738341": FINANCE,  # Thành lập và hoạt động của doanh nghiệp
    "712938197": AGRICULTURE_ENVIRONMENT,  # Đất đai
    "52": AGRICULTURE_ENVIRONMENT,  # Khoáng sản
    "782290570": AGRICULTURE_ENVIRONMENT,  # Kinh tế hợp tác và Phát triển nông thôn
    "771222951": HOME_AFFAIRS,  # Người có công
    "G12.97.1": FINANCE,  # Hỗ trợ doanh nghiệp nhỏ và vừa
    "H49-QN01": CONSTRUCTION,  # Quản lý kết cấu hạ tầng giao thông
}
MINISTRY_DEPARTMENTS: Final[dict[str, str]] = {
    "G01": POLICE,  # Bộ Công an
    "G02": INDUSTRY_TRADE,  # Bộ Công Thương
    "G03": EDUCATION,  # Bộ Giáo dục và Đào tạo
    "G04": CONSTRUCTION,  # Bộ Giao thông vận tải (merged into Bộ Xây dựng)
    "G06": SCIENCE_TECHNOLOGY,  # Bộ Khoa học và Công nghệ
    "G07": HOME_AFFAIRS,  # Bộ Lao động – Thương binh và Xã hội (merged into Bộ Nội vụ)
    "G09": HOME_AFFAIRS,  # Bộ Nội vụ
    "G10": AGRICULTURE_ENVIRONMENT,  # Bộ Nông nghiệp (và Môi trường)
    "G12": FINANCE,  # Bộ Tài chính
    "G13": AGRICULTURE_ENVIRONMENT,  # Bộ Tài nguyên và Môi trường (merged)
    "G14": SCIENCE_TECHNOLOGY,  # Bộ Thông tin và Truyền thông (merged)
    "G16": CULTURE_SPORTS_TOURISM,  # Bộ Văn hóa, Thể thao và Du lịch
    "G17": CONSTRUCTION,  # Bộ Xây dựng
    "G18": HEALTH,  # Bộ Y tế
}
# Sectors the table does not know go to the People's Committee office, which routes them.
DEFAULT_DEPARTMENT: Final = PROVINCE_OFFICE
# Commune-level procedures are decided by the commune; the demo's first commune stands for all.
COMMUNE_DECIDER: Final = TAN_PHU
COMMUNE_CENTRES: Final = (TAN_PHU_CENTRE, BINH_MINH_CENTRE)

# Short procedures handled "4 tại chỗ" at the centre, and the daily cut-off hours.
ON_THE_SPOT: Final = frozenset({"1.012789", "1.014981", "1.115166", "3.000576"})
CUTOFF_TIMES: Final[dict[str, dt.time]] = {
    "1.012789": dt.time(15, 0),
    "1.014981": dt.time(15, 0),
    "1.115166": dt.time(15, 0),
    "3.000576": dt.time(15, 0),
    "2.002867": dt.time(16, 0),
}


def department_for_sector(sector_code: str) -> str:
    """The demo department deciding procedures of a sector (see SECTOR_DEPARTMENTS)."""
    if sector_code in SECTOR_DEPARTMENTS:
        return SECTOR_DEPARTMENTS[sector_code]
    ministry = sector_code.split("-", 1)[0] if "-" in sector_code else ""
    return MINISTRY_DEPARTMENTS.get(ministry, DEFAULT_DEPARTMENT)


@dataclass(frozen=True)
class DemoArea:
    """One service area of the centre's queue: letter, name and the departments it receives for."""

    prefix: str
    name: str
    description: str
    departments: tuple[str, ...] = ()
    is_priority: bool = False


QUEUE_AREAS: Final[tuple[DemoArea, ...]] = (
    DemoArea(
        "U",
        "Ưu tiên",
        "Người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công",
        is_priority=True,
    ),
    DemoArea(
        "A",
        "Đất đai – Nông nghiệp – Môi trường",
        "Sở Nông nghiệp và Môi trường",
        (AGRICULTURE_ENVIRONMENT,),
    ),
    DemoArea("B", "Tư pháp – Hộ tịch – Công an", "Sở Tư pháp, Công an tỉnh", (JUSTICE, POLICE)),
    DemoArea(
        "C",
        "Doanh nghiệp – Đầu tư – Thuế",
        "Sở Tài chính, Sở Công Thương, Thuế tỉnh",
        (FINANCE, INDUSTRY_TRADE, TAX),
    ),
    DemoArea("D", "Xây dựng – Giao thông", "Sở Xây dựng", (CONSTRUCTION,)),
    DemoArea(
        "E",
        "Y tế – Giáo dục – Văn hóa – Nội vụ",
        "Các sở Y tế, Giáo dục và Đào tạo, Văn hóa, Nội vụ, Khoa học và Công nghệ",
        (
            HEALTH,
            EDUCATION,
            CULTURE_SPORTS_TOURISM,
            HOME_AFFAIRS,
            SCIENCE_TECHNOLOGY,
            PROVINCE_OFFICE,
        ),
    ),
)
# Counter number → the areas it calls, first priority first. The priority area goes first at
# counters 1 and 6, so an elderly citizen is called before the others (ND 118 Art. 13.2.b).
QUEUE_COUNTERS: Final[dict[int, tuple[str, ...]]] = {
    1: ("U", "A"),
    2: ("A", "B"),
    3: ("B",),
    4: ("C",),
    5: ("D", "E"),
    6: ("U", "E", "C"),
}
