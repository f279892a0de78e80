"""Online submission by a citizen, "my dossiers", officer alerts and escalation."""

from __future__ import annotations

import datetime as dt
import decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from motcua.catalog.models import Channel, TimeUnit
from motcua.catalog.tests.factories import (
    ComponentFactory,
    ComponentSetFactory,
    ExecutionMethodFactory,
    ProcedureFactory,
)
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import WorkingCalendar
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.dossiers.services.intake import forget_catalogues
from motcua.dossiers.states import Status
from motcua.notifications.models import AlertKind, OfficerAlert
from motcua.notifications.services import escalate_dossier, unhandled_online_dossiers
from motcua.portal.models import DossierDraft

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    forget_catalogues()
    calendar = WorkingCalendar(days_off={}, makeup_workdays={}, years=range(2020, 2031))
    monkeypatch.setattr(deadline_services, "current_calendar", lambda: calendar)


@pytest.fixture
def centre():
    return AgencyFactory(code="000.00.17.H56", centre=True)


@pytest.fixture
def procedure(centre):
    procedure = ProcedureFactory(code="1.001776", competent_agency=centre)
    procedure.receiving_agencies.add(centre)
    version = procedure.current_version
    ExecutionMethodFactory(
        version=version,
        channel=Channel.ONLINE,
        processing_time=decimal.Decimal(3),
        time_unit=TimeUnit.WORKING_DAY,
    )
    papers = ComponentSetFactory(version=version)
    ComponentFactory(component_set=papers, name="Tờ khai", position=0)
    ComponentFactory(component_set=papers, name="Giấy ủy quyền", position=1, is_required=False)
    return procedure


@pytest.fixture
def citizen():
    return UserFactory(
        username="an",
        full_name="Nguyễn Văn An",
        id_no="038090001234",
        phone="0912345678",
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def desk(centre):
    return OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])


def _draft(client, procedure, centre) -> DossierDraft:
    response = client.post(f"/thu-tuc/{procedure.code}/nop-truc-tuyen/", {"agency": centre.pk})
    assert response.status_code == 302
    return DossierDraft.objects.get()


def _tokhai(procedure):
    return procedure.current_version.component_sets.get().components.get(name="Tờ khai")


def _upload(client, draft, component, content=PDF, name="to-khai.pdf"):
    return client.post(
        f"/ho-so-nhap/{draft.pk}/",
        {
            "action": "upload",
            "component": component.pk,
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )


def test_a_verified_citizen_submits_online_and_the_desk_is_alerted(
    client, citizen, procedure, centre, desk, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    assert draft.applicant["name"] == "Nguyễn Văn An"
    assert draft.applicant["id_no"] == "038090001234"
    assert _upload(client, draft, _tokhai(procedure)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.pk}/"
    assert dossier.status == Status.SUBMITTED
    assert dossier.national_status == 1
    assert dossier.owner == citizen
    line = DossierComponent.objects.get(dossier=dossier, name="Tờ khai")
    assert line.is_provided
    assert DossierFile.objects.get(dossier=dossier).component == line
    assert OfficerAlert.objects.filter(officer=desk, dossier=dossier).count() == 1
    # A resent form does not make a second dossier.
    again = client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    assert again["Location"] == f"/ho-so-cua-toi/{dossier.pk}/"
    assert Dossier.objects.count() == 1
    page = client.get(f"/ho-so-cua-toi/{dossier.pk}/").content.decode()
    assert dossier.code in page
    assert "Mới đăng ký" in page


def test_an_unverified_account_cannot_submit(client, citizen, procedure, centre):
    citizen.email_verified_at = None
    citizen.save()
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    response = client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    assert response.status_code == 400
    assert "chưa xác thực email" in response.content.decode()
    assert not Dossier.objects.exists()


def test_an_upload_that_is_not_what_it_claims_is_refused(client, citizen, procedure, centre):
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    response = _upload(client, draft, _tokhai(procedure), content=b"MZ not a pdf")
    assert response.status_code == 400
    assert "không phải PDF" in response.content.decode()
    assert not draft.files.exists()


def test_a_document_from_an_earlier_dossier_is_reused(client, citizen, procedure, centre):
    client.force_login(citizen)
    first = _draft(client, procedure, centre)
    _upload(client, first, _tokhai(procedure))
    client.post(f"/ho-so-nhap/{first.pk}/", {"action": "submit"})
    earlier = DossierFile.objects.get()
    client.post(f"/thu-tuc/{procedure.code}/nop-truc-tuyen/", {"agency": centre.pk})
    second = DossierDraft.objects.exclude(pk=first.pk).get()
    client.post(
        f"/ho-so-nhap/{second.pk}/",
        {"action": "reuse", "component": _tokhai(procedure).pk, "reuse": earlier.pk},
    )
    client.post(f"/ho-so-nhap/{second.pk}/", {"action": "submit"})
    dossier = Dossier.objects.exclude(pk=earlier.dossier_id).get()
    assert dossier.components.get(name="Tờ khai").is_reused
    assert dossier.reused_component_count == 1
    assert dossier.files.get().sha256 == earlier.sha256


def test_another_citizens_dossier_and_draft_are_not_found(client, citizen, procedure, centre):
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    _upload(client, draft, _tokhai(procedure))
    client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    dossier = Dossier.objects.get()
    stored = dossier.files.get()
    client.force_login(UserFactory(username="other", email_verified_at=timezone.now()))
    assert client.get(f"/ho-so-cua-toi/{dossier.pk}/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{dossier.pk}/tep/{stored.pk}/").status_code == 404
    assert client.get(f"/ho-so-nhap/{draft.pk}/").status_code == 404
    assert client.post(f"/ho-so-cua-toi/{dossier.pk}/rut/", {"reason": "x"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_a_citizen_withdraws_and_downloads_their_own_files(client, citizen, procedure, centre):
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    _upload(client, draft, _tokhai(procedure))
    client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    dossier = Dossier.objects.get()
    stored = dossier.files.get()
    download = client.get(f"/ho-so-cua-toi/{dossier.pk}/tep/{stored.pk}/")
    assert b"".join(download.streaming_content) == PDF
    client.post(f"/ho-so-cua-toi/{dossier.pk}/rut/", {"reason": "Nộp nhầm thủ tục"})
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    assert "Hồ sơ của tôi" in client.get("/ho-so-cua-toi/").content.decode()


def test_an_online_dossier_unhandled_for_8_working_hours_goes_to_the_supervisor(
    citizen, procedure, centre, desk, monkeypatch
):
    supervisor = OfficerFactory(agency=centre, roles=[Role.SUPERVISOR])
    from motcua.dossiers.services import ApplicantData, submit_online

    friday_morning = dt.datetime(2026, 11, 13, 9, 0, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: friday_morning)
    dossier, _ = submit_online(
        by=citizen,
        procedure=procedure,
        agency=centre,
        applicant=ApplicantData(name="Nguyễn Văn An", id_no="038090001234"),
    )
    # Friday 9:00 to Monday 9:00 is one working day of office hours: 8 hours.
    assert unhandled_online_dossiers(dt.datetime(2026, 11, 13, 16, 0, tzinfo=VN)) == []
    waiting = unhandled_online_dossiers(dt.datetime(2026, 11, 16, 9, 30, tzinfo=VN))
    assert waiting == [dossier]
    assert escalate_dossier(dossier=dossier) == 1
    assert escalate_dossier(dossier=dossier) == 0
    alert = OfficerAlert.objects.get(kind=AlertKind.ESCALATED)
    assert alert.officer == supervisor


def test_a_citizen_answers_a_supplement_request_and_the_clock_restarts(
    client, citizen, procedure, centre, desk
):
    from motcua.dossiers.services import accept_online, request_supplement

    specialist = OfficerFactory(agency=centre, roles=[Role.SPECIALIST])
    client.force_login(citizen)
    draft = _draft(client, procedure, centre)
    _upload(client, draft, _tokhai(procedure))
    client.post(f"/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    dossier = accept_online(dossier=Dossier.objects.get(), by=desk)
    dossier = request_supplement(
        dossier=dossier, by=specialist, missing=["Giấy ủy quyền"], reason="Thiếu giấy ủy quyền"
    )
    page = client.get(f"/ho-so-cua-toi/{dossier.pk}/").content.decode()
    assert "Giấy ủy quyền" in page
    line = dossier.components.get(name="Giấy ủy quyền")
    client.post(
        f"/ho-so-cua-toi/{dossier.pk}/bo-sung/",
        {f"line-{line.pk}": SimpleUploadedFile("uq.pdf", PDF, "application/pdf")},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.files.filter(component=line).count() == 1
