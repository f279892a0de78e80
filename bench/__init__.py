"""Benchmarks: `make bench` runs each `bench_*.py` main(); figures go to docs/performance.md."""
