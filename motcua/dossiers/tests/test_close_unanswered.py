import datetime as dt

import pytest

from motcua.core.errors import DomainError
from motcua.dossiers.models import ClockPause, NoticeKind
from motcua.dossiers.services import close_unanswered
from motcua.dossiers.states import Status
from motcua.dossiers.tasks import PERIODIC_TASKS, close_unanswered_supplements

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_the_task_closes_dossiers_15_days_after_an_unanswered_request(clock):
    # given: one request from 16 days ago, one from 3 days ago
    old = DossierFactory(status=Status.SUPPLEMENT_REQUESTED)
    ClockPause.objects.filter(dossier=old).update(
        started_at=clock.now - dt.timedelta(days=16),
        expires_at=clock.now - dt.timedelta(days=1),
    )
    recent = DossierFactory(status=Status.SUPPLEMENT_REQUESTED)
    # when
    closed = close_unanswered_supplements.call()
    again = close_unanswered_supplements.call()
    # then
    assert (closed, again) == (1, 0)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Status.CLOSED_UNANSWERED
    assert old.national_status == 8
    assert old.finished_at == clock.now
    assert old.notices.get().kind == NoticeKind.CLOSED_UNANSWERED
    assert old.events.latest("pk").actor_name == "Hệ thống"
    assert recent.status == Status.SUPPLEMENT_REQUESTED


def test_a_request_still_within_its_15_days_is_not_closed(clock):
    dossier = DossierFactory(status=Status.SUPPLEMENT_REQUESTED)
    with pytest.raises(DomainError, match="chưa hết hạn"):
        close_unanswered(dossier=dossier)


def test_the_task_is_scheduled_periodically():
    assert (3600, close_unanswered_supplements) in PERIODIC_TASKS
    result = close_unanswered_supplements.enqueue()
    assert result.return_value == 0
