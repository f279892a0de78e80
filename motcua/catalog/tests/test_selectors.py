import pytest
from django.db import connection

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import (
    CatalogueLevel,
    NamedItem,
    _name_matches,
    catalogue_sectors,
    named_items,
    procedure_for_page,
    receiving_agencies,
    returning_method_labels,
    search_procedures,
    search_words,
    sector_counts,
    template_file_names,
)
from motcua.catalog.tests.factories import ProcedureFactory, SectorFactory
from motcua.core.errors import NotFoundError


def named(code, name, **kwargs):
    return ProcedureFactory(code=code, version__name=name, **kwargs)


def codes(queryset):
    return [procedure.code for procedure in queryset]


def test_search_words_are_folded_deduplicated_and_stripped_of_punctuation():
    assert search_words("  Giấy phép, (giấy) LAO-động ") == ["giay", "phep", "lao", "dong"]
    assert search_words("...") == []


@pytest.mark.django_db
def test_every_word_must_begin_a_word_of_the_current_name():
    named("1.000001", "Cấp giấy phép lao động")
    named("1.000002", "Cấp giấy chứng nhận")

    assert codes(search_procedures(query="cap giay phep")) == ["1.000001"]
    assert codes(search_procedures(query="ap")) == []
    assert codes(search_procedures(query="(giấy)")) == ["1.000002", "1.000001"]


@pytest.mark.django_db
def test_only_the_current_version_is_searched():
    procedure = named("1.000001", "Tên mới của thủ tục")
    ProcedureVersion.objects.create(
        procedure=procedure,
        number=0,
        source_hash="0" * 64,
        name="Tên trước đây",
        name_folded="ten truoc day",
    )

    assert codes(search_procedures(query="truoc day")) == []
    assert codes(search_procedures(query="ten moi")) == ["1.000001"]


@pytest.mark.django_db
def test_punctuation_only_query_matches_nothing():
    named("1.000001", "Cấp giấy phép lao động")

    assert codes(search_procedures(query="... ---")) == []


@pytest.mark.django_db
def test_code_like_query_matches_codes_it_begins_and_ranks_the_exact_one_first():
    named("1.000358", "Gia hạn giấy phép")
    named("1.0003581", "Cấp giấy phép")
    named("2.000358", "Đăng ký khai sinh")

    assert codes(search_procedures(query="1.000358")) == ["1.000358", "1.0003581"]
    assert codes(search_procedures(query="1.000948.h38")) == []


@pytest.mark.django_db
def test_an_opaque_imported_code_is_found_exactly():
    named("HCC-CU-01", "Thủ tục nhập từ hệ thống cũ")

    assert codes(search_procedures(query="HCC-CU-01")) == ["HCC-CU-01"]


@pytest.mark.django_db
def test_filters_combine_with_the_search():
    labour = SectorFactory(code="G09-NV13")
    centre = AgencyFactory()
    wanted = named(
        "1.000001",
        "Cấp giấy phép lao động",
        version__sector=labour,
        version__is_commune_level=True,
    )
    wanted.receiving_agencies.add(centre)
    named("1.000002", "Cấp giấy phép lao động lần hai", version__sector=labour)
    named("1.000003", "Cấp giấy phép xây dựng", version__is_commune_level=True)

    found = search_procedures(
        query="giay phep", sector=labour, level=CatalogueLevel.COMMUNE, agency=centre
    )

    assert codes(found) == ["1.000001"]


@pytest.mark.django_db
def test_procedure_for_page_raises_not_found_for_unpublished_codes():
    named("1.000001", "Đăng ký khai sinh", is_active=False)

    with pytest.raises(NotFoundError, match=r"1\.000001"):
        procedure_for_page("1.000001")


@pytest.mark.django_db
def test_sector_and_agency_choices_hold_only_what_published_procedures_use():
    used, unused = SectorFactory(name="Hộ tịch"), SectorFactory(name="Trống")
    receiving, idle = AgencyFactory(), AgencyFactory()
    named("1.000001", "Đăng ký khai sinh", version__sector=used).receiving_agencies.add(receiving)
    named("1.000002", "Đăng ký kết hôn", version__sector=used)
    hidden = named("1.000003", "Thủ tục đã bãi bỏ", version__sector=unused, is_active=False)
    hidden.receiving_agencies.add(idle)

    assert list(catalogue_sectors()) == [used]
    assert list(receiving_agencies()) == [receiving]
    assert [(s.code, s.procedure_count) for s in sector_counts()] == [(used.code, 2)]


def test_named_items_normalise_and_drop_repeats_and_empty_entries():
    raw = [
        {"code": " 152/2020/NĐ-CP ", "name": "Nghị định  152"},
        {"code": "152/2020/NĐ-CP", "name": "Nghị định 152"},
        {"code": "", "name": ""},
        "Luật Việc làm",
    ]

    assert named_items(raw) == [
        NamedItem(code="152/2020/NĐ-CP", name="Nghị định 152"),
        NamedItem(code="", name="Luật Việc làm"),
    ]
    assert named_items(None) == []


def test_returning_methods_and_template_files_read_as_labels_and_names():
    assert returning_method_labels(
        [{"type": "OFFLINE", "value": "AT_HOME"}, {"type": "ONLINE", "value": "ONLINE"}]
    ) == ["Nhận qua dịch vụ bưu chính công ích", "Nhận trực tuyến (bản điện tử)"]
    assert returning_method_labels([{"type": "OFFLINE", "value": "BY_DRONE"}]) == ["BY_DRONE"]
    assert template_file_names(
        [{"file_name": "Mẫu 01.docx", "path": "a"}, {"file_name": "Mẫu 01.docx"}, {"path": "b"}]
    ) == ["Mẫu 01.docx"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_name_conditions_can_be_answered_from_the_trigram_index_on_postgresql():
    named("1.000001", "Cấp giấy phép lao động")
    conditions = _name_matches(search_words("giay phep"), field="name_folded")

    # Without sequential and plain index scans, only an index that can answer the conditions
    # themselves leaves a plan cheaper than a disabled one.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = ProcedureVersion.objects.filter(conditions).order_by().values("pk").explain()

    assert "catalog_procversion_name_trgm" in plan
