import pytest

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.models import NoticeKind
from motcua.dossiers.services import refuse_at_counter, refuse_dossier
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_at_the_counter_keeps_the_reasons_and_no_code(
    clock, desk_officer, procedure, applicant
):
    dossier = refuse_at_counter(
        by=desk_officer,
        procedure=procedure,
        applicant=applicant,
        reasons="Yêu cầu không thuộc phạm vi giải quyết của thủ tục.",
    )
    assert dossier.status == Status.REFUSED
    assert dossier.national_status == 3
    assert dossier.code is None
    assert dossier.refusal_reasons.startswith("Yêu cầu không thuộc")
    assert dossier.finished_at == clock.now
    assert dossier.notices.get().kind == NoticeKind.REFUSED


def test_a_refusal_needs_reasons(clock, desk_officer, procedure, applicant):
    with pytest.raises(DomainError, match="lý do"):
        refuse_at_counter(by=desk_officer, procedure=procedure, applicant=applicant, reasons="  ")


def test_an_online_dossier_is_refused_by_its_desk_only(clock, desk_officer, specialist):
    dossier = DossierFactory(
        online=True, receiving_agency=desk_officer.agency, competent_agency=specialist.agency
    )
    with pytest.raises(PermissionDeniedError):
        refuse_dossier(dossier=dossier, by=specialist, reasons="Không thuộc thẩm quyền.")
    refused = refuse_dossier(dossier=dossier, by=desk_officer, reasons="Không thuộc thẩm quyền.")
    assert refused.status == Status.REFUSED
    assert refused.code == dossier.code
