"""Per agency and period: number rated, dissatisfied, averages, and the dossiers behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.agencies.tests.factories import AgencyFactory
from motcua.core.errors import DomainError
from motcua.dossiers.tests.factories import DossierFactory
from motcua.ratings.selectors import (
    AgencySide,
    Figure,
    rating_dossiers,
    rating_summary,
    ratings_by_agency,
)
from motcua.reports.periods import Period

from .factories import RatingFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=VN)


@pytest.fixture
def department():
    parent = AgencyFactory(name="Sở Tư pháp")
    return AgencyFactory(name="Phòng Hộ tịch", parent=parent)


def _rating(agency, **kwargs):
    return RatingFactory(
        dossier=DossierFactory(competent_agency=agency, status="returned"),
        **kwargs,
    )


def test_summary_counts_verdicts_and_averages_each_criterion(department):
    good = _rating(department, rated_at=_at(3), verdict="very_satisfied", staff_attitude=2)
    bad = _rating(department, rated_at=_at(30, 23), dissatisfied=True)
    _rating(department, rated_at=_at(15), feedback_answers=1)
    # Outside the period (00:00 on 1/12 Vietnam time) and another agency's.
    _rating(department, rated_at=dt.datetime(2026, 12, 1, 0, 0, tzinfo=VN), dissatisfied=True)
    _rating(AgencyFactory(), rated_at=_at(10), dissatisfied=True)

    summary = rating_summary(period=NOVEMBER, agency=department, side=AgencySide.COMPETENT)

    assert (summary.rated, summary.very_satisfied, summary.satisfied, summary.dissatisfied) == (
        3,
        1,
        1,
        1,
    )
    assert summary.dissatisfied_pct == Decimal("33.3")
    assert summary.average("staff_attitude") == Decimal("1.33")
    assert summary.average("feedback_answers") == Decimal("1.00")
    assert summary.average("online_service") is None
    dissatisfied = rating_dossiers(
        period=NOVEMBER, agency=department, side=AgencySide.COMPETENT, figure=Figure.DISSATISFIED
    )
    assert list(dissatisfied) == [bad.dossier]
    answered = rating_dossiers(period=NOVEMBER, agency=department, figure="feedback_answers")
    assert answered.count() == 1
    rated = rating_dossiers(period=NOVEMBER, agency=department, figure="rated")
    assert good.dossier in rated
    assert rated.count() == 3


def test_a_parent_agency_counts_its_units_ratings(department):
    _rating(department, rated_at=_at(5))

    summary = rating_summary(period=NOVEMBER, agency=department.parent, side=AgencySide.COMPETENT)
    receiving = rating_summary(period=NOVEMBER, agency=department.parent, side="receiving")

    assert summary.rated == 1
    assert receiving.rated == 0


def test_nobody_rated_gives_zeros_and_no_rates():
    summary = rating_summary(period=NOVEMBER)

    assert summary.rated == 0
    assert summary.dissatisfied_pct is None
    assert all(c.average is None for c in summary.criteria)


def test_one_row_per_agency(department):
    other = AgencyFactory(code="000.00.99.H22")
    _rating(department, rated_at=_at(5), dissatisfied=True)
    _rating(department, rated_at=_at(6))
    _rating(other, rated_at=_at(7))

    rows = {row.agency_id: row.summary for row in ratings_by_agency(period=NOVEMBER)}

    assert rows[department.pk].rated == 2
    assert rows[department.pk].dissatisfied == 1
    assert rows[other.pk].rated == 1


def test_unknown_figures_and_sides_are_refused():
    with pytest.raises(DomainError, match="Không có số liệu đánh giá"):
        rating_dossiers(period=NOVEMBER, figure="angry")
    with pytest.raises(DomainError, match="cần chọn"):
        ratings_by_agency(period=NOVEMBER, side=AgencySide.EITHER)
