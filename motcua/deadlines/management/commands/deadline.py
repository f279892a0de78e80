"""`motcua deadline --at DATETIME --working-days N`: print the due datetime, nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.deadlines.engine import Unit
from motcua.deadlines.services import compute_due


def _amount(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"Thời hạn không phải là số: {raw!r}.") from None
    if not value.is_finite():
        raise CommandError(f"Thời hạn không hợp lệ: {raw!r}.")
    return value


class Command(BaseCommand):
    help = (
        "In hạn trả kết quả (ISO 8601, kèm múi giờ) của hồ sơ tiếp nhận lúc --at, "
        "theo lịch làm việc trong cơ sở dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            required=True,
            help="thời điểm tiếp nhận, ISO 8601 có múi giờ, vd. 2023-10-27T09:32+07:00",
        )
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--working-days", dest="working_day", metavar="N")
        period.add_argument("--days", dest="day", metavar="N")
        period.add_argument("--working-hours", dest="working_hour", metavar="N")
        period.add_argument("--months", dest="month", metavar="N")
        parser.add_argument(
            "--cutoff", default=None, metavar="HH:MM", help="giờ chốt nhận của thủ tục (vd. 15:00)"
        )
        parser.add_argument(
            "--explain", action="store_true", help="in giải thích từng bước ra stderr"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accepted_at = dt.datetime.fromisoformat(options["at"].strip())
        except ValueError:
            raise CommandError(
                f"--at không đúng dạng ISO 8601: {options['at']!r} (vd. 2023-10-27T09:32+07:00)."
            ) from None
        cutoff = None
        if options["cutoff"]:
            try:
                cutoff = dt.time.fromisoformat(options["cutoff"].strip())
            except ValueError:
                raise CommandError(
                    f"--cutoff không đúng dạng HH:MM: {options['cutoff']!r}."
                ) from None
        unit = next(u for u in Unit if options[u.value] is not None)
        amount = _amount(options[unit.value])
        try:
            due = compute_due(accepted_at, amount, unit, cutoff)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["explain"]:
            for line in due.explanation:
                self.stderr.write(line)
        self.stdout.write(due.due_at.isoformat())
