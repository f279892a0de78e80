"""Officer inbox on 1,000,000 dossiers with open step tasks (PostgreSQL): page and search p95.

Run: `scripts/with-postgres.sh uv run python -m bench bench_inbox` (or `make bench`). The database
named by DATABASE_URL is created and migrated if needed; `motcua generate`'s synthetic province
supplies the dossiers (COPY in chunks, no history) until there are 1,000,000, then one open step
task per dossier is written in a single INSERT … SELECT: at the dossier's competent agency, for
the specialist (60 %), the head of unit (25 %) or the leader (15 %), due times spread over the
month around now, with the inbox copies the workflow services write (ADR 0011; the "due soon"
instants come from the working calendar). The tasks share three planned steps (one route of one
dossier): the inbox reads only their names, so sharing them changes no plan the inbox query runs.

Timed through Django's test client, interleaved request by request: the first inbox page sorted by
step due time and a search (`?q=`: folded applicant names, code fragments, ID numbers) for the
specialist of the busiest department; the baseline is the same page for an officer whose unit has
no open task (login, roles, template, empty query). Wall clock and on-CPU time (this thread plus
the PostgreSQL backend, from Linux schedstat) are both recorded: on a machine shared with other
work the second is the one that stays put. Goal: p95 ≤ 50 ms each. Results go to
docs/performance.md under "## Inbox".
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import Timing, ensure_database, put_section, timed_with_cpu

SECTION = "## Inbox"

DOSSIERS = int(os.environ.get("BENCH_INBOX_DOSSIERS", "1000000"))
GENERATED = 50_000
REQUESTS = int(os.environ.get("BENCH_INBOX_REQUESTS", "100"))
WARM_UP = 5
GOAL_P95_MS = 50.0
SEED = 20261122
SYNTHETIC_SUFFIX = ".H98"
BENCH_USERS = ("bench-inbox-specialist", "bench-inbox-idle")
# Step due times: one a minute over 30 days, starting 15 days before the run.
DUE_SPREAD_MINUTES = 43_200


def main() -> None:
    """Build the data once, time the inbox page and search, write docs/performance.md."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench_inbox needs PostgreSQL: scripts/with-postgres.sh uv run python -m bench ..."
        )
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and keeps mail local
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ensure_dossiers()
    open_tasks = ensure_tasks()
    print(f"data: {open_tasks:,} open tasks ready in {time.perf_counter() - started:.1f} s")
    busy, idle, tasks_in_unit = bench_officers()
    queries = search_queries(random.Random(SEED), busy)
    load = os.getloadavg()[0]
    timings, matches = measure(busy, idle, queries)
    load = max(load, os.getloadavg()[0])
    for timing in timings:
        print(
            f"{timing.label:<55} p50 {timing.p50:7.2f} ms   p95 {timing.p95:7.2f} ms   "
            f"on-CPU p95 {timing.cpu_p95 or 0:7.2f} ms"
        )
    write_report(timings, open_tasks, tasks_in_unit, matches, load)


def ensure_dossiers() -> None:
    """Synthetic dossiers until the province has `DOSSIERS`: generated, then copied in SQL.

    `motcua generate` writes the first `GENERATED` (realistic mix of procedures, applicants,
    dates); the rest are copies of those rows with a suffixed code (`…-c2`), which keeps the
    distributions while filling a million rows in minutes instead of most of an hour.
    """
    from django.db import connection, transaction

    from motcua.dossiers.models import Dossier
    from motcua.reports.synthetic import generate_dossiers

    synthetic = Dossier.objects.filter(receiving_agency__code__endswith=SYNTHETIC_SUFFIX)
    have = synthetic.count()
    if have < min(GENERATED, DOSSIERS):
        print(f"generating {min(GENERATED, DOSSIERS) - have:,} dossiers", flush=True)
        generate_dossiers(min(GENERATED, DOSSIERS) - have, seed=SEED, history=False)
    table = Dossier._meta.db_table
    columns = [
        str(field.column)
        for field in Dossier._meta.concrete_fields
        if field.column not in {"id", "code", "idempotency_key"}
    ]
    originals = synthetic.exclude(code__contains="-c").values_list("pk", flat=True)
    base = originals.count()
    copy = 1
    while (have := synthetic.count()) < DOSSIERS:
        copy += 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (code, idempotency_key, {", ".join(columns)})
                SELECT d.code || %s,
                       CASE WHEN d.idempotency_key = '' THEN '' ELSE d.idempotency_key || %s END,
                       {", ".join("d." + column for column in columns)}
                FROM {table} d
                WHERE d.id = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.code = d.code || %s)
                ORDER BY d.id
                LIMIT %s
                """,  # noqa: S608 -- names from the model; values are parameters
                [
                    f"-c{copy}",
                    f"-c{copy}",
                    list(originals),
                    f"-c{copy}",
                    DOSSIERS - have,
                ],
            )
            added = cursor.rowcount
        print(f"  copy {copy}: {have + added:,} dossiers", flush=True)
        if copy > DOSSIERS // max(base, 1) + 2:
            sys.exit("could not reach the dossier count by copying")


def ensure_tasks() -> int:
    """One open task for every synthetic dossier without one; returns the open task count."""
    from django.db import connection, transaction

    from motcua.agencies.models import Role
    from motcua.dossiers.models import Applicant, Dossier
    from motcua.workflow.models import InboxToken, PlannedStep, Route, StepKind, StepTask, StepUnit

    synthetic = Dossier.objects.filter(receiving_agency__code__endswith=SYNTHETIC_SUFFIX)
    anchor = synthetic.order_by("pk").first()
    if anchor is None:
        sys.exit("no synthetic dossiers were generated")
    table = StepTask._meta.db_table
    dossiers = Dossier._meta.db_table
    with transaction.atomic():
        route, _ = Route.objects.get_or_create(dossier=anchor)
        steps = {}
        for position, (role, kind, name) in enumerate(
            (
                (Role.SPECIALIST, StepKind.APPRAISE, "Thẩm định hồ sơ"),
                (Role.HEAD_OF_UNIT, StepKind.APPROVE, "Phê duyệt kết quả thẩm định"),
                (Role.LEADER, StepKind.SIGN, "Ký, ban hành kết quả"),
            ),
            start=1,
        ):
            steps[role], _ = PlannedStep.objects.get_or_create(
                route=route,
                position=position,
                defaults={
                    "name": name,
                    "kind": kind,
                    "agency_id": anchor.competent_agency_id,
                    "role": role,
                    "amount": 1,
                    "unit": StepUnit.WORKING_DAY,
                },
            )
        with connection.cursor() as cursor:
            write_due_times(cursor)
            # 12 of 20 dossiers at the specialist, 5 at the head, 3 at the leader; due times
            # spread over ±15 days from now so that some are overdue and some due soon. The
            # inbox copies are what `workflow.services.routing.inbox_copies` writes.
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (step_id, dossier_id, agency_id, role, assignee_id, is_open,
                     started_at, due_at, finished_at, outcome, note, due_soon_at,
                     dossier_code, dossier_status, procedure_id, applicant_folded,
                     applicant_id_no)
                SELECT
                    CASE WHEN d.id %% 20 < 12 THEN %s WHEN d.id %% 20 < 17 THEN %s ELSE %s END,
                    d.id, d.competent_agency_id,
                    CASE WHEN d.id %% 20 < 12 THEN %s WHEN d.id %% 20 < 17 THEN %s ELSE %s END,
                    NULL, TRUE, m.due_at - interval '5 days', m.due_at, NULL, '', '',
                    m.due_soon_at, COALESCE(d.code, ''), d.status, d.procedure_id,
                    LEFT(COALESCE(ap.name_folded, lower(d.applicant_name)), 300),
                    d.applicant_id_no
                FROM {dossiers} d
                JOIN agencies_agency a ON a.id = d.receiving_agency_id
                JOIN bench_due_times m ON m.minute = d.id * 7919 %% {DUE_SPREAD_MINUTES}
                LEFT JOIN {Applicant._meta.db_table} ap ON ap.id = d.applicant_id
                WHERE a.code LIKE %s
                  AND NOT EXISTS (
                      SELECT 1 FROM {table} t WHERE t.dossier_id = d.id AND t.is_open
                  )
                """,  # noqa: S608 -- table names from models; values are parameters
                [
                    steps[Role.SPECIALIST].pk,
                    steps[Role.HEAD_OF_UNIT].pk,
                    steps[Role.LEADER].pk,
                    Role.SPECIALIST.value,
                    Role.HEAD_OF_UNIT.value,
                    Role.LEADER.value,
                    f"%{SYNTHETIC_SUFFIX}",
                ],
            )
            if cursor.rowcount:
                print(f"  {cursor.rowcount:,} open tasks written", flush=True)
    ensure_tokens()
    with connection.cursor() as cursor:
        # What autovacuum does on a live system: statistics, and the visibility map that lets
        # the inbox read its index alone.
        cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute(f"VACUUM (ANALYZE) {InboxToken._meta.db_table}")
        cursor.execute(f"ANALYZE {dossiers}")
    return StepTask.objects.open().count()


def ensure_tokens() -> None:
    """The inbox search words of every open task without them, as the services write them.

    `workflow.models.search_words` in SQL: runs of letters and digits of the folded applicant
    name (already folded on the task) and of the code (ASCII: lower case is its fold), each word
    once per task, cut to `MAX_TOKEN`. Written without the search index, which is built after.
    """
    from django.db import connection, transaction

    from motcua.workflow.models import MAX_TOKEN, InboxToken, StepTask

    table = InboxToken._meta.db_table
    tasks = StepTask._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT NOT EXISTS (SELECT 1 FROM {tasks} t WHERE t.is_open AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {table} k WHERE k.task_id = t.id))"
        )
        if cursor.fetchone()[0]:
            return
        cursor.execute("SELECT pg_get_indexdef('inboxtoken_search'::regclass)")
        index = cursor.fetchone()[0]
        cursor.execute("DROP INDEX inboxtoken_search")
        cursor.execute(
            f"""
            INSERT INTO {table} (task_id, agency_id, role, token)
            SELECT DISTINCT t.id, t.agency_id, t.role, LEFT(w.m[1], %s)
            FROM {tasks} t
            CROSS JOIN LATERAL regexp_matches(
                t.applicant_folded || ' ' || lower(t.dossier_code), '[0-9a-z]+', 'g'
            ) AS w(m)
            WHERE t.is_open
              AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.task_id = t.id)
            ON CONFLICT DO NOTHING
            """,  # noqa: S608 -- table names from models; values are parameters
            [MAX_TOKEN],
        )
        print(f"  {cursor.rowcount:,} inbox tokens written", flush=True)
        # The foreign keys are checked at commit; an index cannot be built with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(index)


def write_due_times(cursor: Any) -> None:
    """A temporary table of the bench's step due times, each with its "due soon" instant.

    One due time a minute from 15 days before now; the instants come from the services' own
    function, so the marks in the bench are those the inbox would show.
    """
    from django.utils import timezone

    from motcua.workflow.services.routing import due_soon_from

    first = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=15)
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_due_times "
        "(minute integer PRIMARY KEY, due_at timestamptz, due_soon_at timestamptz) "
        "ON COMMIT DROP"
    )
    rows = io.StringIO()
    for minute in range(DUE_SPREAD_MINUTES):
        due_at = first + dt.timedelta(minutes=minute)
        rows.write(f"{minute}\t{due_at.isoformat()}\t{due_soon_from(due_at).isoformat()}\n")
    with cursor.copy("COPY bench_due_times (minute, due_at, due_soon_at) FROM STDIN") as copy:
        copy.write(rows.getvalue())


def bench_officers() -> tuple[Any, Any, int]:
    """A specialist of the unit with the most open tasks, and an officer of a unit with none."""
    from django.db.models import Count

    from motcua.accounts.models import User
    from motcua.agencies.models import Agency, Officer, Role, RoleGrant
    from motcua.workflow.models import StepTask

    busiest = (
        StepTask.objects.open()
        .filter(role=Role.SPECIALIST)
        .values("agency_id")
        .annotate(tasks=Count("id"))
        .order_by("-tasks")
        .first()
    )
    if busiest is None:
        sys.exit("no open tasks")
    busy_agency = Agency.objects.get(pk=busiest["agency_id"])
    idle_agency = (
        Agency.objects.filter(code__endswith=SYNTHETIC_SUFFIX)
        .exclude(pk__in=StepTask.objects.open().values("agency_id"))
        .order_by("code")
        .first()
    ) or Agency.objects.create(code="000.00.00.H97", name="Đơn vị không có việc (bench)")
    officers = []
    for username, agency in zip(BENCH_USERS, (busy_agency, idle_agency), strict=True):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"full_name": "Cán bộ đo hiệu năng"}
        )
        officer, _ = Officer.objects.update_or_create(user=user, defaults={"agency": agency})
        RoleGrant.objects.get_or_create(officer=officer, role=Role.SPECIALIST)
        officers.append(Officer.objects.prefetch_related("role_grants").get(pk=officer.pk))
    print(f"busiest unit: {busy_agency.name} ({busiest['tasks']:,} open specialist tasks)")
    return officers[0], officers[1], int(busiest["tasks"])


def search_queries(rng: random.Random, officer: Any) -> list[str]:
    """What officers type: folded names and name parts, code fragments, ID numbers."""
    from motcua.workflow.models import StepTask

    sample = list(
        StepTask.objects.open()
        .filter(agency_id=officer.agency_id, role__in=sorted(officer.roles))
        .order_by("dossier_id")
        .values_list("dossier__applicant_name", "dossier__code", "dossier__applicant_id_no")[:3000]
    )
    queries: list[str] = []
    while len(queries) < REQUESTS + WARM_UP:
        name, code, id_no = rng.choice(sample)
        kind = rng.random()
        if kind < 0.4:
            queries.append(name)  # a whole name, with diacritics
        elif kind < 0.6:
            queries.append(" ".join(name.split()[-2:]))  # given names
        elif kind < 0.8:
            # The day and number of the code (yymmdd-NNNN), without the copies' "-cN" suffix.
            queries.append("-".join((code or "").split("-")[1:3]))
        else:
            queries.append(id_no)
    return queries


def measure(busy: Any, idle: Any, queries: list[str]) -> tuple[list[Timing], list[int]]:
    """Interleave baseline, first page and search requests; return timings and match counts."""
    from django.test import Client
    from django.urls import reverse

    from motcua.workflow.selectors import inbox

    url = reverse("backoffice:inbox")
    busy_client, idle_client = Client(), Client()
    busy_client.force_login(busy.user)
    idle_client.force_login(idle.user)

    def get(client: Client, params: dict[str, str] | None = None) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(url, params or {})
            if response.status_code != 200:
                raise RuntimeError(f"{url} {params}: HTTP {response.status_code}")
            return response

        return call

    labels = ("baseline", "page", "search")
    walls: dict[str, list[float]] = {label: [] for label in labels}
    cpus: dict[str, list[float]] = {label: [] for label in labels}
    for index, query in enumerate(queries):
        calls = (get(idle_client), get(busy_client), get(busy_client, {"q": query}))
        for label, (wall, cpu) in zip(labels, timed_with_cpu(calls), strict=True):
            if index >= WARM_UP:
                walls[label].append(wall)
                if cpu is not None:
                    cpus[label].append(cpu)
    matches = [inbox(officer=busy, query=query)[:21].count() for query in queries[WARM_UP:]]
    names = (
        "baseline: empty inbox page (no open task in the unit)",
        "inbox first page, sorted by step due time",
        "inbox search ?q=",
    )
    timings = [
        Timing(name, walls[label], cpus[label]) for name, label in zip(names, labels, strict=True)
    ]
    return timings, matches


def write_report(
    timings: list[Timing], open_tasks: int, tasks_in_unit: int, matches: list[int], load: float
) -> None:
    """Replace the "## Inbox" section of docs/performance.md with this run."""
    baseline, page, search = timings
    day = time.strftime("%Y-%m-%d")
    found = sum(1 for count in matches if count)

    def verdict(value: float | None) -> str:
        return "meets" if value is not None and value <= GOAL_P95_MS else "misses"

    def cell(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "–"

    def row(timing: Timing, ratio: str) -> str:
        return (
            f"| {timing.label} | {timing.p50:.2f} | {timing.p95:.2f} | {cell(timing.cpu_p95)} "
            f"| {ratio} |"
        )

    section = "\n".join(
        [
            SECTION,
            "",
            f"`bench/bench_inbox.py`, run {day} on PostgreSQL 15 (2 cores shared with other work: "
            f"load average up to {load:.1f}), {open_tasks:,} dossiers each with one open step "
            f"task; the specialist measured sees {tasks_in_unit:,} of them (busiest unit). "
            f"{len(page.samples)} requests of each kind through Django's test client, "
            f"interleaved; {found} of {len(matches)} searches found something. On-CPU is the "
            "request's CPU time in this process plus the PostgreSQL backend's (Linux schedstat): "
            "its cost without the wait for a free core.",
            "",
            "| what | p50 ms | p95 ms | on-CPU p95 ms | p95 ÷ baseline |",
            "|---|---:|---:|---:|---:|",
            row(baseline, ""),
            row(page, f"{page.p95 / baseline.p95:.1f}×"),
            row(search, f"{search.p95 / baseline.p95:.1f}×"),
            "",
            f"Inbox first page p95 {page.p95:.1f} ms ({verdict(page.p95)} the "
            f"{GOAL_P95_MS:.0f} ms goal; on-CPU p95 {cell(page.cpu_p95)} ms, "
            f"{verdict(page.cpu_p95)} it).",
            f"Inbox search p95 {search.p95:.1f} ms ({verdict(search.p95)} the "
            f"{GOAL_P95_MS:.0f} ms goal; on-CPU p95 {cell(search.cpu_p95)} ms, "
            f"{verdict(search.cpu_p95)} it).",
            "",
            "How it works (ADR 0011, ADR 0018): each open task carries copies of what the inbox"
            " filters and marks on (dossier code and status, procedure, folded applicant name, ID"
            " number, the instant it becomes due soon), kept in step by the workflow services."
            " The partial index on open tasks (unit, role, due time, id) includes those copies, so"
            " the page's 20 ids come from an index-only scan in due order, filters included; only"
            " those 20 rows are then read with their dossier. Pages read 21 rows and never count;"
            " marks compare two stored instants; a whole code or ID number is looked up by"
            " equality. Other searches go by words: the words of each open task's folded applicant"
            " name and code are rows of a token table with a (unit, role, word) prefix index; a"
            " search starts from a word that starts at most 300 of the unit's tokens, else"
            " intersects the words' ranges in the database, and reads a few matches by id or looks"
            " for many while walking the unit's steps in due order (one hash probe a step). The"
            " empty page itself costs five queries (session, user, officer, roles, the page) and"
            " the template.",
            "",
        ]
    )
    put_section(section)


if __name__ == "__main__":
    main()
