"""Real concurrent transactions on PostgreSQL: threads, each with its own connection."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from motcua.api.models import ApiKey
from motcua.core.tests.concurrency import run_together
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.dossiers.services import accept_online, receive_at_counter, submit_online
from motcua.dossiers.states import Status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_officers_accept_the_same_dossier_and_exactly_one_wins(
    clock, centre, desk_officer, procedure, applicant, components
):
    # given
    from motcua.agencies.models import Role
    from motcua.agencies.tests.factories import OfficerFactory

    other = OfficerFactory(agency=centre, roles=[Role.COUNTER_OFFICER])
    key, _raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    dossier, _ = submit_online(by=key, procedure=procedure, agency=centre, applicant=applicant)
    officers = [desk_officer, other]
    checklist = components()
    # when
    results = run_together(
        2, lambda i: accept_online(dossier=dossier, by=officers[i], components=checklist)
    )
    # then
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert isinstance(losers[0], TransitionNotAllowed)
    assert "Đã tiếp nhận" in losers[0].message
    assert "cập nhật lúc" in losers[0].message  # the loser is told who moved it
    assert DossierEvent.objects.filter(dossier=dossier, to_status=Status.RECEIVED).count() == 1


def test_100_simultaneous_receipts_get_gapless_unique_codes(
    clock, desk_officer, procedure, applicant, components
):
    checklist = components()
    results = run_together(
        100,
        lambda i: (
            receive_at_counter(
                by=desk_officer, procedure=procedure, applicant=applicant, components=checklist
            ).code
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    expected = {f"000.00.17.H56-231027-{n:04d}" for n in range(1, 101)}
    assert set(results) == expected
    assert Dossier.objects.count() == 100
    assert DossierCodeCounter.objects.get().last_value == 100


def test_the_same_idempotency_key_sent_10_times_at_once_makes_one_dossier(
    clock, centre, procedure, applicant
):
    key, _raw = ApiKey.issue(name="Cổng DVCQG", agency=centre)
    results = run_together(
        10,
        lambda i: submit_online(
            by=key,
            procedure=procedure,
            agency=centre,
            applicant=applicant,
            idempotency_key="push-42",
            fingerprint="same-body",
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert len({dossier.pk for dossier, _created in results}) == 1
    assert sum(1 for _dossier, created in results if created) == 1
    assert Dossier.objects.count() == 1
    assert DossierCodeCounter.objects.get().last_value == 1


def test_the_history_is_append_only_in_the_database(clock, desk_officer, procedure, applicant):
    from motcua.dossiers.services import refuse_at_counter

    dossier = refuse_at_counter(
        by=desk_officer, procedure=procedure, applicant=applicant, reasons="Không thuộc phạm vi"
    )
    event = dossier.events.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).update(note="sửa lịch sử")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DossierEvent.objects.filter(pk=event.pk).delete()
    assert connection.vendor == "postgresql"
