import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from motcua.accounts.models import UserKind
from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.api.models import ApiKey
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossiers/"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def portal(centre):
    _key, raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def logged_in(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def body(procedure, centre):
    return {
        "procedure_code": procedure.code,
        "agency_code": centre.code,
        "applicant": {"name": "Nguyễn Văn An", "id_no": "038090001234", "phone": "0912345678"},
    }


def submit(client, body, **headers):
    return client.post(URL, body, format="json", headers=headers)


def test_create_answers_201_with_code_status_1_and_no_due_date(clock, portal, body):
    response = submit(portal, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["code"] == "000.00.17.H56-231027-0001"
    assert data["status"] == 1
    assert data["status_detail"] == "submitted"
    assert data["due_at"] is None
    assert response["Location"] == f"{URL}{data['id']}/"


def test_the_same_idempotency_key_returns_the_same_dossier(clock, portal, body):
    first = submit(portal, body, **{"Idempotency-Key": "dvcqg-0001"})
    again = submit(portal, body, **{"Idempotency-Key": "dvcqg-0001"})
    assert first.status_code == again.status_code == 201
    assert again.json()["code"] == first.json()["code"]
    assert again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    changed = {**body, "applicant": {**body["applicant"], "name": "Người khác"}}
    clash = submit(portal, changed, **{"Idempotency-Key": "dvcqg-0001"})
    assert clash.status_code == 409
    assert clash.json()["code"] == "conflict"


@pytest.mark.parametrize(
    ("change", "status", "code", "text"),
    [
        ({"applicant": {"name": "An", "id_no": "12345"}}, 400, "invalid_input", "định danh"),
        ({"procedure_code": "9.999999"}, 404, "not_found", "9.999999"),
        ({"agency_code": "nope"}, 404, "not_found", "nope"),
        ({"components": [{"component_id": 999999}]}, 400, "invalid_input", "999999"),
        ({"channel": "fax"}, 400, "invalid_input", "Dữ liệu"),
    ],
)
def test_bad_input_is_a_problem_naming_what_is_wrong(
    clock, portal, body, change, status, code, text
):
    response = submit(portal, {**body, **change})
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert text in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"applicant": "Nguyễn Văn An"}, ["applicant"]),
        ({"applicant": {"id_no": "038090001234"}}, ["applicant", "name"]),
        ({"applicant": {"name": 42, "id_no": "038090001234"}}, ["applicant", "name"]),
        (
            {"applicant": {"name": "An", "id_no": "038090001234", "kind": "x"}},
            ["applicant", "kind"],
        ),
        ({"components": {"component_id": 1}}, ["components"]),
        ({"components": [{"component_id": "một"}]}, ["components", "0", "component_id"]),
        (
            {"components": [{"component_id": 1, "is_reused": "yes"}]},
            ["components", "0", "is_reused"],
        ),
    ],
)
def test_malformed_applicant_and_components_name_the_field(clock, portal, body, change, where):
    response = submit(portal, {**body, **change})
    assert response.status_code == 400
    errors = response.json()["errors"]
    for key in where:
        errors = errors[key]
    assert errors
    assert not Dossier.objects.exists()


def test_a_missing_field_is_reported_by_name(portal, body):
    response = submit(portal, {"agency_code": body["agency_code"]})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"procedure_code", "applicant"}


def test_anonymous_clients_can_neither_submit_nor_read(body):
    client = APIClient()
    assert client.post(URL, body, format="json").status_code in (401, 403)
    assert client.get(URL).status_code in (401, 403)


def test_an_officer_sees_and_acts_only_on_their_agencys_dossiers(
    clock, desk_officer, centre, components
):
    mine = DossierFactory(online=True, receiving_agency=centre)
    elsewhere = DossierFactory(online=True)
    stranger = OfficerFactory(agency=AgencyFactory(centre=True), roles=[Role.COUNTER_OFFICER])
    client = logged_in(desk_officer.user)
    listed = client.get(URL).json()["results"]
    assert [d["code"] for d in listed] == [mine.code]
    assert client.get(f"{URL}{elsewhere.pk}/").status_code == 404
    foreign = logged_in(stranger.user)
    assert foreign.get(f"{URL}{mine.pk}/").status_code == 404
    response = foreign.post(f"{URL}{mine.pk}/accept/", {}, format="json")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_a_citizen_sees_only_their_own_dossiers(clock, body):
    an = UserFactory(kind=UserKind.CITIZEN)
    binh = UserFactory(kind=UserKind.CITIZEN)
    created = submit(logged_in(an), body)
    assert created.status_code == 201
    other = DossierFactory()
    assert [d["id"] for d in logged_in(an).get(URL).json()["results"]] == [created.json()["id"]]
    assert logged_in(binh).get(URL).json()["results"] == []
    assert logged_in(an).get(f"{URL}{other.pk}/").status_code == 404


def test_a_key_sees_only_its_agencys_dossiers(clock, portal, body):
    created = submit(portal, body).json()
    DossierFactory()
    listed = portal.get(URL).json()["results"]
    assert [d["id"] for d in listed] == [created["id"]]


def test_accept_then_double_click_then_stale_form(clock, portal, body, desk_officer, components):
    created = submit(portal, body).json()
    client = logged_in(desk_officer.user)
    checklist = [{"component_id": c.component_id} for c in components()]
    url = f"{URL}{created['id']}/accept/"
    accepted = client.post(
        url, {"components": checklist, "expected_version": created["version"]}, format="json"
    )
    assert accepted.status_code == 200, accepted.json()
    data = accepted.json()
    assert (data["status"], data["status_detail"]) == (2, "received")
    assert data["due_at"] is not None
    assert data["history"][-1]["to_status"] == "received"
    twice = client.post(url, {"components": checklist}, format="json")
    assert twice.status_code == 409
    assert twice["Content-Type"] == "application/problem+json"
    assert twice.json()["code"] == "transition_not_allowed"
    stale = client.post(
        f"{URL}{created['id']}/transfer/", {"expected_version": created["version"]}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert "tải lại" in stale.json()["title"]


def test_the_whole_lifecycle_over_http(clock, portal, body, desk_officer, specialist, components):
    created = submit(portal, body).json()
    desk, agency = logged_in(desk_officer.user), logged_in(specialist.user)
    base = f"{URL}{created['id']}"
    checklist = [{"component_id": c.component_id} for c in components()]
    assert desk.post(f"{base}/accept/", {"components": checklist}, format="json").status_code == 200
    assert desk.post(f"{base}/transfer/", {}, format="json").status_code == 200
    asked = agency.post(
        f"{base}/request-supplement/",
        {"missing": ["Tờ khai có chữ ký"], "reason": "Tờ khai chưa ký"},
        format="json",
    )
    assert asked.json()["status"] == 5
    assert portal.post(f"{base}/provide-supplement/", {}, format="json").json()["status"] == 4
    ready = agency.post(f"{base}/result-ready/", {"has_e_result": True}, format="json")
    assert ready.json()["status"] == 9
    returned = desk.post(
        f"{base}/return-result/", {"collected_by_name": "Nguyễn Văn An"}, format="json"
    )
    assert returned.json()["status"] == 10
    assert [e["to_status"] for e in returned.json()["history"]] == [
        "submitted",
        "received",
        "in_progress",
        "supplement_requested",
        "in_progress",
        "result_ready",
        "returned",
    ]


def upload(client, dossier, content, name="scan.pdf"):
    return client.post(
        f"{URL}{dossier.pk}/files/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


def test_a_pdf_is_stored_and_downloaded_only_by_those_who_may_see_it(clock, desk_officer, centre):
    dossier = DossierFactory(receiving_agency=centre)
    client = logged_in(desk_officer.user)
    response = upload(client, dossier, PDF, name="../../etc/passwd.pdf")
    assert response.status_code == 201, response.json()
    stored = DossierFile.objects.get()
    assert stored.content_type == "application/pdf"
    assert "passwd" not in str(stored.file.name)
    download = client.get(f"{URL}{dossier.pk}/files/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    stranger = OfficerFactory(agency=AgencyFactory(), roles=[Role.SPECIALIST])
    assert logged_in(stranger.user).get(f"{URL}{dossier.pk}/files/{stored.pk}/").status_code == 404
    assert APIClient().get(f"{URL}{dossier.pk}/files/{stored.pk}/").status_code in (401, 403)


def test_a_renamed_exe_is_refused_with_a_clear_message(clock, desk_officer, centre):
    dossier = DossierFactory(receiving_agency=centre)
    response = upload(logged_in(desk_officer.user), dossier, b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.json()["title"]
    assert not DossierFile.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversized_upload_is_refused_before_it_is_read(clock, desk_officer, centre):
    dossier = DossierFactory(receiving_agency=centre)
    response = upload(logged_in(desk_officer.user), dossier, PDF + b"0" * (200 * 1024))
    assert response.status_code == 413
    assert "vượt quá giới hạn" in response.json()["title"]
    assert not DossierFile.objects.exists()


def test_the_fast_201_body_has_exactly_the_documented_shape(clock):
    from motcua.dossiers.api import created_output
    from motcua.dossiers.serializers import DossierCreatedOutput

    dossier = DossierFactory()
    assert created_output(dossier) == DossierCreatedOutput(dossier).data
