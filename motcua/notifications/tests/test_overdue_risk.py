import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.notifications import delivery, tasks
from motcua.notifications.models import MessageKind, Notification

from .conftest import VN

pytestmark = pytest.mark.django_db

# Thursday 02/11/2023, 10:00.
NOW = dt.datetime(2023, 11, 2, 10, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def _due(at: dt.datetime, **fields: object):
    return DossierFactory(
        status=fields.pop("status", Status.IN_PROGRESS),
        due_at=at,
        applicant_email="an.nguyen@example.vn",
        applicant_phone="0912345678",
        **fields,
    )


def test_applicants_are_warned_once_when_the_due_date_is_within_one_working_day(sms_log):
    tomorrow = _due(dt.datetime(2023, 11, 3, 10, 0, tzinfo=VN))
    # Monday: the weekend does not count, so it is still only one working day away from Friday.
    _due(dt.datetime(2023, 11, 6, 17, 0, tzinfo=VN))
    assert delivery.dossiers_at_overdue_risk(NOW) == [tomorrow]
    assert tasks.warn_overdue_risks.call() == 2
    rows = Notification.objects.filter(dossier=tomorrow, kind=MessageKind.OVERDUE_RISK)
    assert rows.count() == 2
    assert "03/11/2023" in str(mail.outbox[0].body)
    assert tasks.warn_overdue_risks.call() == 0
    assert len(mail.outbox) == 1
    assert len(sms_log) == 1


def test_a_weekend_in_between_still_counts_one_working_day(monkeypatch):
    friday = dt.datetime(2023, 11, 3, 15, 0, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: friday)
    monday = _due(dt.datetime(2023, 11, 6, 14, 0, tzinfo=VN))
    assert delivery.dossiers_at_overdue_risk(friday) == [monday]


def test_paused_finished_overdue_and_unreachable_dossiers_are_not_warned():
    soon = dt.datetime(2023, 11, 3, 10, 0, tzinfo=VN)
    _due(soon, status=Status.SUPPLEMENT_REQUESTED)
    _due(soon, status=Status.RESULT_READY)
    _due(NOW - dt.timedelta(hours=1))
    DossierFactory(status=Status.IN_PROGRESS, due_at=soon, applicant_email="", applicant_phone="")
    assert delivery.dossiers_at_overdue_risk(NOW) == []


def test_a_re_appointment_warns_again_before_the_new_date():
    dossier = _due(dt.datetime(2023, 11, 3, 8, 0, tzinfo=VN))
    tasks.warn_overdue_risks.call()
    assert delivery.dossiers_at_overdue_risk(NOW) == []
    dossier.due_at = dt.datetime(2023, 11, 3, 9, 30, tzinfo=VN)
    dossier.save(update_fields=["due_at"])
    assert delivery.dossiers_at_overdue_risk(NOW) == [dossier]
