"""`motcua run [--port N]`: serve the app with gunicorn and run the background worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy ứng dụng (web + tiến trình nền)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("MOTCUA_HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument("--no-worker", action="store_true", help="không chạy tiến trình nền")

    def handle(self, *args: Any, **options: Any) -> None:
        children: list[subprocess.Popen[bytes]] = []
        env = os.environ.copy()
        if not options["no_worker"]:
            # The task worker and the scheduler of periodic jobs (overdue checks, auto-closing).
            children.append(
                subprocess.Popen([sys.executable, "-m", "motcua.cli", "db_worker"], env=env)
            )
            children.append(
                subprocess.Popen([sys.executable, "-m", "motcua.cli", "scheduler"], env=env)
            )
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--workers",
                str(options["workers"]),
                "--no-control-socket",
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        children.append(web)
        self.stdout.write(f"motcua: http://{options['host']}:{options['port']}/")

        def stop(*_: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            sys.exit(1)
