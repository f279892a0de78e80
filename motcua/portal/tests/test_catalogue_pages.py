import decimal
import re

import pytest
from django.urls import reverse

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import Channel, FeeKind, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    FeeFactory,
    ProcedureFactory,
    SectorFactory,
)
from motcua.portal.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("portal:procedures")
HTMX = {"HTTP_HX_REQUEST": "true"}


def named(code, name, **kwargs):
    return ProcedureFactory(code=code, version__name=name, **kwargs)


def listed_codes(response):
    assert response.status_code == 200, response.content
    return [procedure.code for procedure in response.context["page"]]


def test_home_page_has_a_labelled_search_box_and_the_sectors_with_counts(client):
    labour = SectorFactory(code="G09-NV13", name="Việc làm")
    named("1.000001", "Cấp giấy phép lao động", version__sector=labour)
    named("1.000002", "Gia hạn giấy phép lao động", version__sector=labour)

    response = client.get(reverse("portal:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="q">' in html
    assert 'action="/thu-tuc/"' in html
    assert "?sector=G09-NV13" in html
    assert 'Việc làm</a> <span class="count">(2)</span>' in html


def test_search_without_diacritics_finds_the_procedure(client):
    named("1.000358", "Cấp giấy phép lao động cho người lao động nước ngoài")
    named("1.000105", "Đăng ký khai sinh")

    response = client.get(CATALOGUE, {"q": "giay phep lao dong"})

    assert listed_codes(response) == ["1.000358"]
    assert "Cấp giấy phép lao động cho người lao động nước ngoài" in response.content.decode()
    assert 'href="/thu-tuc/1.000358/"' in response.content.decode()


def test_d_matches_the_vietnamese_d_with_stroke(client):
    named("1.000105", "Đăng ký khai sinh")

    assert listed_codes(client.get(CATALOGUE, {"q": "dang ky"})) == ["1.000105"]
    assert listed_codes(client.get(CATALOGUE, {"q": "ĐĂNG KÝ"})) == ["1.000105"]


def test_search_by_exact_code(client):
    named("1.000358", "Cấp giấy phép lao động")
    named("1.000105", "Đăng ký khai sinh")

    assert listed_codes(client.get(CATALOGUE, {"q": "1.000105"})) == ["1.000105"]


def test_filters_by_sector_level_and_receiving_agency(client):
    labour = SectorFactory(code="G09-NV13", name="Việc làm")
    centre = AgencyFactory(code="000.00.17.H22", centre=True)
    work = named("1.000001", "Cấp giấy phép lao động", version__sector=labour)
    named("1.000002", "Đăng ký khai sinh", version__is_commune_level=True)
    work.receiving_agencies.add(centre)

    assert listed_codes(client.get(CATALOGUE, {"sector": "G09-NV13"})) == ["1.000001"]
    assert listed_codes(client.get(CATALOGUE, {"level": "commune"})) == ["1.000002"]
    assert listed_codes(client.get(CATALOGUE, {"agency": "000.00.17.H22"})) == ["1.000001"]


def test_filter_options_offer_only_sectors_and_agencies_with_published_procedures(client):
    labour = SectorFactory(code="G09-NV13", name="Việc làm")
    SectorFactory(code="G99-EMPTY", name="Lĩnh vực trống")
    centre = AgencyFactory(code="000.00.17.H22", name="Trung tâm PVHCC tỉnh", centre=True)
    AgencyFactory(code="000.00.18.H22", name="Sở không tiếp nhận")
    named("1.000001", "Cấp giấy phép lao động", version__sector=labour).receiving_agencies.add(
        centre
    )

    html = client.get(CATALOGUE, {"sector": "G09-NV13"}).content.decode()

    assert '<option value="G09-NV13" selected>Việc làm</option>' in html
    assert "G99-EMPTY" not in html
    assert '<option value="000.00.17.H22">Trung tâm PVHCC tỉnh</option>' in html
    assert "000.00.18.H22" not in html


def test_unknown_filter_value_is_explained_next_to_its_field(client):
    named("1.000001", "Cấp giấy phép lao động")

    response = client.get(CATALOGUE, {"agency": "000.99.99.H00", "level": "district"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Không có cơ quan nào mang mã “000.99.99.H00”." in html
    assert 'id="agency-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Không có cấp thực hiện “district”." in html


def test_results_are_paginated_and_page_links_keep_the_search(client):
    for n in range(PAGE_SIZE + 5):
        named(f"1.{n:06d}", f"Cấp giấy phép số {n:02d}")

    first = client.get(CATALOGUE, {"q": "giay phep"})
    second = client.get(CATALOGUE, {"q": "giay phep", "page": 2})

    assert len(listed_codes(first)) == PAGE_SIZE
    assert listed_codes(second) == [f"1.{n:06d}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert 'href="?q=giay+phep&amp;page=2"' in first.content.decode()
    assert "Tìm thấy 25 thủ tục. Trang 1/2." in first.content.decode()


def test_htmx_request_gets_only_the_results_fragment_with_the_count_out_of_band(client):
    named("1.000358", "Cấp giấy phép lao động")

    response = client.get(CATALOGUE, {"q": "giay phep"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html
    assert "Cấp giấy phép lao động" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    named("1.000358", "Cấp giấy phép lao động")

    response = client.get(CATALOGUE, {"q": "giay"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert "<html" in response.content.decode()


def test_page_without_javascript_has_a_submit_button_and_plain_links(client):
    named("1.000358", "Cấp giấy phép lao động")

    html = client.get(CATALOGUE).content.decode()

    assert 'method="get" action="/thu-tuc/"' in html
    assert '<button type="submit">' in html
    assert '<label for="id_q">' in html
    assert '<label for="id_sector">' in html
    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?!/)([^"]+)"', html)
    assert external == []


def test_no_match_says_so(client):
    named("1.000358", "Cấp giấy phép lao động")

    response = client.get(CATALOGUE, {"q": "hộ chiếu"})

    assert listed_codes(response) == []
    assert "Không tìm thấy thủ tục nào phù hợp." in response.content.decode()


def test_procedure_page_shows_what_a_citizen_needs_to_act(client):
    centre = AgencyFactory(
        code="000.00.17.H22", centre=True, address="28 Đại lộ Lê Lợi", phone="0237 3 750 750"
    )
    procedure = named(
        "1.000358",
        "Cấp giấy phép lao động",
        version__legal_bases=[{"code": "152/2020/NĐ-CP", "name": "Nghị định số 152/2020/NĐ-CP"}],
        version__results=[{"code": "KQ.G09.000001", "name": "Giấy phép lao động"}],
        version__is_full_process=True,
    )
    procedure.receiving_agencies.add(centre)
    version = procedure.current_version
    direct = ExecutionMethodFactory(version=version, channel=Channel.DIRECT, position=0)
    ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        position=1,
        processing_time=decimal.Decimal("3.5"),
        time_unit=TimeUnit.DAY,
    )
    FeeFactory(method=direct, kind=FeeKind.CHARGE, amount_vnd=600_000, description="Mỗi giấy phép")
    components = ComponentSetFactory(version=version)
    ComponentFactory(
        component_set=components,
        name="Văn bản đề nghị cấp giấy phép lao động",
        original_qty=1,
        copy_qty=2,
        templates=[{"file_name": "Mẫu số 11.docx", "path": "configuring/x/Mẫu số 11.docx"}],
    )
    ComponentFactory(component_set=components, name="Ảnh màu 4x6", is_required=False)

    response = client.get(reverse("portal:procedure", args=["1.000358"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cấp giấy phép lao động</h1>" in html
    assert "28 Đại lộ Lê Lợi" in html
    assert "<td>5 ngày làm việc</td>" in html
    assert "<td>3,5 ngày</td>" in html
    assert "600.000 đ" in html
    assert "Mỗi giấy phép" in html
    assert "Văn bản đề nghị cấp giấy phép lao động" in html
    assert '<td class="num">1</td>\n              <td class="num">2</td>' in html
    assert "Mẫu số 11.docx" in html
    assert "(nếu có)" in html
    assert "Nghị định số 152/2020/NĐ-CP" in html
    assert "Giấy phép lao động</li>" in html
    assert 'href="https://dichvucong.gov.vn/"' in html
    assert 'href="/thu-tuc/1.000358/nop-truc-tuyen/"' in html
    assert "toàn trình" in html


def test_procedure_page_of_a_sparse_record_says_what_is_missing(client):
    named("1.000001", "Thủ tục chưa đủ thông tin")

    html = client.get(reverse("portal:procedure", args=["1.000001"])).content.decode()

    assert "chưa công bố cách thức thực hiện" in html
    assert "chưa công bố thành phần hồ sơ" in html
    assert "Chưa có thông tin nơi tiếp nhận" in html


def test_unknown_or_inactive_procedure_page_is_404(client):
    named("1.000002", "Đăng ký kết hôn", is_active=False)

    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404
    assert client.get(reverse("portal:procedure", args=["1.000002"])).status_code == 404


def test_a_page_past_the_end_shows_the_last_page(client):
    for n in range(PAGE_SIZE + 1):
        named(f"1.{n:06d}", f"Cấp giấy phép số {n:02d}")

    response = client.get(CATALOGUE, {"q": "giay phep", "page": 99})

    assert response.context["page"].number == 2
    assert listed_codes(response) == [f"1.{PAGE_SIZE:06d}"]


def test_the_search_runs_once_per_page_whatever_the_number_of_results(
    client, django_assert_num_queries
):
    for n in range(30):
        named(f"1.{n:06d}", f"Cấp giấy phép số {n:02d}", version__sector=SectorFactory())

    client.get(CATALOGUE, **HTMX)  # the first search after a change rebuilds the index

    # Only the catalogue token (the index holds the rows); the whole page adds the two lists of
    # filter choices.
    with django_assert_num_queries(1):
        client.get(CATALOGUE, {"q": "giay phep"}, **HTMX)
    with django_assert_num_queries(3):
        client.get(CATALOGUE, {"q": "giay phep"})
