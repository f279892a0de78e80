"""Mẫu 06 "Sổ theo dõi hồ sơ": a desk's register of dossiers for a period, as an Excel workbook."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.deadlines.engine import to_local
from motcua.dossiers.models import Dossier

# Longest period one register covers (a year and a day, so "01/01 to 01/01" of the next year works).
MAX_PERIOD: Final = dt.timedelta(days=366)

TITLE: Final = "SỔ THEO DÕI HỒ SƠ"
FORM_NUMBER: Final = "Mẫu số 06"
# (heading, column width) in the order of DOMAIN.md §7.
COLUMNS: Final[tuple[tuple[str, int], ...]] = (
    ("STT", 6),
    ("Mã hồ sơ", 24),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 9),
    ("Tên cá nhân, tổ chức", 26),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 28),
    ("Ngày, giờ nhận hồ sơ", 17),
    ("Ngày, giờ hẹn trả kết quả", 17),
    ("Ngày, giờ chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Ngày, giờ nhận kết quả từ cơ quan giải quyết", 17),
    ("Ngày, giờ trả kết quả cho cá nhân, tổ chức", 17),
    ("Ký nhận", 18),
    ("Ghi chú", 24),
)
DATE_FORMAT: Final = "hh:mm dd/mm/yyyy"


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """One dossier of the register, as the columns of Mẫu 06 read it."""

    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    lead_agency: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    sent_at: dt.datetime | None
    result_at: dt.datetime | None
    returned_at: dt.datetime | None
    collected_by: str
    note: str


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    """Refuse a period that ends before it starts or is longer than a year."""
    if date_from > date_to:
        raise DomainError(
            f"Từ ngày {date_from:%d/%m/%Y} phải trước hoặc bằng đến ngày {date_to:%d/%m/%Y}."
        )
    if date_to - date_from > MAX_PERIOD:
        raise DomainError(
            "Một sổ theo dõi chỉ in được tối đa một năm; hãy chia nhỏ khoảng thời gian."
        )


def register_lines(agency: Agency, date_from: dt.date, date_to: dt.date) -> Iterator[RegisterLine]:
    """Dossiers the desk `agency` received in the period (local dates, both ends included)."""
    check_period(date_from, date_to)
    dossiers = (
        Dossier.objects.filter(
            receiving_agency=agency,
            accepted_at__date__gte=date_from,
            accepted_at__date__lte=date_to,
        )
        .select_related("procedure_version", "competent_agency", "route__lead_agency", "extension")
        .order_by("accepted_at", "pk")
    )
    for dossier in dossiers.iterator(chunk_size=2000):
        route = getattr(dossier, "route", None)
        lead = route.lead_agency if route is not None and route.lead_agency else None
        contact = ", ".join(
            part for part in (dossier.applicant_address, dossier.applicant_phone) if part
        )
        extension = getattr(dossier, "extension", None)
        note = ""
        if extension is not None:
            note = f"Hẹn lại từ {to_local(extension.previous_due_at):%d/%m/%Y}: {extension.reason}"
        yield RegisterLine(
            code=dossier.code or "",
            procedure=dossier.procedure_version.name,
            sets=1,
            applicant=dossier.applicant_name,
            contact=contact,
            lead_agency=(lead or dossier.competent_agency).name,
            received_at=dossier.accepted_at,
            due_at=dossier.due_at,
            sent_at=dossier.transferred_at,
            result_at=dossier.finished_at,
            returned_at=dossier.returned_at,
            collected_by=dossier.returned_to_name,
            note=note,
        )


def _excel_time(moment: dt.datetime | None) -> dt.datetime | None:
    # Excel has no time zones: write the centre's local wall time.
    return to_local(moment).replace(tzinfo=None) if moment is not None else None


def register_xlsx(agency: Agency, date_from: dt.date, date_to: dt.date) -> bytes:
    """Mẫu 06 of desk `agency` for the period, as an .xlsx workbook (one row per dossier)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    check_period(date_from, date_to)
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi"
    width = len(COLUMNS)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.cell(row=1, column=width, value=FORM_NUMBER).font = Font(italic=True)
    period = f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"
    for row, text, font in (
        (2, agency.name.upper(), Font(bold=True)),
        (3, TITLE, Font(bold=True, size=14)),
        (4, period, Font(italic=True)),
    ):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")

    header = 6
    for index, (heading, column_width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header, column=index, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = centred
        cell.border = box
        number = sheet.cell(row=header + 1, column=index, value=f"({index})")
        number.font = Font(italic=True)
        number.alignment = centred
        number.border = box
        sheet.column_dimensions[get_column_letter(index)].width = column_width

    row = header + 2
    for position, line in enumerate(register_lines(agency, date_from, date_to), start=1):
        values: tuple[object, ...] = (
            position,
            line.code,
            line.procedure,
            line.sets,
            line.applicant,
            line.contact,
            line.lead_agency,
            _excel_time(line.received_at),
            _excel_time(line.due_at),
            _excel_time(line.sent_at),
            _excel_time(line.result_at),
            _excel_time(line.returned_at),
            line.collected_by,
            line.note,
        )
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(value, dt.datetime):
                cell.number_format = DATE_FORMAT
        row += 1
    sheet.freeze_panes = sheet.cell(row=header + 2, column=3)
    sheet.print_title_rows = f"{header}:{header + 1}"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
