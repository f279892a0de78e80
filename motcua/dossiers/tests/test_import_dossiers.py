"""`motcua import-dossiers`: legacy dossiers in, bad rows out, nothing half-written, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency, AgencyKind
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import ProcedureFactory
from motcua.dossiers import history_import
from motcua.dossiers.history_import import (
    HEADER,
    IMPORTED_STATUS,
    HistoryImportError,
    import_history,
)
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import NATIONAL_CODE, Status
from motcua.reports.models import AgencyTally, SectorTally, StatJournal
from motcua.reports.rollup import reconcile_rollups
from motcua.reports.selectors import build_report

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.00.12.H22"
PROCEDURE = "1.001776"


@pytest.fixture(autouse=True)
def catalogue():
    # A transactional test elsewhere may have emptied the dossier table with DELETE (SQLite's
    # flush), leaving statistics journal rows behind: start from empty statistics.
    for model in (StatJournal, AgencyTally, SectorTally):
        model.objects.all().delete()
    AgencyFactory(code=AGENCY, name="Sở Tư pháp")
    ProcedureFactory(code=PROCEDURE)


def row(code: str, status: int | str = 10, **values: str) -> dict[str, str]:
    base = {
        "code": code,
        "procedure_code": PROCEDURE,
        "agency_code": AGENCY,
        "channel": "direct",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_no": "038090001234",
        "submitted_at": "2024-03-04T08:30:00+07:00",
        "accepted_at": "2024-03-04T08:30:00+07:00",
        "due_at": "2024-03-11T17:00:00+07:00",
        "resolved_at": "2024-03-08T10:00:00+07:00" if status in (9, 10) else "",
        "returned_at": "2024-03-08T15:00:00+07:00" if status == 10 else "",
        "status": str(status),
        "paid_online": "0",
        "digitized": "1",
    }
    return base | values


def write_csv(path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> Path:
    lines = [",".join(header)]
    for values in rows:
        lines.append(",".join(_quote(values.get(name, "")) for name in header))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _quote(value: str) -> str:
    return f'"{value}"' if "," in value else value


def run(path: Path) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_dossiers", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


GOOD = [
    row("H22.99-240304-000001", 10),
    row("H22.99-240304-000002", 9, returned_at=""),
    row("LEGACY/2024/3", 4, resolved_at="", returned_at="", channel="online"),
    row(
        "LEGACY/2024/4",
        1,
        accepted_at="",
        due_at="",
        resolved_at="",
        returned_at="",
        channel="online",
    ),
    row("LEGACY/2024/5", 5, accepted_at="", due_at="", resolved_at="", returned_at=""),
    row("LEGACY/2024/6", 5, resolved_at="", returned_at=""),
    row("LEGACY/2024/7", 7, resolved_at="2024-03-05T09:00:00+07:00", returned_at=""),
    row(
        "LEGACY/2024/8",
        3,
        accepted_at="",
        due_at="",
        resolved_at="",
        returned_at="",
        channel="postal",
    ),
    row("LEGACY/2024/9", 8, resolved_at="", returned_at="2024-03-06T09:00:00+07:00"),
    row("LEGACY/2024/10", 6, resolved_at="", returned_at="", paid_online="1"),
    row("LEGACY/2024/11", 2, resolved_at="", returned_at="", applicant_id_no="2801234567"),
]


def test_a_good_file_is_imported_with_its_statuses_and_dates(tmp_path):
    out, err, failure = run(write_csv(tmp_path / "history.csv", GOOD))
    assert failure is None, err
    assert out.splitlines()[-1] == "imported=11 failed=0"
    assert Dossier.objects.filter(is_imported=True).count() == 11
    for values in GOOD:
        dossier = Dossier.objects.get(code=values["code"])
        assert dossier.national_status == int(values["status"])
        assert dossier.channel == values["channel"]
        assert dossier.competent_agency.code == dossier.receiving_agency.code == AGENCY
        assert dossier.procedure.code == PROCEDURE
    returned = Dossier.objects.get(code="H22.99-240304-000001")
    assert returned.status == Status.RETURNED
    assert returned.accepted_at == dt.datetime(2024, 3, 4, 8, 30, tzinfo=VN)
    assert returned.finished_at == dt.datetime(2024, 3, 8, 10, tzinfo=VN)
    assert returned.returned_at == dt.datetime(2024, 3, 8, 15, tzinfo=VN)
    assert returned.digitized
    assert not returned.paid_online
    assert Dossier.objects.get(code="LEGACY/2024/5").status == Status.NEEDS_COMPLETION
    assert Dossier.objects.get(code="LEGACY/2024/6").status == Status.SUPPLEMENT_REQUESTED
    refused = Dossier.objects.get(code="LEGACY/2024/8")
    assert refused.finished_at == refused.submitted_at
    stopped = Dossier.objects.get(code="LEGACY/2024/9")
    assert stopped.finished_at == dt.datetime(2024, 3, 6, 9, tzinfo=VN)
    assert Dossier.objects.get(code="LEGACY/2024/3").finished_at is None
    assert Applicant.objects.get(id_no="038090001234").name == "Nguyễn Văn An"
    assert Applicant.objects.get(id_no="2801234567").kind == "organisation"


def test_every_national_code_maps_onto_one_internal_status_of_that_code():
    for national, status in IMPORTED_STATUS.items():
        assert NATIONAL_CODE[status] == national
    assert NATIONAL_CODE[history_import.BEFORE_ACCEPTANCE[5]] == 5


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "history.csv", GOOD)
    run(path)
    before = list(Dossier.objects.order_by("pk").values())
    applicants = Applicant.objects.count()
    out, err, failure = run(path)
    assert failure is None
    assert out.splitlines()[-1] == "imported=0 failed=0"
    assert "11 hồ sơ đã có" in err
    assert list(Dossier.objects.order_by("pk").values()) == before
    assert Applicant.objects.count() == applicants


BAD = [
    (row("BAD-1", submitted_at="2024-03-04T08:30:00"), "thiếu múi giờ"),
    (row("BAD-2", status="11"), "nằm ngoài 1–10"),
    (row("BAD-3", status="0"), "nằm ngoài 1–10"),
    (row("BAD-4", status="done"), "không phải mã trạng thái"),
    (row("BAD-5", channel="fax"), "channel 'fax' không hợp lệ"),
    (row("BAD-6", 4, accepted_at="", due_at="", resolved_at=""), "cần accepted_at"),
    (row("BAD-7", 4, resolved_at="2024-03-08T10:00:00+07:00"), "chưa kết thúc nhưng có"),
    (row("BAD-8", 10, accepted_at="2024-03-09T08:00:00+07:00"), "kết thúc trước accepted_at"),
    (row("BAD-9", 7, resolved_at="", returned_at=""), "cần resolved_at"),
    (row("BAD-10", accepted_at="24/03/2024"), "không phải thời điểm ISO 8601"),
    (row("BAD-11", applicant_name=" "), "applicant_name trống"),
    (row("BAD-12", paid_online="yes"), "paid_online phải là 0 hoặc 1"),
    (row("H22.99-240304-000001"), "trùng với dòng 2"),
    (row("BAD-13", 1, resolved_at="", returned_at=""), "chưa được tiếp nhận nhưng có accepted_at"),
]


def test_bad_rows_are_reported_by_line_and_skipped(tmp_path):
    rows = [GOOD[0], *(values for values, _message in BAD), GOOD[2]]
    path = write_csv(tmp_path / "history.csv", rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("ONLY,THREE,COLUMNS\n")
    out, err, failure = run(path)
    assert out.splitlines()[-1] == f"imported=2 failed={len(BAD) + 1}"
    assert failure is not None
    assert "\n" not in str(failure)
    lines = err.splitlines()
    for index, (_values, message) in enumerate(BAD):
        line = index + 3  # header on line 1, the good row on line 2
        assert any(f"dòng {line}: " in text and message in text for text in lines), (line, message)
    assert any(f"dòng {len(BAD) + 4}: có 3 cột" in text for text in lines)
    assert set(Dossier.objects.values_list("code", flat=True)) == {GOOD[0]["code"], GOOD[2]["code"]}


def test_offsets_may_differ_from_row_to_row(tmp_path):
    rows = [
        row("Z-1", submitted_at="2024-03-04T01:30:00Z", accepted_at="2024-03-04T01:30:00Z"),
        row(
            "Z-2",
            submitted_at="2024-03-04T09:30:00+08:00",
            accepted_at="2024-03-04T01:30:00+00:00",
        ),
    ]
    out, _err, failure = run(write_csv(tmp_path / "history.csv", rows))
    assert failure is None
    assert out.splitlines()[-1] == "imported=2 failed=0"
    moment = dt.datetime(2024, 3, 4, 8, 30, tzinfo=VN)
    assert set(Dossier.objects.values_list("accepted_at", flat=True)) == {moment}


def test_unknown_codes_become_reported_placeholders(tmp_path):
    rows = [row("P-1", procedure_code="9.999999", agency_code="000.00.77.H22")]
    path = write_csv(tmp_path / "history.csv", rows)
    out, err, failure = run(path)
    assert failure is None
    assert out.splitlines()[-1] == "imported=1 failed=0"
    assert "đã tạo thủ tục tạm mã 9.999999" in err
    assert "đã tạo cơ quan tạm mã 000.00.77.H22" in err
    procedure = Procedure.objects.get(code="9.999999")
    assert procedure.is_placeholder
    assert not procedure.is_active
    assert procedure.current_version is not None
    assert Agency.objects.get(code="000.00.77.H22").kind == AgencyKind.OTHER
    _out, err, _failure = run(path)
    assert "tạm" not in err


def test_a_failing_batch_leaves_nothing_half_written(tmp_path, monkeypatch):
    rows = [row(f"B-{n}", procedure_code=f"9.00000{n}") for n in range(4)]
    path = write_csv(tmp_path / "history.csv", rows)
    real = history_import._insert_sql
    calls = {"n": 0}

    def failing_second_batch(**options):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(**options)

    monkeypatch.setattr(history_import, "_insert_sql", failing_second_batch)
    with pytest.raises(RuntimeError, match="disk full"):
        import_history(path, batch_size=2)
    assert set(Dossier.objects.values_list("code", flat=True)) == {"B-0", "B-1"}
    # The second batch's placeholders were rolled back with it.
    assert not Procedure.objects.filter(code__in=["9.000002", "9.000003"]).exists()
    monkeypatch.setattr(history_import, "_insert_sql", real)
    report = import_history(path, batch_size=2)
    assert (report.imported, report.already_present) == (2, 2)
    assert [p.code for p in report.placeholders] == ["9.000002", "9.000003"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"code,procedure_code,status\nX,1.001776,4\n", "thiếu cột: agency_code"),
    ],
)
def test_an_unusable_file_is_one_error_and_imports_nothing(tmp_path, content, message):
    path = tmp_path / "history.csv"
    path.write_bytes(content)
    with pytest.raises(HistoryImportError, match=message):
        import_history(path)
    _out, _err, failure = run(path)
    assert failure is not None
    assert "\n" not in str(failure)
    assert not Dossier.objects.exists()
    with pytest.raises(HistoryImportError, match="Không có tệp"):
        import_history(tmp_path / "missing.csv")


def test_invalid_utf8_spoils_only_its_row_and_a_bom_is_accepted(tmp_path):
    path = write_csv(tmp_path / "history.csv", [row("U-1"), row("U-2", applicant_name="X")])
    data = path.read_bytes().replace(b",X,", b",\xff\xfe,")
    path.write_bytes(b"\xef\xbb\xbf" + data)
    report = import_history(path)
    assert report.imported == 1
    assert [(e.line, e.message) for e in report.failed] == [(3, "không phải văn bản UTF-8 hợp lệ")]


def test_imported_dossiers_count_in_the_statistics(tmp_path):
    run(write_csv(tmp_path / "history.csv", GOOD))
    march = build_report(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march.total.received.total == 8  # three rows were never accepted
    assert march.total.resolved.total == 2
    assert march.total.in_progress.overdue == 4
    assert march.total.withdrawn_or_refused == 3
    assert reconcile_rollups().is_exact


@pytest.mark.postgres
@pytest.mark.parametrize("set_based", [True, False], ids=["set-based checks", "row triggers"])
def test_both_postgres_paths_write_the_same_dossiers_and_statistics(
    tmp_path, monkeypatch, set_based
):
    if set_based and not history_import._may_check_set_based():
        pytest.skip("the database role may not skip per-row triggers")
    monkeypatch.setattr(history_import, "_may_check_set_based", lambda: set_based)
    report = import_history(write_csv(tmp_path / "history.csv", GOOD))
    assert (report.imported, report.failed) == (11, [])
    assert StatJournal.objects.count() == 11  # one journal row per new dossier, either way
    assert reconcile_rollups().is_exact
    march = build_report(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert (march.total.received.total, march.total.resolved.total) == (8, 2)
    again = import_history(write_csv(tmp_path / "history.csv", GOOD))
    assert (again.imported, again.already_present) == (0, 11)
    assert StatJournal.objects.count() == 11


# --- PostgreSQL: the set-based lane accepts and rejects exactly what the line-by-line one does ---

ODD = [
    row("ODD-1", submitted_at="2024-03-04T01:30:00Z", accepted_at="2024-03-04T01:30:00Z"),
    row("ODD-2", submitted_at="2024-03-04 08:30:00+07:00"),
    row("ODD-3", accepted_at="2024-03-04T08:30:00.250000+07:00"),
    row("ODD-4", accepted_at="2024-03-04T09:30:00+08:00"),
    row("ODD-5", accepted_at="2024-03-04T08:30+07:00"),
    row("ODD-6", due_at="2024-03-11T17:00:00+15:30"),
    row("ODD-7", due_at="2024-03-11T17:00:00-05:00"),
    row("ODD-8", due_at="2024-03-11T24:00:00+07:00"),
    row("ODD-9", due_at="2024-03-11T16:59:60+07:00"),
    row("ODD-10", due_at="2024-03-11T17:00: 0+07:00"),
    row("ODD-11", due_at="2024-03-11T17:0T:00+07:00"),
    row("ODD-12", due_at="1975-12-31T17:00:00+07:00"),
    row("ODD-13", applicant_name="  Trần   Thị  Bình "),
    row("ODD-14", applicant_name="Tra\u0300n Thi\u0323 Bi\u0300nh"),
    row("ODD-15", applicant_name="Lê\u00a0Văn Tám"),
    row("ODD-16", channel="Online"),
    row("ODD-17", status=" 10"),
    row("ODD-18", status="+10"),
    row("ODD-19", applicant_id_no="038 090 001 235"),
    row("ODD-20", applicant_id_no="０３８０９０００１２３６"),
    row("ODD-21", paid_online=" 1"),
    row("Mã-22"),
    row(" ODD-23 "),
    row("ODD-1"),
    row("ODD-24", 9, returned_at="2024-03-09T10:00:00+07:00"),
    row("ODD-25", 10, returned_at="2024-03-07T10:00:00+07:00"),
    row("ODD-26", 1, accepted_at="", due_at="", resolved_at="", returned_at="", submitted_at=""),
    row("ODD-27", 3, accepted_at="", due_at="", resolved_at="", returned_at=""),
    row("ODD-28", 5, accepted_at="", due_at="2024-03-11T17:00:00+07:00"),
    row("ODD-29", procedure_code="9.000777", agency_code="000.00.99.H22"),
]
# Digits out of their range make the first set-based statement fail; it then checks ranges too.
OUT_OF_RANGE = [
    row("RANGE-1", due_at="2024-13-11T17:00:00+07:00"),
    row("RANGE-2", due_at="2024-02-30T17:00:00+07:00"),
    row("RANGE-3", due_at="2024-02-29T17:00:00+07:00"),
    row("RANGE-4", due_at="2023-02-29T17:00:00+07:00"),
    row("RANGE-5", due_at="2024-03-11T17:61:00+07:00"),
    row("RANGE-6", due_at="2024-03-11T17:00:00+07:60"),
    row("RANGE-7", due_at="2024-04-31T17:00:00+07:00"),
]


def _outcome(report: history_import.ImportReport) -> tuple[object, ...]:
    dossiers = list(
        Dossier.objects.order_by("code").values_list(
            "code",
            "status",
            "channel",
            "procedure__code",
            "competent_agency__code",
            "applicant_kind",
            "applicant_name",
            "applicant_id_no",
            "applicant__name_folded",
            "submitted_at",
            "accepted_at",
            "due_at",
            "finished_at",
            "returned_at",
            "paid_online",
            "digitized",
        )
    )
    failed = [(error.line, error.message) for error in report.failed]
    placeholders = sorted(str(placeholder) for placeholder in report.placeholders)
    return report.imported, failed, placeholders, dossiers


@pytest.mark.postgres
@pytest.mark.parametrize("rows", [ODD, ODD + OUT_OF_RANGE], ids=["odd", "out of range"])
def test_the_set_based_lane_agrees_with_the_line_by_line_reader(tmp_path, rows):
    path = write_csv(tmp_path / "history.csv", [GOOD[0], *rows, GOOD[2]])
    in_sql = import_history(path)
    assert in_sql.lane == "sql"
    assert in_sql.failed  # the file has bad rows, and good ones
    assert in_sql.imported > 10
    set_based = _outcome(in_sql)
    Dossier.objects.all().delete()
    Applicant.objects.all().delete()
    Procedure.objects.filter(code="9.000777").delete()
    Agency.objects.filter(code="000.00.99.H22").delete()
    by_line = import_history(path, line_by_line=True)
    assert by_line.lane == "lines"
    assert _outcome(by_line) == set_based


@pytest.mark.postgres
def test_a_file_with_every_value_quoted_is_checked_set_based(tmp_path):
    import csv

    path = tmp_path / "history.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(HEADER)
        for values in GOOD:
            writer.writerow([values.get(name, "") for name in HEADER])
    report = import_history(path)
    assert (report.lane, report.imported, report.failed) == ("sql", len(GOOD), [])


@pytest.mark.postgres
def test_an_unusual_file_structure_is_read_line_by_line(tmp_path):
    rows = [row("S-1"), row("S-2", applicant_name="Lê Văn,\nTám")]
    path = write_csv(tmp_path / "history.csv", rows)
    report = import_history(path)
    assert report.lane == "lines"  # a line break inside a value: COPY would count rows, not lines
    assert report.imported == 2


@pytest.mark.postgres
def test_a_bulk_load_rebuilds_the_indexes_and_keeps_the_statistics_exact(tmp_path):
    from django.db import connection

    def indexes() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN (%s, %s) "
                "ORDER BY indexname",
                [Dossier._meta.db_table, Applicant._meta.db_table],
            )
            return list(cursor.fetchall())

    before = indexes()
    report = import_history(write_csv(tmp_path / "history.csv", GOOD), bulk=True)
    assert (report.lane, report.imported, report.failed) == ("sql", 11, [])
    assert indexes() == before
    assert StatJournal.objects.count() == 11
    assert reconcile_rollups().is_exact
    again = import_history(write_csv(tmp_path / "history.csv", GOOD), bulk=True)
    assert (again.imported, again.already_present) == (0, 11)
