"""Dashboard panels: each figure equals the report figure and the count of its linked list."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.states import Status
from motcua.dossiers.tests.conftest import CALENDAR
from motcua.reports.dashboards import (
    DashboardInputError,
    at_risk_dossiers,
    at_risk_horizon,
    deadline_panel,
    monthly_trend,
    overdue_dossiers,
    trend_months,
)
from motcua.reports.figures import CELLS, Figures
from motcua.reports.rollup import fold_journal
from motcua.reports.selectors import build_report, cell_dossiers
from motcua.reports.tests.conftest import random_dossiers, vn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar(monkeypatch):
    from motcua.deadlines import services as deadline_services

    monkeypatch.setattr(deadline_services, "current_calendar", lambda: CALENDAR)


@pytest.fixture
def dossiers(make_dossier, justice, construction, civil_status, building_permit):
    pairs = [(justice, civil_status), (justice, building_permit), (construction, building_permit)]
    return random_dossiers(make_dossier, pairs, count=120, seed=11)


def test_trend_months_end_on_the_day_asked_for():
    months = trend_months(dt.date(2025, 4, 17), count=3)
    assert [(p.date_from, p.date_to) for p in months] == [
        (dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 17)),
    ]
    assert len(trend_months(dt.date(2025, 1, 31))) == 12
    assert trend_months(dt.date(2025, 1, 31))[0].date_from == dt.date(2024, 2, 1)
    with pytest.raises(DashboardInputError):
        trend_months(dt.date(2025, 1, 31), count=0)


@pytest.mark.parametrize("folded", [False, True], ids=["journal", "tallies"])
def test_each_month_of_the_trend_is_the_report_of_that_month(dossiers, province, justice, folded):
    if folded:
        fold_journal()
    for agency in (None, province, justice):
        trend = monthly_trend(until=dt.date(2025, 4, 17), agency=agency, count=5)
        assert [m.month for m in trend] == [dt.date(2024, 12, 1)] + [
            dt.date(2025, n, 1) for n in (1, 2, 3, 4)
        ]
        assert any(not m.figures.is_empty for m in trend)
        for month in trend:
            period = month.period
            report = build_report(period.date_from, period.date_to, agency=agency)
            assert month.figures == report.total, (agency, month.month)


def test_each_trend_figure_counts_the_dossiers_its_link_lists(dossiers, province):
    fold_journal()
    for month in monthly_trend(until=dt.date(2025, 4, 17), agency=province, count=3):
        period = month.period
        for cell in CELLS:
            listed = cell_dossiers(period.date_from, period.date_to, cell, agency=province)
            assert month.figures.cell(cell) == listed.count(), (month.month, cell)


def test_an_empty_trend_is_twelve_months_of_zeros(province):
    trend = monthly_trend(until=dt.date(2026, 1, 5), agency=province)
    assert len(trend) == 12
    assert all(m.figures == Figures() for m in trend)


def test_the_at_risk_horizon_counts_working_days():
    wednesday = vn(2025, 3, 12, 10)
    assert at_risk_horizon(wednesday, 2) == vn(2025, 3, 14, 10)
    friday = vn(2025, 3, 14, 10)
    assert at_risk_horizon(friday, 1) == vn(2025, 3, 17, 10)
    with pytest.raises(DashboardInputError, match="không hợp lệ"):
        at_risk_horizon(wednesday, 4)


def test_overdue_and_at_risk_per_agency(
    make_dossier, justice, construction, province, civil_status
):
    at = vn(2025, 3, 12, 10)
    j = {"agency": justice, "procedure": civil_status, "accepted_at": vn(2025, 3, 1, 9)}
    c = {"agency": construction, "procedure": civil_status, "accepted_at": vn(2025, 3, 1, 9)}
    make_dossier(**j, due_at=vn(2025, 3, 11, 17))  # overdue
    make_dossier(**j, due_at=vn(2025, 3, 12, 9, 59), status=Status.RECEIVED)  # overdue
    make_dossier(**j, due_at=vn(2025, 3, 10, 17), status=Status.SUPPLEMENT_REQUESTED)  # paused
    make_dossier(  # processing ended, not yet returned
        **j, due_at=vn(2025, 3, 10, 17), status=Status.RESULT_READY, finished_at=vn(2025, 3, 10)
    )
    make_dossier(**j, due_at=at, status=Status.AWAITING_PAYMENT)  # at risk: due exactly now
    make_dossier(**j, due_at=vn(2025, 3, 14, 9, 59))  # at risk
    make_dossier(**j, due_at=None)  # no due date: neither
    make_dossier(**c, due_at=vn(2025, 3, 14, 10))  # due at the horizon: not at risk
    make_dossier(**c, due_at=vn(2025, 3, 13, 17))  # at risk
    make_dossier(**c, due_at=vn(2025, 3, 1, 17), finished_at=vn(2025, 3, 5), status=Status.RETURNED)

    panel = deadline_panel(agency=province, at=at, days=2)

    assert panel.horizon == vn(2025, 3, 14, 10)
    counts = {row.code: (row.overdue, row.at_risk) for row in panel.rows}
    assert counts == {justice.code: (2, 2), construction.code: (0, 1)}
    assert (panel.overdue, panel.at_risk) == (2, 3)
    for row, agency in ((panel.rows[0], justice), (panel.rows[1], construction)):
        assert row.code == agency.code
        assert overdue_dossiers(at=at, agency=agency).count() == row.overdue
        horizon = panel.horizon
        assert at_risk_dossiers(at=at, horizon=horizon, agency=agency).count() == row.at_risk
    assert overdue_dossiers(at=at, agency=province).count() == panel.overdue
    assert deadline_panel(agency=justice, at=at, days=2).rows == (panel.rows[0],)


def test_no_open_dossiers_make_an_empty_deadline_panel(province):
    panel = deadline_panel(agency=province, at=vn(2025, 3, 12, 10))
    assert panel.rows == ()
    assert (panel.overdue, panel.at_risk) == (0, 0)


@pytest.mark.postgres
def test_the_deadline_panel_reads_only_the_running_dossiers_index(
    make_dossier, justice, province, civil_status
):
    from django.db import connection

    start = vn(2025, 3, 1, 9)
    make_dossier(agency=justice, procedure=civil_status, accepted_at=start, due_at=vn(2025, 3, 11))
    overdue = overdue_dossiers(at=vn(2025, 3, 12, 10), agency=province)
    sql, params = overdue.values("competent_agency_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The query's status list is the partial index's predicate: the planner can use the index.
    assert "dossier_running_due" in plan, plan
    assert overdue.count() == 1
