"""Every API error is application/problem+json (RFC 9457) with a stable `code`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from motcua.core.errors import DomainError

PROBLEM_JSON = "application/problem+json"

_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.ValidationError: "invalid_input",
    exceptions.ParseError: "malformed_request",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def problem(
    *, status_code: int, code: str, title: str, detail: str = "", **extra: Any
) -> dict[str, Any]:
    """The body of a problem response."""
    body: dict[str, Any] = {
        "type": f"https://motcua.vn/problems/{code}",
        "title": title,
        "status": status_code,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler: domain errors and DRF errors become problem+json."""
    if isinstance(exc, DomainError):
        return Response(
            problem(status_code=exc.http_status, code=str(exc.code), title=exc.message),
            status=exc.http_status,
            content_type=PROBLEM_JSON,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status_code=response.status_code,
            code=code,
            title="Dữ liệu gửi lên không hợp lệ.",
            errors=exc.detail,
        )
    else:
        body = problem(status_code=response.status_code, code=code, title=str(exc.detail))
    response.data = body
    response.content_type = PROBLEM_JSON
    return response


def _json_problem(status_code: int, code: str, title: str) -> JsonResponse:
    return JsonResponse(
        problem(status_code=status_code, code=code, title=title),
        status=status_code,
        content_type=PROBLEM_JSON,
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown path under /api/: problem+json, never an HTML page."""
    return _json_problem(status.HTTP_404_NOT_FOUND, "not_found", "Không tìm thấy tài nguyên.")
