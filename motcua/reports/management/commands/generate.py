"""`motcua generate --dossiers N [--seed S]`: synthetic data for benchmarks and demos.

Creates the synthetic province "Tỉnh Thử nghiệm" once, then N dossiers over the three years up to
today (or --until). Progress goes to stderr; the last stdout line is
`dossiers=N agencies=N procedures=N applicants=N seconds=S`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.reports.synthetic import generate_dossiers


def _positive(raw: str, option: str) -> int:
    try:
        value = int(raw.replace("_", "").replace(",", ""))
    except ValueError:
        raise CommandError(f"{option} phải là số nguyên: {raw!r}.") from None
    return value


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mẫu (tỉnh Thử nghiệm, danh mục thủ tục, N hồ sơ trong 3 năm) "
        "cho đo hiệu năng "
        "và trình diễn. Chạy lại sẽ thêm hồ sơ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", required=True, metavar="N", help="số hồ sơ cần sinh")
        parser.add_argument("--seed", default="0", metavar="S", help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--until", metavar="DATE", help="ngày cuối của dữ liệu (mặc định: hôm nay)"
        )
        parser.add_argument("--years", default="3", metavar="N", help="số năm dữ liệu (mặc định 3)")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="không sinh lịch sử xử lý (nhanh hơn; báo cáo thống kê không cần)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = _positive(options["dossiers"], "--dossiers")
        seed = _positive(options["seed"], "--seed")
        years = _positive(options["years"], "--years")
        until = None
        if options["until"]:
            try:
                until = dt.date.fromisoformat(options["until"].strip())
            except ValueError:
                raise CommandError(
                    f"--until không phải ngày dạng YYYY-MM-DD: {options['until']!r}."
                ) from None

        def progress(done: int) -> None:
            self.stderr.write(f"{done}/{count} hồ sơ")

        try:
            result = generate_dossiers(
                count,
                seed=seed,
                until=until,
                years=years,
                history=not options["no_history"],
                on_progress=progress if options["verbosity"] >= 1 else None,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(result.summary())
