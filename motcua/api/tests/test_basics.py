import io

import pytest
from django.core.management import call_command

from motcua.agencies.tests.factories import AgencyFactory
from motcua.api.models import ApiKey

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_problem_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_schema_and_docs_are_served_without_cdn(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content
    assert b"unpkg" not in docs.content


def test_api_key_create_prints_the_key_once_and_stores_only_its_hash():
    agency = AgencyFactory()
    out = io.StringIO()
    call_command("api_key", "create", "--name", "Cổng DVCQG", "--agency", agency.code, stdout=out)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert raw.startswith("mc_")
    assert raw not in key.key_hash
    assert key.agency == agency


def test_a_wrong_bearer_key_is_refused_as_problem_json(client):
    response = client.get("/api/v1/schema/?format=json", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
