import datetime as dt

import pytest

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.api.models import ApiKey
from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.errors import (
    MissingComponentsError,
    StaleDossierError,
    TransitionNotAllowed,
)
from motcua.dossiers.services import (
    accept_online,
    request_correction,
    resubmit_online,
    submit_online,
)
from motcua.dossiers.states import Status

from .conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(clock, centre, procedure, applicant):
    key, _raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    dossier, _ = submit_online(by=key, procedure=procedure, agency=centre, applicant=applicant)
    return dossier


def test_acceptance_starts_the_clock_from_acceptance_not_submission(
    clock, submitted, desk_officer, components
):
    clock.set(dt.datetime(2023, 10, 30, 10, 0, tzinfo=VN))  # Monday
    dossier = accept_online(dossier=submitted, by=desk_officer, components=components())
    assert dossier.status == Status.RECEIVED
    assert dossier.accepted_at == clock.now
    assert dossier.submitted_at == dt.datetime(2023, 10, 27, 9, 32, tzinfo=VN)
    assert dossier.due_at == dt.datetime(2023, 11, 2, 17, 0, tzinfo=VN)  # 3 working days
    assert dossier.transfer_due_at == clock.now  # e-dossier: at once
    assert dossier.code == submitted.code


def test_an_incomplete_online_dossier_cannot_be_accepted(submitted, desk_officer, components):
    with pytest.raises(MissingComponentsError, match="Tờ khai"):
        accept_online(
            dossier=submitted, by=desk_officer, components=components(without=("Tờ khai",))
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_double_click_on_accept_is_refused_the_second_time(submitted, desk_officer, components):
    accept_online(dossier=submitted, by=desk_officer, components=components())
    with pytest.raises(TransitionNotAllowed, match="Đã tiếp nhận"):
        accept_online(dossier=submitted, by=desk_officer, components=components())
    assert submitted.events.filter(to_status=Status.RECEIVED).count() == 1


def test_a_stale_form_is_refused(submitted, desk_officer, components):
    seen = submitted.version
    request_correction(dossier=submitted, by=desk_officer, missing=["Tờ khai chưa ký"])
    key = submitted.submitted_via
    resubmit_online(dossier=submitted, by=key, components=components())
    with pytest.raises(StaleDossierError):
        accept_online(
            dossier=submitted, by=desk_officer, components=components(), expected_version=seen
        )


def test_an_officer_of_another_desk_cannot_accept(submitted, components):
    other = OfficerFactory(agency=AgencyFactory(centre=True), roles=[Role.COUNTER_OFFICER])
    with pytest.raises(PermissionDeniedError, match="cơ quan khác"):
        accept_online(dossier=submitted, by=other, components=components())


def test_a_specialist_of_the_desk_without_the_counter_role_cannot_accept(
    submitted, centre, components
):
    specialist = OfficerFactory(agency=centre, roles=[Role.SPECIALIST])
    with pytest.raises(PermissionDeniedError, match="Cán bộ một cửa"):
        accept_online(dossier=submitted, by=specialist, components=components())


def test_a_correction_request_then_resubmission_returns_to_status_1(
    submitted, desk_officer, components
):
    asked = request_correction(
        dossier=submitted,
        by=desk_officer,
        missing=["Tờ khai chưa ký", "Thiếu bản sao giấy khai sinh"],
        reason="Hồ sơ chưa hợp lệ",
    )
    assert asked.status == Status.NEEDS_COMPLETION
    assert asked.missing_components == ["Tờ khai chưa ký", "Thiếu bản sao giấy khai sinh"]
    assert asked.notices.get().payload["missing"] == asked.missing_components
    again = resubmit_online(dossier=asked, by=asked.submitted_via, components=components())
    assert again.status == Status.SUBMITTED
    assert again.missing_components == []
