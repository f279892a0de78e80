"""The public catalogue over HTTP: agencies and procedures (CONTRACT §7)."""

from __future__ import annotations

import functools
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.agencies.models import Agency, AgencyKind, AgencyLevel
from motcua.api.catalog_serializers import (
    AgencySerializer,
    ProcedureDetailSerializer,
    ProcedureListSerializer,
)
from motcua.api.problems import ProblemSerializer
from motcua.catalog.models import Procedure, Sector
from motcua.catalog.selectors import (
    MAX_QUERY_LENGTH,
    CatalogueLevel,
    CatalogueSearch,
    agency_by_code,
    catalogue_agencies,
    procedure_for_page,
    published_procedures,
    search_page,
    search_procedures,
)

# Procedure and agency codes contain dots (`1.000948.H38`, `000.00.17.H22`).
CODE_IN_PATH = r"[^/]+"

PROBLEM_JSON = "application/problem+json"
_INVALID_QUERY = {
    (400, PROBLEM_JSON): OpenApiResponse(
        ProblemSerializer, description="Tham số truy vấn không hợp lệ (`errors` nêu tham số nào)."
    )
}
_NOT_FOUND = {
    (404, PROBLEM_JSON): OpenApiResponse(ProblemSerializer, description="Không có mã này.")
}


class CataloguePagination(LimitOffsetPagination):
    """`?limit=&offset=`; a client cannot ask for the whole catalogue in one page."""

    default_limit = 50
    max_limit = 200


class ProcedurePagination(CataloguePagination):
    """Pages of a catalogue search: the selector counts the matches with the page itself."""

    def paginate_search(self, search: CatalogueSearch, request: Request) -> list[Procedure]:
        """The page the request's `limit` and `offset` ask for; sets `count` for the response."""
        self.request = request
        self.limit = self.get_limit(request) or self.default_limit
        self.offset = self.get_offset(request)
        rows, self.count = search_page(search, offset=self.offset, limit=self.limit)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return rows


class AgencyFilter(filters.FilterSet):
    """Filters of the agency list."""

    level = filters.ChoiceFilter(choices=AgencyLevel.choices, help_text=_("Cấp của cơ quan."))
    kind = filters.ChoiceFilter(choices=AgencyKind.choices, help_text=_("Loại cơ quan."))

    class Meta:
        model = Agency
        fields = ("level", "kind")


@extend_schema_view(
    list=extend_schema(
        summary="Cơ quan, đơn vị đang hoạt động",
        description="Các cơ quan còn hiệu lực hôm nay, theo mã định danh.",
        responses={200: AgencySerializer(many=True), **_INVALID_QUERY},
    ),
    retrieve=extend_schema(
        summary="Một cơ quan theo mã định danh",
        description="Kể cả cơ quan đã giải thể, sáp nhập: `successor_code` là cơ quan kế thừa.",
        responses={200: AgencySerializer, **_NOT_FOUND},
    ),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet[Agency]):
    """Agencies of the province that exist today, by code; the detail also knows dissolved ones."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    pagination_class = CataloguePagination
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH

    def get_queryset(self) -> QuerySet[Agency]:
        return catalogue_agencies()

    def get_object(self) -> Agency:
        return agency_by_code(self.kwargs["code"])


class ProcedureFilter(filters.FilterSet):
    """Search and filters of the procedure list; the matching itself is the catalogue selector's."""

    search = filters.CharFilter(
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Tên (không phân biệt dấu, hoa thường; mọi từ phải khớp) hoặc mã thủ tục."),
    )
    agency = filters.ModelChoiceFilter(
        field_name="receiving_agencies",
        queryset=Agency.objects.all(),
        to_field_name="code",
        help_text=_("Mã định danh của cơ quan: chỉ các thủ tục cơ quan này tiếp nhận."),
        error_messages={"invalid_choice": _("Không có cơ quan nào mang mã “%(value)s”.")},
    )
    sector = filters.ModelChoiceFilter(
        field_name="current_version__sector",
        queryset=Sector.objects.all(),
        to_field_name="code",
        help_text=_("Mã lĩnh vực, ví dụ G09-NV13."),
        error_messages={"invalid_choice": _("Không có lĩnh vực nào mang mã “%(value)s”.")},
    )
    level = filters.ChoiceFilter(
        choices=CatalogueLevel.choices, help_text=_("Cấp thực hiện thủ tục.")
    )
    # The field names above only document the parameters: `filter_queryset` hands the cleaned
    # values to the catalogue selector, which does the matching and ranking.

    class Meta:
        model = Procedure
        fields = ("search", "agency", "sector", "level")

    @staticmethod
    def catalogue_search(data: dict[str, Any]) -> CatalogueSearch:
        """The search that valid parameters (a form's cleaned data) ask for."""
        return CatalogueSearch(
            query=data.get("search") or "",
            sector=data.get("sector"),
            level=CatalogueLevel(data["level"]) if data.get("level") else None,
            agency=data.get("agency"),
        )

    def filter_queryset(self, queryset: QuerySet[Procedure]) -> QuerySet[Procedure]:
        search = self.catalogue_search(self.form.cleaned_data)
        return search_procedures(
            query=search.query, sector=search.sector, level=search.level, agency=search.agency
        )


@functools.cache
def _procedure_filter_form() -> type[forms.Form]:
    """The form class of ProcedureFilter, built once.

    A filterset deep-copies all its filters and builds its form class anew for every request,
    a millisecond of each catalogue search; a form only copies its fields.
    """
    return ProcedureFilter().get_form_class()


@extend_schema_view(
    list=extend_schema(
        summary="Danh mục thủ tục hành chính",
        description=(
            "Các thủ tục đang công khai. `search` tìm theo tên không phân biệt dấu và hoa thường"
            " (mọi từ phải là đầu một từ trong tên) hoặc theo mã; kết quả khớp mã, khớp phần"
            " đầu tên xếp trước. `agency=MÃ` chỉ liệt kê thủ tục cơ quan đó tiếp nhận."
        ),
        responses={200: ProcedureListSerializer(many=True), **_INVALID_QUERY},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một thủ tục",
        description=(
            "Cách thức thực hiện với thời hạn và phí, lệ phí; các trường hợp; thành phần hồ sơ"
            " kèm số bản và tên tệp mẫu; căn cứ pháp lý; kết quả; nơi tiếp nhận."
        ),
        responses={200: ProcedureDetailSerializer, **_NOT_FOUND},
    ),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet[Procedure]):
    """The published procedures; `?agency=CODE` lists those that agency receives."""

    filterset_class = ProcedureFilter
    pagination_class = ProcedurePagination
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH

    def get_queryset(self) -> QuerySet[Procedure]:
        return published_procedures()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Procedure]]:
        if self.action == "retrieve":
            return ProcedureDetailSerializer
        return ProcedureListSerializer

    def get_object(self) -> Procedure:
        return procedure_for_page(self.kwargs["code"])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The catalogue selector matches, ranks and counts on its in-process index and builds
        # the page's rows from it: no queryset to filter, only the parameters to validate with
        # ProcedureFilter's form (the filterset itself still documents them).
        form = _procedure_filter_form()(data=request.query_params)
        if not form.is_valid():
            # The stubs type the argument and result as plain dicts; they are the form's errors
            # and DRF's ValidationError, as the filter backend raises it.
            errors: Any = form.errors
            raise cast("ValidationError", translate_validation(errors))
        paginator = self.paginator
        if not isinstance(paginator, ProcedurePagination):
            raise TypeError("procedures are paged by ProcedurePagination")
        search = ProcedureFilter.catalogue_search(form.cleaned_data)
        rows = paginator.paginate_search(search, request)
        return paginator.get_paginated_response(self.get_serializer(rows, many=True).data)
