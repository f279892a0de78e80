"""Run the benchmarks: `python -m bench [name ...]` (every `bench/bench_*.py` by default).

One benchmark runs in this process. Several run one after another, each in a fresh Python
process: every benchmark sets Django up for itself (settings module, test environment, database),
and one must not inherit another's state or the time its garbage takes to collect.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    names = [name.removeprefix("bench.") for name in argv] or sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if len(names) == 1:
        module = importlib.import_module(f"bench.{names[0]}")
        print(f"== {module.__name__}", flush=True)
        module.main()
        return
    failed = []
    for name in names:
        # This interpreter and this package, one module name: nothing from a shell.
        run = subprocess.run([sys.executable, "-m", "bench", name], check=False)  # noqa: S603
        if run.returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
