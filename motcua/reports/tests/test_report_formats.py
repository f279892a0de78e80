"""`motcua report` in its four formats: the JSON contract, the 07a CSV, XLSX and PDF layouts."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.reports import exports
from motcua.reports.figures import GroupBy
from motcua.reports.tests.conftest import JUSTICE

pytestmark = pytest.mark.django_db

MARCH_ARGS = ["--from", "2025-03-01", "--to", "2025-03-31"]
ROW_KEYS = {
    "key",
    "name",
    "carried_over",
    "received",
    "resolved",
    "in_progress",
    "withdrawn_or_refused",
    "rates",
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_contract_shape(march):
    data = json.loads(run(*MARCH_ARGS, "--format", "json"))
    assert list(data) == ["from", "to", "rows", "total"]
    assert (data["from"], data["to"]) == ("2025-03-01", "2025-03-31")
    assert [row["key"] for row in data["rows"]] == ["000.00.12.H98", "000.00.15.H98"]
    for row in data["rows"]:
        assert set(row) == ROW_KEYS
        assert list(row["received"]) == ["total", "online", "direct", "postal"]
        assert list(row["resolved"]) == ["total", "early", "on_time", "overdue"]
        assert list(row["in_progress"]) == ["total", "within_time", "overdue"]
        assert list(row["rates"]) == ["early_pct", "on_time_pct", "overdue_pct"]
    assert set(data["total"]) == ROW_KEYS - {"key", "name"}
    justice = data["rows"][0]
    assert justice["name"] == "Sở Tư pháp"
    assert justice["received"] == {"total": 12, "online": 1, "direct": 9, "postal": 2}
    assert justice["rates"] == {"early_pct": 37.5, "on_time_pct": 37.5, "overdue_pct": 25.0}
    assert data["rows"][1]["rates"] == {"early_pct": 0.0, "on_time_pct": 100.0, "overdue_pct": 0.0}


def test_json_by_sector_for_one_agency(march):
    data = json.loads(
        run(*MARCH_ARGS, "--agency", "000.00.12.H98", "--by", "sector", "--format", "json")
    )
    assert [(r["key"], r["name"]) for r in data["rows"]] == [("LV-HT", "Hộ tịch")]
    assert data["total"]["carried_over"] == JUSTICE.carried_over


def test_empty_period_prints_zeros_and_null_rates(march):
    data = json.loads(run("--from", "2019-01-01", "--to", "2019-01-31", "--format", "json"))
    assert data["rows"] == []
    assert data["total"]["received"]["total"] == 0
    assert data["total"]["rates"] == {"early_pct": None, "on_time_pct": None, "overdue_pct": None}


def test_csv_has_the_07a_headings_and_a_total_line(march):
    rows = list(csv.reader(io.StringIO(run(*MARCH_ARGS, "--format", "csv"))))
    assert rows[0] == [
        "STT",
        "Mã",
        "Cơ quan, đơn vị",
        "Số hồ sơ nhận giải quyết - Tổng số",
        "Số hồ sơ nhận giải quyết - Kỳ trước chuyển qua",
        "Số hồ sơ nhận giải quyết - Mới tiếp nhận - Trực tuyến",
        "Số hồ sơ nhận giải quyết - Mới tiếp nhận - Trực tiếp",
        "Số hồ sơ nhận giải quyết - Mới tiếp nhận - Bưu chính",
        "Số hồ sơ đã giải quyết - Tổng số",
        "Số hồ sơ đã giải quyết - Trước hạn",
        "Số hồ sơ đã giải quyết - Đúng hạn",
        "Số hồ sơ đã giải quyết - Quá hạn",
        "Số hồ sơ đang giải quyết - Tổng số",
        "Số hồ sơ đang giải quyết - Trong hạn",
        "Số hồ sơ đang giải quyết - Quá hạn",
        "Số hồ sơ rút, từ chối, dừng xử lý",
        "Tỷ lệ giải quyết (%) - Trước hạn",
        "Tỷ lệ giải quyết (%) - Đúng hạn",
        "Tỷ lệ giải quyết (%) - Quá hạn",
    ]
    assert rows[1] == [
        "1", "000.00.12.H98", "Sở Tư pháp",
        "17", "5", "1", "9", "2",
        "8", "3", "3", "2",
        "7", "5", "2",
        "3",
        "37.5", "37.5", "25.0",
    ]  # fmt: skip
    assert rows[-1][:4] == ["", "", "Tổng cộng", "20"]
    assert len(rows) == 4


def test_csv_by_procedure_names_the_procedure_column(march):
    rows = list(csv.reader(io.StringIO(run(*MARCH_ARGS, "--by", "procedure", "--format", "csv"))))
    assert rows[0][2] == "Thủ tục hành chính"
    assert rows[1][1:3] == ["1.000001", "Đăng ký khai sinh"]


def test_xlsx_has_merged_group_headings_and_the_figures(march, tmp_path):
    target = tmp_path / "07a.xlsx"
    run(*MARCH_ARGS, "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet["A2"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A3"].value == "Kỳ báo cáo: từ ngày 01/03/2025 đến ngày 31/03/2025"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"D7:H7", "I7:L7", "M7:O7", "F8:H8", "A7:A9", "D8:D9", "P7:P9"} <= merged
    assert sheet["D7"].value == "Số hồ sơ nhận giải quyết"
    assert sheet["I7"].value == "Số hồ sơ đã giải quyết"
    assert sheet["M7"].value == "Số hồ sơ đang giải quyết"
    assert [sheet.cell(row=8, column=c).value for c in (4, 5, 6)] == [
        "Tổng số",
        "Kỳ trước chuyển qua",
        "Mới tiếp nhận",
    ]
    assert [sheet.cell(row=9, column=c).value for c in (6, 7, 8)] == [
        "Trực tuyến",
        "Trực tiếp",
        "Bưu chính",
    ]
    assert [sheet.cell(row=8, column=c).value for c in (10, 11, 12)] == [
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
    ]
    assert [sheet.cell(row=8, column=c).value for c in (13, 14, 15)] == [
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ]
    justice = [sheet.cell(row=11, column=c).value for c in range(1, 20)]
    assert justice == [
        1, "000.00.12.H98", "Sở Tư pháp", 17, 5, 1, 9, 2, 8, 3, 3, 2, 7, 5, 2, 3, 37.5, 37.5, 25.0
    ]  # fmt: skip
    total = [sheet.cell(row=13, column=c).value for c in range(3, 20)]
    assert total == ["Tổng cộng", 20, 5, 3, 10, 2, 10, 3, 5, 2, 8, 5, 3, 3, 30.0, 50.0, 20.0]


def test_pdf_prints_the_form_in_vietnamese(march, tmp_path):
    target = tmp_path / "07a.pdf"
    run(*MARCH_ARGS, "--format", "pdf", "--output", str(target))
    reader = PdfReader(target)
    # Headings wrap inside their cells: compare with whitespace collapsed.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for phrase in (
        "Biểu số 07a",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "Số hồ sơ nhận giải quyết",
        "Kỳ trước chuyển qua",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
        "Trong hạn",
        "Sở Tư pháp",
        "Tổng cộng",
        "37.5",
    ):
        assert phrase in text, phrase
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_header_cells_cover_every_column_once():
    cells = exports.header_cells(GroupBy.AGENCY)
    width = 3 + len(exports.FIGURE_COLUMNS)
    grid = [[0] * width for _ in range(exports.HEADER_DEPTH)]
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.column, cell.column + cell.colspan):
                grid[r][c] += 1
    assert grid == [[1] * width] * exports.HEADER_DEPTH


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-03-02", "--to", "2025-03-01"], "sau ngày kết thúc"),
        ([*MARCH_ARGS, "--agency", "KHONG-CO"], "Không có cơ quan"),
        ([*MARCH_ARGS, "--by", "district"], "Cách nhóm không hợp lệ"),
        ([*MARCH_ARGS, "--format", "docx"], "--format không hợp lệ"),
        (["--from", "01/03/2025", "--to", "2025-03-31"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_a_one_line_error(args, message):
    with pytest.raises(CommandError, match=message) as failure:
        run(*args)
    assert "\n" not in str(failure.value)


@pytest.mark.django_db(transaction=False)
def test_cli_exits_non_zero_with_one_line_on_stderr():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from motcua.cli import main; main()",
            "report",
            "--from",
            "2025-03-02",
            "--to",
            "2025-03-01",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "sau ngày kết thúc" in done.stderr
