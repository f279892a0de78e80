"""Reads of internal processing: the officer's inbox and where overdue dossiers lost their time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.text import clean, fold
from motcua.deadlines import services as deadline_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.workflow.models import (
    DUE_SOON,
    InboxToken,
    StepTask,
    StepTaskQuerySet,
    search_words,
)

PAGE_SIZE: Final = 20
# Longest search text taken: longer input cannot match a name or code any better.
MAX_QUERY: Final = 100
# A whole ID number or tax code (CCCD 12 digits, CMND 9, MST 10 or 13): no code, name or procedure
# name holds such a run of digits, so it is looked up by equality on the dossier's indexed column.
_ID_NUMBER = re.compile(r"\d{9,20}")
# Shorter text is never taken for a whole dossier code.
_MIN_CODE = 8
# Words of a search taken at most: each one more narrows the result and costs one more range.
MAX_WORDS: Final = 10
# A search word that starts the tokens of at most this many open steps of the unit gives the
# candidates, checked for the other words by their own tokens; past it every word is common, and
# the unit's steps are walked in due order, where frequent matches fill the first page early.
FEW_MATCHES: Final = 300


class Urgency(StrEnum):
    """How an open step stands against its own deadline."""

    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def urgency(due_at: dt.datetime, at: dt.datetime | None = None) -> Urgency:
    """On time, due soon (≤ 4 office hours left) or overdue, walking the working calendar.

    The inbox reads the instant stored on the task instead (`mark`); this is the rule it follows.
    """
    now = at or timezone.now()
    if due_at < now:
        return Urgency.OVERDUE
    left = deadline_services.current_calendar().working_time_between(now, due_at)
    return Urgency.DUE_SOON if left <= DUE_SOON else Urgency.ON_TIME


def mark(task: StepTask, at: dt.datetime) -> Urgency:
    """The task's mark from the instants stored on it: two comparisons, no calendar."""
    if task.due_at < at:
        return Urgency.OVERDUE
    if task.due_soon_at is None:  # a task written before the inbox copies existed
        return urgency(task.due_at, at)
    return Urgency.DUE_SOON if at >= task.due_soon_at else Urgency.ON_TIME


def _whole_code(text: str) -> list[int]:
    """The dossier whose whole code is `text`, typed in any case (codes are unique and indexed)."""
    if len(text) < _MIN_CODE or " " in text:
        return []
    codes = sorted({text, text.upper()})
    return list(Dossier.objects.filter(code__in=codes).values_list("pk", flat=True))


def _code_fragment(code: str) -> Q:
    """Part of a code, inside the task's copy of it."""
    # Codes are opaque (CONTRACT §8) but in capitals: a fragment in small letters finds them too.
    upper = code.upper()
    fragment = Q(dossier_code__contains=upper)
    return fragment | Q(dossier_code__contains=code) if code != upper else fragment


def _code_filter(code: str) -> Q:
    """A whole code by equality, else a fragment of the task's copy of the code."""
    if found := _whole_code(code):
        return Q(dossier_id__in=found)
    return _code_fragment(code)


def _query_words(text: str) -> list[str]:
    """The query's search words, without those that begin another one (implied by it)."""
    words = search_words(text)[:MAX_WORDS]
    return [w for w in words if not any(o != w and o.startswith(w) for o in words)]


def _word_matches(officer: Officer, words: list[str]) -> Q:
    """Open steps with, for every word, an inbox token that starts with it (ADR 0018).

    Each word's range of the unit's tokens (index-only) is counted up to `FEW_MATCHES` + 1, all
    in one query. The smallest, when under the cap, gives the candidates, which keep those whose
    own tokens hold the other words. When
    every word is common, the words' ranges are intersected in the database: a few matches are
    read by id; many are looked for while walking the unit's steps in due order, the walk
    stopping at the first page. The id test is then kept off the primary key (`id + 0`) so that
    the walk is the plan.
    """
    tokens = InboxToken.objects.filter(agency_id=officer.agency_id, role__in=sorted(officer.roles))
    ranges = {
        word: tokens.filter(token__startswith=word).values_list("task_id", flat=True)
        for word in words
    }
    sizes = _range_sizes([ranges[word][: FEW_MATCHES + 1] for word in words])
    rarest = min(words, key=lambda w: (sizes[words.index(w)], -len(w)))
    if sizes[words.index(rarest)] <= FEW_MATCHES:
        found = set(ranges[rarest][: FEW_MATCHES + 1])
        return Q(pk__in=_having_every(found, [w for w in words if w != rarest]))
    first, *rest = ranges.values()
    matches = first.intersection(*rest) if rest else first.distinct()
    if len(few := list(matches[: FEW_MATCHES + 1])) <= FEW_MATCHES:
        return Q(pk__in=sorted(few))
    # Inside COALESCE the test stays a filter: PostgreSQL hashes the intersection once and probes
    # it for each step of the walk, instead of turning it into a join it might loop over.
    is_match = In(ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField()), matches)
    return Q(Coalesce(is_match, Value(False), output_field=BooleanField()))


def _range_sizes(capped: list[QuerySet[InboxToken, int]]) -> list[int]:
    """How many rows each capped range holds, counted in one round trip (index-only counts)."""
    parts: list[str] = []
    params: list[Any] = []
    for index, queryset in enumerate(capped):
        sql, values = queryset.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS range_{index})")  # noqa: S608 -- ORM SQL
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return [int(size) for size in cursor.fetchone()]


def _having_every(task_ids: set[int], words: list[str]) -> list[int]:
    """The tasks among `task_ids` with, for every word, a token starting with it.

    Read by task (primary key) and checked here: a task has about ten tokens, while the words'
    ranges in the unit may hold thousands.
    """
    if not words or not task_ids:
        return sorted(task_ids)
    held: dict[int, set[str]] = {}
    for task_id, token in InboxToken.objects.filter(task_id__in=task_ids).values_list(
        "task_id", "token"
    ):
        held.setdefault(task_id, set()).update(w for w in words if token.startswith(w))
    return sorted(task for task, found in held.items() if len(found) == len(words))


def _procedures_named(words: list[str]) -> list[int]:
    """Procedures with a word of their folded name starting with each search word.

    The catalogue narrows by substrings (its trigram index); the word starts are then checked on
    the few names left.
    """
    named = ProcedureVersion.objects.all()
    for word in words:
        named = named.filter(name_folded__contains=word)
    starts = [re.compile(rf"(?<![0-9a-z]){re.escape(word)}") for word in words]
    return sorted(
        {
            procedure_id
            for procedure_id, name in named.values_list("procedure_id", "name_folded")
            if all(start.search(name) for start in starts)
        }
    )


def _search_filter(officer: Officer, text: str) -> Q:
    """ID numbers and codes exactly; else words at the start of the applicant's name's, the
    code's or the procedure's name's words, whatever the diacritics."""
    compact = text.replace(" ", "")
    if _ID_NUMBER.fullmatch(compact):
        return Q(dossier__applicant_id_no=compact)
    if found := _whole_code(text):
        return Q(dossier_id__in=found)
    words = _query_words(text)
    if not words:
        return Q(pk__in=[])
    matched = _word_matches(officer, words)
    if procedures := _procedures_named(words):
        matched |= Q(procedure_id__in=procedures)
    return matched


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

    Every filter reads the task's own inbox copies, so the partial index on open tasks (unit,
    role, due time, with the copies included) answers it alone on PostgreSQL; a whole dossier code
    or ID number is looked up by equality in the dossier's indexes instead. Search (`query`) is
    by words, diacritic-insensitive: each word must start a word of the applicant's name or of
    the dossier code (the inbox tokens, ADR 0018), or of the procedure's name.
    """
    tasks = StepTask.objects.open().filter(
        agency_id=officer.agency_id, role__in=sorted(officer.roles)
    )
    if mine_only:
        tasks = tasks.filter(Q(assignee=officer) | Q(assignee__isnull=True))
    if procedure_code := clean(procedure_code):
        tasks = tasks.filter(
            procedure_id__in=Procedure.objects.filter(code=procedure_code).values("pk")
        )
    if status in Status.values:
        tasks = tasks.filter(dossier_status=status)
    if code := clean(code).replace(" ", "")[:MAX_QUERY]:
        tasks = tasks.filter(_code_filter(code))
    if name := fold(clean(applicant))[:MAX_QUERY]:
        tasks = tasks.filter(applicant_folded__contains=name)
    if text := clean(query)[:MAX_QUERY]:
        tasks = tasks.filter(_search_filter(officer, text))
    return tasks.order_by("due_at", "id")


@dataclass(frozen=True)
class InboxRow:
    """One line of the inbox: the open step (with its dossier) and how it stands."""

    task: StepTask
    urgency: Urgency


@dataclass(frozen=True)
class InboxPage:
    """One page of an inbox, without the size of the whole set (never counted)."""

    rows: tuple[InboxRow, ...]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def first(self) -> int:
        """Position of the page's first row in the whole inbox (1-based)."""
        return (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        """Position of the page's last row in the whole inbox."""
        return self.first + len(self.rows) - 1


def inbox_page(
    tasks: StepTaskQuerySet,
    *,
    number: int = 1,
    size: int = PAGE_SIZE,
    at: dt.datetime | None = None,
) -> InboxPage:
    """Page `number` of an inbox (`inbox(...)`) in due order, each row marked.

    One row more than the page is read to know whether another page follows; the set is never
    counted, since a unit may have tens of thousands of open steps. The ids come from the inbox
    index alone; only the rows shown are then read with what the page displays of their dossier.
    """
    number = max(1, number)
    start = (number - 1) * size
    ids = list(
        tasks.order_by("due_at", "id").values_list("pk", flat=True)[start : start + size + 1]
    )
    shown = ids[:size]
    found = {
        task.pk: task
        for task in StepTask.objects.filter(pk__in=shown)
        .select_related("step", "assignee__user", "dossier__procedure_version")
        .only(
            "due_at",
            "due_soon_at",
            "dossier_code",
            "assignee_id",
            "dossier_id",
            "step__name",
            "step__assignment",
            "assignee__user__username",
            "assignee__user__full_name",
            "assignee__user__first_name",
            "assignee__user__last_name",
            "dossier__applicant_name",
            "dossier__procedure_version__name",
        )
    }
    now = at or timezone.now()
    rows = tuple(InboxRow(found[pk], mark(found[pk], now)) for pk in shown if pk in found)
    return InboxPage(rows=rows, number=number, size=size, has_next=len(ids) > size)


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
