"""Deadline engine: due-date computations per second for N working days, against the reference.

The engine (`motcua.deadlines.engine`) must not slow down as N grows; the day-by-day reference
(`motcua.deadlines.reference`) does. Both run in this process on the official 2019-2024 calendar
with the same random acceptance moments, so the ratios are comparable from run to run even when the
absolute figures are not. Rates are in CPU time of this one process. Pure Python: no database.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from motcua.deadlines.engine import TZ, Unit, WorkingCalendar, compute_due, compute_due_at
from motcua.deadlines.reference import ReferenceCalendar, reference_due_at

CALENDAR_FILE = (
    Path(__file__).resolve().parent.parent
    / "motcua"
    / "deadlines"
    / "data"
    / "holidays_vn_2019_2024.csv"
)
PERIODS = (1, 5, 20, 60)
FAST_CALLS = 60_000
SLOW_CALLS = 6_000
REPEATS = 5


def load() -> tuple[WorkingCalendar, ReferenceCalendar]:
    """The official calendar, once for the engine and once for the reference."""
    days_off: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    with CALENDAR_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target = makeup if row["kind"] == "makeup_workday" else days_off
            target[dt.date.fromisoformat(row["date"])] = row["name"]
    years = range(2019, 2025)
    fast = WorkingCalendar(days_off=days_off, makeup_workdays=makeup, years=years)
    slow = ReferenceCalendar(frozenset(days_off), frozenset(makeup), frozenset(years))
    return fast, slow


def moments(count: int, seed: int = 20231027) -> list[dt.datetime]:
    """Acceptance moments spread over 2019 to mid-2024, at any minute of the day."""
    rng = random.Random(seed)
    start = dt.datetime(2019, 1, 1, tzinfo=TZ)
    span_minutes = int((dt.datetime(2024, 8, 31, tzinfo=TZ) - start).total_seconds() // 60)
    return [start + dt.timedelta(minutes=rng.randrange(span_minutes)) for _ in range(count)]


def best_rates(
    calls: dict[str, Callable[[dt.datetime], object]], inputs: dict[str, Sequence[dt.datetime]]
) -> dict[str, float]:
    """Best calls per second of each function, in CPU time of this process (one core).

    The machines are shared: wall time would count the time other processes hold the core. Rounds
    interleave the functions so that what is left of load drift hits them all alike.
    """
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(REPEATS):
        for name, call in calls.items():
            began = time.process_time()
            for moment in inputs[name]:
                call(moment)
            best[name] = min(best[name], time.process_time() - began)
    return {name: len(inputs[name]) / seconds for name, seconds in best.items()}


def main() -> None:
    fast, slow = load()
    inputs = moments(FAST_CALLS)
    few = inputs[:SLOW_CALLS]
    for moment in few:  # the two implementations agree on every input before anything is timed
        for n in PERIODS:
            assert compute_due_at(fast, moment, n, Unit.WORKING_DAY) == reference_due_at(
                slow, moment, n, Unit.WORKING_DAY
            )
    calls: dict[str, Callable[[dt.datetime], object]] = {}
    sizes: dict[str, Sequence[dt.datetime]] = {}
    for n in PERIODS:
        calls[f"engine {n}"] = partial(compute_due_at, fast, amount=n, unit=Unit.WORKING_DAY)
        calls[f"text {n}"] = partial(compute_due, fast, amount=n, unit=Unit.WORKING_DAY)
        calls[f"reference {n}"] = partial(reference_due_at, slow, amount=n, unit=Unit.WORKING_DAY)
        sizes[f"engine {n}"], sizes[f"text {n}"], sizes[f"reference {n}"] = inputs, few, few
    rates = best_rates(calls, sizes)
    print(
        f"{'N':>3}  {'engine/s':>10}  {'with text/s':>11}  {'reference/s':>11}  "
        f"{'engine÷ref':>10}  {'time vs N=1':>11}"
    )
    base = rates[f"engine {PERIODS[0]}"]
    for n in PERIODS:
        engine_rate, reference_rate = rates[f"engine {n}"], rates[f"reference {n}"]
        text_rate = rates[f"text {n}"]
        print(
            f"{n:>3}  {engine_rate:>10,.0f}  {text_rate:>11,.0f}  {reference_rate:>11,.0f}  "
            f"{engine_rate / reference_rate:>9.1f}×  {base / engine_rate:>10.2f}×"
        )


if __name__ == "__main__":
    main()
