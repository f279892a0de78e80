"""Factories for the queue: areas, counters and tickets."""

from __future__ import annotations

import uuid

import factory
from django.utils import timezone

from motcua.agencies.tests.factories import AgencyFactory
from motcua.tickets.models import Counter, CounterArea, ServiceArea, Ticket, TicketStatus
from motcua.tickets.services import ticket_day


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    agency = factory.SubFactory(AgencyFactory, centre=True)
    name = factory.Sequence(lambda n: f"Khu vực {n}")
    prefix = factory.Sequence(lambda n: "ABCDEFGHKLMNPQRSTUVXY"[n % 21])


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory, centre=True)
    number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def serves(self, create: bool, extracted: list[ServiceArea] | None, **kwargs: object) -> None:
        """`serves=[area_a, area_b]`: the areas in priority order (1, 2, …)."""
        for priority, area in enumerate(extracted or [], start=1):
            CounterArea.objects.create(counter=self, area=area, priority=priority)


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    area = factory.SubFactory(ServiceAreaFactory)
    agency = factory.LazyAttribute(lambda t: t.area.agency)
    issued_at = factory.LazyFunction(timezone.now)
    day = factory.LazyAttribute(lambda t: ticket_day(t.issued_at))
    number = factory.Sequence(lambda n: n + 1)
    prefix = factory.LazyAttribute(lambda t: t.area.prefix)
    issue_token = factory.LazyFunction(uuid.uuid4)
    status = TicketStatus.WAITING
