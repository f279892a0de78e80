"""`motcua scheduler`: enqueue periodic jobs (each app lists its jobs in `PERIODIC_TASKS`)."""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser


def periodic_tasks() -> list[tuple[int, Any]]:
    """(interval in seconds, task) pairs declared by each app's `tasks.PERIODIC_TASKS`."""
    found: list[tuple[int, Any]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("motcua."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        found.extend(getattr(module, "PERIODIC_TASKS", []))
    return found


class Command(BaseCommand):
    help = "Lập lịch các công việc định kỳ (kiểm tra quá hạn, tự đóng hồ sơ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi thoát")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = periodic_tasks()
        next_run = dict.fromkeys(range(len(jobs)), 0.0)
        while True:
            now = time.monotonic()
            for index, (interval, task) in enumerate(jobs):
                if now >= next_run[index]:
                    task.enqueue()
                    next_run[index] = now + interval
            if options["once"]:
                return
            time.sleep(5)
