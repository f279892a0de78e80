"""Domain errors: each carries a stable code that the API exposes and the pages translate."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine-readable error codes (the `code` of API problem responses)."""

    INVALID_INPUT = "invalid_input"
    NOT_FOUND = "not_found"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    CONFLICT = "conflict"
    PERMISSION_DENIED = "permission_denied"
    CALENDAR_OUT_OF_RANGE = "calendar_out_of_range"
    INVALID_PERIOD = "invalid_period"
    NAIVE_DATETIME = "naive_datetime"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    IMPORT_FAILED = "import_failed"


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is safe to show to the user."""

    code: ErrorCode = ErrorCode.INVALID_INPUT
    http_status: int = 400

    def __init__(self, message: str, *, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    code = ErrorCode.NOT_FOUND
    http_status = 404


class ConflictError(DomainError):
    """The request clashes with the current state (a concurrent change, a duplicate)."""

    code = ErrorCode.CONFLICT
    http_status = 409


class PermissionDeniedError(DomainError):
    """The actor may not do this."""

    code = ErrorCode.PERMISSION_DENIED
    http_status = 403
