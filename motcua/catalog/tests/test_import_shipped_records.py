"""Every shipped portal record imports with its methods, times, fees, components and cases."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json

import pytest
from django.core.management import call_command

from motcua.catalog.models import (
    Case,
    Channel,
    Component,
    ExecutionMethod,
    Fee,
    FeeKind,
    Procedure,
    ProcedureVersion,
    TimeUnit,
)
from motcua.catalog.services.importer import Outcome, import_files
from motcua.catalog.tests.portal_records import SHIPPED
from motcua.core.text import fold

pytestmark = pytest.mark.django_db

RAW = {path.stem: json.loads(path.read_text("utf-8")) for path in sorted(SHIPPED.glob("*.json"))}


@pytest.fixture
def imported() -> None:
    report = import_files([SHIPPED])
    assert report.summary() == "imported=80 updated=0 unchanged=0 failed=0"


def test_the_shipped_folder_holds_the_80_records_of_the_portal_sample():
    with (SHIPPED / "INDEX.csv").open(encoding="utf-8", newline="") as index:
        listed = {row["file"]: row["code"] for row in csv.DictReader(index)}
    assert len(RAW) == 80
    assert listed == {f"{stem}.json": raw["code"] for stem, raw in RAW.items()}


@pytest.mark.usefixtures("imported")
def test_every_record_keeps_all_its_methods_fees_cases_and_components():
    for code, raw in RAW.items():
        version = Procedure.objects.get(code=raw["code"]).current_version
        assert version is not None, code
        methods = list(version.methods.order_by("position"))
        assert [m.channel for m in methods] == [
            m["submissionMethod"].lower() for m in raw["executionMethods"]
        ], code
        for method, raw_method in zip(methods, raw["executionMethods"], strict=True):
            assert method.fees.count() == len(raw_method["fees"]), code
            assert [f.amount_vnd for f in method.fees.order_by("position")] == [
                f["value"] for f in raw_method["fees"]
            ], code
        raw_case_ids = list(dict.fromkeys(c["id"] for c in raw["cases"]))
        assert list(version.cases.order_by("position").values_list("portal_id", flat=True)) == (
            raw_case_ids
        ), code
        raw_components = [c for ec in raw["executionCases"] for c in ec["profileComponents"]]
        components = Component.objects.filter(component_set__version=version)
        assert components.count() == len(raw_components), code
        assert version.name_folded == fold(version.name), code


@pytest.mark.usefixtures("imported")
def test_fractional_string_and_hour_times_are_kept():
    fractional = ExecutionMethod.objects.filter(version__procedure__code="1.115130").first()
    assert fractional is not None
    assert fractional.processing_time == decimal.Decimal("3.50")
    assert fractional.time_unit == TimeUnit.WORKING_DAY

    words = ExecutionMethod.objects.filter(version__procedure__code="1.009825")
    assert {(m.processing_time, m.time_text, m.time_unit) for m in words} == {
        (None, "Không", TimeUnit.OTHER)
    }
    sentence = ExecutionMethod.objects.filter(version__procedure__code="1.009824").first()
    assert sentence is not None
    assert sentence.processing_time is None
    assert sentence.time_text.startswith("Hệ thống giải quyết thủ tục hành chính ngành Thuế")

    zero_text = ExecutionMethod.objects.filter(version__procedure__code="1.115148").first()
    assert zero_text is not None
    assert (zero_text.processing_time, zero_text.time_unit) == (decimal.Decimal(0), TimeUnit.OTHER)

    hours = ExecutionMethod.objects.get(version__procedure__code="1.002204")
    assert (hours.processing_time, hours.time_unit) == (decimal.Decimal(1), TimeUnit.WORKING_HOUR)

    mixed = ExecutionMethod.objects.filter(version__procedure__code="2.000952")
    assert {m.time_unit for m in mixed} == {TimeUnit.DAY, TimeUnit.WORKING_DAY}


@pytest.mark.usefixtures("imported")
def test_fees_keep_their_kind_amount_and_rule():
    fee = Fee.objects.filter(method__version__procedure__code="1.001686").first()
    assert fee is not None
    assert (fee.kind, fee.amount_vnd) == (FeeKind.FEE, 230_000)
    assert "230.000/lần" in fee.description
    charges = Fee.objects.filter(
        method__version__procedure__code="1.115454", method__channel=Channel.DIRECT
    )
    assert {f.kind for f in charges} == {FeeKind.CHARGE}
    assert 500_000 in {f.amount_vnd for f in charges}


@pytest.mark.usefixtures("imported")
def test_record_details_are_cleaned_and_deduplicated():
    version = ProcedureVersion.objects.get(procedure__code="1.000358")
    # The portal lists 7 legal bases, 3 of them repeated with the same id.
    assert [lb["code"] for lb in version.legal_bases] == [
        "11/2016/TT-BCT",
        "07/2016/NĐ-CP",
        "38/2025/TT-BCT",
        "nghị định 146/2025",
    ]
    assert version.decision_number == "01/QĐ-BCT"
    assert version.decision_on == dt.date(2019, 8, 11)
    assert version.sector is not None
    assert (version.sector.code, version.sector.name) == ("G02-CT19", "Thương mại quốc tế")
    assert version.is_province_level
    assert not version.is_full_process
    component = Component.objects.filter(component_set__version=version).first()
    assert component is not None
    assert component.templates[0]["file_name"] == "GIAHAN.docx"

    tabbed = ProcedureVersion.objects.get(procedure__code="2.002855")
    assert tabbed.name == "Tiếp nhận học sinh Việt Nam từ nước ngoài về nước"

    local_midnight = ProcedureVersion.objects.get(procedure__code="1.115454")
    assert local_midnight.decision_on == dt.date(2026, 7, 13)
    assert local_midnight.is_commune_level


@pytest.mark.usefixtures("imported")
def test_duplicated_case_codes_stay_as_separate_cases():
    cases = Case.objects.filter(version__procedure__code="1.115454").order_by("position")
    assert [(c.code, c.processing_time) for c in cases] == [
        ("1.115454.01", decimal.Decimal(30)),
        ("1.115454.01", decimal.Decimal(38)),
    ]


@pytest.mark.usefixtures("imported")
def test_a_second_run_reports_every_record_unchanged_and_adds_no_version():
    report = import_files([SHIPPED])
    assert report.count(Outcome.UNCHANGED) == 80
    assert report.summary() == "imported=0 updated=0 unchanged=80 failed=0"
    assert ProcedureVersion.objects.count() == 80


def test_the_command_prints_the_counts_as_its_last_line():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_procedures", str(SHIPPED), stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == "imported=80 updated=0 unchanged=0 failed=0"
    assert err.getvalue() == ""
    out = io.StringIO()
    call_command("import_procedures", str(SHIPPED / "1.000358.json"), stdout=out, verbosity=2)
    assert out.getvalue().splitlines() == [
        f"unchanged 1.000358 v1 ({SHIPPED / '1.000358.json'})",
        "imported=0 updated=0 unchanged=1 failed=0",
    ]
