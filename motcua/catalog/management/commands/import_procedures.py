"""`motcua import-procedures PATH...`: import the national portal's raw procedure records.

Each record is imported in its own transaction. A bad file or record is named on stderr with the
reason and skipped; the others are imported. The last stdout line is always
`imported=N updated=N unchanged=N failed=N`. Exit status: 0 when every record imported (or was
unchanged), 1 when at least one file or record failed, even though the good ones were imported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.services.importer import Outcome, RecordResult, import_files


class Command(BaseCommand):
    help = (
        "Nhập thủ tục hành chính từ bản ghi JSON gốc của Cổng DVCQG (tệp hoặc thư mục *.json). "
        "Bản ghi thay đổi thành phiên bản mới; tệp lỗi được báo và bỏ qua. "
        "Trả về 1 nếu có tệp hoặc bản ghi lỗi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="tệp .json hoặc thư mục")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2

        def show(result: RecordResult) -> None:
            if result.outcome is Outcome.FAILED:
                self.stderr.write(f"{result.source}: {result.message}")
            elif verbose:
                version = f" v{result.version_number}" if result.version_number else ""
                self.stdout.write(f"{result.outcome} {result.code}{version} ({result.source})")

        report = import_files(options["paths"], on_result=show)
        self.stdout.write(report.summary())
        failed = report.count(Outcome.FAILED)
        if failed:
            raise CommandError(f"{failed} tệp/bản ghi không nhập được (xem các dòng ở trên).")
