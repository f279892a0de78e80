"""The report as JSON (CONTRACT §6), and as CSV, XLSX and PDF in the layout of form 07a.

Form 07a groups its columns under three headings: "Số hồ sơ nhận giải quyết" (total, carried over,
newly received by channel), "Số hồ sơ đã giải quyết" (total, before, on, after the due date) and
"Số hồ sơ đang giải quyết" (total, within time, overdue). The wording of the form is prescribed, so
it is printed in Vietnamese whatever the interface language. One column list drives every format.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Final

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.reports.figures import Figures, GroupBy, Report

Value = int | Decimal | None


@dataclass(frozen=True)
class Column:
    """A leaf column of the form: its heading path (group, sub-group, leaf) and its value.

    `cell` names the list of dossiers behind a count (`selectors.LISTED_CELLS`); rates have none.
    """

    path: tuple[str, ...]
    value: Callable[[Figures], Value]
    is_rate: bool = False
    cell: str | None = None


_TO_HANDLE: Final = "Số hồ sơ nhận giải quyết"
_RESOLVED: Final = "Số hồ sơ đã giải quyết"
_IN_PROGRESS: Final = "Số hồ sơ đang giải quyết"
_RATES: Final = "Tỷ lệ giải quyết (%)"

FIGURE_COLUMNS: Final[tuple[Column, ...]] = (
    Column((_TO_HANDLE, "Tổng số"), lambda f: f.to_handle, cell="to_handle"),
    Column((_TO_HANDLE, "Kỳ trước chuyển qua"), lambda f: f.carried_over, cell="carried_over"),
    Column(
        (_TO_HANDLE, "Mới tiếp nhận", "Trực tuyến"),
        lambda f: f.received.online,
        cell="received.online",
    ),
    Column(
        (_TO_HANDLE, "Mới tiếp nhận", "Trực tiếp"),
        lambda f: f.received.direct,
        cell="received.direct",
    ),
    Column(
        (_TO_HANDLE, "Mới tiếp nhận", "Bưu chính"),
        lambda f: f.received.postal,
        cell="received.postal",
    ),
    Column((_RESOLVED, "Tổng số"), lambda f: f.resolved.total, cell="resolved.total"),
    Column((_RESOLVED, "Trước hạn"), lambda f: f.resolved.early, cell="resolved.early"),
    Column((_RESOLVED, "Đúng hạn"), lambda f: f.resolved.on_time, cell="resolved.on_time"),
    Column((_RESOLVED, "Quá hạn"), lambda f: f.resolved.overdue, cell="resolved.overdue"),
    Column((_IN_PROGRESS, "Tổng số"), lambda f: f.in_progress.total, cell="in_progress.total"),
    Column(
        (_IN_PROGRESS, "Trong hạn"),
        lambda f: f.in_progress.within_time,
        cell="in_progress.within_time",
    ),
    Column((_IN_PROGRESS, "Quá hạn"), lambda f: f.in_progress.overdue, cell="in_progress.overdue"),
    Column(
        ("Số hồ sơ rút, từ chối, dừng xử lý",),
        lambda f: f.withdrawn_or_refused,
        cell="withdrawn_or_refused",
    ),
    Column((_RATES, "Trước hạn"), lambda f: f.rates.early_pct, is_rate=True),
    Column((_RATES, "Đúng hạn"), lambda f: f.rates.on_time_pct, is_rate=True),
    Column((_RATES, "Quá hạn"), lambda f: f.rates.overdue_pct, is_rate=True),
)

GROUP_HEADINGS: Final = {
    GroupBy.AGENCY: "Cơ quan, đơn vị",
    GroupBy.SECTOR: "Lĩnh vực",
    GroupBy.PROCEDURE: "Thủ tục hành chính",
}
TITLE: Final = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
FORM_NUMBER: Final = "Biểu số 07a"
TOTAL_LABEL: Final = "Tổng cộng"
HEADER_DEPTH: Final = 3


def lead_headings(by: GroupBy) -> tuple[str, str, str]:
    """The columns before the figures: row number, code, name."""
    return ("STT", "Mã", GROUP_HEADINGS[by])


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the grouped heading, with its spans (0-based row and column)."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str


def header_cells(by: GroupBy) -> list[HeaderCell]:
    """The grouped heading of form 07a: a heading spans the columns under it, and a heading with
    nothing under it spans down to the last heading row."""
    paths = [(text,) for text in lead_headings(by)] + [c.path for c in FIGURE_COLUMNS]
    cells: list[HeaderCell] = []
    for level in range(HEADER_DEPTH):
        start = 0
        while start < len(paths):
            path = paths[start]
            if len(path) <= level:
                start += 1
                continue
            end = start + 1
            while (
                end < len(paths)
                and len(paths[end]) > level
                and paths[end][: level + 1] == path[: level + 1]
            ):
                end += 1
            is_leaf = len(path) == level + 1
            cells.append(
                HeaderCell(
                    row=level,
                    column=start,
                    rowspan=HEADER_DEPTH - level if is_leaf else 1,
                    colspan=end - start,
                    text=path[level],
                )
            )
            start = end
    return cells


def flat_headings(by: GroupBy) -> list[str]:
    """One heading per column, the group path joined by " - " (the CSV header)."""
    return list(lead_headings(by)) + [" - ".join(c.path) for c in FIGURE_COLUMNS]


@dataclass(frozen=True)
class Line:
    """A row as printed: number, code, name and the values of FIGURE_COLUMNS."""

    number: str
    key: str
    name: str
    values: tuple[Value, ...]
    is_total: bool = False


def lines(report: Report) -> list[Line]:
    """The printed rows, the total last."""
    printed = [
        Line(str(index), row.key, row.name, tuple(c.value(row.figures) for c in FIGURE_COLUMNS))
        for index, row in enumerate(report.rows, start=1)
    ]
    total = tuple(c.value(report.total) for c in FIGURE_COLUMNS)
    printed.append(Line("", "", TOTAL_LABEL, total, is_total=True))
    return printed


def period_label(report: Report) -> str:
    """ "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025"."""
    return f"Kỳ báo cáo: từ ngày {report.date_from:%d/%m/%Y} đến ngày {report.date_to:%d/%m/%Y}"


def scope_label(report: Report) -> str:
    """Whose dossiers the report counts."""
    if report.agency_code is None:
        return "Phạm vi: toàn bộ cơ quan, đơn vị"
    return f"Phạm vi: {report.agency_name} ({report.agency_code}) và các đơn vị trực thuộc"


def _text(value: Value) -> str:
    return "" if value is None else str(value)


# --- formats -------------------------------------------------------------------------------------


def to_json(report: Report) -> str:
    """CONTRACT §6: one JSON object, UTF-8 text kept as is."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def write_csv(report: Report, stream: IO[str]) -> None:
    """One header line (group path joined by " - "), one line per row, then the total line.

    Rates use a decimal point and are empty when nothing was resolved.
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(flat_headings(report.by))
    for line in lines(report):
        writer.writerow([line.number, line.key, line.name, *(_text(v) for v in line.values)])


def csv_text(report: Report) -> str:
    """The CSV as text."""
    buffer = io.StringIO()
    write_csv(report, buffer)
    return buffer.getvalue()


def xlsx_bytes(report: Report) -> bytes:
    """The form as an Excel workbook: title block, grouped merged headings, rows, total."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "07a"
    width = 3 + len(FIGURE_COLUMNS)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.cell(row=1, column=width, value=FORM_NUMBER).font = Font(italic=True)
    for row, text, font in (
        (2, TITLE, Font(bold=True, size=14)),
        (3, period_label(report), Font(italic=True)),
        (4, scope_label(report), Font()),
        (5, "Đơn vị tính: hồ sơ", Font(italic=True)),
    ):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")

    top = 7
    for head in header_cells(report.by):
        first_row, first_col = top + head.row, 1 + head.column
        last_row, last_col = first_row + head.rowspan - 1, first_col + head.colspan - 1
        if (last_row, last_col) != (first_row, first_col):
            sheet.merge_cells(
                start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
            )
        cell = sheet.cell(row=first_row, column=first_col, value=head.text)
        cell.font = bold
        cell.alignment = centred
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                sheet.cell(row=r, column=c).border = box
    numbering = top + HEADER_DEPTH
    for index in range(width):
        cell = sheet.cell(row=numbering, column=index + 1, value=f"({index + 1})")
        cell.alignment = centred
        cell.font = Font(italic=True)
        cell.border = box

    row_number = numbering + 1
    for line in lines(report):
        values: Sequence[object] = (
            int(line.number) if line.number else None,
            line.key or None,
            line.name,
            *(float(v) if isinstance(v, Decimal) else v for v in line.values),
        )
        for index, value in enumerate(values):
            cell = sheet.cell(row=row_number, column=index + 1, value=value)
            cell.border = box
            if line.is_total:
                cell.font = bold
            if index >= 3 and FIGURE_COLUMNS[index - 3].is_rate:
                cell.number_format = "0.0"
        row_number += 1

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 42
    for index in range(4, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = sheet.cell(row=numbering + 1, column=4)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def html_text(report: Report) -> str:
    """The form as HTML, as WeasyPrint lays it out."""
    heading_rows: list[list[HeaderCell]] = [[] for _ in range(HEADER_DEPTH)]
    for head in header_cells(report.by):
        heading_rows[head.row].append(head)
    html = render_to_string(
        "reports/form_07a.html",
        {
            "report": report,
            "form_number": FORM_NUMBER,
            "title": TITLE,
            "period": period_label(report),
            "scope": scope_label(report),
            "heading_rows": heading_rows,
            "numbers": [f"({i})" for i in range(1, 4 + len(FIGURE_COLUMNS))],
            "lines": [
                {
                    "line": line,
                    "cells": [
                        ("rate" if c.is_rate else "count", _text(v))
                        for c, v in zip(FIGURE_COLUMNS, line.values, strict=True)
                    ],
                }
                for line in lines(report)
            ],
            "printed_at": timezone.localtime(),
        },
    )
    return unicodedata.normalize("NFC", html)


def pdf_bytes(report: Report) -> bytes:
    """The form as a PDF (A4 landscape, fonts embedded)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The page embeds everything it shows; nothing may make the renderer fetch a file or URL.
    pdf = HTML(
        string=html_text(report), url_fetcher=URLFetcher(allowed_protocols=("data",))
    ).write_pdf()
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    return pdf
