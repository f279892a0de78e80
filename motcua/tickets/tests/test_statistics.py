"""Waiting and service time figures, and the tickets behind each figure."""

import datetime as dt
import random
import uuid

import pytest

from motcua.core.errors import DomainError
from motcua.tickets.selectors import (
    Grouping,
    Measure,
    TimeFigures,
    nearest_rank,
    tickets_behind,
    time_statistics,
)
from motcua.tickets.services import call_next, finish, issue_ticket, skip, start_serving

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


def serve(clock, area, officer, *, wait: int, service: int | None) -> None:
    """One citizen: waits `wait` minutes, then is served `service` minutes (None: skipped)."""
    issue_ticket(area=area, token=uuid.uuid4())
    clock.advance(minutes=wait)
    ticket = call_next(by=officer)
    if service is None:
        skip(ticket=ticket, by=officer)
        return
    start_serving(ticket=ticket, by=officer)
    clock.advance(minutes=service)
    finish(ticket=ticket, by=officer)


def test_nearest_rank_percentiles_are_observed_values():
    values = [float(v) for v in range(1, 11)]
    assert nearest_rank(values, 50) == 5.0
    assert nearest_rank(values, 90) == 9.0
    assert nearest_rank([7.0], 90) == 7.0
    assert TimeFigures.of([]) == TimeFigures(count=0, avg=None, p50=None, p90=None)


def test_figures_per_area_count_waiting_and_service_separately(
    clock, counter, land, justice, officer
):
    serve(clock, land, officer, wait=2, service=10)
    serve(clock, land, officer, wait=4, service=20)
    serve(clock, land, officer, wait=6, service=None)  # skipped: waited, never served
    serve(clock, justice, officer, wait=1, service=5)

    rows = {row.name: row for row in time_statistics(start=DAY, end=DAY, by=Grouping.AREA)}

    land_row = rows["A – Đất đai – Môi trường"]
    assert land_row.waiting == TimeFigures(count=3, avg=240.0, p50=240.0, p90=360.0)
    assert land_row.service == TimeFigures(count=2, avg=900.0, p50=600.0, p90=1200.0)
    assert rows["B – Tư pháp – Hộ tịch"].service.count == 1


def test_many_figures_are_the_nearest_ranks_of_what_happened(clock, counter, land, officer):
    rng = random.Random(7)
    waits, services = [], []
    for _ in range(23):
        wait, service = rng.randint(0, 40), rng.choice([None, *range(1, 30)])
        serve(clock, land, officer, wait=wait, service=service)
        waits.append(wait * 60.0)
        if service is not None:
            services.append(service * 60.0)

    (row,) = time_statistics(start=DAY, end=DAY, by=Grouping.AREA)

    assert row.waiting == TimeFigures.of(waits)
    assert row.service == TimeFigures.of(services)


def test_figures_per_counter_and_agency(clock, counter, land, officer, centre):
    serve(clock, land, officer, wait=3, service=9)

    (by_counter,) = time_statistics(start=DAY, end=DAY, by=Grouping.COUNTER, agency=centre)
    (by_agency,) = time_statistics(start=DAY, end=DAY)

    assert by_counter.key == counter.pk
    assert by_counter.name == "Quầy 5"
    assert by_agency.name == centre.name
    assert by_agency.waiting.avg == 180.0


def test_a_period_outside_the_tickets_counts_nothing(clock, counter, land, officer):
    serve(clock, land, officer, wait=3, service=9)

    assert time_statistics(start=DAY + dt.timedelta(days=1), end=DAY + dt.timedelta(days=7)) == []


def test_the_tickets_behind_a_figure_are_exactly_those_counted(clock, counter, land, officer):
    serve(clock, land, officer, wait=2, service=10)
    serve(clock, land, officer, wait=4, service=None)

    waiting = tickets_behind(
        start=DAY, end=DAY, measure=Measure.WAITING, by=Grouping.AREA, key=land.pk
    )
    service = tickets_behind(
        start=DAY, end=DAY, measure=Measure.SERVICE, by=Grouping.AREA, key=land.pk
    )

    assert [t.label for t in waiting] == ["A0001", "A0002"]
    assert [t.label for t in service] == ["A0001"]


def test_a_reversed_period_is_refused():
    with pytest.raises(DomainError, match="Khoảng thời gian không hợp lệ"):
        time_statistics(start=DAY, end=DAY - dt.timedelta(days=1))
