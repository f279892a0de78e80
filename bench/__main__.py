"""Run the benchmarks: `python -m bench [name ...]` (every `bench/bench_*.py` by default)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    names = argv or sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    for name in names:
        module = importlib.import_module(f"bench.{name.removeprefix('bench.')}")
        print(f"== {module.__name__}", flush=True)
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
