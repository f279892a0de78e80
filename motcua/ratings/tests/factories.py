"""Factories for ratings: a satisfied rating of a returned dossier by default."""

from __future__ import annotations

import factory
from django.utils import timezone

from motcua.dossiers.states import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.ratings.models import Rating, Source, Verdict


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    class Params:
        dissatisfied = factory.Trait(
            verdict=Verdict.DISSATISFIED, staff_attitude=0, time_to_result=0
        )

    dossier = factory.SubFactory(
        DossierFactory, status=Status.RETURNED, returned_at=factory.LazyFunction(timezone.now)
    )
    receiving_agency = factory.LazyAttribute(lambda r: r.dossier.receiving_agency)
    competent_agency = factory.LazyAttribute(lambda r: r.dossier.competent_agency)
    source = Source.ONLINE
    rated_at = factory.LazyFunction(timezone.now)
    time_to_result = 2
    bodies_contacted = 2
    desk_contacts = 1
    published_info = 2
    staff_attitude = 2
    legality_and_costs = 2
    verdict = Verdict.SATISFIED
