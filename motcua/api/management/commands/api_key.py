"""`motcua api-key create --name NAME [--agency CODE]`: issue a key for a system client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.agencies.models import Agency
from motcua.api.models import ApiKey


class Command(BaseCommand):
    help = "Tạo khóa API cho hệ thống khác (Cổng DVCQG, hệ thống của cơ quan khác)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo khóa mới và in ra một lần")
        create.add_argument("--name", required=True)
        create.add_argument("--agency", default=None, help="mã định danh cơ quan")

    def handle(self, *args: Any, **options: Any) -> None:
        name = (options["name"] or "").strip()
        if not name:
            raise CommandError("--name không được để trống.")
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã {options['agency']}.")
        _key, raw = ApiKey.issue(name=name, agency=agency)
        self.stdout.write(raw)
