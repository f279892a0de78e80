"""The in-process search index: the same answers as the SQL search, and never stale."""

from typing import Any

import pytest
from django.db import connection, transaction

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.catalog.selectors import (
    CatalogueLevel,
    CatalogueSearch,
    catalogue_page,
    search_page,
    search_procedures,
)
from motcua.catalog.services.importer import import_procedure
from motcua.catalog.services.records import parse_record
from motcua.catalog.tests.factories import ProcedureFactory, SectorFactory
from motcua.catalog.tests.portal_records import portal_record
from motcua.core.text import fold

pytestmark = pytest.mark.django_db


def named(code, name, **kwargs):
    return ProcedureFactory(code=code, version__name=name, **kwargs)


def found(query="", **filters):
    rows, total = search_page(CatalogueSearch(query=query, **filters), offset=0, limit=1000)
    assert total == len(rows)
    return [procedure.code for procedure in rows]


def test_the_index_answers_like_the_sql_search_for_words_codes_and_filters():
    labour, civil = SectorFactory(name="Việc làm"), SectorFactory(name="Hộ tịch")
    centre, ward = AgencyFactory(), AgencyFactory()
    names = [
        ("1.000358", "Cấp giấy phép lao động cho người lao động nước ngoài", labour),
        ("1.0003581", "Cấp lại giấy phép lao động", labour),
        ("1.000359", "Gia hạn giấy phép lao động", labour),
        ("2.000635", "Đăng ký khai sinh", civil),
        ("2.000636", "Đăng ký khai sinh có yếu tố nước ngoài", civil),
        ("2.000637", "Đăng ký kết hôn (trường hợp đặc biệt)", civil),
        ("1.000948.H38", "Cấp giấy chứng nhận đủ điều kiện/buôn bán thuốc", None),
        ("HCC-CU-01", "Thủ tục nhập từ hệ thống cũ", None),
        ("3.000001", "Cấp Giấy phép: đào tạo lái xe", labour),
        ("3.000002", "Cấp bản sao trích lục", civil),
    ]
    for n, (code, name, sector) in enumerate(names):
        procedure = named(
            code,
            name,
            version__sector=sector,
            version__is_commune_level=n % 2 == 0,
            version__is_ministry_level=n % 3 == 0,
        )
        procedure.receiving_agencies.add(centre if n % 2 else ward)
    named("1.000001", "Cấp giấy phép đã bãi bỏ", is_active=False)
    queries = [
        "",
        "cap",
        "ca",
        "giay phep",
        "giấy phép lao",
        "GIẤY PHÉP LAO ĐỘNG",
        "dang ky",
        "đăng ký khai sinh",
        "dac biet",
        "(giấy)",
        "dieu kien",
        "buon ban",
        "dao tao",
        "an",
        "ap",
        "1.000358",
        "1.0003",
        "1.000948.h38",
        "1.000948.H38",
        "HCC-CU-01",
        "hcc-cu-01",
        "... ---",
        "khai sinh x",
        "lao động 1.000358",
    ]
    filters: list[dict[str, Any]] = [
        {},
        {"sector": labour},
        {"level": CatalogueLevel.COMMUNE},
        {"agency": centre},
        {"sector": civil, "level": CatalogueLevel.MINISTRY, "agency": ward},
    ]

    for query in queries:
        for chosen in filters:
            expected = [p.code for p in search_procedures(query=query, **chosen)]
            assert found(query, **chosen) == expected, (query, chosen)


def test_search_ignores_diacritics_case_and_reads_d_for_đ():
    named("1.000001", "Giấy phép lao động")

    assert found("giay phep lao dong") == ["1.000001"]
    assert found("GIẤY PHÉP LAO ĐỘNG") == ["1.000001"]
    assert found("lao đ") == ["1.000001"]
    assert found("ao dong") == []


def test_rows_carry_what_a_list_shows_and_load_the_rest_on_access():
    sector = SectorFactory(code="G09-NV13", name="Việc làm")
    named("1.000001", "Cấp giấy phép", version__sector=sector, version__is_full_process=True)

    (procedure,), total = search_page(CatalogueSearch(query="cap"), offset=0, limit=20)

    assert total == 1
    version = procedure.current_version
    assert version is not None
    assert (procedure.code, version.name, version.is_full_process) == (
        "1.000001",
        "Cấp giấy phép",
        True,
    )
    assert version.sector is not None
    assert (version.sector.code, version.sector.name) == ("G09-NV13", "Việc làm")
    assert version.source_hash == ProcedureVersion.objects.get(pk=version.pk).source_hash


def test_a_new_version_is_found_by_its_new_name_on_the_next_search():
    import_procedure(parse_record(portal_record(name="Cấp giấy phép thử nghiệm")))
    assert found("thu nghiem") == ["9.000001"]

    import_procedure(parse_record(portal_record(name="Đăng ký hoạt động mẫu")))

    assert found("thu nghiem") == []
    assert found("dang ky hoat dong") == ["9.000001"]


def test_bulk_writes_and_raw_sql_are_seen_on_the_next_search():
    named("1.000001", "Đăng ký khai sinh")
    assert found("khai sinh") == ["1.000001"]

    Procedure.objects.filter(code="1.000001").update(is_active=False)
    assert found("khai sinh") == []

    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_procedure SET is_active = %s", [True])
    assert found("khai sinh") == ["1.000001"]

    version = Procedure.objects.get(code="1.000001").current_version
    assert version is not None
    ProcedureVersion.objects.filter(pk=version.pk).update(
        name="Đăng ký kết hôn", name_folded=fold("Đăng ký kết hôn")
    )
    assert found("khai sinh") == []
    assert found("ket hon") == ["1.000001"]


def test_receiving_agencies_and_sector_names_are_seen_on_the_next_search():
    sector = SectorFactory(name="Hộ tịch")
    procedure = named("1.000001", "Đăng ký khai sinh", version__sector=sector)
    centre = AgencyFactory()
    assert found(agency=centre) == []

    procedure.receiving_agencies.add(centre)
    assert found(agency=centre) == ["1.000001"]

    Sector.objects.filter(pk=sector.pk).update(name="Hộ tịch, chứng thực")
    (row,), _ = search_page(CatalogueSearch(), offset=0, limit=20)
    assert row.current_version is not None
    assert row.current_version.sector is not None
    assert row.current_version.sector.name == "Hộ tịch, chứng thực"


def test_placeholders_from_the_history_import_are_not_listed():
    named("1.000001", "Đăng ký khai sinh")
    placeholder = Procedure.objects.create(code="9.999999", is_placeholder=True, is_active=False)
    placeholder.current_version = ProcedureVersion.objects.create(
        procedure=placeholder,
        number=1,
        source_hash="placeholder",
        name="Thủ tục mã 9.999999 (chưa có trong danh mục)",
        name_folded=fold("Thủ tục mã 9.999999 (chưa có trong danh mục)"),
    )
    placeholder.save(update_fields=["current_version", "updated_at"])

    assert found() == ["1.000001"]
    assert found("9.999999") == []
    assert found("thu tuc ma") == []


def test_what_a_rolled_back_transaction_wrote_is_not_found_afterwards():
    named("1.000001", "Đăng ký khai sinh")
    assert found("dang ky") == ["1.000001"]

    seen_inside = []

    def write_then_fail():
        with transaction.atomic():
            named("1.000002", "Đăng ký kết hôn")
            seen_inside.extend(found("dang ky"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert seen_inside == ["1.000002", "1.000001"]

    assert found("dang ky") == ["1.000001"]


def test_every_catalogue_write_renews_the_token_other_processes_compare():
    def token():
        with connection.cursor() as cursor:
            cursor.execute("SELECT token FROM catalog_cataloguetoken WHERE id = 1")
            return cursor.fetchone()[0]

    before = token()
    procedure = named("1.000001", "Đăng ký khai sinh")
    after_insert = token()
    procedure.receiving_agencies.add(AgencyFactory())
    after_agency = token()
    SectorFactory()
    after_sector = token()

    assert len({before, after_insert, after_agency, after_sector}) == 4


def test_a_page_past_the_end_is_the_last_page():
    for n in range(25):
        named(f"1.{n:06d}", f"Cấp giấy phép số {n:02d}")

    page = catalogue_page(CatalogueSearch(query="giay phep"), number=9, size=20)

    assert page.number == 2
    assert [p.code for p in page] == [f"1.{n:06d}" for n in range(20, 25)]
