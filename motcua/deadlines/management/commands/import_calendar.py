"""`motcua import-calendar FILE.csv`: load official holidays, days off and make-up working days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.deadlines.services import import_calendar


class Command(BaseCommand):
    help = (
        "Nạp lịch ngày lễ, ngày nghỉ bù và ngày làm bù từ tệp CSV (date,kind,name); "
        "nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            try:
                result = import_calendar(path)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            years = f" years={','.join(map(str, result.years))}" if result.years else ""
            self.stdout.write(f"{result}{years}")
