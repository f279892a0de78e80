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


def test_the_last_working_day_before_the_due_date_is_still_in_time(clock, dossier, specialist):
    # Due Fri 03/11 17:00: Thu 02/11 is the last day to ask, until its very end.
    clock.set(dt.datetime(2023, 11, 2, 23, 59, tzinfo=VN))
    extended = extend_due(
        dossier=dossier,
        by=specialist,
        new_due_at=dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN),
        reason="Chờ xác minh",
    )
    assert extended.due_at == dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN)


def test_a_weekend_day_before_a_monday_due_date_is_too_late(clock, dossier, specialist):
    dossier.due_at = dt.datetime(2023, 11, 6, 17, 0, tzinfo=VN)
    dossier.save(update_fields=["due_at"])
    clock.set(dt.datetime(2023, 11, 4, 10, 0, tzinfo=VN))  # Saturday: one calendar day before
    with pytest.raises(DomainError, match=r"01 ngày làm việc.*03/11/2023") as caught:
        extend_due(
            dossier=dossier,
            by=specialist,
            new_due_at=dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN),
            reason="Muộn",
        )
    assert caught.value.http_status == 409
    dossier.refresh_from_db()
    assert dossier.due_at == dt.datetime(2023, 11, 6, 17, 0, tzinfo=VN)
    assert not Extension.objects.exists()
    assert not dossier.notices.exists()
    clock.set(dt.datetime(2023, 11, 3, 16, 0, tzinfo=VN))  # the Friday before is in time
    extend_due(
        dossier=dossier,
        by=specialist,
        new_due_at=dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN),
        reason="Chờ xác minh",
    )
    assert Extension.objects.filter(dossier=dossier).count() == 1


def test_holidays_before_the_due_date_do_not_count_as_working_days(clock, dossier, specialist):
    # Due Wed 04/09/2024 after the National Day holidays (Mon 02/09, Tue 03/09) and a weekend:
    # the last working day before it is Fri 30/08.
    dossier.due_at = dt.datetime(2024, 9, 4, 17, 0, tzinfo=VN)
    dossier.save(update_fields=["due_at"])
    clock.set(dt.datetime(2024, 9, 3, 9, 0, tzinfo=VN))
    with pytest.raises(DomainError, match="30/08/2024"):
        extend_due(
            dossier=dossier,
            by=specialist,
            new_due_at=dt.datetime(2024, 9, 11, 17, 0, tzinfo=VN),
            reason="Muộn",
        )
    assert not Extension.objects.exists()
    clock.set(dt.datetime(2024, 8, 30, 17, 30, tzinfo=VN))
    extended = extend_due(
        dossier=dossier,
        by=specialist,
        new_due_at=dt.datetime(2024, 9, 11, 17, 0, tzinfo=VN),
        reason="Chờ xác minh",
    )
    assert extended.due_at == dt.datetime(2024, 9, 11, 17, 0, tzinfo=VN)
