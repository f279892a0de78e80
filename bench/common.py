"""What every benchmark shares: its PostgreSQL database, CPU clocks, and its docs section."""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "performance.md"


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it does not exist yet."""
    import psycopg
    from psycopg import errors, sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = str(conninfo_to_dict(url).get("dbname") or "postgres")
    maintenance = make_conninfo(url, dbname="postgres")
    with (
        psycopg.connect(maintenance, autocommit=True) as conn,
        contextlib.suppress(errors.DuplicateDatabase),
    ):
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def backend_cpu_seconds() -> float:
    """CPU time used so far by Django's connection's PostgreSQL backend (same machine only)."""
    from django.db import connection

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_ms(action: Callable[[], Any]) -> tuple[float, Any]:
    """Wall-clock milliseconds of `action()`, and its result."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def timed_cpu_ms(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock ms, on-CPU ms (this process plus the database backend), result."""
    cpu = time.process_time() + backend_cpu_seconds()
    elapsed, result = timed_ms(action)
    used = (time.process_time() + backend_cpu_seconds() - cpu) * 1000
    return elapsed, used, result


def vacuum_analyze(tables: list[str]) -> None:
    """Fresh statistics and visibility maps, as autovacuum would leave them on a live system."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def put_section(section: str) -> None:
    """Put `section` (a "## Title" line and its text) into docs/performance.md.

    It replaces the section of the same title, up to the next "## " heading, or is added at the
    end; the other sections are left as they are.
    """
    title = section.split("\n", 1)[0]
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    section = section.rstrip("\n") + "\n"
    start = text.find(f"\n{title}\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end != -1 else "")
    REPORT.write_text(text, encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)} ({title})")


@dataclass(frozen=True)
class Timing:
    """Latencies of one kind of request in milliseconds: wall clock and time on a CPU."""

    label: str
    samples: list[float]
    cpu_samples: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile_95(self.samples)

    @property
    def cpu_p50(self) -> float | None:
        return statistics.median(self.cpu_samples) if self.cpu_samples else None

    @property
    def cpu_p95(self) -> float | None:
        return percentile_95(self.cpu_samples) if self.cpu_samples else None


def percentile_95(samples: list[float]) -> float:
    """The 95th percentile (inclusive method: a value seen when there are few samples)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def timed_with_cpu(calls: Iterable[Callable[[], Any]]) -> list[tuple[float, float | None]]:
    """Run each call; return (wall clock, on-CPU) milliseconds for each.

    On-CPU time is this thread's CPU time plus the PostgreSQL backend's (Linux schedstat of the
    connection's server process): what the call costs without waiting for a core, which on a
    machine shared with other work is the figure that stays put from run to run.
    """
    from django.db import connection

    results: list[tuple[float, float | None]] = []
    for call in calls:
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        backend = backend_cpu_ns(pid)
        thread = time.thread_time_ns()
        started = time.perf_counter()
        call()
        wall = (time.perf_counter() - started) * 1000
        thread = time.thread_time_ns() - thread
        cpu = None
        # A request may close and reopen the connection; then the server side is unknown.
        if connection.connection is not None and connection.connection.info.backend_pid == pid:
            after = backend_cpu_ns(pid)
            if backend is not None and after is not None:
                cpu = (thread + after - backend) / 1_000_000
        results.append((wall, cpu))
    return results


def backend_cpu_ns(pid: int) -> int | None:
    """Nanoseconds a local server process has spent on a CPU (None where /proc cannot tell)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
