"""Reads behind a dossier's processing page and the consultation lists (xin ý kiến).

Who may follow a dossier's processing: the receiving desk, the competent agency, every unit its
route passes through, every agency asked for an opinion, and the agencies directly above them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import ENDS_PROCESSING, FINAL
from motcua.workflow.models import (
    Consultation,
    PlannedStep,
    Route,
    StepTask,
    WorkflowEvent,
)
from motcua.workflow.services.consultations import ANSWERING_ROLES

# Answered requests shown under "asked by the unit" (the open ones are always all shown).
RECENT_ANSWERED: Final = 50
_CLOSED_STATUSES: Final = sorted(status.value for status in ENDS_PROCESSING | FINAL)


def involved_agency_ids(dossier: Dossier) -> set[int]:
    """Agencies taking part in the dossier: desk, competent agency, route units, consulted ones."""
    ids = {dossier.receiving_agency_id, dossier.competent_agency_id}
    ids |= set(
        PlannedStep.objects.filter(route__dossier=dossier).values_list("agency_id", flat=True)
    )
    ids |= set(StepTask.objects.filter(dossier=dossier).values_list("agency_id", flat=True))
    ids |= set(Consultation.objects.filter(dossier=dossier).values_list("to_agency_id", flat=True))
    return ids


def can_follow(officer: Officer, dossier: Dossier) -> bool:
    """Whether the officer's agency takes part in the dossier or directly oversees one that does."""
    ids = involved_agency_ids(dossier)
    if officer.agency_id in ids:
        return True
    return Agency.objects.filter(pk__in=ids, parent_id=officer.agency_id).exists()


def followed_dossier(officer: Officer, pk: int) -> Dossier | None:
    """The dossier with its agencies loaded, if the officer may follow its processing."""
    dossier = (
        Dossier.objects.select_related(
            "procedure",
            "procedure_version",
            "receiving_agency",
            "competent_agency",
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None or not can_follow(officer, dossier):
        return None
    return dossier


@dataclass(frozen=True)
class StepLine:
    """One planned step with the tasks it has had so far (a step sent back has several)."""

    step: PlannedStep
    tasks: tuple[StepTask, ...]

    @property
    def is_current(self) -> bool:
        """Whether the dossier is waiting on this step now."""
        return any(task.is_open for task in self.tasks)

    @property
    def is_done(self) -> bool:
        """Whether the step has been passed on (its last task ended)."""
        return bool(self.tasks) and not self.tasks[-1].is_open


@dataclass(frozen=True)
class ProcessingOverview:
    """What the processing page shows: the route, the open step, opinions asked, the history."""

    route: Route | None
    steps: tuple[StepLine, ...]
    open_task: StepTask | None
    consultations: tuple[Consultation, ...]
    events: tuple[WorkflowEvent, ...]
    is_open: bool


def processing_overview(dossier: Dossier) -> ProcessingOverview:
    """The dossier's route with each step's tasks, its consultations and processing history."""
    route = Route.objects.filter(dossier=dossier).select_related("workflow", "lead_agency").first()
    tasks = list(
        StepTask.objects.filter(dossier=dossier)
        .select_related("agency", "assignee__user")
        .order_by("started_at", "pk")
    )
    by_step: dict[int, list[StepTask]] = {}
    for task in tasks:
        by_step.setdefault(task.step_id, []).append(task)
    steps: tuple[StepLine, ...] = ()
    if route is not None:
        steps = tuple(
            StepLine(step, tuple(by_step.get(step.pk, ())))
            for step in route.steps.select_related("agency").order_by("position")
        )
    open_task = next((task for task in tasks if task.is_open), None)
    if open_task is not None:
        open_task = (
            StepTask.objects.select_related("step", "agency", "assignee__user")
            .filter(pk=open_task.pk)
            .first()
        )
    consultations = tuple(
        Consultation.objects.filter(dossier=dossier)
        .select_related(
            "from_agency", "to_agency", "asked_by__user", "answered_by__user", "task__step"
        )
        .order_by("asked_at", "pk")
    )
    events = tuple(
        WorkflowEvent.objects.filter(dossier=dossier)
        .select_related("from_agency", "to_agency")
        .order_by("at", "pk")
    )
    return ProcessingOverview(
        route=route,
        steps=steps,
        open_task=open_task,
        consultations=consultations,
        events=events,
        is_open=dossier.status not in _CLOSED_STATUSES,
    )


def may_act_on(officer: Officer, task: StepTask | None) -> bool:
    """Whether the officer may act on the open task (same unit, the step's role, not given away)."""
    return (
        task is not None
        and task.is_open
        and task.agency_id == officer.agency_id
        and task.role in officer.roles
        and (task.assignee_id is None or task.assignee_id == officer.pk)
    )


def consultation_agencies(officer: Officer) -> QuerySet[Agency]:
    """Agencies one may ask for an opinion: every agency in force except the officer's own."""
    today = timezone.localdate()
    return (
        Agency.objects.filter(successor__isnull=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(pk=officer.agency_id)
        .order_by("name")
    )


def _listed(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return consultations.select_related(
        "dossier",
        "dossier__procedure_version",
        "from_agency",
        "to_agency",
        "asked_by__user",
        "answered_by__user",
    )


def consultations_to_answer(officer: Officer) -> QuerySet[Consultation]:
    """Open requests for the officer's agency's opinion, the earliest deadline first.

    Requests on dossiers whose processing has ended are left out: nobody needs the answer.
    """
    return _listed(
        Consultation.objects.filter(to_agency_id=officer.agency_id, answered_at__isnull=True)
        .exclude(dossier__status__in=_CLOSED_STATUSES)
        .order_by("due_at", "pk")
    )


def consultations_asked(officer: Officer) -> QuerySet[Consultation]:
    """Requests the officer's agency made that still wait for an answer, the earliest due first."""
    return _listed(
        Consultation.objects.filter(from_agency_id=officer.agency_id, answered_at__isnull=True)
        .exclude(dossier__status__in=_CLOSED_STATUSES)
        .order_by("due_at", "pk")
    )


def consultations_answered(officer: Officer) -> list[Consultation]:
    """The latest answers the officer's agency received, newest first."""
    return list(
        _listed(
            Consultation.objects.filter(
                from_agency_id=officer.agency_id, answered_at__isnull=False
            ).order_by("-answered_at", "-pk")
        )[:RECENT_ANSWERED]
    )


def consultation_for(officer: Officer, pk: int) -> Consultation | None:
    """A consultation the officer's agency asked or was asked, or one on a dossier it follows."""
    found = _listed(Consultation.objects.filter(pk=pk)).first()
    if found is None:
        return None
    if officer.agency_id in (found.from_agency_id, found.to_agency_id):
        return found
    return found if can_follow(officer, found.dossier) else None


def may_answer(officer: Officer, consultation: Consultation) -> bool:
    """Whether the officer answers for the consulted agency (the service checks it again)."""
    return (
        consultation.answered_at is None
        and officer.agency_id == consultation.to_agency_id
        and bool(ANSWERING_ROLES & officer.roles)
    )
