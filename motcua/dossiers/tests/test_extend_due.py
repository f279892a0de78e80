import datetime as dt

import pytest

from motcua.core.errors import DomainError
from motcua.dossiers.models import Extension, NoticeKind
from motcua.dossiers.services import extend_due
from motcua.dossiers.states import Status

from .conftest import VN
from .factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(clock, desk_officer, specialist):
    return DossierFactory(
        status=Status.IN_PROGRESS,
        receiving_agency=desk_officer.agency,
        competent_agency=specialist.agency,
        due_at=dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN),
    )


def test_one_re_appointment_moves_the_due_date_and_is_stored(clock, dossier, specialist):
    new_due = dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN)
    extended = extend_due(
        dossier=dossier, by=specialist, new_due_at=new_due, reason="Chờ ý kiến cơ quan phối hợp"
    )
    assert extended.due_at == new_due
    assert extended.status == Status.IN_PROGRESS
    stored = Extension.objects.get(dossier=dossier)
    assert stored.previous_due_at == dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN)
    assert extended.notices.get().kind == NoticeKind.EXTENDED


def test_a_second_re_appointment_is_refused(clock, dossier, specialist):
    extend_due(
        dossier=dossier,
        by=specialist,
        new_due_at=dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN),
        reason="Chậm lần 1",
    )
    with pytest.raises(DomainError, match="một lần") as caught:
        extend_due(
            dossier=dossier,
            by=specialist,
            new_due_at=dt.datetime(2023, 11, 17, 17, 0, tzinfo=VN),
            reason="Chậm lần 2",
        )
    assert caught.value.http_status == 409
    assert Extension.objects.count() == 1


def test_a_re_appointment_asked_on_the_due_day_is_refused(clock, dossier, specialist):
    clock.set(dt.datetime(2023, 11, 3, 9, 0, tzinfo=VN))
    with pytest.raises(DomainError, match="01 ngày"):
        extend_due(
            dossier=dossier,
            by=specialist,
            new_due_at=dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN),
            reason="Muộn",
        )
