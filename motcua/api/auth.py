"""Bearer-key authentication for system clients."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from motcua.api.models import ApiKey, hash_key


class SystemClient(AnonymousUser):
    """The request.user of a system client: not a person, carries its key."""

    def __init__(self, key: ApiKey) -> None:
        super().__init__()
        self.api_key = key

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return f"system:{self.api_key.name}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer KEY` with a key from `motcua api-key create`."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[SystemClient, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization không hợp lệ.")
        key = (
            ApiKey.objects.select_related("agency")
            .filter(key_hash=hash_key(parts[1]), is_active=True)
            .first()
        )
        if key is None:
            raise exceptions.AuthenticationFailed("Khóa API không hợp lệ hoặc đã bị thu hồi.")
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return SystemClient(key), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the bearer key in the OpenAPI schema."""

    target_class = "motcua.api.auth.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa từ `motcua api-key create`.",
        }
