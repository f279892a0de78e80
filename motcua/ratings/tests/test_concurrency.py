"""Real concurrent ratings on PostgreSQL: a double click counts once, a pass is spent once."""

from __future__ import annotations

import pytest

from motcua.core.errors import ConflictError
from motcua.core.tests.concurrency import run_together
from motcua.ratings.models import Rating, RatingRevision
from motcua.ratings.services import invite_at_counter, rate_at_counter, rate_online

from .conftest import answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_form_sent_four_times_at_once_is_counted_once(returned, citizen):
    results = run_together(4, lambda _i: rate_online(dossier=returned, by=citizen, data=answers()))

    assert sum(isinstance(r, Rating) for r in results) == 1
    assert all(isinstance(r, ConflictError) for r in results if not isinstance(r, Rating))
    assert Rating.objects.get().revision == 1
    assert RatingRevision.objects.count() == 1


def test_one_counter_pass_tapped_on_twice_at_once_gives_one_rating(returned, desk):
    _invitation, token = invite_at_counter(dossier=returned, by=desk)

    results = run_together(2, lambda _i: rate_at_counter(token=token, data=answers()))

    assert sum(isinstance(r, Rating) for r in results) == 1
    assert Rating.objects.count() == 1
