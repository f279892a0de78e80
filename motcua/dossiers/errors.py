"""Errors of the dossier domain: DomainErrors with a stable code and a Vietnamese message."""

from __future__ import annotations

from collections.abc import Sequence

from motcua.core.errors import ConflictError, DomainError, ErrorCode


class TransitionNotAllowed(DomainError):  # noqa: N818 (the name the lifecycle docs use)
    """The lifecycle table does not allow this move from the dossier's current status."""

    code = ErrorCode.TRANSITION_NOT_ALLOWED
    http_status = 409

    def __init__(self, message: str, *, current: str, requested: str) -> None:
        super().__init__(message)
        self.current = current
        self.requested = requested


class StaleDossierError(ConflictError):
    """The form was filled in against an older version of the dossier."""


class MissingComponentsError(DomainError):
    """Required components are missing: they are all listed at once (hướng dẫn một lần)."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        listed = "; ".join(self.missing)
        super().__init__(f"Hồ sơ chưa đủ thành phần bắt buộc, còn thiếu: {listed}.")


class IdempotencyKeyReusedError(ConflictError):
    """The same Idempotency-Key was sent again with a different request body."""
