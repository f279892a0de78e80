"""`motcua generate`: realistic synthetic dossiers, consistent with the rules, tallies exact."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel
from motcua.deadlines import services as deadline_services
from motcua.deadlines.engine import compute_due_at
from motcua.dossiers.models import Dossier, DossierEvent, Extension
from motcua.dossiers.states import ENDS_PROCESSING, Status
from motcua.reports import synthetic
from motcua.reports.models import StatJournal
from motcua.reports.rollup import reconcile_rollups
from motcua.reports.selectors import agency_by_code, build_report, build_report_direct
from motcua.reports.synthetic import GenerateError, generate_dossiers

pytestmark = pytest.mark.django_db

UNTIL = dt.date(2025, 6, 30)
CODE = re.compile(r"^(?P<agency>[0-9.]+\.H98)-(?P<day>\d{6})-(?P<seq>\d{4,})$")


@pytest.fixture
def generated():
    out = io.StringIO()
    call_command(
        "generate", "--dossiers", "500", "--seed", "3", "--until", UNTIL.isoformat(), stdout=out
    )
    return out.getvalue()


def check_lifecycle_rules() -> None:
    dossiers = list(Dossier.objects.all())
    statuses = {d.status for d in dossiers}
    assert {Status.RETURNED, Status.IN_PROGRESS, Status.RESULT_READY} <= statuses
    assert {d.channel for d in dossiers} == set(Channel.values)
    end = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    for dossier in dossiers:
        assert dossier.submitted_at < end
        assert (dossier.finished_at is not None) == (Status(dossier.status) in ENDS_PROCESSING)
        if dossier.accepted_at is None:
            assert dossier.due_at is None
            continue
        assert dossier.submitted_at <= dossier.accepted_at
        assert dossier.due_at is not None
        assert dossier.due_at > dossier.accepted_at
        if dossier.finished_at is not None:
            assert dossier.finished_at >= dossier.accepted_at
        if dossier.returned_at is not None:
            assert dossier.status == Status.RETURNED
            assert dossier.finished_at is not None
            assert dossier.returned_at >= dossier.finished_at


def check_due_dates_come_from_the_deadline_engine() -> None:
    calendar = deadline_services.current_calendar()
    extended = set(Extension.objects.values_list("dossier_id", flat=True))
    checked = 0
    for dossier in Dossier.objects.filter(accepted_at__isnull=False).exclude(pk__in=extended):
        assert dossier.accepted_at is not None
        assert dossier.processing_time is not None
        expected = compute_due_at(
            calendar, dossier.accepted_at, dossier.processing_time, dossier.time_unit
        )
        assert dossier.due_at == expected, dossier.code
        checked += 1
    assert checked > 300
    for extension in Extension.objects.select_related("dossier"):
        assert extension.dossier.due_at == extension.new_due_at > extension.previous_due_at


def check_every_dossier_has_a_history() -> None:
    counts = Dossier.objects.annotate(n=Count("events")).values_list("n", flat=True)
    assert min(counts) >= 1
    first = DossierEvent.objects.order_by("dossier", "at").values("dossier", "at")[0]
    assert Dossier.objects.filter(pk=first["dossier"], submitted_at=first["at"]).exists()
    assert not Dossier.objects.filter(accepted_at__lt=F("submitted_at")).exists()


def check_tallies_match_the_dossiers() -> None:
    assert reconcile_rollups().is_exact
    province = agency_by_code("000.00.00.H98")
    for date_from, date_to in [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
    ]:
        for by in ("agency", "sector"):
            report = build_report(date_from, date_to, agency=province, by=by)
            assert report == build_report_direct(date_from, date_to, agency=province, by=by)
            assert report.total.received.total > 0
    assert build_report(dt.date(2025, 6, 1), dt.date(2025, 6, 30)).total.in_progress.total > 0


def test_generated_data_is_realistic_and_consistent(generated):
    last = generated.strip().splitlines()[-1]
    assert last.startswith("dossiers=500 agencies=202 procedures=1788 ")
    assert Agency.objects.get(code="000.00.00.H98").children.count() == 201
    check_lifecycle_rules()
    check_due_dates_come_from_the_deadline_engine()
    check_every_dossier_has_a_history()
    check_tallies_match_the_dossiers()


def test_codes_are_gapless_day_sequences_and_continue_on_a_second_run(generated):
    generate_dossiers(200, seed=4, until=UNTIL, history=False)
    sequences: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code in Dossier.objects.values_list("code", flat=True):
        match = CODE.match(code or "")
        assert match, code
        sequences[(match["agency"], match["day"])].append(int(match["seq"]))
    assert sum(len(v) for v in sequences.values()) == 700
    for numbers in sequences.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    assert reconcile_rollups().is_exact


def test_bad_requests_are_refused():
    with pytest.raises(GenerateError, match="Số hồ sơ"):
        generate_dossiers(0)
    with pytest.raises(CommandError, match="số nguyên"):
        call_command("generate", "--dossiers", "nhiều")


def _dossier_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [Dossier._meta.db_table]
        )
        return {definition for (definition,) in cursor.fetchall()}


@pytest.mark.postgres
def test_a_bulk_load_into_an_empty_table_rebuilds_its_indexes_and_counts_exactly(monkeypatch):
    monkeypatch.setattr(synthetic, "BULK_MIN", 100)
    indexes = _dossier_indexes()
    result = generate_dossiers(400, seed=5, until=UNTIL, history=False)
    assert result.dossiers == Dossier.objects.count() == 400
    assert _dossier_indexes() == indexes
    assert not StatJournal.objects.exists()  # counted from the dossiers, not journalled
    check_lifecycle_rules()
    check_due_dates_come_from_the_deadline_engine()
    check_tallies_match_the_dossiers()


FIELDS = ("status", "channel", "competent_agency_id", "submitted_at", "due_at", "finished_at")


@pytest.mark.postgres
def test_the_same_seed_draws_the_same_dossiers_into_the_same_table():
    generate_dossiers(150, seed=9, until=UNTIL, history=False)
    drawn = list(Dossier.objects.order_by("pk").values_list(*FIELDS))
    Extension.objects.all().delete()
    Dossier.objects.all().delete()
    generate_dossiers(150, seed=9, until=UNTIL, history=False)
    assert list(Dossier.objects.order_by("pk").values_list(*FIELDS)) == drawn
    generate_dossiers(150, seed=10, until=UNTIL, history=False)
    other = list(Dossier.objects.order_by("pk").values_list(*FIELDS))[150:]
    assert len(other) == 150
    assert other != drawn
