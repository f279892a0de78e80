"""The queue of a centre over HTTP: what its display board shows, for other screens and apps.

Public like the board itself (a province app or a screen in another building shows the same
numbers), read-only, and without personal data: numbers, counters, areas and times only.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.problems import ProblemSerializer
from motcua.tickets import selectors
from motcua.tickets.services import ticket_day


class QueueCallSerializer(serializers.Serializer[selectors.Call]):
    """A number called to a counter."""

    number = serializers.CharField(source="label", help_text="Số thứ tự, ví dụ A0012.")
    counter = serializers.IntegerField(source="counter_number", help_text="Số quầy.")
    area = serializers.CharField(source="area_name", help_text="Khu vực (lĩnh vực) của số.")
    called_at = serializers.DateTimeField(help_text="Lần gọi gần nhất.")
    recalls = serializers.IntegerField(source="recall_count", help_text="Số lần gọi lại.")


class QueueAreaSerializer(serializers.Serializer[selectors.KioskArea]):
    """One service area of the kiosk and how many wait for it."""

    prefix = serializers.CharField(source="area.prefix", help_text="Chữ đầu của số thứ tự.")
    name = serializers.CharField(source="area.name")
    waiting = serializers.IntegerField(help_text="Số người đang chờ hôm nay.")


class QueueSerializer(serializers.Serializer[dict[str, Any]]):
    """The board of a centre now."""

    centre_code = serializers.CharField(help_text="Mã định danh của trung tâm.")
    centre_name = serializers.CharField()
    day = serializers.DateField(help_text="Ngày của số thứ tự (giờ Việt Nam).")
    serving = QueueCallSerializer(many=True, help_text="Các số đang ở quầy, theo số quầy.")
    recent = QueueCallSerializer(many=True, help_text="Các lần gọi gần nhất, mới nhất trước.")
    areas = QueueAreaSerializer(many=True, help_text="Các khu vực và số người đang chờ.")


class QueueView(APIView):
    """`GET /api/v1/queue/<centre code>/`: numbers at the counters, last calls, queues."""

    permission_classes = (AllowAny,)

    @extend_schema(
        summary="Bảng gọi số của một trung tâm",
        description=(
            "Như màn hình bảng gọi số: số đang phục vụ tại từng quầy, các lần gọi gần nhất và số "
            "người đang chờ ở từng khu vực hôm nay. Công khai, không có dữ liệu cá nhân."
        ),
        responses={
            200: QueueSerializer,
            (404, "application/problem+json"): OpenApiResponse(
                ProblemSerializer, description="Không có trung tâm nào với mã này phát số thứ tự."
            ),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        centre = selectors.centre_by_code(code)
        if centre is None:
            raise NotFound(f"Không có trung tâm nào với mã “{code}” đang phát số thứ tự.")
        day = ticket_day(timezone.now())
        board = selectors.board(centre, day=day)
        data = {
            "centre_code": centre.code,
            "centre_name": centre.name,
            "day": day,
            "serving": board.serving,
            "recent": board.recent,
            "areas": board.waiting,
        }
        return Response(QueueSerializer(data).data)
