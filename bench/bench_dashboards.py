"""Dashboard panels at scale: the 12-month trend and the deadline panel on a synthetic province.

Run: `scripts/with-postgres.sh uv run python -m bench bench_dashboards`. The database named by
DATABASE_URL is created and migrated if needed, then filled by `motcua generate` (no history) up to
BENCH_DASHBOARD_DOSSIERS dossiers (default 500,000). Cases, each timed in the same process and
interleaved with its baseline:

- the 12-month trend (`monthly_trend`: one statement over the tallies) against twelve
  `build_report` calls (one per month, also from the tallies) and against the same twelve months
  counted straight from the dossier table (`build_report_direct`); all three must agree;
- agencies side by side (`build_report` by agency for a month) against its direct count;
- overdue and at risk now (`deadline_panel`: the open dossiers only) against a plain count of the
  whole dossier table (what "reading every dossier once" costs), checked against the list count.

Wall-clock medians (warm) and this process's CPU time; the database's own CPU is in the wall time.
Results go to docs/performance.md under "## Dashboards".
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

from bench.common import ensure_database, put_section, vacuum_analyze

SECTION = "## Dashboards"
DOSSIERS = int(os.environ.get("BENCH_DASHBOARD_DOSSIERS", "500000"))
SEED = int(os.environ.get("BENCH_REPORT_SEED", "20261122"))
UNTIL = dt.date(2026, 10, 31)
ROUNDS = 5
GOAL_MS = 200.0


@dataclass
class Timing:
    """Wall-clock and process CPU milliseconds of repeated runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def run(self, action: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        self.wall.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        return result

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu)


@dataclass
class Case:
    """A dashboard figure and its baselines, timed interleaved."""

    label: str
    measured: Timing = field(default_factory=Timing)
    baselines: dict[str, Timing] = field(default_factory=dict)
    agree: bool = True
    note: str = ""


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench_dashboards needs PostgreSQL: scripts/with-postgres.sh uv run python -m bench"
        )
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.deadlines.engine import TZ
    from motcua.dossiers.models import Dossier
    from motcua.reports import dashboards
    from motcua.reports.figures import Figures
    from motcua.reports.models import AgencyTally, StatJournal
    from motcua.reports.rollup import fold_journal
    from motcua.reports.selectors import build_report, build_report_direct
    from motcua.reports.synthetic import generate_dossiers

    call_command("migrate", verbosity=0)
    present = Dossier.objects.filter(competent_agency__code__endswith=".H98").count()
    if present < DOSSIERS:
        print(f"generating {DOSSIERS - present:,} dossiers…", flush=True)
        generate_dossiers(DOSSIERS - present, seed=SEED, until=UNTIL, history=False)
    fold_journal()
    vacuum_analyze([Dossier._meta.db_table, AgencyTally._meta.db_table, StatJournal._meta.db_table])
    total = Dossier.objects.count()
    # A provincial supervisor's default view: every agency (no agency filter).
    province = None
    cases: list[Case] = []

    # 1. The 12-month trend.
    trend = Case("12-month trend, whole province")
    trend.baselines = {"12 × build_report": Timing(), "12 × direct count": Timing()}
    periods = dashboards.trend_months(UNTIL)
    for _ in range(ROUNDS):
        months = trend.measured.run(lambda: dashboards.monthly_trend(until=UNTIL, agency=province))
        reports = trend.baselines["12 × build_report"].run(
            lambda: [build_report(p.date_from, p.date_to, agency=province).total for p in periods]
        )
        direct = trend.baselines["12 × direct count"].run(
            lambda: [
                build_report_direct(p.date_from, p.date_to, agency=province).total for p in periods
            ]
        )
        figures: list[Figures] = [m.figures for m in months]
        trend.agree = trend.agree and figures == reports == direct
    cases.append(trend)

    # 2. Agencies side by side for a month.
    side = Case("agencies side by side, one month")
    side.baselines = {"direct count": Timing()}
    first, last = dt.date(2026, 10, 1), UNTIL
    for _ in range(ROUNDS):
        report = side.measured.run(lambda: build_report(first, last, agency=province))
        direct_report = side.baselines["direct count"].run(
            lambda: build_report_direct(first, last, agency=province)
        )
        side.agree = side.agree and report == direct_report
    side.note = f"{len(report.rows)} agencies"
    cases.append(side)

    # 3. Overdue and at risk now (the end of the generated history).
    at = dt.datetime.combine(UNTIL, dt.time(10), tzinfo=TZ)
    deadlines = Case("overdue and at risk now, per agency")
    deadlines.baselines = {"count of the whole dossier table": Timing()}
    table = Dossier._meta.db_table

    def count_all() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (model table name)
            return int(cursor.fetchone()[0])

    for _ in range(ROUNDS):
        panel = deadlines.measured.run(
            lambda: dashboards.deadline_panel(agency=province, at=at, days=2)
        )
        deadlines.baselines["count of the whole dossier table"].run(count_all)
    listed = dashboards.overdue_dossiers(at=at, agency=province).count()
    horizon = dashboards.at_risk_horizon(at, 2)
    at_risk = dashboards.at_risk_dossiers(at=at, horizon=horizon, agency=province).count()
    deadlines.agree = (panel.overdue, panel.at_risk) == (listed, at_risk)
    running = dashboards.running_dossiers(province).count()
    deadlines.note = (
        f"{panel.overdue:,} overdue, {panel.at_risk:,} at risk, of {running:,} open dossiers"
    )
    cases.append(deadlines)
    write_section(total, cases)


def write_section(total: int, cases: list[Case]) -> None:
    load = os.getloadavg()
    lines = [
        SECTION,
        "",
        f"`bench/bench_dashboards.py`, run {dt.datetime.now(dt.UTC).date().isoformat()} on "
        f"PostgreSQL 15 (2 cores shared with other work; load average {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f} at the end), `jit = off`, {total:,} synthetic dossiers "
        f"over three years (`motcua generate`). Each case and its baselines run interleaved in "
        f"the same process, {ROUNDS} rounds; medians, warm. CPU = this Python process only "
        "(the database's work is in the wall time).",
        "",
        "| panel | ms (CPU ms) | baseline | baseline ms (CPU ms) | baseline ÷ panel | agree | |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for case in cases:
        for name, timing in case.baselines.items():
            ratio = timing.wall_ms / case.measured.wall_ms
            lines.append(
                f"| {case.label} | {case.measured.wall_ms:.1f} ({case.measured.cpu_ms:.1f}) | "
                f"{name} | {timing.wall_ms:,.1f} ({timing.cpu_ms:.1f}) | {ratio:,.1f}× | "
                f"{'yes' if case.agree else '**NO**'} | {case.note} |"
            )
    met = all(case.measured.wall_ms <= GOAL_MS for case in cases)
    lines += [
        "",
        f"Goal: every panel ≤ {GOAL_MS:.0f} ms: **{'met' if met else 'NOT met'}**.",
        "",
        "The trend reads the agency tallies once (month rows before and in the twelve months, the "
        "day rows of a partial last month, and the journal not folded yet): its cost follows "
        "agencies × months, not the number of dossiers, like `build_report` (see "
        '"## Statistics"). The deadline panel reads a partial (competent agency, due date) index '
        "of the open dossiers whose clock runs (`dossier_running_due`) up to the at-risk horizon: "
        "its cost follows the overdue and at-risk dossiers, not the open work or the history. "
        "Where time is lost reads at most 500 overdue dossiers' late steps (`LOST_TIME_LIMIT`); "
        "waiting times read the tickets of the period (one grouped aggregate on PostgreSQL).",
        "",
    ]
    section = "\n".join(lines)
    put_section(section)


if __name__ == "__main__":
    main()
