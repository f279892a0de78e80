"""Each figure of the report equals the number of dossiers its list shows."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.reports.figures import CELLS
from motcua.reports.rollup import fold_journal
from motcua.reports.selectors import build_report, build_report_direct, cell_dossiers
from motcua.reports.tests.conftest import random_dossiers

pytestmark = pytest.mark.django_db

PERIODS = [
    (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    (dt.date(2025, 2, 28), dt.date(2025, 3, 1)),
    (dt.date(2025, 3, 15), dt.date(2025, 3, 15)),
    (dt.date(2025, 2, 10), dt.date(2025, 3, 20)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
]


@pytest.fixture
def dossiers(make_dossier, justice, construction, civil_status, building_permit):
    pairs = [
        (justice, civil_status),
        (justice, building_permit),
        (construction, building_permit),
    ]
    return random_dossiers(make_dossier, pairs, count=160, seed=7)


@pytest.mark.parametrize("by", ["agency", "sector", "procedure"])
def test_each_figure_counts_the_dossiers_of_its_list(dossiers, by, province):
    fold_journal()
    for date_from, date_to in PERIODS:
        report = build_report(date_from, date_to, agency=province, by=by)
        assert report == build_report_direct(date_from, date_to, agency=province, by=by)
        assert report.rows, (date_from, date_to)
        for row in report.rows:
            for cell in CELLS:
                listed = cell_dossiers(
                    date_from, date_to, cell, agency=province, by=by, key=row.key
                )
                assert row.figures.cell(cell) == listed.count(), (date_from, date_to, row.key, cell)
        for cell in CELLS:
            listed = cell_dossiers(date_from, date_to, cell, agency=province, by=by)
            assert report.total.cell(cell) == listed.count(), (date_from, date_to, cell)


def test_the_lists_partition_as_the_form_says(dossiers):
    """Received = its channels; resolved = early + on time + overdue; in progress = within + over;
    what was to handle = resolved + withdrawn (accepted ones) + still in progress."""
    date_from, date_to = PERIODS[3]

    def ids(cell):
        return set(cell_dossiers(date_from, date_to, cell).values_list("pk", flat=True))

    assert ids("received.total") == ids("received.online") | ids("received.direct") | ids(
        "received.postal"
    )
    assert ids("resolved.total") == ids("resolved.early") | ids("resolved.on_time") | ids(
        "resolved.overdue"
    )
    assert not ids("resolved.early") & ids("resolved.on_time")
    assert ids("in_progress.total") == ids("in_progress.within_time") | ids("in_progress.overdue")
    handled = ids("carried_over") | ids("received.total")
    accepted_ended = ids("withdrawn_or_refused") & handled
    assert handled == ids("resolved.total") & handled | accepted_ended | ids("in_progress.total")
    assert len(handled) == (
        len(ids("resolved.total") & handled) + len(accepted_ended) + len(ids("in_progress.total"))
    )
