"""QĐ 766 index at scale: numerators and denominators from the tallies against a direct count.

Run: `scripts/with-postgres.sh uv run python -m bench bench_index766`. The database named by
DATABASE_URL is created and migrated if needed, then filled by `motcua generate` (without
history) up to BENCH_INDEX_DOSSIERS dossiers (default 2,500,000). The synthetic catalogue has no
fee rows, so the bench gives a fee to every third procedure version of the synthetic province and
rebuilds the tallies (timed: the one-off cost of the migration that added the index counters).
Cases: the index of the whole province for a year and of one department for a month, each from
the tallies (`agency_index`) and counted from the dossier table (`index_counts_direct`),
interleaved, compared every round; plus the province-year report by agency, the read the index
shares with form 07a, to check that the wider tally rows did not slow it. Results go to
docs/performance.md under "## QĐ 766 index".
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.common import ensure_database, put_section, timed_ms, vacuum_analyze

SECTION = "## QĐ 766 index"
DOSSIERS = int(os.environ.get("BENCH_INDEX_DOSSIERS", "2500000"))
SEED = int(os.environ.get("BENCH_INDEX_SEED", "20261122"))
UNTIL = dt.date(2026, 10, 31)
ROUNDS = 5
TALLY_RUNS_PER_ROUND = 3
GOAL_MS = 200.0


@dataclass
class Case:
    """One read, timed from the tallies and from the dossier table."""

    label: str
    tallies: Callable[[], Any]
    direct: Callable[[], Any]
    first_ms: float = 0.0
    tallies_ms: list[float] = field(default_factory=list)
    direct_ms: list[float] = field(default_factory=list)
    identical: bool = True

    @property
    def tally_median(self) -> float:
        return statistics.median(self.tallies_ms)

    @property
    def direct_median(self) -> float:
        return statistics.median(self.direct_ms)


def cpu_ms() -> float:
    return time.process_time() * 1000


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_index766 needs PostgreSQL: scripts/with-postgres.sh uv run python -m bench")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from motcua.catalog.models import ExecutionMethod, Fee, FeeKind, ProcedureVersion
    from motcua.dossiers.models import Dossier
    from motcua.reports.index766 import agency_index, index_counts, index_counts_direct
    from motcua.reports.models import AgencyTally, SectorTally, StatJournal
    from motcua.reports.rollup import fold_journal, rebuild_rollups, reconcile_rollups
    from motcua.reports.selectors import agency_by_code, build_report, build_report_direct
    from motcua.reports.synthetic import generate_dossiers

    call_command("migrate", verbosity=0)
    present = Dossier.objects.filter(competent_agency__code__endswith=".H98").count()
    if present < DOSSIERS:
        print(f"generating {DOSSIERS - present:,} dossiers…", flush=True)
        result = generate_dossiers(DOSSIERS - present, seed=SEED, until=UNTIL, history=False)
        print(f"generated in {result.seconds / 60:.1f} min", flush=True)
    fold_journal()

    # Fees on every third synthetic procedure version, one direct-channel method each.
    versions = list(
        ProcedureVersion.objects.filter(procedure__dossiers__isnull=False)
        .exclude(methods__fees__amount_vnd__gt=0)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )[::3]
    for version_id in versions:
        method = ExecutionMethod.objects.create(
            version_id=version_id, channel="direct", time_unit="working_day"
        )
        Fee.objects.create(method=method, kind=FeeKind.CHARGE, amount_vnd=50_000)
    rebuild_ms, _rows = timed_ms(rebuild_rollups)
    print(
        f"fees on {len(versions):,} versions; tallies rebuilt in {rebuild_ms:,.0f} ms", flush=True
    )
    vacuum_analyze(
        [
            Dossier._meta.db_table,
            AgencyTally._meta.db_table,
            SectorTally._meta.db_table,
            StatJournal._meta.db_table,
        ]
    )
    total = Dossier.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size(%s), pg_total_relation_size(%s)",
            [AgencyTally._meta.db_table, SectorTally._meta.db_table],
        )
        sizes = cursor.fetchone()

    root = agency_by_code("000.00.00.H98")
    busiest = (
        Dossier.objects.values_list("competent_agency__code", flat=True)
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    department = agency_by_code(str(busiest))
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    month = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    cases = [
        Case(
            "index, province-year",
            lambda: index_counts(*year, root),
            lambda: index_counts_direct(*year, root),
        ),
        Case(
            f"index, one department ({department.code}), one month",
            lambda: index_counts(*month, department),
            lambda: index_counts_direct(*month, department),
        ),
        Case(
            "form 07a, province-year by agency",
            lambda: build_report(*year, agency=root, by="agency"),
            lambda: build_report_direct(*year, agency=root, by="agency"),
        ),
    ]
    cpu_started = cpu_ms()
    for case in cases:
        case.first_ms, _ = timed_ms(case.tallies)
    for _round in range(ROUNDS):
        for case in cases:
            for _ in range(TALLY_RUNS_PER_ROUND):
                elapsed, from_tallies = timed_ms(case.tallies)
                case.tallies_ms.append(elapsed)
            elapsed, direct = timed_ms(case.direct)
            case.direct_ms.append(elapsed)
            case.identical = case.identical and from_tallies == direct
        print(f"round {_round + 1}/{ROUNDS}", flush=True)
    client_cpu = cpu_ms() - cpu_started
    reconcile_ms, reconciliation = timed_ms(reconcile_rollups)
    index = agency_index(*year, root)
    write_section(
        total=total,
        versions=len(versions),
        rebuild_ms=rebuild_ms,
        sizes=sizes,
        cases=cases,
        client_cpu_ms=client_cpu,
        reconcile=(reconcile_ms, reconciliation.is_exact),
        index=index,
    )


def write_section(
    *,
    total: int,
    versions: int,
    rebuild_ms: float,
    sizes: tuple[int, int],
    cases: list[Case],
    client_cpu_ms: float,
    reconcile: tuple[float, bool],
    index: Any,
) -> None:
    load = os.getloadavg()
    mb = [size / 1024 / 1024 for size in sizes]
    runs = sum(len(c.tallies_ms) + len(c.direct_ms) + 1 for c in cases)
    lines = [
        SECTION,
        "",
        f"`bench/bench_index766.py`, run {dt.datetime.now(dt.UTC).date().isoformat()} on "
        "PostgreSQL 15 (2 cores shared with other work; load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end), `jit = off`. "
        f"{total:,} synthetic dossiers (`motcua generate`), fees on {versions:,} procedure "
        f"versions, then the tallies rebuilt from the dossier table in {rebuild_ms / 1000:,.1f} s "
        "(what the migration adding the index counters costs once, at the first fold). "
        f"Tallies with the five index counters: agency {mb[0]:,.0f} MB, sector {mb[1]:,.0f} MB.",
        "",
        f"Interleaved: {ROUNDS} rounds of {TALLY_RUNS_PER_ROUND} tally runs and 1 direct run; "
        "medians, warm; the two answers are compared every round.",
        "",
        "| read | tallies, first run ms | tallies ms | direct ms | direct ÷ tallies | identical |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for case in cases:
        ratio = case.direct_median / case.tally_median
        lines.append(
            f"| {case.label} | {case.first_ms:.1f} | {case.tally_median:.1f} | "
            f"{case.direct_median:,.0f} | {ratio:,.0f}× | "
            f"{'yes' if case.identical else '**NO**'} |"
        )
    met = all(c.tally_median <= GOAL_MS for c in cases)
    reconcile_ms, exact = reconcile
    indicator_text = "; ".join(
        f"{r.spec.id} {r.numerator:,}/{r.denominator:,} = {r.rate_pct}% → {r.points}"
        for r in index.results
    )
    lines += [
        "",
        f"Goal ≤ {GOAL_MS:.0f} ms from the tallies: **{'met' if met else 'NOT met'}**. The "
        f"benchmark process used {client_cpu_ms / 1000:,.1f} s of CPU over the {runs} timed "
        "runs (the rest of the wall-clock time is PostgreSQL, on the same two cores). A full "
        f"reconciliation took {reconcile_ms / 1000:,.1f} s and found the tallies "
        f"{'exact' if exact else '**not exact**'}.",
        "",
        f"The province-year index on this data: {indicator_text}; total "
        f"{index.total_points} of {index.total_max} ({index.score_100} on 100). The synthetic "
        "data has no ratings, so 5.4 is 100 % − the overdue rate.",
        "",
        "The index reads the same tally rows as form 07a (the flows of the period plus, for 2.1 "
        "and 5.4, the stocks at its end) and the ratings of the period; its cost does not grow "
        "with the number of dossiers, while the direct count reads every dossier the period "
        "touches.",
        "",
    ]
    put_section("\n".join(lines))


if __name__ == "__main__":
    main()
