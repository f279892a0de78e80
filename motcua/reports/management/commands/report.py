"""`motcua report --from DATE --to DATE [--agency CODE] [--by …] --format …`: the statistics report.

JSON is CONTRACT §6 exactly; CSV, XLSX and PDF follow form 07a. Output goes to stdout (binary
formats too, for redirection) or to --output FILE. Bad input — `from` after `to`, an unknown agency
or grouping — is a one-line error and exit status 1; a period without data is a report of zeros.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.reports import exports
from motcua.reports.figures import GroupBy
from motcua.reports.selectors import agency_by_code, build_report

FORMATS = ("json", "csv", "xlsx", "pdf")


def _date(raw: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(f"{option} không phải ngày dạng YYYY-MM-DD: {raw!r}.") from None


class Command(BaseCommand):
    help = (
        "Báo cáo tình hình, kết quả giải quyết TTHC (biểu 07a) cho kỳ --from..--to (tính cả hai "
        "ngày, giờ Việt Nam): json, csv, xlsx hoặc pdf."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, metavar="DATE")
        parser.add_argument("--to", dest="date_to", required=True, metavar="DATE")
        parser.add_argument(
            "--agency", metavar="CODE", help="mã cơ quan: chỉ cơ quan này và các đơn vị trực thuộc"
        )
        parser.add_argument(
            "--by", default=GroupBy.AGENCY.value, help="agency (mặc định), sector hoặc procedure"
        )
        parser.add_argument("--format", default="json", help="json (mặc định), csv, xlsx, pdf")
        parser.add_argument("--output", metavar="FILE", help="ghi ra tệp thay vì stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        kind = options["format"].strip().lower()
        if kind not in FORMATS:
            allowed = ", ".join(FORMATS)
            raise CommandError(f"--format không hợp lệ: {kind!r} (chấp nhận: {allowed}).")
        try:
            agency = agency_by_code(options["agency"]) if options["agency"] else None
            report = build_report(date_from, date_to, agency=agency, by=options["by"].strip())
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if kind == "json":
            self._emit(exports.to_json(report) + "\n", options["output"])
        elif kind == "csv":
            self._emit(exports.csv_text(report), options["output"])
        elif kind == "xlsx":
            self._emit(exports.xlsx_bytes(report), options["output"])
        else:
            self._emit(exports.pdf_bytes(report), options["output"])

    def _emit(self, content: str | bytes, output: str | None) -> None:
        if output:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"Không có thư mục để ghi tệp: {path.parent}.")
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
            return
        if isinstance(content, str):
            self.stdout.write(content, ending="")
            return
        stream = getattr(self.stdout._out, "buffer", None)
        if stream is None:
            raise CommandError("Định dạng nhị phân cần --output FILE khi không ghi ra stdout.")
        if sys.stdout.isatty() and self.stdout._out is sys.stdout:
            raise CommandError("Không in tệp nhị phân ra màn hình: dùng --output FILE hoặc > tệp.")
        stream.write(content)
        stream.flush()
