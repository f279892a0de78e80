"""Statistics report at scale: the tallies against the same report counted from the dossier table.

Run: `scripts/with-postgres.sh uv run python -m bench bench_reports` (or `make bench`). The database
named by DATABASE_URL is created and migrated if needed, then filled by `motcua generate` (without
history: reports never read it) up to BENCH_REPORT_DOSSIERS dossiers (default 2,500,000, which
fits in a few minutes; BENCH_REPORT_DOSSIERS=10000000 for the figures at the target size).
Cases: a province-year by agency, one month for all agencies, and a province-year by sector. Each
case runs the tallies and the direct count interleaved in the same process and checks that both
give identical reports. Then the cost of exactness between folds (reports add journalled changes
themselves) and a full reconciliation. Goal: tallies ≤ 200 ms and ≥ 20× faster than the direct
count. Results go to docs/performance.md under "## Statistics".
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from bench.common import ensure_database, put_section, timed_cpu_ms, timed_ms, vacuum_analyze

SECTION = "## Statistics"
DOSSIERS = int(os.environ.get("BENCH_REPORT_DOSSIERS", "2500000"))
SEED = int(os.environ.get("BENCH_REPORT_SEED", "20261122"))
UNTIL = dt.date(2026, 10, 31)
ROUNDS = 5
TALLY_RUNS_PER_ROUND = 3
GOAL_MS = 200.0
GOAL_RATIO = 20.0
CHANGED = 20_000
TARGET = 10_000_000


@dataclass
class Case:
    """One report, timed both ways."""

    label: str
    date_from: dt.date
    date_to: dt.date
    agency_code: str | None
    by: str
    first_ms: float = 0.0
    tallies_ms: list[float] = field(default_factory=list)
    direct_ms: list[float] = field(default_factory=list)
    tallies_cpu_ms: list[float] = field(default_factory=list)
    direct_cpu_ms: list[float] = field(default_factory=list)
    identical: bool = True
    rows: int = 0

    @property
    def tallies(self) -> float:
        return statistics.median(self.tallies_ms)

    @property
    def direct(self) -> float:
        return statistics.median(self.direct_ms)

    @property
    def ratio(self) -> float:
        return self.direct / self.tallies

    @property
    def tallies_cpu(self) -> float:
        return statistics.median(self.tallies_cpu_ms)

    @property
    def direct_cpu(self) -> float:
        return statistics.median(self.direct_cpu_ms)


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_reports needs PostgreSQL: scripts/with-postgres.sh uv run python -m bench")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.states import OPEN
    from motcua.reports.models import AgencyTally, SectorTally, StatJournal
    from motcua.reports.rollup import fold_journal, reconcile_rollups
    from motcua.reports.selectors import agency_by_code, build_report, build_report_direct
    from motcua.reports.synthetic import BULK_MIN, generate_dossiers

    call_command("migrate", verbosity=0)
    present = Dossier.objects.filter(competent_agency__code__endswith=".H98").count()
    generation = ""
    if present < DOSSIERS:
        print(f"generating {DOSSIERS - present:,} dossiers…", flush=True)
        last = [time.perf_counter()]

        def progress(done: int) -> None:
            if time.perf_counter() - last[0] > 60:
                last[0] = time.perf_counter()
                print(f"  {done:,}", flush=True)

        result = generate_dossiers(
            DOSSIERS - present, seed=SEED, until=UNTIL, history=False, on_progress=progress
        )
        load = os.getloadavg()[0]
        generation = (
            f"`motcua generate --dossiers {result.dossiers:,} --no-history` took "
            f"{result.seconds / 60:.1f} min ({result.dossiers / result.seconds:,.0f} dossiers/s "
            f"wall-clock, load average {load:.1f} at its end; drawn set-based in SQL"
            + (
                ", indexes built after the load and tallies counted once"
                if present == 0 and result.dossiers >= BULK_MIN
                else ", journal folded at the end"
            )
            + ")."
        )
        print(generation, flush=True)
    fold_journal()
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
            "SELECT pg_total_relation_size(%s), pg_total_relation_size(%s), "
            "pg_total_relation_size(%s)",
            [Dossier._meta.db_table, AgencyTally._meta.db_table, SectorTally._meta.db_table],
        )
        sizes = cursor.fetchone()
    agency_rows, sector_rows = AgencyTally.objects.count(), SectorTally.objects.count()

    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    root = "000.00.00.H98"
    cases = [
        Case("province-year by agency", *year, root, "agency"),
        Case("one month, all agencies", dt.date(2026, 9, 1), dt.date(2026, 9, 30), None, "agency"),
        Case("province-year by sector", *year, root, "sector"),
    ]
    for case in cases:
        agency = agency_by_code(case.agency_code) if case.agency_code else None

        def tallies(case: Case = case, agency: Any = agency) -> Any:
            return build_report(case.date_from, case.date_to, agency=agency, by=case.by)

        def direct(case: Case = case, agency: Any = agency) -> Any:
            return build_report_direct(case.date_from, case.date_to, agency=agency, by=case.by)

        case.first_ms, first = timed_ms(tallies)
        case.rows = len(first.rows)
        for _round in range(ROUNDS):
            for _run in range(TALLY_RUNS_PER_ROUND):
                elapsed, used, report = timed_cpu_ms(tallies)
                case.tallies_ms.append(elapsed)
                case.tallies_cpu_ms.append(used)
            elapsed, used, reference = timed_cpu_ms(direct)
            case.direct_ms.append(elapsed)
            case.direct_cpu_ms.append(used)
            case.identical &= report == reference
        print(
            f"{case.label}: tallies {case.tallies:.1f} ms (CPU {case.tallies_cpu:.0f} ms), "
            f"direct {case.direct:.0f} ms (CPU {case.direct_cpu:.0f} ms), "
            f"{case.ratio:.0f}×, identical={case.identical}",
            flush=True,
        )

    facts = {
        "total": total,
        "generation": generation,
        "sizes": sizes,
        "agency_rows": agency_rows,
        "sector_rows": sector_rows,
        "cases": cases,
    }
    # Recorded now, and again with the figures below: the reconciliation alone takes minutes.
    write_section(**facts, pending=None, reconcile=None)

    # Between folds: change the due date of open dossiers (two journal rows each), report, fold.
    province = agency_by_code(root)
    ids = list(
        Dossier.objects.filter(status__in=OPEN, due_at__isnull=False).values_list("pk", flat=True)[
            :CHANGED
        ]
    )
    Dossier.objects.filter(pk__in=ids).update(due_at=F("due_at") + dt.timedelta(days=1))
    pending = StatJournal.objects.count()
    pending_ms = statistics.median(
        timed_ms(lambda: build_report(*year, agency=province))[0] for _ in range(5)
    )
    pending_equal = build_report(
        dt.date(2026, 9, 1), dt.date(2026, 10, 31), agency=province
    ) == build_report_direct(dt.date(2026, 9, 1), dt.date(2026, 10, 31), agency=province)
    fold_ms, folded = timed_ms(fold_journal)
    reconcile_ms, reconciliation = timed_ms(reconcile_rollups)
    print(
        f"pending {pending:,} journal rows: report {pending_ms:.1f} ms (exact={pending_equal}); "
        f"fold {fold_ms:.0f} ms; reconcile {reconcile_ms / 1000:.1f} s "
        f"exact={reconciliation.is_exact}",
        flush=True,
    )
    write_section(
        **facts,
        pending=(pending, pending_ms, pending_equal, fold_ms, folded),
        reconcile=(reconcile_ms, reconciliation.is_exact),
    )


def extrapolation(total: int, cases: list[Case]) -> str:
    """What the measured figures imply at the 10-million target, assuming a linear direct count."""
    factor = TARGET / total
    parts = [
        f"{case.label} ≈ {case.direct * factor / 1000:.1f} s direct against {case.tallies:.0f} ms "
        f"(≈ {case.ratio * factor:,.0f}×)"
        for case in cases
    ]
    return (
        f"At {TARGET:,} dossiers (extrapolated from this run, not measured): the direct count "
        f"reads {factor:.1f}× as many dossiers, the tally read the same rows (agencies × months "
        f"of the three years), so {'; '.join(parts)}."
    )


def write_section(
    *,
    total: int,
    generation: str,
    sizes: tuple[int, int, int],
    agency_rows: int,
    sector_rows: int,
    cases: list[Case],
    pending: tuple[int, float, bool, float, int] | None,
    reconcile: tuple[float, bool] | None,
) -> None:
    load = os.getloadavg()[0]
    mb = [size / 1024 / 1024 for size in sizes]
    lines = [
        SECTION,
        "",
        f"`bench/bench_reports.py`, run {dt.datetime.now(dt.UTC).date().isoformat()} on "
        "PostgreSQL 15 (2 cores "
        f"shared with other work; load average {load:.1f} at the end), `jit = off`. "
        f"{total:,} synthetic dossiers over three years (`motcua generate`: 202 agencies, "
        "1,788 procedures in 66 sectors). Tables: dossiers "
        f"{mb[0]:,.0f} MB; agency tally {agency_rows:,} rows ({mb[1]:,.0f} MB); sector tally "
        f"{sector_rows:,} rows ({mb[2]:,.0f} MB). {generation}",
        "",
        "Each case: the report from the tallies (`build_report`, which also adds the journalled "
        "changes not folded yet, in the same statement) and the same report counted straight from "
        "the dossier table (`build_report_direct`: one pass over the dossiers the period touches), "
        f"interleaved: {ROUNDS} rounds of {TALLY_RUNS_PER_ROUND} tally runs and 1 direct run; "
        "medians, warm; on CPU = this process plus its PostgreSQL backend (the machine is shared, "
        "so wall-clock times include waiting for a core). Both reports are compared field by "
        "field every round.",
        "",
        "| report | rows | tallies, first run ms | tallies ms (on CPU) | direct ms (on CPU) "
        "| direct ÷ tallies | identical |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for case in cases:
        lines.append(
            f"| {case.label} | {case.rows} | {case.first_ms:.1f} | {case.tallies:.1f} "
            f"({case.tallies_cpu:.0f}) | {case.direct:,.0f} ({case.direct_cpu:,.0f}) | "
            f"{case.ratio:,.0f}× | {'yes' if case.identical else '**NO**'} |"
        )
    met = all(c.tallies <= GOAL_MS and c.ratio >= GOAL_RATIO for c in cases[:2])
    if total < TARGET:
        lines += ["", extrapolation(total, cases)]
    lines += [
        "",
        f"Goal ≤ {GOAL_MS:.0f} ms and ≥ {GOAL_RATIO:.0f}× faster than the direct count for the "
        f"province-year and the one-month report: **{'met' if met else 'NOT met'}**.",
        "",
    ]
    if pending is not None and reconcile is not None:
        count, pending_ms, pending_equal, fold_ms, folded = pending
        reconcile_ms, exact = reconcile
        lines += [
            f"Between folds: after an update of the due date of {CHANGED:,} open dossiers "
            f"({count:,} journal rows pending), the province-year report took {pending_ms:.1f} "
            f"ms and was {'identical to' if pending_equal else '**different from**'} the direct "
            f"count; folding them took {fold_ms:,.0f} ms ({folded:,} rows). A full "
            "reconciliation (`motcua reconcile-stats`: recount every tally cell from the dossier "
            f"table) took {reconcile_ms / 1000:.1f} s and found the tallies "
            f"{'exact' if exact else '**not exact**'}. The journal normally holds about a minute "
            "of changes (the fold task runs every minute), so the pending part of a report is "
            "small; a large import makes reports slower, never wrong, until the next fold.",
            "",
        ]
    else:
        lines += ["Between folds and full reconciliation: not measured in this run.", ""]
    lines += [
        "How it works (ADR 0010): a statement-level trigger journals every change of the columns "
        "the report reads, in the changing transaction; tallies per (agency, day), (agency, "
        "sector, day) and the same per month are folded from the journal. Flows (received, "
        "resolved by timeliness, withdrawn or refused) are summed over the period; carried over "
        "and in progress at the end of the period come from cumulative sums of three stock "
        "counters (ended, fell due, fell due and ended, each on the later of its days), so a "
        "report reads at most the month rows before the period plus the day rows of the partial "
        "months at its edges, whatever the number of dossiers. The direct count reads every "
        "dossier the period touches, so its cost grows with the table; the tallies' does not: "
        "the ratio grows with N. By procedure the report counts the dossier table (a daily "
        "(agency, procedure) tally would be about as large as the dossier table itself).",
        "",
    ]
    section = "\n".join(lines)
    put_section(section)


if __name__ == "__main__":
    main()
