"""Rating on the counter's touch screen with a one-time pass the counter officer issues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.tests.factories import AgencyFactory, OfficerFactory
from motcua.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.ratings.models import CounterInvitation, Rating, Source
from motcua.ratings.services import (
    INVITATION_MINUTES,
    invitation_for,
    invite_at_counter,
    rate_at_counter,
)
from motcua.tickets.tests.factories import CounterFactory

from .conftest import answers

pytestmark = pytest.mark.django_db


def test_the_citizen_rates_once_with_the_pass_of_the_officers_counter(returned, desk, centre):
    counter = CounterFactory(agency=centre, number=5, officer=desk)
    invitation, token = invite_at_counter(dossier=returned, by=desk)

    rating = rate_at_counter(token=token, data=answers(verdict="satisfied"))

    assert rating.source == Source.COUNTER
    assert rating.counter == counter
    assert rating.counter_number == 5
    assert rating.rated_by is None
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # Only a hash of the pass is stored.
    assert token not in invitation.token_hash
    with pytest.raises(ConflictError, match="đã được gửi"):
        rate_at_counter(token=token, data=answers(revision=1))
    assert Rating.objects.get().revision == 1


def test_an_expired_pass_is_refused(returned, desk, monkeypatch):
    _invitation, token = invite_at_counter(dossier=returned, by=desk)
    later = timezone.now() + dt.timedelta(minutes=INVITATION_MINUTES, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    with pytest.raises(ConflictError, match="đã hết hạn"):
        rate_at_counter(token=token, data=answers())

    assert Rating.objects.count() == 0


def test_an_unknown_pass_is_refused():
    with pytest.raises(NotFoundError, match="không hợp lệ"):
        invitation_for("not-a-pass")
    with pytest.raises(NotFoundError):
        invitation_for("")


def test_a_new_pass_voids_the_earlier_unused_one(returned, desk):
    _first, old = invite_at_counter(dossier=returned, by=desk)
    _second, new = invite_at_counter(dossier=returned, by=desk)

    with pytest.raises(ConflictError, match="đã hết hạn"):
        invitation_for(old)
    assert invitation_for(new).dossier == returned
    assert CounterInvitation.objects.count() == 2


def test_only_a_counter_officer_of_the_receiving_desk_may_invite(returned, centre):
    specialist = OfficerFactory(agency=centre, roles=[Role.SPECIALIST])
    elsewhere = OfficerFactory(agency=AgencyFactory(), roles=[Role.COUNTER_OFFICER])

    with pytest.raises(PermissionDeniedError, match="Cần vai trò"):
        invite_at_counter(dossier=returned, by=specialist)
    with pytest.raises(PermissionDeniedError, match="cơ quan khác"):
        invite_at_counter(dossier=returned, by=elsewhere)

    assert CounterInvitation.objects.count() == 0


def test_no_pass_before_the_result(desk, centre):
    dossier = DossierFactory(receiving_agency=centre, status=Status.IN_PROGRESS)

    with pytest.raises(ConflictError, match="đã có kết quả"):
        invite_at_counter(dossier=dossier, by=desk)
