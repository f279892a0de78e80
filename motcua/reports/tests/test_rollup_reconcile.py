"""The tallies stay exactly in step with the dossiers, whatever changes them and however."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from motcua.dossiers.models import Dossier, EventAction
from motcua.dossiers.services.lifecycle import move, record
from motcua.dossiers.services.succession import move_open_dossiers
from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.reports.models import AgencyTally, SectorTally, Span, StatJournal
from motcua.reports.rollup import fold_journal, rebuild_rollups, reconcile_rollups
from motcua.reports.selectors import build_report, build_report_direct
from motcua.reports.tests.conftest import random_dossiers, vn

PERIODS = [
    (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    (dt.date(2025, 3, 10), dt.date(2025, 3, 10)),
    (dt.date(2025, 2, 15), dt.date(2025, 4, 15)),
]


def assert_exact(agency=None):
    for by in ("agency", "sector"):
        for date_from, date_to in PERIODS:
            assert build_report(date_from, date_to, agency=agency, by=by) == build_report_direct(
                date_from, date_to, agency=agency, by=by
            ), (by, date_from, date_to)
    result = reconcile_rollups()
    assert result.is_exact, [str(m) for m in result.mismatches]


@pytest.fixture
def dossiers(make_dossier, justice, construction, civil_status, building_permit):
    pairs = [(justice, civil_status), (construction, building_permit)]
    return random_dossiers(make_dossier, pairs, count=60, seed=11)


def tally_contents():
    rows = {}
    for model in (AgencyTally, SectorTally):
        for row in model.objects.values():
            values: dict[str, object] = dict(row)
            key = tuple(values.pop(k, 0) for k in ("agency_id", "sector_key", "span", "bucket"))
            if any(values.values()):
                rows[(model.__name__, *key)] = values
    return rows


@pytest.mark.django_db
def test_folding_moves_the_journal_into_tallies_that_match_a_recount(dossiers):
    assert StatJournal.objects.count() >= len(dossiers)
    assert reconcile_rollups().is_exact  # pending changes count as well
    folded = fold_journal()
    assert folded >= len(dossiers)
    assert not StatJournal.objects.exists()
    assert AgencyTally.objects.filter(span=Span.MONTH).exists()
    assert fold_journal() == 0
    assert_exact()


@pytest.mark.django_db
def test_a_rebuild_gives_the_same_tallies_as_incremental_folds(dossiers):
    fold_journal()
    incremental = tally_contents()
    rebuild_rollups()
    assert tally_contents() == incremental
    assert_exact()


@pytest.mark.django_db
def test_lifecycle_changes_keep_every_report_exact(
    dossiers, make_dossier, justice, construction, civil_status
):
    fold_journal()
    dossier = make_dossier(
        agency=justice,
        procedure=civil_status,
        accepted_at=vn(2025, 3, 3, 9),
        due_at=vn(2025, 3, 10, 17),
    )
    assert_exact()
    # A re-appointment moves the due date, the result ends processing (late against the old
    # due date, early against the new one), the return keeps it resolved.
    record(dossier, by=None, action=EventAction.EXTENDED, changes={"due_at": vn(2025, 3, 20, 17)})
    move(
        dossier,
        to=Status.RESULT_READY,
        by=None,
        action=EventAction.RESULT_READY,
        at=vn(2025, 3, 18, 9),
    )
    assert_exact()
    move(dossier, to=Status.RETURNED, by=None, action=EventAction.RETURNED, at=vn(2025, 3, 19, 9))
    fold_journal()
    assert_exact()
    # The agency is succeeded: its open dossiers move to the successor, finished ones stay.
    move_open_dossiers(justice, construction)
    assert_exact()
    # A bulk update in one statement, and a dossier created and deleted.
    Dossier.objects.filter(competent_agency=construction, status=Status.IN_PROGRESS).update(
        due_at=vn(2025, 3, 12, 17)
    )
    extra = DossierFactory.build(
        procedure=civil_status,
        receiving_agency=dossier.receiving_agency,
        competent_agency=justice,
        applicant=dossier.applicant,
        submitted_at=vn(2025, 3, 5, 9),
        accepted_at=vn(2025, 3, 5, 9),
        due_at=vn(2025, 3, 9, 17),
    )
    extra.save()
    assert_exact()
    fold_journal()
    extra.delete()
    assert_exact()
    fold_journal()
    assert_exact()


@pytest.mark.django_db
def test_reconciliation_finds_a_changed_tally_and_repair_restores_it(dossiers, justice):
    fold_journal()
    row = AgencyTally.objects.filter(agency_id=justice.pk, span=Span.DAY, received__gt=0).first()
    assert row is not None
    AgencyTally.objects.filter(pk=row.pk).update(received=row.received + 2)
    result = reconcile_rollups()
    assert result.differing_rows == 1
    (mismatch,) = result.mismatches
    assert (mismatch.tally, mismatch.agency_id) == ("agency", justice.pk)
    assert mismatch.bucket == row.bucket
    assert (mismatch.column, mismatch.stored, mismatch.expected) == (
        "received",
        row.received + 2,
        row.received,
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="lệch"):
        call_command("reconcile_stats", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == "differences=1"
    assert "received: stored=" in err.getvalue()
    out = io.StringIO()
    call_command("reconcile_stats", "--repair", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[-1] == "differences=0"
    assert_exact()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_fold_never_loses_a_change_committed_while_it_runs(
    make_dossier, justice, civil_status, centre
):
    """A change still uncommitted when a fold runs is neither folded nor lost."""
    make_dossier(agency=justice, procedure=civil_status, accepted_at=vn(2025, 3, 3, 9))
    fold_journal()
    written = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                make_dossier(agency=justice, procedure=civil_status, accepted_at=vn(2025, 3, 4, 9))
                written.set()
                release.wait(30)
        except BaseException as exc:  # reported to the main thread
            failures.append(exc)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(30)
    assert fold_journal() == 0  # the writer's journal rows are not visible yet
    release.set()
    thread.join(30)
    assert not failures
    march = build_report(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert march.total.received.total == 2
    assert fold_journal() == 1
    assert_exact()
    assert connection.vendor == "postgresql"
