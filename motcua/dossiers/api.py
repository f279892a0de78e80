"""Dossiers over HTTP: online submission (CONTRACT §7), scoped reads, one action per move, files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.accounts.models import User
from motcua.api.auth import SystemClient
from motcua.api.problems import ProblemSerializer
from motcua.core.errors import DomainError, NotFoundError
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import can_view
from motcua.dossiers.serializers import (
    AcceptInput,
    DossierCreatedOutput,
    DossierCreateInput,
    DossierDetailOutput,
    DossierListOutput,
    ExtendInput,
    FileOutput,
    FileUploadInput,
    MissingInput,
    ReasonInput,
    ReasonsInput,
    ResultReadyInput,
    ReturnResultInput,
    SetDueInput,
    SupplementInput,
    VersionedInput,
    component_inputs,
)
from motcua.dossiers.services.lifecycle import Actor
from motcua.dossiers.states import NATIONAL_CODE, Status, statuses_for_national_code

PROBLEM_JSON = "application/problem+json"
_View = TypeVar("_View", bound=Callable[..., Any])


def _problem(code: int, description: str) -> dict[Any, OpenApiResponse]:
    return {(code, PROBLEM_JSON): OpenApiResponse(ProblemSerializer, description=description)}


_ERRORS = {
    **_problem(400, "Dữ liệu không hợp lệ; `errors` nêu trường nào."),
    **_problem(403, "Không có quyền thực hiện."),
    **_problem(404, "Không tìm thấy hồ sơ (hoặc không có quyền xem)."),
    **_problem(409, "Không chuyển được trạng thái, hoặc biểu mẫu đã cũ (`version`)."),
}


class FileTooLargeError(DomainError):
    """The request body is larger than any accepted upload."""

    http_status = 413


def actor_of(request: Request) -> Actor:
    """The domain actor behind a request: a key, an officer, or a citizen's account."""
    user = request.user
    if isinstance(user, SystemClient):
        return user.api_key
    if isinstance(user, User) and user.is_authenticated:
        return selectors.officer_of(user) or user
    return None


def fingerprint(data: Any) -> str:
    """A stable hash of a JSON body, to tell a retry from a different request under one key."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _local_iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def created_output(dossier: Dossier) -> dict[str, Any]:
    """The body of a 201 (the shape of `DossierCreatedOutput`, without its per-call set-up)."""
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "status": NATIONAL_CODE[Status(dossier.status)],
        "status_detail": dossier.status,
        "version": dossier.version,
        "submitted_at": _local_iso(dossier.submitted_at),
        "due_at": _local_iso(dossier.due_at),
    }


class DossierPagination(LimitOffsetPagination):
    """`?limit=&offset=`, at most 200 per page."""

    default_limit = 50
    max_limit = 200


class DossierFilter(filters.FilterSet):
    """Filters of the dossier list."""

    code = filters.CharFilter(field_name="code", help_text=_("Mã hồ sơ."))
    status = filters.NumberFilter(
        method="filter_national_status", help_text=_("Mã trạng thái quốc gia 1–10.")
    )
    status_detail = filters.ChoiceFilter(
        field_name="status", choices=Status.choices, help_text=_("Trạng thái chi tiết.")
    )
    submitted_from = filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_to = filters.IsoDateTimeFilter(field_name="submitted_at", lookup_expr="lte")

    class Meta:
        model = Dossier
        fields = ("code", "status", "status_detail", "submitted_from", "submitted_to")

    def filter_national_status(
        self, queryset: QuerySet[Dossier], name: str, value: Any
    ) -> QuerySet[Dossier]:
        return queryset.filter(status__in=statuses_for_national_code(int(value)))


def _action_schema(
    summary: str, request: type[serializers.Serializer[Any]]
) -> Callable[[_View], _View]:
    return extend_schema(
        summary=summary, request=request, responses={200: DossierDetailOutput, **_ERRORS}
    )


@extend_schema_view(
    list=extend_schema(
        summary="Hồ sơ trong phạm vi được xem",
        description=(
            "Cán bộ: hồ sơ của cơ quan mình (tiếp nhận hoặc giải quyết). Khóa API: hồ sơ của cơ "
            "quan gắn với khóa. Công dân: hồ sơ của chính mình."
        ),
        responses={200: DossierListOutput(many=True), **_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Chi tiết hồ sơ",
        responses={200: DossierDetailOutput, **_ERRORS},
    ),
)
class DossierViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Dossier],
):
    """Dossiers: submit online, read within one's scope, and move along the lifecycle."""

    permission_classes = [IsAuthenticated]
    pagination_class = DossierPagination
    filterset_class = DossierFilter
    serializer_class = DossierListOutput
    parser_classes = [JSONParser]

    def get_queryset(self) -> QuerySet[Dossier]:
        return selectors.visible_dossiers(actor_of(self.request)).order_by("-submitted_at", "-pk")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Dossier]]:
        if self.action == "retrieve":
            return DossierDetailOutput
        return DossierListOutput

    def get_object(self) -> Dossier:
        return selectors.dossier_for(actor_of(self.request), self.kwargs["pk"])

    def _detail(self, dossier: Dossier) -> Response:
        fresh = selectors.dossier_for(actor_of(self.request), dossier.pk)
        return Response(DossierDetailOutput(fresh).data)

    @extend_schema(
        summary="Nộp hồ sơ trực tuyến",
        description=(
            "Hồ sơ được cấp mã ngay khi nộp (trạng thái 1 “Mới đăng ký”); `due_at` là null cho "
            "đến khi được tiếp nhận. Gửi lại cùng `Idempotency-Key` trả về đúng hồ sơ đã tạo "
            "(tiêu đề `Idempotent-Replayed: true`), không tạo hồ sơ thứ hai."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Khóa chống trùng do hệ thống gửi tự sinh (tối đa 200 ký tự).",
            )
        ],
        request=DossierCreateInput,
        responses={201: DossierCreatedOutput, **_ERRORS},
    )
    def create(self, request: Request) -> Response:
        payload = DossierCreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        target = selectors.intake_target(data["procedure_code"], data["agency_code"])
        applicant = services.ApplicantData(**data["applicant"])
        dossier, created = services.submit_online(
            by=actor_of(request),
            procedure=target.procedure,
            agency=target.agency,
            receives=target.receives,
            applicant=applicant,
            components=component_inputs(data["components"]),
            case=data["case"],
            component_set=data["component_set"],
            channel=data["channel"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            fingerprint=fingerprint(request.data),
        )
        response = Response(created_output(dossier), status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/dossiers/{dossier.pk}/"
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response

    # --- lifecycle actions: each validates a small input and calls one service ---------------

    def _input(self, serializer: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        payload = serializer(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    @_action_schema("Tiếp nhận hồ sơ trực tuyến", AcceptInput)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        data = self._input(AcceptInput)
        dossier = services.accept_online(
            dossier=self.get_object(),
            by=actor_of(request),
            components=component_inputs(data["components"]),
            note=data["note"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Yêu cầu sửa, bổ sung hồ sơ trực tuyến (một lần)", MissingInput)
    @action(detail=True, methods=["post"], url_path="request-correction")
    def request_correction(self, request: Request, pk: str) -> Response:
        data = self._input(MissingInput)
        dossier = services.request_correction(
            dossier=self.get_object(),
            by=actor_of(request),
            missing=data["missing"],
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Nộp lại hồ sơ đã sửa", SupplementInput)
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        data = self._input(SupplementInput)
        dossier = services.resubmit_online(
            dossier=self.get_object(),
            by=actor_of(request),
            components=component_inputs(data["components"]),
            note=data["note"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Từ chối tiếp nhận", ReasonsInput)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonsInput)
        dossier = services.refuse_dossier(
            dossier=self.get_object(),
            by=actor_of(request),
            reasons=data["reasons"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Chuyển cơ quan giải quyết", VersionedInput)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str) -> Response:
        data = self._input(VersionedInput)
        dossier = services.transfer(
            dossier=self.get_object(),
            by=actor_of(request),
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Yêu cầu bổ sung giấy tờ (tạm dừng thời hạn)", MissingInput)
    @action(detail=True, methods=["post"], url_path="request-supplement")
    def request_supplement(self, request: Request, pk: str) -> Response:
        data = self._input(MissingInput)
        dossier = services.request_supplement(
            dossier=self.get_object(),
            by=actor_of(request),
            missing=data["missing"],
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Nhận hồ sơ bổ sung (tính lại thời hạn)", SupplementInput)
    @action(detail=True, methods=["post"], url_path="provide-supplement")
    def provide_supplement(self, request: Request, pk: str) -> Response:
        data = self._input(SupplementInput)
        dossier = services.provide_supplement(
            dossier=self.get_object(),
            by=actor_of(request),
            components=component_inputs(data["components"]),
            note=data["note"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Rút hồ sơ theo đề nghị của người nộp", ReasonInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        dossier = services.withdraw(
            dossier=self.get_object(),
            by=actor_of(request),
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Dừng xử lý", ReasonInput)
    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        dossier = services.stop_processing(
            dossier=self.get_object(),
            by=actor_of(request),
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Gia hạn, hẹn lại ngày trả (một lần)", ExtendInput)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        data = self._input(ExtendInput)
        dossier = services.extend_due(
            dossier=self.get_object(),
            by=actor_of(request),
            new_due_at=data["new_due_at"],
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Đặt ngày hẹn trả khi thời hạn không tính tự động được", SetDueInput)
    @action(detail=True, methods=["post"], url_path="set-due")
    def set_due(self, request: Request, pk: str) -> Response:
        data = self._input(SetDueInput)
        dossier = services.set_due_date(
            dossier=self.get_object(),
            by=actor_of(request),
            due_at=data["due_at"],
            reason=data["reason"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Có kết quả, chuyển về Bộ phận Một cửa", ResultReadyInput)
    @action(detail=True, methods=["post"], url_path="result-ready")
    def result_ready(self, request: Request, pk: str) -> Response:
        data = self._input(ResultReadyInput)
        dossier = services.mark_result_ready(
            dossier=self.get_object(),
            by=actor_of(request),
            has_e_result=data["has_e_result"],
            note=data["note"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    @_action_schema("Trả kết quả", ReturnResultInput)
    @action(detail=True, methods=["post"], url_path="return-result")
    def return_result(self, request: Request, pk: str) -> Response:
        data = self._input(ReturnResultInput)
        dossier = services.return_result(
            dossier=self.get_object(),
            by=actor_of(request),
            collected_by_name=data["collected_by_name"],
            collected_by_id_no=data["collected_by_id_no"],
            method=data["method"],
            note=data["note"],
            expected_version=data.get("expected_version"),
        )
        return self._detail(dossier)

    # --- files -----------------------------------------------------------------------------------

    @extend_schema(
        summary="Đính kèm tệp (PDF, JPEG, PNG)",
        description=(
            "Kiểm tra theo nội dung tệp (không theo phần mở rộng) và dung lượng tối đa "
            "`UPLOAD_MAX_BYTES`."
        ),
        request={"multipart/form-data": FileUploadInput},
        responses={201: FileOutput, **_ERRORS, **_problem(413, "Tệp quá lớn.")},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser], url_path="files")
    def upload(self, request: Request, pk: str) -> Response:
        # Refuse an oversized body before Django reads it to disk.
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        limit = int(settings.UPLOAD_MAX_BYTES)
        if length > limit + 64 * 1024:
            raise FileTooLargeError(f"Tệp tải lên vượt quá giới hạn {limit // (1024 * 1024)} MB.")
        dossier = self.get_object()
        data = self._input(FileUploadInput)
        upload = data["file"]
        stored = services.attach_file(
            dossier_id=dossier.pk,
            by=actor_of(request),
            upload=upload,
            name=upload.name or "",
            size=upload.size,
            component_id=data.get("component_id"),
            is_result=data["is_result"],
        )
        return Response(FileOutput(stored).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Tải tệp của hồ sơ",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **_ERRORS,
        },
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>\d+)")
    def download(self, request: Request, pk: str, file_id: str) -> FileResponse:
        actor = actor_of(request)
        dossier = self.get_object()
        stored = dossier.files.filter(pk=int(file_id)).first()
        if stored is None or not can_view(actor, dossier):
            raise NotFoundError("Không tìm thấy tệp.")
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
