"""`motcua dossier-diagram [--write | --check]`: the lifecycle page generated from the table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.diagram import WORKFLOW_DOC, render_workflow_markdown


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "In (hoặc ghi) sơ đồ vòng đời hồ sơ docs/workflow.md sinh từ bảng trạng thái."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="ghi vào docs/workflow.md")
        group.add_argument(
            "--check", action="store_true", help="báo lỗi nếu docs/workflow.md đã lệch"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        page = render_workflow_markdown()
        if options["write"]:
            WORKFLOW_DOC.write_text(page, encoding="utf-8")
            self.stdout.write(str(WORKFLOW_DOC))
        elif options["check"]:
            current = WORKFLOW_DOC.read_text(encoding="utf-8") if WORKFLOW_DOC.exists() else ""
            if current != page:
                raise CommandError(
                    f"{WORKFLOW_DOC} lệch với bảng trạng thái: chạy motcua dossier-diagram --write."
                )
        else:
            self.stdout.write(page, ending="")
