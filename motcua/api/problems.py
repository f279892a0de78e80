"""The documented shape of problem+json error bodies (RFC 9457), for the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ProblemSerializer(serializers.Serializer[Any]):
    """An error answer: `code` is stable, `title` is safe to show, `errors` names bad fields."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        # `errors` (invalid fields → messages) clashes with Serializer.errors, so it is added here.
        fields = super().get_fields()
        fields["errors"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        )
        return fields
