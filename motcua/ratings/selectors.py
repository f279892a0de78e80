"""Reading ratings: per agency and period, the counts, the averages and the dossiers behind them.

A rating belongs to the period in which it was first given (`rated_at`, Vietnam-time dates), so
a later change of mind updates the figures of that period instead of moving the rating. "Per
agency" means the agency and every unit under it, on the side asked for: the desk that received
the dossier, the agency that decided it, or either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from django.db.models import Count, Q, Sum

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierQuerySet
from motcua.ratings.criteria import BY_KEY, CRITERION_KEYS
from motcua.ratings.models import Rating, RatingQuerySet, Verdict
from motcua.reports.periods import Period
from motcua.reports.selectors import agency_scope

_CENT: Final = Decimal("0.01")


class AgencySide(StrEnum):
    """Which of a dossier's agencies a figure is counted for."""

    RECEIVING = "receiving"
    COMPETENT = "competent"
    EITHER = "either"


class Figure(StrEnum):
    """A count of the summary whose dossiers can be listed."""

    RATED = "rated"
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


@dataclass(frozen=True)
class CriterionFigure:
    """One criterion's average score (0–2, two decimals) over the ratings that answered it."""

    key: str
    question: str
    answered: int
    average: Decimal | None


@dataclass(frozen=True)
class RatingSummary:
    """What citizens said about an agency's handling in a period."""

    rated: int
    very_satisfied: int
    satisfied: int
    dissatisfied: int
    criteria: tuple[CriterionFigure, ...]

    @property
    def dissatisfied_pct(self) -> Decimal | None:
        """100 × dissatisfied ÷ rated, one decimal half-up; None when nobody rated."""
        if not self.rated:
            return None
        return (Decimal(100 * self.dissatisfied) / self.rated).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def average(self, key: str) -> Decimal | None:
        """The average score of one criterion."""
        return next(c.average for c in self.criteria if c.key == key)


@dataclass(frozen=True)
class AgencyRatingRow:
    """One agency's summary in a table of agencies."""

    agency_id: int
    code: str
    name: str
    summary: RatingSummary


def ratings_in(
    *, period: Period, agency: Agency | None = None, side: AgencySide | str = AgencySide.EITHER
) -> RatingQuerySet:
    """Ratings first given in the period about `agency` and the units under it (all if None)."""
    ratings = Rating.objects.in_period(period)
    scope = agency_scope(agency)
    if scope is None:
        return ratings
    return ratings.filter(_side_condition(AgencySide(side), scope))


def _side_condition(side: AgencySide, scope: list[int]) -> Q:
    if side == AgencySide.RECEIVING:
        return Q(receiving_agency_id__in=scope)
    if side == AgencySide.COMPETENT:
        return Q(competent_agency_id__in=scope)
    return Q(receiving_agency_id__in=scope) | Q(competent_agency_id__in=scope)


def _aggregates() -> dict[str, Count | Sum]:
    figures: dict[str, Count | Sum] = {
        "rated": Count("pk"),
        "very_satisfied": Count("pk", filter=Q(verdict=Verdict.VERY_SATISFIED)),
        "satisfied": Count("pk", filter=Q(verdict=Verdict.SATISFIED)),
        "dissatisfied": Count("pk", filter=Q(verdict=Verdict.DISSATISFIED)),
    }
    for key in CRITERION_KEYS:
        figures[f"{key}__n"] = Count(key)
        figures[f"{key}__sum"] = Sum(key)
    return figures


def _summary(values: Mapping[str, int | None]) -> RatingSummary:
    criteria = []
    for key in CRITERION_KEYS:
        answered = int(values[f"{key}__n"] or 0)
        total = int(values[f"{key}__sum"] or 0)
        average = (
            (Decimal(total) / answered).quantize(_CENT, rounding=ROUND_HALF_UP)
            if answered
            else None
        )
        criteria.append(
            CriterionFigure(
                key=key, question=str(BY_KEY[key].question), answered=answered, average=average
            )
        )
    return RatingSummary(
        rated=int(values["rated"] or 0),
        very_satisfied=int(values["very_satisfied"] or 0),
        satisfied=int(values["satisfied"] or 0),
        dissatisfied=int(values["dissatisfied"] or 0),
        criteria=tuple(criteria),
    )


def rating_summary(
    *, period: Period, agency: Agency | None = None, side: AgencySide | str = AgencySide.EITHER
) -> RatingSummary:
    """Number rated, by verdict, and the average of each criterion, in one query."""
    return _summary(ratings_in(period=period, agency=agency, side=side).aggregate(**_aggregates()))


def ratings_by_agency(
    *, period: Period, side: AgencySide | str = AgencySide.COMPETENT
) -> list[AgencyRatingRow]:
    """One summary per agency that has ratings in the period (its own dossiers, no sub-units)."""
    if side == AgencySide.EITHER:
        raise DomainError("Bảng theo cơ quan cần chọn nơi tiếp nhận hoặc cơ quan giải quyết.")
    column = f"{AgencySide(side).value}_agency"
    rows = (
        Rating.objects.in_period(period)
        .values(column, f"{column}__code", f"{column}__name")
        .annotate(**_aggregates())
        .order_by(f"{column}__code")
    )
    return [
        AgencyRatingRow(
            agency_id=row[column],
            code=row[f"{column}__code"],
            name=row[f"{column}__name"],
            summary=_summary(row),
        )
        for row in rows
    ]


def rating_dossiers(
    *,
    period: Period,
    figure: Figure | str,
    agency: Agency | None = None,
    side: AgencySide | str = AgencySide.EITHER,
) -> DossierQuerySet:
    """The dossiers behind one number of the summary.

    `figure` is a `Figure` (rated, by verdict) or a criterion key (the dossiers whose rating
    answered that criterion, i.e. those the average is taken over).
    """
    ratings = ratings_in(period=period, agency=agency, side=side)
    if figure in BY_KEY:
        ratings = ratings.filter(**{f"{figure}__isnull": False})
    else:
        try:
            chosen = Figure(figure)
        except ValueError:
            raise DomainError(f"Không có số liệu đánh giá “{figure}”.") from None
        if chosen != Figure.RATED:
            ratings = ratings.filter(verdict=chosen.value)
    return Dossier.objects.filter(pk__in=ratings.values("dossier_id")).select_related(
        "procedure", "receiving_agency", "competent_agency"
    )
