import datetime as dt
import decimal

import pytest

from motcua.agencies.tests.factories import AgencyFactory
from motcua.api.catalog import CataloguePagination
from motcua.catalog.models import Channel, FeeKind, TimeUnit
from motcua.catalog.tests.factories import (
    CaseFactory,
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    FeeFactory,
    ProcedureFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def named(code, name, **kwargs):
    return ProcedureFactory(code=code, version__name=name, **kwargs)


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def test_procedure_list_items_carry_code_name_sector_and_levels(client):
    sector = SectorFactory(code="G09-NV13", name="Việc làm")
    named(
        "1.000358",
        "Cấp giấy phép lao động cho người lao động nước ngoài",
        version__sector=sector,
        version__is_commune_level=True,
        version__is_full_process=True,
    )

    response = client.get("/api/v1/procedures/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "code": "1.000358",
            "name": "Cấp giấy phép lao động cho người lao động nước ngoài",
            "sector": {"code": "G09-NV13", "name": "Việc làm"},
            "levels": ["province", "commune"],
            "is_full_process": True,
        }
    ]


def test_procedure_list_leaves_out_inactive_procedures_and_those_without_a_version(client):
    named("1.000001", "Đăng ký khai sinh")
    named("1.000002", "Đăng ký kết hôn", is_active=False)
    ProcedureFactory(code="1.000003", version=False)

    assert codes(client.get("/api/v1/procedures/")) == ["1.000001"]


def test_search_ignores_diacritics_and_case(client):
    named("1.000358", "Cấp giấy phép lao động cho người lao động nước ngoài")
    named("1.000105", "Đăng ký khai sinh")

    assert codes(client.get("/api/v1/procedures/?search=giay phep lao dong")) == ["1.000358"]
    assert codes(client.get("/api/v1/procedures/?search=GIẤY PHÉP")) == ["1.000358"]
    assert codes(client.get("/api/v1/procedures/?search=dang ky")) == ["1.000105"]


def test_search_needs_every_word_at_the_start_of_a_word_of_the_name(client):
    named("1.000358", "Cấp giấy phép lao động")
    named("1.000105", "Cấp bản sao trích lục khai sinh")

    assert codes(client.get("/api/v1/procedures/?search=cap lao")) == ["1.000358"]
    assert codes(client.get("/api/v1/procedures/?search=giay ph")) == ["1.000358"]
    # "an" is inside "bản" and "sao" but starts no word of either name.
    assert codes(client.get("/api/v1/procedures/?search=an")) == []


def test_search_by_exact_code_ranks_it_first(client):
    named("1.000358", "Cấp giấy phép lao động")
    named("1.000359", "Gia hạn giấy phép lao động 1.000358")

    assert codes(client.get("/api/v1/procedures/?search=1.000358"))[0] == "1.000358"
    assert codes(client.get("/api/v1/procedures/?search=1.00035")) == ["1.000358", "1.000359"]


def test_search_ranks_name_prefix_before_matches_elsewhere(client):
    named("1.000001", "Thủ tục cấp giấy phép xây dựng")
    named("1.000002", "Giấy phép xây dựng có thời hạn")
    named("1.000003", "Cấp phép xây dựng, giấy tờ kèm theo")

    assert codes(client.get("/api/v1/procedures/?search=giay phep")) == [
        "1.000002",
        "1.000001",
        "1.000003",
    ]


def test_agency_filter_lists_the_procedures_that_agency_receives(client):
    centre = AgencyFactory(code="000.00.17.H22", centre=True)
    other = AgencyFactory()
    received = named("1.000001", "Đăng ký khai sinh")
    received.receiving_agencies.add(centre)
    elsewhere = named("1.000002", "Đăng ký kết hôn")
    elsewhere.receiving_agencies.add(other)

    assert codes(client.get("/api/v1/procedures/?agency=000.00.17.H22")) == ["1.000001"]


def test_unknown_agency_code_is_a_400_problem_naming_the_code(client):
    response = client.get("/api/v1/procedures/?agency=000.99.99.H00")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "000.99.99.H00" in body["errors"]["agency"][0]


def test_sector_and_level_filters(client):
    labour = SectorFactory(code="G09-NV13")
    named("1.000001", "Cấp giấy phép lao động", version__sector=labour)
    named("1.000002", "Đăng ký khai sinh", version__is_commune_level=True)

    assert codes(client.get("/api/v1/procedures/?sector=G09-NV13")) == ["1.000001"]
    assert codes(client.get("/api/v1/procedures/?level=commune")) == ["1.000002"]
    invalid = client.get("/api/v1/procedures/?level=district")
    assert invalid.status_code == 400
    assert "level" in invalid.json()["errors"]
    unknown_sector = client.get("/api/v1/procedures/?sector=NOPE")
    assert unknown_sector.status_code == 400
    assert "NOPE" in unknown_sector.json()["errors"]["sector"][0]


def test_too_long_search_is_refused(client):
    response = client.get("/api/v1/procedures/", {"search": "a" * 201})

    assert response.status_code == 400
    assert "search" in response.json()["errors"]


def test_list_is_paginated_with_limit_and_offset(client):
    for n in range(5):
        named(f"1.00000{n}", f"Thủ tục số {n}")

    first = client.get("/api/v1/procedures/?limit=2")
    second = client.get("/api/v1/procedures/?limit=2&offset=2")

    assert first.json()["count"] == 5
    assert codes(first) == ["1.000000", "1.000001"]
    assert codes(second) == ["1.000002", "1.000003"]
    assert "offset=4" in second.json()["next"]


def test_a_limit_above_the_maximum_is_capped(client, monkeypatch):
    monkeypatch.setattr(CataloguePagination, "max_limit", 3)
    for n in range(5):
        named(f"1.00000{n}", f"Thủ tục số {n}")

    response = client.get("/api/v1/procedures/?limit=100000")

    assert len(codes(response)) == 3
    assert "limit=3" in response.json()["next"]


def test_procedure_detail_has_methods_fees_cases_components_legal_bases_and_results(client):
    centre = AgencyFactory(code="000.00.17.H22", centre=True)
    procedure = named(
        "1.000358",
        "Cấp giấy phép lao động",
        version__legal_bases=[
            {"code": "152/2020/NĐ-CP", "name": "Nghị định 152/2020/NĐ-CP"},
            {"code": "152/2020/NĐ-CP", "name": "Nghị định 152/2020/NĐ-CP"},
        ],
        version__results=[{"code": "KQ.G09.000001", "name": "Giấy phép lao động"}],
        version__returning_methods=[{"type": "OFFLINE", "value": "AT_HOME"}],
        version__decision_on=dt.date(2025, 7, 1),
    )
    procedure.receiving_agencies.add(centre)
    version = procedure.current_version
    online = ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        position=1,
        processing_time=decimal.Decimal("3.5"),
        time_unit=TimeUnit.WORKING_DAY,
    )
    ExecutionMethodFactory(version=version, channel=Channel.DIRECT, position=0)
    FeeFactory(method=online, kind=FeeKind.CHARGE, amount_vnd=600_000, description="Lệ phí")
    CaseFactory(version=version, code="1.000358.01", name="Cấp mới")
    components = ComponentSetFactory(version=version, name="Hồ sơ cấp mới")
    ComponentFactory(
        component_set=components,
        name="Văn bản đề nghị",
        original_qty=1,
        copy_qty=2,
        templates=[{"file_name": "Mau11.docx", "path": "x/Mau11.docx", "bucket": "dvc"}],
    )

    response = client.get("/api/v1/procedures/1.000358/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.000358"
    assert body["name"] == "Cấp giấy phép lao động"
    assert body["receiving_agencies"] == [{"code": "000.00.17.H22", "name": centre.name}]
    detail = body["version"]
    assert [m["channel"] for m in detail["methods"]] == ["direct", "online"]
    assert detail["methods"][1]["processing_time"] == 3.5
    assert detail["methods"][1]["fees"] == [
        {"kind": "charge", "amount_vnd": 600_000, "description": "Lệ phí"}
    ]
    assert detail["cases"][0]["code"] == "1.000358.01"
    assert detail["component_sets"][0]["name"] == "Hồ sơ cấp mới"
    component = detail["component_sets"][0]["components"][0]
    assert (component["original_qty"], component["copy_qty"]) == (1, 2)
    assert component["template_files"] == ["Mau11.docx"]
    assert detail["legal_bases"] == [{"code": "152/2020/NĐ-CP", "name": "Nghị định 152/2020/NĐ-CP"}]
    assert detail["results"] == [{"code": "KQ.G09.000001", "name": "Giấy phép lao động"}]
    assert detail["returning_methods"] == ["Nhận qua dịch vụ bưu chính công ích"]
    assert detail["decision_on"] == "2025-07-01"


def test_procedure_detail_accepts_codes_with_a_province_suffix(client):
    named("1.000948.H38", "Cấp giấy phép kinh doanh karaoke")

    assert client.get("/api/v1/procedures/1.000948.H38/").json()["code"] == "1.000948.H38"


def test_unknown_or_unpublished_procedure_is_a_404_problem(client):
    named("1.000002", "Đăng ký kết hôn", is_active=False)

    for path in ("/api/v1/procedures/9.999999/", "/api/v1/procedures/1.000002/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        assert response.json()["code"] == "not_found"


def test_agency_list_shows_agencies_valid_today_with_parent_and_filters(client):
    province = AgencyFactory(code="000.00.00.H22", name="UBND tỉnh")
    AgencyFactory(code="000.00.17.H22", parent=province, centre=True)
    AgencyFactory(code="000.00.18.H22", valid_to=dt.date(2025, 6, 30))

    response = client.get("/api/v1/agencies/")
    centres = client.get("/api/v1/agencies/?kind=service_centre")

    assert codes(response) == ["000.00.00.H22", "000.00.17.H22"]
    item = response.json()["results"][1]
    assert item["parent_code"] == "000.00.00.H22"
    assert {"code", "name", "kind", "level", "valid_from", "valid_to"} <= item.keys()
    assert codes(centres) == ["000.00.17.H22"]


def test_agency_detail_answers_for_a_merged_agency_with_its_successor(client):
    successor = AgencyFactory(code="000.00.20.H22")
    AgencyFactory(code="000.00.18.H22", valid_to=dt.date(2025, 6, 30), successor=successor)

    response = client.get("/api/v1/agencies/000.00.18.H22/")
    missing = client.get("/api/v1/agencies/000.99.99.H99/")

    assert response.status_code == 200
    assert response.json()["successor_code"] == "000.00.20.H22"
    assert missing.status_code == 404
    assert missing["Content-Type"] == PROBLEM


def test_catalogue_is_read_only(client):
    named("1.000001", "Đăng ký khai sinh")

    response = client.post("/api/v1/procedures/", {"code": "x"}, content_type="application/json")

    assert response.status_code in (401, 403, 405)
    assert response["Content-Type"] == PROBLEM


def test_procedure_list_costs_the_same_queries_for_one_or_many_items(
    client, django_assert_num_queries
):
    for n in range(30):
        named(f"1.{n:06d}", f"Cấp giấy phép số {n:02d}", version__sector=SectorFactory())
    client.get("/api/v1/procedures/")  # the first search after a change rebuilds the index

    # Only the catalogue token: matching, counting and the rows come from the index.
    with django_assert_num_queries(1):
        assert client.get("/api/v1/procedures/?search=giay+phep").json()["count"] == 30
    with django_assert_num_queries(1):
        assert client.get("/api/v1/procedures/?search=so+07").json()["count"] == 1


def test_offset_past_the_end_still_reports_the_count(client):
    named("1.000001", "Đăng ký khai sinh")

    body = client.get("/api/v1/procedures/?offset=10").json()

    assert body["count"] == 1
    assert body["results"] == []
