"""QĐ 766 index: the point scales at their thresholds, and counts that equal a direct count."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db.models import Q

from motcua.catalog.tests.factories import ExecutionMethodFactory, FeeFactory
from motcua.dossiers.models import Dossier
from motcua.ratings.models import Verdict
from motcua.ratings.tests.factories import RatingFactory
from motcua.reports.figures import Figures, InProgress, Received, Resolved
from motcua.reports.index766 import (
    DIGITIZED,
    ONLINE_SHARE,
    PAID_ONLINE,
    SATISFACTION,
    SPECS,
    TIMELINESS,
    AgencyIndex,
    IndexCounts,
    IndicatorResult,
    agency_index,
    index_counts,
    index_counts_direct,
    indicators,
    points,
)
from motcua.reports.periods import Period
from motcua.reports.rollup import fold_journal, reconcile_rollups
from motcua.reports.sql import RESOLVED
from motcua.reports.tests.conftest import random_dossiers, vn

# --- formulas ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "numerator", "denominator", "expected"),
    [
        # 3.3: full from 50 %, in proportion below (rate ÷ 50 % × 4).
        (ONLINE_SHARE, 50, 100, Decimal("4.00")),
        (ONLINE_SHARE, 51, 100, Decimal("4.00")),
        (ONLINE_SHARE, 49, 100, Decimal("3.92")),
        (ONLINE_SHARE, 499, 1000, Decimal("3.99")),
        (ONLINE_SHARE, 0, 100, Decimal("0.00")),
        # 4.2: full from 80 %.
        (DIGITIZED, 80, 100, Decimal("5.00")),
        (DIGITIZED, 79, 100, Decimal("4.94")),
        (DIGITIZED, 100, 100, Decimal("5.00")),
        # 5.4: 6 points, full from 90 %.
        (SATISFACTION, 90, 100, Decimal("6.00")),
        (SATISFACTION, 89, 100, Decimal("5.93")),
        (SATISFACTION, 899, 1000, Decimal("5.99")),
        # 2.1: 20 points in proportion.
        (TIMELINESS, 100, 100, Decimal("20.00")),
        (TIMELINESS, 99, 100, Decimal("19.80")),
        (TIMELINESS, 1, 3, Decimal("6.67")),
        # 3.6: in proportion to the rate.
        (PAID_ONLINE, 1, 2, Decimal("2.50")),
    ],
)
def test_points_follow_the_scale_of_the_indicator(spec, numerator, denominator, expected):
    assert points(spec, numerator, denominator) == expected


def test_points_use_the_exact_fraction_not_the_rounded_rate():
    # 1/3 is a 33.3 % rate; 20 × 33.3 % would give 6.66.
    assert IndicatorResult(TIMELINESS, 1, 3).rate_pct == Decimal("33.3")
    assert points(TIMELINESS, 1, 3) == Decimal("6.67")


def test_an_indicator_with_nothing_to_count_has_no_rate_and_no_points():
    result = IndicatorResult(ONLINE_SHARE, 0, 0)
    assert result.rate_pct is None
    assert result.points is None
    assert not result.is_computed


def test_a_numerator_beyond_the_denominator_is_refused():
    with pytest.raises(ValueError, match=r"3\.3"):
        points(ONLINE_SHARE, 3, 2)


def test_the_confirmed_maxima_are_as_in_the_decision():
    maxima = {spec.id: spec.max_points for spec in SPECS}
    assert maxima["2.1"] == 20
    assert maxima["5.4"] == 6
    assert {spec.id for spec in SPECS} >= {"2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4"}


def test_indicators_from_counts_and_the_total_over_what_was_computed():
    figures = Figures(
        received=Received(total=10, online=6, direct=4),
        resolved=Resolved(early=2, on_time=3, overdue=1),
        in_progress=InProgress(total=4, overdue=1),
    )
    counts = IndexCounts(figures, fee_bearing=0, reused=8, e_result=3, digitized=3, dissatisfied=1)
    by_id = {r.spec.id: r for r in indicators(counts)}
    assert (by_id["2.1"].numerator, by_id["2.1"].denominator) == (8, 10)  # 2 + 3 + (4 − 1)
    assert (by_id["3.3"].numerator, by_id["3.3"].denominator) == (6, 10)
    assert by_id["3.6"].denominator == 0
    assert (by_id["4.1"].numerator, by_id["4.1"].denominator) == (3, 6)
    assert (by_id["4.3"].numerator, by_id["4.3"].denominator) == (8, 10)
    # 5.4: 100 % − (2 overdue + 1 dissatisfied) ÷ 10.
    assert (by_id["5.4"].numerator, by_id["5.4"].denominator) == (7, 10)
    index = AgencyIndex(dt.date(2025, 3, 1), dt.date(2025, 3, 31), None, None, indicators(counts))
    # 16 + 4 + 2 + 3.13 + 5 + 4.67 = 34.80, of 20 + 4 + 4 + 5 + 5 + 6 = 44 (3.6 left out).
    assert index.total_points == Decimal("34.80")
    assert index.total_max == Decimal(44)
    assert index.score_100 == Decimal("79.1")


def test_an_empty_period_gives_no_points_and_no_score():
    index = AgencyIndex(
        dt.date(2025, 3, 1), dt.date(2025, 3, 31), None, None, indicators(IndexCounts(Figures()))
    )
    assert all(r.points is None for r in index.results)
    assert index.total_points == 0
    assert index.score_100 is None


# --- counts from the tallies ---------------------------------------------------------------------


@pytest.fixture
def flagged(make_dossier, justice, construction, civil_status, building_permit):
    """Random dossiers with random index flags; building permits carry a fee."""
    FeeFactory(method=ExecutionMethodFactory(version=building_permit.current_version))
    FeeFactory(method=ExecutionMethodFactory(version=civil_status.current_version), amount_vnd=0)
    pairs = [(justice, civil_status), (justice, building_permit), (construction, building_permit)]
    made = random_dossiers(make_dossier, pairs, count=120, seed=23)
    rng = random.Random(5)
    for dossier in made:
        Dossier.objects.filter(pk=dossier.pk).update(
            paid_online=rng.random() < 0.5,
            digitized=rng.random() < 0.5,
            has_e_result=rng.random() < 0.5,
            reused_component_count=rng.choice([0, 0, 1, 2]),
        )
    return made


def direct_counts(period: Period, agency_ids: list[int]) -> dict[str, int]:
    base = Dossier.objects.filter(competent_agency_id__in=agency_ids)
    accepted = base.filter(accepted_at__gte=period.starts_at, accepted_at__lt=period.ends_at)
    resolved = base.filter(
        finished_at__gte=period.starts_at, finished_at__lt=period.ends_at, status__in=RESOLVED
    )
    fee = Q(procedure_version__methods__fees__amount_vnd__gt=0)
    return {
        "fee_bearing": accepted.filter(fee).distinct().count(),
        "paid_online": accepted.filter(fee, paid_online=True).distinct().count(),
        "reused": accepted.filter(reused_component_count__gt=0).count(),
        "e_result": resolved.filter(has_e_result=True).count(),
        "digitized": resolved.filter(has_e_result=True, digitized=True).count(),
    }


PERIODS = [
    (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    (dt.date(2025, 2, 10), dt.date(2025, 3, 20)),
    (dt.date(2025, 3, 15), dt.date(2025, 3, 15)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("folded", [False, True])
def test_the_counts_equal_a_direct_count_folded_or_not(flagged, justice, province, folded):
    if folded:
        fold_journal()
    for date_from, date_to in PERIODS:
        period = Period(date_from, date_to)
        for agency in (province, justice):
            counts = index_counts(date_from, date_to, agency)
            ids = [agency.pk] if agency == justice else [a.competent_agency_id for a in flagged]
            expected = direct_counts(period, ids)
            got = {name: getattr(counts, name) for name in expected}
            assert got == expected, (date_from, date_to, agency.code)
            assert counts == index_counts_direct(date_from, date_to, agency)
    assert index_counts(*PERIODS[1], province).fee_bearing > 0
    assert reconcile_rollups().is_exact


@pytest.mark.django_db
def test_changing_a_flag_keeps_the_tallies_exact(flagged, province):
    fold_journal()
    target = next(d for d in flagged if d.finished_at and d.status in RESOLVED)
    before = index_counts(dt.date(2025, 1, 1), dt.date(2025, 12, 31), province)
    current = Dossier.objects.get(pk=target.pk)
    Dossier.objects.filter(pk=target.pk).update(
        has_e_result=not current.has_e_result, digitized=True
    )
    after = index_counts(dt.date(2025, 1, 1), dt.date(2025, 12, 31), province)
    step = -1 if current.has_e_result else 1
    assert after.e_result == before.e_result + step
    assert reconcile_rollups().is_exact
    fold_journal()
    assert index_counts(dt.date(2025, 1, 1), dt.date(2025, 12, 31), province) == after
    assert reconcile_rollups().is_exact


@pytest.mark.django_db
def test_satisfaction_subtracts_the_dissatisfied_ratings_of_the_period(march, justice):
    RatingFactory(
        dossier=march["online_on_due_date_at_2359"],
        rated_at=vn(2025, 3, 11, 9),
        verdict=Verdict.DISSATISFIED,
    )
    RatingFactory(dossier=march["early_at_235959_day_before"], rated_at=vn(2025, 3, 12, 9))
    RatingFactory(
        dossier=march["extended_then_early"],
        rated_at=vn(2025, 4, 2, 9),
        verdict=Verdict.DISSATISFIED,
    )  # given after the period
    index = agency_index(dt.date(2025, 3, 1), dt.date(2025, 3, 31), justice)
    result = next(r for r in index.results if r.spec.id == "5.4")
    # Justice in March: 8 resolved (2 overdue) + 7 in progress (2 overdue) = 15; 1 dissatisfied.
    assert (result.numerator, result.denominator) == (15 - 4 - 1, 15)


@pytest.mark.django_db
def test_a_period_without_dossiers_gives_zeros_not_an_error(justice):
    index = agency_index(dt.date(2020, 1, 1), dt.date(2020, 1, 31), justice)
    assert [r.denominator for r in index.results] == [0] * len(SPECS)
    assert index.score_100 is None
