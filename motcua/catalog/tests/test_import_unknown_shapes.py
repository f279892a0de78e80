"""Records unlike the shipped ones: missing keys, strings for numbers, odd units, repeats."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from motcua.catalog.models import Channel, Component, FeeKind, TimeUnit
from motcua.catalog.services.importer import Outcome, import_procedure
from motcua.catalog.services.records import RecordError, parse_record
from motcua.catalog.services.values import money_of, processing_time_of, time_unit_of
from motcua.catalog.tests.portal_records import portal_record


def method(time: object, unit: object = "WORKING_DAY", **extra: object) -> dict[str, object]:
    return {
        "submissionMethod": "DIRECT",
        "processingTime": time,
        "processingTimeUnit": unit,
        **extra,
    }


@pytest.mark.parametrize(
    ("raw", "number", "text"),
    [
        (5, decimal.Decimal("5.00"), ""),
        (3.5, decimal.Decimal("3.50"), ""),
        ("3.5", decimal.Decimal("3.50"), ""),
        ("3,5", decimal.Decimal("3.50"), ""),
        (" 07 ", decimal.Decimal("7.00"), ""),
        ("0", decimal.Decimal("0.00"), ""),
        ("Không", None, "Không"),
        ("Theo mô tả", None, "Theo mô tả"),
        ("/", None, "/"),
        ("", None, ""),
        (None, None, ""),
        (-2, None, "-2"),
        (10**9, None, str(10**9)),
        (True, None, ""),
    ],
)
def test_processing_times_keep_numbers_and_text(raw, number, text):
    assert processing_time_of(raw) == (number, text)


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("WORKING_DAY", TimeUnit.WORKING_DAY),
        ("DAY", TimeUnit.DAY),
        ("HOUR", TimeUnit.WORKING_HOUR),
        ("MONTH", TimeUnit.MONTH),
        (" month ", TimeUnit.MONTH),
        ("OTHER", TimeUnit.OTHER),
        ("WEEK", TimeUnit.OTHER),
        ("", TimeUnit.OTHER),
        (None, TimeUnit.OTHER),
    ],
)
def test_time_units_map_to_the_catalogue_and_unknown_ones_to_other(raw, unit):
    assert time_unit_of(raw) == unit


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        (50000, 50000),
        ("50000", 50000),
        ("50.000", 50000),
        ("1,500,000 đồng", 1500000),
        ("50.000đ", 50000),
        (None, 0),
        ("", 0),
        ("Theo mô tả", None),
        (-1, None),
    ],
)
def test_money_amounts(raw, amount):
    assert money_of(raw) == amount


@pytest.mark.django_db
def test_a_record_with_only_a_code_and_a_name_imports():
    record = parse_record({"code": "9.100001", "name": "Thủ tục tối giản"})
    assert (record.methods, record.cases, record.component_sets) == ((), (), ())
    assert record.sector is None
    assert record.decision_on is None

    outcome, version = import_procedure(record)
    assert outcome is Outcome.IMPORTED
    assert version.name_folded == "thu tuc toi gian"


def test_unknown_fields_nulls_and_empty_strings_are_tolerated():
    record = portal_record(
        brandNewField={"nested": [1, 2, 3]},
        categoriesDetails=None,
        category={"id": "c", "name": "Lĩnh vực dự phòng", "code": "H99-DP"},
        legalBasisesDetails=[None, {}, {"id": "", "name": "", "code": ""}],
        resultsDetails="not a list",
        departmentsExecuting=[{"name": "", "code": ""}],
        procedureProposal=None,
        executionSteps=[{"name": "", "description": "\tBước 1:  nộp hồ sơ\r\n\r\n\r\nBước 2"}],
        returningMethods=[{"type": "OFFLINE", "value": ["AT_HOME", "AT_HOME", ""]}],
    )
    record["executionMethods"][0].update(fees=None, description=None, extra="x")
    record["cases"][0]["processingDay"] = {"qty": "Không", "type": None}

    parsed = parse_record(record)

    assert parsed.sector is not None
    assert parsed.sector.code == "H99-DP"
    assert parsed.legal_bases == parsed.results == parsed.executing_agencies == ()
    assert parsed.decision_number == ""
    assert parsed.steps_text == "Bước 1: nộp hồ sơ\n\nBước 2"
    assert parsed.returning_methods == ({"type": "OFFLINE", "value": "AT_HOME"},)
    assert parsed.methods[0].fees == ()
    assert parsed.methods[0].description == ""
    assert (parsed.cases[0].processing_time, parsed.cases[0].time_unit) == (None, TimeUnit.OTHER)


def test_strings_for_numbers_and_flags_in_methods_fees_and_components():
    record = portal_record(
        isFullProcess="true",
        isWard=1,
        isProvince="false",
        executionMethods=[
            method("3.5", "WORKING_DAY", fees=[{"type": "FEE", "value": "50.000"}]),
            method(
                "Không", "OTHER", fees=[{"value": "Theo mô tả", "description": "Theo quy định"}]
            ),
            method("2", "MONTH"),
            method(4, "HOUR", submissionMethod="online"),
        ],
    )
    component = record["executionCases"][0]["profileComponents"][0]
    component.update(originalQty="2", copyQty="Không", required="có", isProcessingResult=None)

    parsed = parse_record(record)

    assert (parsed.is_full_process, parsed.is_commune_level, parsed.is_province_level) == (
        True,
        True,
        False,
    )
    times = [(m.processing_time, m.time_unit, m.time_text) for m in parsed.methods]
    assert times == [
        (decimal.Decimal("3.50"), TimeUnit.WORKING_DAY, ""),
        (None, TimeUnit.OTHER, "Không"),
        (decimal.Decimal("2.00"), TimeUnit.MONTH, ""),
        (decimal.Decimal("4.00"), TimeUnit.WORKING_HOUR, ""),
    ]
    assert parsed.methods[3].channel == Channel.ONLINE
    assert parsed.methods[0].fees[0].amount_vnd == 50_000
    unpriced = parsed.methods[1].fees[0]
    assert (unpriced.kind, unpriced.amount_vnd) == (FeeKind.FEE, 0)
    assert unpriced.description == "Theo quy định\nMức thu: Theo mô tả"
    paper = parsed.component_sets[0].components[0]
    assert (paper.original_qty, paper.copy_qty, paper.is_required) == (2, 0, True)
    assert not paper.is_prior_result


def test_repeated_legal_bases_results_and_cases_are_kept_once():
    basis = {"id": "lb-1", "name": "Nghị định 118/2025/NĐ-CP", "code": "118/2025/NĐ-CP "}
    case = {"id": "case-1", "name": "Cấp mới", "code": "9.000001.01", "processingDay": {}}
    record = portal_record(
        legalBasisesDetails=[
            basis,
            basis,
            {**basis, "id": "lb-2"},
            {"id": "lb-3", "name": "Luật  Đất đai", "code": "31/2024/QH15"},
        ],
        resultsDetails=[
            {"name": "Giấy phép", "code": "KQ.1"},
            {"name": "Giấy phép", "code": "KQ.1"},
        ],
        cases=[case, case, {**case, "id": "case-2"}],
    )

    parsed = parse_record(record)

    assert [(lb.code, lb.name) for lb in parsed.legal_bases] == [
        ("118/2025/NĐ-CP", "Nghị định 118/2025/NĐ-CP"),
        ("31/2024/QH15", "Luật Đất đai"),
    ]
    assert len(parsed.results) == 1
    assert [c.portal_id for c in parsed.cases] == ["case-1", "case-2"]
    assert parsed.cases[0].time_unit is None


def test_components_in_sub_cases_and_at_the_top_get_their_own_sets():
    record = portal_record(profileComponents=[{"name": "Bản sao CCCD", "copyQty": 1}])
    record["cases"][0]["profileComponents"] = [{"name": "Tờ khai riêng", "originalQty": 1}]
    record["executionCases"][0]["profileComponents"].append({"name": "", "code": "X.1"})

    parsed = parse_record(record)

    assert [(s.name, [c.name for c in s.components]) for s in parsed.component_sets] == [
        ("", ["Đơn đề nghị cấp giấy phép", ""]),
        ("Cấp mới", ["Tờ khai riêng"]),
        ("", ["Bản sao CCCD"]),
    ]


def test_dates_in_epoch_milliseconds_or_iso_strings():
    parsed = parse_record(
        portal_record(
            updatedAt="2026-03-01T08:30:00+07:00",
            procedureProposal={"decisionDate": "1751302800000", "publicationDate": "garbage"},
        )
    )
    assert parsed.source_updated_at == dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)
    assert parsed.decision_on == dt.date(2025, 7, 1)
    assert parsed.published_at is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "9.000001: tên thủ tục (name) trống."),
        ({"name": " \t\n"}, "9.000001: tên thủ tục (name) trống."),
        ({"code": "", "codeNotation": ""}, "bản ghi không có mã thủ tục (code)."),
        (
            {"executionMethods": [method(5, submissionMethod="")]},
            "9.000001: executionMethods[0]: thiếu cách thức nộp (submissionMethod).",
        ),
        (
            {"executionMethods": [method(5, fees=[{"type": "TAX", "value": 1}])]},
            "9.000001: executionMethods[0].fees[0]: loại phí không rõ 'TAX'",
        ),
        (
            {"departmentPromulgateName": "Ủy ban " * 60},
            "9.000001: departmentPromulgateName dài",
        ),
    ],
)
def test_records_that_cannot_be_imported_say_why(change, message):
    with pytest.raises(RecordError) as error:
        parse_record(portal_record(**change))
    assert error.value.message.startswith(message)


def test_a_code_missing_but_the_notation_present_is_used():
    parsed = parse_record({**portal_record(), "code": None, "codeNotation": "1.000948.H38"})
    assert parsed.code == "1.000948.H38"


@pytest.mark.django_db
def test_an_unusual_record_round_trips_through_the_database():
    record = portal_record(
        executionMethods=[method("3.5", "HOUR", fees=[{"type": "PRICE_LEVEL", "value": 1}])]
    )
    record["executionCases"][0]["profileComponents"][0]["originalQty"] = "Không"

    outcome, version = import_procedure(parse_record(record))

    assert outcome is Outcome.IMPORTED
    stored = version.methods.get()
    assert (stored.processing_time, stored.time_unit) == (
        decimal.Decimal("3.50"),
        TimeUnit.WORKING_HOUR,
    )
    assert stored.fees.get().kind == FeeKind.PRICE
    paper = Component.objects.get(component_set__version=version)
    assert paper.original_qty == 0
    assert paper.templates == [
        {
            "file_name": "mau-don.docx",
            "path": "configuring/att-1/mau-don.docx",
            "bucket": "dvc",
            "portal_id": "att-1",
        }
    ]
