import pytest
from django.db import connection

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog import selectors
from motcua.catalog.models import ProcedureVersion, ProcedureVersionWord
from motcua.catalog.selectors import (
    CatalogueLevel,
    NamedItem,
    catalogue_sectors,
    named_items,
    page_with_total,
    procedure_for_page,
    receiving_agencies,
    returning_method_labels,
    search_procedures,
    search_words,
    sector_counts,
    template_file_names,
)
from motcua.catalog.services.search_index import index_version_words
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
    earlier = ProcedureVersion.objects.create(
        procedure=procedure,
        number=0,
        source_hash="0" * 64,
        name="Tên trước đây",
        name_folded="ten truoc day",
    )
    index_version_words([earlier])

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
def test_a_word_prefix_is_answered_from_the_word_index_on_postgresql():
    named("1.000001", "Cấp giấy phép lao động")
    having_prefix = ProcedureVersionWord.objects.filter(word__startswith="ca").values("pk")

    # Without sequential scans, a prefix the word index cannot answer as a range would leave
    # only a full index scan with a filter.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = having_prefix.explain()

    assert "procversionword_prefix" in plan
    assert "Index Cond" in plan


@pytest.mark.django_db
def test_every_query_word_must_begin_some_word_of_the_name_in_any_order():
    named("1.000001", "Cấp giấy phép lao động cho người nước ngoài")
    named("1.000002", "Cấp lại giấy phép hoạt động")
    named("1.000003", "Đăng ký khai sinh")

    assert codes(search_procedures(query="ca")) == ["1.000001", "1.000002"]
    assert codes(search_procedures(query="gi ph ng")) == ["1.000001"]
    assert codes(search_procedures(query="nuoc ngoai lao")) == ["1.000001"]
    assert codes(search_procedures(query="ĐĂNG KÝ")) == ["1.000003"]
    assert codes(search_procedures(query="dang ky")) == ["1.000003"]
    assert codes(search_procedures(query="d k s")) == ["1.000003"]
    assert codes(search_procedures(query="cap giay xay")) == []


@pytest.mark.django_db
def test_one_name_word_can_answer_two_query_words_it_begins_with():
    named("1.000001", "Cấp phép")

    assert codes(search_procedures(query="ca cap")) == ["1.000001"]
    assert codes(search_procedures(query="c ca cap")) == ["1.000001"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["giay phep", "cap", "1.0000", "nhan"])
def test_pages_read_rank_by_rank_match_the_whole_ranked_result(monkeypatch, query):
    for n, name in enumerate(
        [
            "Giấy phép lái xe",
            "Cấp giấy phép lao động",
            "Cấp lại giấy phép",
            "Giấy tờ cấp phép khác",
            "Cấp Giấy chứng nhận đủ điều kiện",
            "Phép thử giấy",
            "Nhận hồ sơ cấp giấy phép",
            "Giấy phép nhập khẩu",
            "Xác nhận cấp giấy",
            "Cấp giấy phép",
        ]
    ):
        named(f"1.{n:06d}", name)
    named("9.000001", "Cấp phép (thủ tục có mã khác)")
    ranked = codes(search_procedures(query=query))
    total = len(ranked)

    monkeypatch.setattr(selectors, "_SORT_WHOLE_UP_TO", 0)
    for size in (1, 2, 3, 4):
        for offset in range(total + 2):
            rows, count = page_with_total(search_procedures(query=query), offset=offset, limit=size)
            assert count == total
            assert codes(rows) == ranked[offset : offset + size], (size, offset)


@pytest.mark.django_db
def test_broad_results_are_ranked_prefix_first_then_phrase_then_the_rest_by_name(monkeypatch):
    named("1.000001", "Xác nhận giấy phép")
    named("1.000002", "Giấy phép xây dựng")
    named("1.000003", "Giấy tờ phép")
    named("1.000004", "Cấp giấy phép")
    named("1.000005", "Giấy phép biển")
    monkeypatch.setattr(selectors, "_SORT_WHOLE_UP_TO", 0)

    rows, total = page_with_total(search_procedures(query="giay phep"), offset=0, limit=10)

    assert total == 5
    assert codes(rows) == ["1.000005", "1.000002", "1.000004", "1.000001", "1.000003"]


@pytest.mark.django_db
def test_an_empty_query_lists_every_published_procedure_by_name():
    named("1.000002", "Đăng ký khai sinh")
    named("1.000001", "Cấp giấy phép")
    named("1.000003", "Bãi bỏ", is_active=False)

    assert codes(search_procedures()) == ["1.000001", "1.000002"]
    assert page_with_total(search_procedures(), offset=1, limit=5)[1] == 2
