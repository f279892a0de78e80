"""Reads of internal processing: the officer's inbox and where overdue dossiers lost their time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.db.models import F, Q
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.core.text import clean, fold
from motcua.deadlines import services as deadline_services
from motcua.dossiers.states import Status
from motcua.workflow.models import StepTask, StepTaskQuerySet

# A step is "due soon" when this much office time or less is left.
DUE_SOON: Final = dt.timedelta(hours=4)


class Urgency(StrEnum):
    """How an open step stands against its own deadline."""

    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def urgency(due_at: dt.datetime, at: dt.datetime | None = None) -> Urgency:
    """On time, due soon (≤ 4 office hours left) or overdue."""
    now = at or timezone.now()
    if due_at < now:
        return Urgency.OVERDUE
    left = deadline_services.current_calendar().working_time_between(now, due_at)
    return Urgency.DUE_SOON if left <= DUE_SOON else Urgency.ON_TIME


def inbox(
    *,
    officer: Officer,
    procedure_code: str = "",
    status: str = "",
    applicant: str = "",
    code: str = "",
    query: str = "",
    mine_only: bool = False,
) -> StepTaskQuerySet:
    """Open steps for the officer's roles in the officer's unit, the most urgent first.

    Reads the partial index on open tasks (agency, role, due_at); the filters narrow that set.
    Search is diacritic-insensitive on the applicant's name and matches codes and ID numbers.
    """
    tasks = (
        StepTask.objects.open()
        .filter(agency_id=officer.agency_id, role__in=sorted(officer.roles))
        .select_related("step", "assignee__user", "dossier", "dossier__procedure_version")
        .order_by("due_at", "id")
    )
    if mine_only:
        tasks = tasks.filter(Q(assignee=officer) | Q(assignee__isnull=True))
    if procedure_code := clean(procedure_code):
        tasks = tasks.filter(dossier__procedure__code=procedure_code)
    if status in Status.values:
        tasks = tasks.filter(dossier__status=status)
    if code := clean(code):
        tasks = tasks.filter(dossier__code__icontains=code)
    if name := fold(clean(applicant))[:100]:
        tasks = tasks.filter(dossier__applicant__name_folded__contains=name)
    if text := clean(query)[:100]:
        folded = fold(text)
        tasks = tasks.filter(
            Q(dossier__code__icontains=text)
            | Q(dossier__applicant_id_no=text.replace(" ", ""))
            | Q(dossier__applicant__name_folded__contains=folded)
            | Q(dossier__procedure_version__name_folded__contains=folded)
        )
    return tasks


@dataclass(frozen=True)
class LostTime:
    """A step that overran its own deadline: where, who, and how much office time it lost."""

    task: StepTask
    lost: dt.timedelta

    @property
    def hours(self) -> float:
        """The office time lost, in hours (for tables)."""
        return self.lost.total_seconds() / 3600


@dataclass(frozen=True)
class OverdueDossier:
    """An overdue dossier with the steps (and units) its delay is attributed to."""

    dossier_id: int
    code: str
    due_at: dt.datetime
    steps: tuple[LostTime, ...]


def delay_attribution(
    *,
    agency: Agency | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    at: dt.datetime | None = None,
    limit: int = 200,
) -> list[OverdueDossier]:
    """Overdue dossiers (late results or open past due) and the steps that exceeded their time.

    Filterable by the unit at fault and by the period the dossiers were due in.
    """
    now = at or timezone.now()
    late = (
        StepTask.objects.filter(dossier__due_at__isnull=False)
        .filter(
            Q(dossier__finished_at__gt=F("dossier__due_at"))
            | Q(dossier__finished_at__isnull=True, dossier__due_at__lt=now)
        )
        .filter(Q(finished_at__gt=F("due_at")) | Q(is_open=True, due_at__lt=now))
        .select_related("dossier", "step", "agency", "assignee__user")
        .order_by("dossier__due_at", "dossier_id", "started_at", "pk")
    )
    if agency is not None:
        late = late.filter(agency=agency)
    if due_from is not None:
        late = late.filter(dossier__due_at__date__gte=due_from)
    if due_to is not None:
        late = late.filter(dossier__due_at__date__lte=due_to)
    calendar = deadline_services.current_calendar()
    grouped: dict[int, OverdueDossier] = {}
    for task in late[: limit * 10]:
        end = task.finished_at or now
        lost = LostTime(task, calendar.working_time_between(task.due_at, end))
        found = grouped.get(task.dossier_id)
        if found is None:
            if len(grouped) >= limit:
                break
            grouped[task.dossier_id] = OverdueDossier(
                task.dossier_id, task.dossier.code or "", task.dossier.due_at or now, (lost,)
            )
        else:
            grouped[task.dossier_id] = OverdueDossier(
                found.dossier_id, found.code, found.due_at, (*found.steps, lost)
            )
    return list(grouped.values())
