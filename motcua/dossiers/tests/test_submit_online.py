import pytest

from motcua.api.models import ApiKey
from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.errors import IdempotencyKeyReusedError
from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.dossiers.services import submit_online
from motcua.dossiers.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_key(centre):
    key, _raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    return key


def test_an_online_dossier_gets_its_code_at_submission_and_no_due_date(
    clock, portal_key, centre, procedure, applicant
):
    dossier, created = submit_online(
        by=portal_key, procedure=procedure, agency=centre, applicant=applicant
    )
    assert created
    assert dossier.status == Status.SUBMITTED
    assert dossier.national_status == 1
    assert dossier.code == "000.00.17.H56-231027-0001"
    assert dossier.due_at is None
    assert dossier.accepted_at is None
    assert dossier.submitted_via == portal_key
    assert dossier.components.count() == 3
    assert not dossier.components.filter(is_provided=True).exists()
    assert dossier.processing_time == 3  # the online method's time


def test_the_same_idempotency_key_returns_the_same_dossier(
    clock, portal_key, centre, procedure, applicant
):
    first, _ = submit_online(
        by=portal_key,
        procedure=procedure,
        agency=centre,
        applicant=applicant,
        idempotency_key="abc-1",
        fingerprint="f1",
    )
    again, created = submit_online(
        by=portal_key,
        procedure=procedure,
        agency=centre,
        applicant=applicant,
        idempotency_key="abc-1",
        fingerprint="f1",
    )
    assert not created
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert DossierCodeCounter.objects.get().last_value == 1


def test_a_reused_key_with_another_body_is_refused(clock, portal_key, centre, procedure, applicant):
    submit_online(
        by=portal_key,
        procedure=procedure,
        agency=centre,
        applicant=applicant,
        idempotency_key="abc-1",
        fingerprint="f1",
    )
    with pytest.raises(IdempotencyKeyReusedError):
        submit_online(
            by=portal_key,
            procedure=procedure,
            agency=centre,
            applicant=applicant,
            idempotency_key="abc-1",
            fingerprint="f2",
        )


def test_a_key_of_another_agency_cannot_submit_here(
    clock, department, centre, procedure, applicant
):
    key, _raw = ApiKey.issue(name="Hệ thống Sở", agency=department)
    with pytest.raises(PermissionDeniedError):
        submit_online(by=key, procedure=procedure, agency=centre, applicant=applicant)
    assert not Dossier.objects.exists()
