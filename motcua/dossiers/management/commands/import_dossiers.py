"""`motcua import-dossiers FILE.csv`: import historical dossiers (CONTRACT §5).

Bad rows are named on stderr with their line number and reason and skipped; placeholders created
for unknown procedure or agency codes are reported on stderr. The last stdout line is always
`imported=N failed=N`. Exit status: 0 when no row failed, 1 otherwise (the good rows are imported
all the same); a file that cannot be used at all is a one-line error and nothing is imported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.dossiers.history_import import RowError, import_history


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ từ hệ thống cũ (CSV theo CONTRACT §5). Dòng lỗi được báo kèm số dòng và bỏ "
        "qua; mã hồ sơ đã có thì giữ nguyên. Trả về 1 nếu có dòng lỗi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        def show(error: RowError) -> None:
            self.stderr.write(f"{options['path']}: {error}")

        try:
            report = import_history(options["path"], on_error=show)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for placeholder in report.placeholders:
            self.stderr.write(str(placeholder))
        if report.already_present:
            self.stderr.write(f"{report.already_present} hồ sơ đã có (theo mã), giữ nguyên.")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} dòng không nhập được (xem các dòng ở trên).")
