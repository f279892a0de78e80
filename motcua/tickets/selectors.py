"""Reading the queue: the kiosk's areas, the board, a counter's panel, and time statistics.

Statistics: the waiting time of a ticket runs from issue to its first call; the service time from
the start of service to its end. Percentiles use the nearest-rank method, so every figure is the
time of a real ticket, and `tickets_behind` lists exactly the tickets a figure was computed from.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    QuerySet,
)
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.core.errors import DomainError
from motcua.tickets.models import (
    ACTIVE_STATUSES,
    Counter,
    CounterArea,
    ServiceArea,
    Ticket,
    TicketStatus,
)
from motcua.tickets.services import ticket_day

BOARD_RECENT: Final = 8
# A call younger than this is announced (spoken) by the board; older calls are only listed.
ANNOUNCE_WITHIN: Final = dt.timedelta(seconds=30)


def people_ahead(ticket: Ticket) -> int:
    """Tickets of the same area and day still waiting before this one."""
    queue = Ticket.objects.filter(area_id=ticket.area_id, day=ticket.day)
    return queue.filter(status=TicketStatus.WAITING, number__lt=ticket.number).count()


def centre_by_code(code: str) -> Agency | None:
    """The centre (or receiving point) with this code, if it runs a queue."""
    running = ServiceArea.objects.filter(is_active=True).values("agency_id")
    return Agency.objects.filter(code=code, pk__in=running).first()


@dataclass(frozen=True)
class KioskArea:
    """One big button of the kiosk."""

    area: ServiceArea
    waiting: int


def kiosk_areas(agency: Agency, *, day: dt.date | None = None) -> list[KioskArea]:
    """The active areas of a centre in display order, each with how many are waiting today."""
    today = day or ticket_day(timezone.now())
    waiting = _waiting_by_area(Ticket.objects.filter(agency=agency), today)
    areas = ServiceArea.objects.filter(agency=agency, is_active=True).order_by("position", "prefix")
    return [KioskArea(area=area, waiting=waiting.get(area.pk, 0)) for area in areas]


def _waiting_by_area(tickets: QuerySet[Ticket], day: dt.date) -> dict[int, int]:
    # Counted from today's rows only (ticket_board_idx), never by joining an area's whole history.
    rows = (
        tickets.filter(day=day, status=TicketStatus.WAITING)
        .values("area_id")
        .annotate(count=Count("id"))
        .values_list("area_id", "count")
    )
    return dict(rows)


@dataclass(frozen=True)
class Call:
    """A number called to a counter, as the board shows it."""

    ticket_id: int
    label: str
    counter_number: int
    area_name: str
    called_at: dt.datetime
    recall_count: int
    status: str

    @property
    def key(self) -> str:
        """Changes with every call and recall: the board announces each key once."""
        return f"{self.ticket_id}-{self.recall_count}"


@dataclass(frozen=True)
class Board:
    """What the display board shows now."""

    serving: list[Call]
    recent: list[Call]
    waiting: list[KioskArea]
    latest: Call | None

    @property
    def announcement(self) -> Call | None:
        """The newest call if it is recent enough to announce."""
        if self.latest is None or timezone.now() - self.latest.called_at > ANNOUNCE_WITHIN:
            return None
        return self.latest


def _call(ticket: Ticket) -> Call:
    assert ticket.counter is not None  # noqa: S101 (called tickets have a counter)
    assert ticket.last_called_at is not None  # noqa: S101
    return Call(
        ticket_id=ticket.pk,
        label=ticket.label,
        counter_number=ticket.counter.number,
        area_name=ticket.area.name,
        called_at=ticket.last_called_at,
        recall_count=ticket.recall_count,
        status=ticket.status,
    )


def board(agency: Agency, *, day: dt.date | None = None) -> Board:
    """Numbers at the counters now, the last calls, and the queues of a centre (5 queries)."""
    today = day or ticket_day(timezone.now())
    calls = Ticket.objects.select_related("area", "counter").filter(
        agency=agency, day=today, last_called_at__isnull=False
    )
    serving = sorted(
        (_call(t) for t in calls.filter(status__in=ACTIVE_STATUSES)),
        key=lambda call: call.counter_number,
    )
    recent = [_call(t) for t in calls.order_by("-last_called_at", "-pk")[:BOARD_RECENT]]
    return Board(
        serving=serving,
        recent=recent,
        waiting=kiosk_areas(agency, day=today),
        latest=recent[0] if recent and recent[0].status in ACTIVE_STATUSES else None,
    )


def counter_of(officer: Officer) -> Counter | None:
    """The counter the officer sits at now."""
    return Counter.objects.select_related("agency").filter(officer=officer, is_active=True).first()


def counters_of(agency: Agency) -> list[Counter]:
    """The active counters of a centre, with who sits where."""
    return list(
        Counter.objects.filter(agency=agency, is_active=True)
        .select_related("officer__user")
        .order_by("number")
    )


@dataclass(frozen=True)
class Panel:
    """A counter officer's view of their counter."""

    counter: Counter
    current: Ticket | None
    queues: list[tuple[CounterArea, int]]
    skipped: list[Ticket]
    served_today: int


def panel(counter: Counter, *, day: dt.date | None = None) -> Panel:
    """The counter's current ticket, its queues by priority, today's skipped numbers."""
    today = day or ticket_day(timezone.now())
    current = (
        Ticket.objects.select_related("area")
        .filter(counter=counter, day=today, status__in=ACTIVE_STATUSES)
        .prefetch_related("dossiers")
        .first()
    )
    links = list(
        CounterArea.objects.filter(counter=counter, area__is_active=True)
        .select_related("area")
        .order_by("priority", "area__position")
    )
    waiting = _waiting_by_area(
        Ticket.objects.filter(area_id__in=[link.area_id for link in links]), today
    )
    skipped = list(
        Ticket.objects.select_related("area")
        .filter(counter=counter, day=today, status=TicketStatus.SKIPPED)
        .order_by("-finished_at")[:10]
    )
    served = Ticket.objects.filter(counter=counter, day=today, status=TicketStatus.DONE).count()
    return Panel(
        counter=counter,
        current=current,
        queues=[(link, waiting.get(link.area_id, 0)) for link in links],
        skipped=skipped,
        served_today=served,
    )


# --- Statistics -------------------------------------------------------------------------------


class Measure(StrEnum):
    """Which time a figure is about."""

    WAITING = "waiting"
    SERVICE = "service"


class Grouping(StrEnum):
    """What the figures are counted by."""

    AGENCY = "agency"
    AREA = "area"
    COUNTER = "counter"


_GROUP_FIELD: Final = {
    Grouping.AGENCY: "agency_id",
    Grouping.AREA: "area_id",
    Grouping.COUNTER: "counter_id",
}


@dataclass(frozen=True)
class TimeFigures:
    """Count, mean and percentiles of one measure, in seconds (None when nothing counted)."""

    count: int
    avg: float | None
    p50: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> TimeFigures:
        """The figures of a list of durations in seconds."""
        if not seconds:
            return cls(count=0, avg=None, p50=None, p90=None)
        ordered = sorted(seconds)
        return cls(
            count=len(ordered),
            avg=round(sum(ordered) / len(ordered), 1),
            p50=nearest_rank(ordered, 50),
            p90=nearest_rank(ordered, 90),
        )


def nearest_rank(ordered: Sequence[float], percent: int) -> float:
    """The nearest-rank percentile of a sorted, non-empty list: a value that occurred."""
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class TimeRow:
    """Waiting and service figures of one agency, area or counter over a period."""

    key: int
    name: str
    waiting: TimeFigures
    service: TimeFigures


def _period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise DomainError(f"Khoảng thời gian không hợp lệ: từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")


def counted_tickets(
    *,
    start: dt.date,
    end: dt.date,
    measure: Measure,
    agency: Agency | None = None,
) -> QuerySet[Ticket]:
    """The tickets a measure counts in a period (days inclusive), optionally of one centre."""
    _period(start, end)
    tickets = Ticket.objects.filter(day__gte=start, day__lte=end)
    if agency is not None:
        tickets = tickets.filter(agency=agency)
    if measure is Measure.WAITING:
        return tickets.filter(called_at__isnull=False)
    return tickets.filter(
        status=TicketStatus.DONE,
        served_at__isnull=False,
        finished_at__isnull=False,
        is_closed_automatically=False,
    )


def time_statistics(
    *,
    start: dt.date,
    end: dt.date,
    by: Grouping = Grouping.AGENCY,
    agency: Agency | None = None,
) -> list[TimeRow]:
    """Waiting and service time figures per agency, area or counter over a period.

    On PostgreSQL each measure is one grouped aggregate (`percentile_disc` is the nearest rank);
    elsewhere the durations are read and counted here. Both give the same figures.
    """
    field = _GROUP_FIELD[by]
    spans = {
        Measure.WAITING: ("issued_at", "called_at"),
        Measure.SERVICE: ("served_at", "finished_at"),
    }
    figures: dict[Measure, dict[int, TimeFigures]] = {}
    for measure, (begins, ends) in spans.items():
        tickets = counted_tickets(start=start, end=end, measure=measure, agency=agency)
        if connection.vendor == "postgresql":
            figures[measure] = _figures_in_sql(tickets, field, begins, ends)
        else:
            durations: dict[int, list[float]] = defaultdict(list)
            for key, began, ended in tickets.values_list(field, begins, ends).iterator():
                if key is not None:
                    durations[key].append((ended - began).total_seconds())
            figures[measure] = {key: TimeFigures.of(values) for key, values in durations.items()}
    waits, services = figures[Measure.WAITING], figures[Measure.SERVICE]
    keys = sorted(set(waits) | set(services))
    names = _names(by, keys)
    nothing = TimeFigures.of([])
    return [
        TimeRow(
            key=key,
            name=names.get(key, str(key)),
            waiting=waits.get(key, nothing),
            service=services.get(key, nothing),
        )
        for key in keys
    ]


class _Seconds(Func):
    """The length of an interval in seconds, as a float (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"
    output_field = FloatField()


class _NearestRank(Aggregate):
    """`percentile_disc`: the nearest-rank percentile, a value that occurred (PostgreSQL)."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _figures_in_sql(
    tickets: QuerySet[Ticket], field: str, begins: str, ends: str
) -> dict[int, TimeFigures]:
    seconds = _Seconds(ExpressionWrapper(F(ends) - F(begins), output_field=DurationField()))
    rows = (
        tickets.filter(**{f"{field}__isnull": False})
        .values(field)
        .order_by()
        .annotate(
            count=Count("pk"),
            avg=Avg(seconds),
            p50=_NearestRank(seconds, fraction=0.5),
            p90=_NearestRank(seconds, fraction=0.9),
        )
    )
    return {
        row[field]: TimeFigures(
            count=row["count"], avg=round(row["avg"], 1), p50=row["p50"], p90=row["p90"]
        )
        for row in rows
    }


def _names(by: Grouping, keys: Iterable[int]) -> dict[int, str]:
    ids = list(keys)
    if by is Grouping.AGENCY:
        return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by is Grouping.AREA:
        return {area.pk: str(area) for area in ServiceArea.objects.filter(pk__in=ids)}
    return {counter.pk: str(counter) for counter in Counter.objects.filter(pk__in=ids)}


def tickets_behind(
    *,
    start: dt.date,
    end: dt.date,
    measure: Measure,
    by: Grouping,
    key: int,
    agency: Agency | None = None,
) -> QuerySet[Ticket]:
    """The tickets one figure of `time_statistics` was computed from, in issue order."""
    return (
        counted_tickets(start=start, end=end, measure=measure, agency=agency)
        .filter(**{_GROUP_FIELD[by]: key})
        .select_related("area", "counter", "officer__user")
        .order_by("issued_at", "pk")
    )
