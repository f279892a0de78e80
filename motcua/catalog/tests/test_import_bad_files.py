"""Bad files and records are reported by name with the reason and skipped; nothing half-written."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from motcua.catalog.models import (
    Case,
    Component,
    ExecutionMethod,
    Fee,
    Procedure,
    ProcedureVersion,
    Sector,
)
from motcua.catalog.services.importer import Outcome, import_files
from motcua.catalog.tests.portal_records import portal_record, shipped, write

pytestmark = pytest.mark.django_db


def run(*paths: object) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_procedures", *map(str, paths), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def test_a_truncated_file_is_named_and_skipped_while_the_rest_import(tmp_path):
    write(tmp_path, "1.000358.json", shipped("1.000358"))
    good = (tmp_path / "1.000358.json").read_text("utf-8")
    (tmp_path / "1.000911.json").write_text(good[: len(good) // 2], encoding="utf-8")
    write(tmp_path, "1.001686.json", shipped("1.001686"))

    out, err, status = run(tmp_path)

    assert out.splitlines()[-1] == "imported=2 updated=0 unchanged=0 failed=1"
    assert f"{tmp_path / '1.000911.json'}: JSON không hợp lệ hoặc bị cắt cụt (dòng 1" in err
    assert status == 1
    assert set(Procedure.objects.values_list("code", flat=True)) == {"1.000358", "1.001686"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "tệp rỗng."),
        (b"   \n", "tệp rỗng."),
        (b"\xff\xfe{}", "tệp không phải UTF-8"),
        (b'{"code": "1.1", "name": "A",}', "JSON không hợp lệ"),
        (b'"just a string"', "nội dung không phải bản ghi thủ tục"),
        (b"42", "nội dung không phải bản ghi thủ tục"),
        (b"{}", "bản ghi không có mã thủ tục (code)."),
        (b'{"code": "9.000009", "name": "   "}', "9.000009: tên thủ tục (name) trống."),
        (b'{"code": "9.000009"}', "9.000009: tên thủ tục (name) trống."),
    ],
)
def test_malformed_files_fail_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)

    report = import_files([path])

    [failure] = report.failures
    assert failure.source == str(path)
    assert reason in failure.message
    assert Procedure.objects.count() == 0


def test_missing_paths_and_empty_folders_are_failures(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()

    out, err, status = run(tmp_path / "nowhere.json", empty)

    assert out.splitlines()[-1] == "imported=0 updated=0 unchanged=0 failed=2"
    assert f"{tmp_path / 'nowhere.json'}: không tìm thấy tệp hoặc thư mục." in err
    assert f"{empty}: thư mục không có tệp .json nào." in err
    assert status == 1


def test_a_record_refused_late_in_parsing_writes_nothing(tmp_path):
    record = portal_record()
    record["executionMethods"].append(
        {"submissionMethod": "KIOSK", "processingTime": 1, "processingTimeUnit": "DAY"}
    )
    path = write(tmp_path, "kiosk.json", record)

    report = import_files([path])

    [failure] = report.failures
    assert failure.message.startswith("9.000001: executionMethods[1]: cách thức nộp không rõ")
    assert Procedure.objects.count() == ProcedureVersion.objects.count() == 0


def test_a_database_error_half_way_rolls_the_whole_record_back(tmp_path):
    path = write(tmp_path, "one.json", portal_record())

    with mock.patch.object(
        Component.objects, "bulk_create", side_effect=DatabaseError("disk full")
    ):
        report = import_files([path])

    [failure] = report.failures
    assert failure.message == "9.000001: lỗi ghi cơ sở dữ liệu: disk full"
    for model in (Procedure, ProcedureVersion, ExecutionMethod, Fee, Case, Sector):
        assert model.objects.count() == 0, model


def test_one_bad_record_in_a_list_file_does_not_stop_the_others(tmp_path):
    path = write(
        tmp_path,
        "several.json",
        [portal_record("9.000001"), {"code": "9.000002", "name": ""}, portal_record("9.000003")],
    )

    report = import_files([path])

    assert report.summary() == "imported=2 updated=0 unchanged=0 failed=1"
    [failure] = report.failures
    assert failure.source == f"{path}[1]"
    assert [r.outcome for r in report.results] == [
        Outcome.IMPORTED,
        Outcome.FAILED,
        Outcome.IMPORTED,
    ]


def test_a_value_too_long_for_its_column_is_refused_with_its_name(tmp_path):
    record = portal_record()
    record["cases"][0]["code"] = "9.000001." + "1" * 80
    path = write(tmp_path, "long.json", record)

    report = import_files([path])

    [failure] = report.failures
    assert "cases[0].code dài 89 ký tự, quá giới hạn 64 ký tự." in failure.message
    assert Procedure.objects.count() == 0
