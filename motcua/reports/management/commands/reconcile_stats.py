"""`motcua reconcile-stats [--repair]`: recount the statistics tallies from the dossier table.

Prints each differing tally cell on stderr and `differences=N` as the last stdout line. Exit
status 1 when a difference remains; with --repair the tallies are rebuilt and checked again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.reports.rollup import fold_journal, rebuild_rollups, reconcile_rollups


class Command(BaseCommand):
    help = (
        "Đối chiếu số liệu tổng hợp của báo cáo thống kê với bảng hồ sơ; "
        "--repair: tính lại số liệu tổng hợp khi có chênh lệch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="tính lại khi có chênh lệch")
        parser.add_argument(
            "--fold", action="store_true", help="gộp các thay đổi đang chờ trước khi đối chiếu"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fold"]:
            folded = fold_journal()
            self.stderr.write(f"folded={folded}")
        result = reconcile_rollups()
        for mismatch in result.mismatches:
            self.stderr.write(str(mismatch))
        if not result.is_exact and options["repair"]:
            written = rebuild_rollups()
            self.stderr.write(f"rebuilt rows={written}")
            result = reconcile_rollups()
        self.stdout.write(f"differences={result.differing_rows}")
        if not result.is_exact:
            raise CommandError(
                f"{result.differing_rows} dòng số liệu tổng hợp lệch so với bảng hồ sơ "
                "(chạy lại với --repair để tính lại)."
            )
