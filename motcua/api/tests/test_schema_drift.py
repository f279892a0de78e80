"""The committed OpenAPI schema (docs/openapi.yaml) must be what the code generates."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generated_schema() -> str:
    out = io.StringIO()
    call_command("spectacular", "--validate", stdout=out)
    return out.getvalue()


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the committed schema is generated on the embedded default, SQLite (make schema);"
    " integer bounds in it depend on the database",
)
def test_committed_openapi_schema_matches_the_code():
    assert SCHEMA.exists(), "docs/openapi.yaml is missing: run `make schema` and commit it"
    assert SCHEMA.read_text(encoding="utf-8") == generated_schema(), (
        "docs/openapi.yaml is out of date: run `make schema` and commit it"
    )


def test_schema_documents_the_public_catalogue():
    schema = generated_schema()
    for path in (
        "/api/v1/agencies/:",
        "/api/v1/agencies/{code}/:",
        "/api/v1/procedures/:",
        "/api/v1/procedures/{code}/:",
    ):
        assert path in schema
    assert "name: agency" in schema
    assert "name: search" in schema
