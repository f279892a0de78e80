"""Running work in threads released at the same moment, for the PostgreSQL concurrency tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import DatabaseError, connections

from motcua.core.errors import DomainError


def run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released at the same moment; results or exceptions.

    Each thread has its own database connection, closed when it is done; a domain or database
    error is returned in the thread's place, so a test can count who won and who was refused.
    """
    barrier = threading.Barrier(count)

    def one(index: int) -> Any:
        try:
            barrier.wait(timeout=30)
            return work(index)
        except (DomainError, DatabaseError) as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))
