import pytest

from motcua.api.models import ApiKey
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import ClockPause
from motcua.dossiers.services import withdraw
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_desk_withdraws_at_the_applicants_request(clock, desk_officer):
    dossier = DossierFactory(status=Status.IN_PROGRESS, receiving_agency=desk_officer.agency)
    moved = withdraw(dossier=dossier, by=desk_officer, reason="Đơn xin rút hồ sơ ngày 27/10")
    assert moved.status == Status.WITHDRAWN
    assert moved.national_status == 7
    assert moved.finished_at == clock.now


def test_withdrawal_during_a_supplement_request_ends_the_pause(clock, desk_officer):
    dossier = DossierFactory(
        status=Status.SUPPLEMENT_REQUESTED, receiving_agency=desk_officer.agency
    )
    withdraw(dossier=dossier, by=desk_officer, reason="Không bổ sung được")
    assert ClockPause.objects.get(dossier=dossier).ended_at == clock.now


def test_the_portal_key_of_the_desk_may_withdraw_for_the_applicant(centre):
    key, _raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    dossier = DossierFactory(online=True, receiving_agency=centre)
    assert withdraw(dossier=dossier, by=key, reason="Công dân rút trên Cổng").status == (
        Status.WITHDRAWN
    )


def test_withdrawal_is_impossible_once_the_result_is_issued(desk_officer):
    dossier = DossierFactory(status=Status.RESULT_READY, receiving_agency=desk_officer.agency)
    with pytest.raises(TransitionNotAllowed):
        withdraw(dossier=dossier, by=desk_officer, reason="Muộn")


def test_withdrawal_needs_a_reason_and_a_right(desk_officer, specialist):
    dossier = DossierFactory(status=Status.IN_PROGRESS, receiving_agency=desk_officer.agency)
    with pytest.raises(DomainError, match="lý do"):
        withdraw(dossier=dossier, by=desk_officer, reason="")
    with pytest.raises(PermissionDeniedError):
        withdraw(dossier=dossier, by=specialist, reason="x")


def test_a_counter_guidance_record_without_a_code_can_be_withdrawn(clock, desk_officer):
    # given: the applicant was guided at the counter (Mẫu 02) and no code was consumed
    dossier = DossierFactory(
        status=Status.NEEDS_COMPLETION, code=None, receiving_agency=desk_officer.agency
    )
    # when
    moved = withdraw(dossier=dossier, by=desk_officer, reason="Không quay lại bổ sung")
    # then
    moved.refresh_from_db()
    assert moved.status == Status.WITHDRAWN
    assert moved.code is None
