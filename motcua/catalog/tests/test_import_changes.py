"""Re-importing: unchanged records stay, changed ones become new versions, old versions stay."""

from __future__ import annotations

import decimal
import json

import pytest

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Procedure, ProcedureVersion, TimeUnit
from motcua.catalog.services.importer import Outcome, import_files, import_procedure
from motcua.catalog.services.records import parse_record
from motcua.catalog.tests.portal_records import portal_record, shipped, write

pytestmark = pytest.mark.django_db


def test_a_changed_record_becomes_a_new_current_version_and_the_old_one_stays(tmp_path):
    # given
    record = shipped("1.001686")
    path = write(tmp_path, "1.001686.json", record)
    import_files([path])
    first = Procedure.objects.get(code="1.001686").current_version
    # when the portal shortens the time and raises the fee
    record["executionMethods"][0]["processingTime"] = 5
    record["executionMethods"][0]["fees"][0]["value"] = 250000
    record["updatedAt"] += 86_400_000
    write(tmp_path, "1.001686.json", record)
    report = import_files([path])
    # then
    assert report.summary() == "imported=0 updated=1 unchanged=0 failed=0"
    procedure = Procedure.objects.get(code="1.001686")
    current = procedure.current_version
    assert current is not None
    assert first is not None
    assert (first.number, current.number) == (1, 2)
    assert procedure.versions.count() == 2
    online = current.methods.get(position=0)
    assert online.processing_time == decimal.Decimal(5)
    assert online.fees.get().amount_vnd == 250_000
    first.refresh_from_db()
    old_online = first.methods.get(position=0)
    assert old_online.processing_time == decimal.Decimal(7)
    assert old_online.fees.get().amount_vnd == 230_000


def test_local_settings_are_kept_when_a_new_version_arrives():
    centre = AgencyFactory(centre=True)
    import_procedure(parse_record(portal_record()))
    procedure = Procedure.objects.get(code="9.000001")
    procedure.receiving_agencies.add(centre)
    procedure.is_on_the_spot = True
    procedure.save()

    outcome, version = import_procedure(parse_record(portal_record(name="Tên mới của thủ tục")))

    assert outcome is Outcome.UPDATED
    procedure.refresh_from_db()
    assert procedure.current_version == version
    assert procedure.is_on_the_spot
    assert list(procedure.receiving_agencies.all()) == [centre]


def test_the_same_record_in_another_key_order_or_spacing_is_unchanged(tmp_path):
    record = portal_record()
    import_procedure(parse_record(record))
    reordered = dict(reversed(list(record.items())))
    reordered["name"] = "  Cấp giấy phép   thử nghiệm dịch vụ mẫu "
    reordered["executionMethods"][0]["processingTime"] = 5.0
    path = tmp_path / "again.json"
    path.write_text(json.dumps(reordered, ensure_ascii=False, indent=4), encoding="utf-8")

    report = import_files([path])

    assert report.summary() == "imported=0 updated=0 unchanged=1 failed=0"
    assert ProcedureVersion.objects.count() == 1


def test_an_older_export_does_not_roll_the_catalogue_back():
    import_procedure(parse_record(portal_record(updatedAt=1_760_000_000_000, name="Tên mới")))

    outcome, version = import_procedure(
        parse_record(portal_record(updatedAt=1_750_000_000_000, name="Tên cũ"))
    )

    assert outcome is Outcome.UNCHANGED
    assert version.name == "Tên mới"
    assert ProcedureVersion.objects.count() == 1


def test_a_placeholder_procedure_gets_its_first_real_version_and_is_published():
    # As the history import leaves an unknown code: a placeholder, inactive.
    Procedure.objects.create(code="9.000001", is_placeholder=True, is_active=False)

    outcome, version = import_procedure(parse_record(portal_record()))

    assert outcome is Outcome.IMPORTED
    procedure = Procedure.objects.get(code="9.000001")
    assert procedure.current_version == version
    assert not procedure.is_placeholder
    assert Procedure.objects.published().filter(code="9.000001").exists()


def test_a_new_version_does_not_republish_a_procedure_an_administrator_withdrew():
    import_procedure(parse_record(portal_record()))
    Procedure.objects.filter(code="9.000001").update(is_active=False)

    outcome, _version = import_procedure(parse_record(portal_record(name="Tên mới")))

    assert outcome is Outcome.UPDATED
    assert not Procedure.objects.get(code="9.000001").is_active


def test_a_renamed_sector_follows_the_newest_record():
    import_procedure(parse_record(portal_record()))
    renamed = portal_record(
        categoriesDetails=[{"id": "cat-1", "name": "Thử nghiệm (đổi tên)", "code": "H99-TN01"}],
        executionMethods=[
            {"submissionMethod": "ONLINE", "processingTime": 2, "processingTimeUnit": "MONTH"}
        ],
    )
    outcome, version = import_procedure(parse_record(renamed))
    assert outcome is Outcome.UPDATED
    assert version.sector is not None
    assert version.sector.name == "Thử nghiệm (đổi tên)"
    assert version.methods.get().time_unit == TimeUnit.MONTH
