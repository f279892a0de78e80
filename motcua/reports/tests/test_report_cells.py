"""Every cell of the report against dossiers with known outcomes, boundaries included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.deadlines.engine import Timeliness, classify_finished, classify_open
from motcua.reports.figures import Figures, rate_pct
from motcua.reports.periods import Period, ReportPeriodError
from motcua.reports.rollup import fold_journal
from motcua.reports.selectors import build_report, build_report_direct, cell_dossiers
from motcua.reports.tests.conftest import CONSTRUCTION, JUSTICE, MARCH

pytestmark = pytest.mark.django_db

BUILDERS = {
    "tallies, changes pending": lambda *a, **k: build_report(*a, **k),
    "tallies, changes folded": lambda *a, **k: (fold_journal(), build_report(*a, **k))[1],
    "dossier table": lambda *a, **k: build_report_direct(*a, **k),
}


@pytest.fixture(params=sorted(BUILDERS))
def build(request):
    return BUILDERS[request.param]


def test_every_cell_by_agency(march, build, province):
    report = build(*MARCH, agency=province, by="agency")
    assert [(r.key, r.name) for r in report.rows] == [
        ("000.00.12.H98", "Sở Tư pháp"),
        ("000.00.15.H98", "Sở Xây dựng"),
    ]
    assert report.rows[0].figures == JUSTICE
    assert report.rows[1].figures == CONSTRUCTION
    assert report.total == JUSTICE + CONSTRUCTION


def test_every_cell_by_sector_and_by_procedure(march, build):
    by_sector = build(*MARCH, by="sector")
    assert [(r.key, r.name, r.figures) for r in by_sector.rows] == [
        ("LV-HT", "Hộ tịch", JUSTICE),
        ("LV-XD", "Xây dựng", CONSTRUCTION),
    ]
    by_procedure = build(*MARCH, by="procedure")
    assert [(r.key, r.name, r.figures) for r in by_procedure.rows] == [
        ("1.000001", "Đăng ký khai sinh", JUSTICE),
        ("1.000002", "Cấp giấy phép xây dựng", CONSTRUCTION),
    ]


def test_agency_filter_keeps_its_own_dossiers(march, build, justice):
    report = build(*MARCH, agency=justice)
    assert [r.key for r in report.rows] == ["000.00.12.H98"]
    assert report.total == JUSTICE


def test_rates_and_json_of_the_total(march, build):
    total = build(*MARCH).as_dict()["total"]
    assert total == {
        "carried_over": 5,
        "received": {"total": 15, "online": 3, "direct": 10, "postal": 2},
        "resolved": {"total": 10, "early": 3, "on_time": 5, "overdue": 2},
        "in_progress": {"total": 8, "within_time": 5, "overdue": 3},
        "withdrawn_or_refused": 3,
        "rates": {"early_pct": 30.0, "on_time_pct": 50.0, "overdue_pct": 20.0},
    }
    assert JUSTICE.rates.early_pct == Decimal("37.5")


def test_carry_over_of_next_period_is_in_progress_of_this_one(march, build, justice):
    march_report = build(*MARCH, agency=justice)
    april = build(dt.date(2025, 4, 1), dt.date(2025, 4, 30), agency=justice)
    assert april.total.carried_over == march_report.total.in_progress.total == 7


def test_a_period_without_data_gives_zeros_and_null_rates(march, build):
    report = build(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert report.rows == ()
    assert report.total == Figures()
    assert report.as_dict()["total"]["rates"] == {
        "early_pct": None,
        "on_time_pct": None,
        "overdue_pct": None,
    }


def test_from_after_to_is_refused():
    with pytest.raises(ReportPeriodError, match="sau ngày kết thúc"):
        build_report(dt.date(2025, 3, 2), dt.date(2025, 3, 1))


def test_sql_classification_is_the_deadline_engines(march):
    """Each resolved dossier lands in the cell `classify_finished` names, each open one in the
    cell `classify_open(end of period, due)` names."""
    period = Period(*MARCH)
    cells = {
        Timeliness.EARLY: "resolved.early",
        Timeliness.ON_TIME: "resolved.on_time",
        Timeliness.OVERDUE: "resolved.overdue",
    }
    resolved = set(cell_dossiers(*MARCH, "resolved.total"))
    assert len(resolved) == 10
    for dossier in resolved:
        assert dossier.finished_at is not None
        expected = (
            classify_finished(dossier.finished_at, dossier.due_at)
            if dossier.due_at
            else Timeliness.ON_TIME
        )
        assert dossier in set(cell_dossiers(*MARCH, cells[expected])), dossier
    open_cells = {
        Timeliness.WITHIN_TIME: "in_progress.within_time",
        Timeliness.OVERDUE: "in_progress.overdue",
    }
    for dossier in cell_dossiers(*MARCH, "in_progress.total"):
        expected = (
            classify_open(period.ends_at, dossier.due_at)
            if dossier.due_at
            else Timeliness.WITHIN_TIME
        )
        assert dossier in set(cell_dossiers(*MARCH, open_cells[expected])), dossier


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (694, 2080, Decimal("33.4")),
        (1, 16, Decimal("6.3")),  # 6.25: half-up, not half-even
        (2, 3, Decimal("66.7")),
        (1, 3, Decimal("33.3")),
        (0, 7, Decimal("0.0")),
        (7, 7, Decimal("100.0")),
        (0, 0, None),
    ],
)
def test_rates_round_half_up_to_one_decimal(count, total, expected):
    assert rate_pct(count, total) == expected
