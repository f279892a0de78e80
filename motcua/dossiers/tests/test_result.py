import pytest

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.models import NoticeKind, ReturnMethod
from motcua.dossiers.services import mark_result_ready, return_result
from motcua.dossiers.states import Status

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(desk_officer, specialist):
    return DossierFactory(
        status=Status.IN_PROGRESS,
        receiving_agency=desk_officer.agency,
        competent_agency=specialist.agency,
    )


def test_result_ready_ends_processing(clock, dossier, specialist):
    ready = mark_result_ready(dossier=dossier, by=specialist, has_e_result=True)
    assert ready.status == Status.RESULT_READY
    assert ready.national_status == 9
    assert ready.finished_at == clock.now
    assert ready.has_e_result
    assert ready.notices.get().kind == NoticeKind.RESULT_READY


def test_the_desk_cannot_declare_the_result(dossier, desk_officer):
    with pytest.raises(PermissionDeniedError):
        mark_result_ready(dossier=dossier, by=desk_officer)


def test_the_return_records_who_collected_it_when_and_how(clock, dossier, specialist, desk_officer):
    ready = mark_result_ready(dossier=dossier, by=specialist)
    clock.advance(days=1)
    returned = return_result(
        dossier=ready,
        by=desk_officer,
        collected_by_name="Trần Thị Cúc",
        collected_by_id_no="038190004321",
        method=ReturnMethod.COUNTER,
    )
    assert returned.status == Status.RETURNED
    assert returned.national_status == 10
    assert returned.returned_at == clock.now
    assert returned.finished_at == ready.finished_at  # processing ended at status 9
    assert (returned.returned_to_name, returned.return_method) == ("Trần Thị Cúc", "counter")


def test_the_return_needs_the_collectors_name(dossier, specialist, desk_officer):
    ready = mark_result_ready(dossier=dossier, by=specialist)
    with pytest.raises(DomainError, match="người nhận"):
        return_result(dossier=ready, by=desk_officer, collected_by_name=" ")
