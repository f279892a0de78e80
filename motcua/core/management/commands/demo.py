"""`motcua demo`: load the demo province, logins, catalogue and calendar; safe to run twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.demo.services import load_demo, logins_table


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: tỉnh An Hòa (H22), tài khoản cho từng vai trò, danh mục thủ tục và "
        "lịch làm việc. Chạy lại không thay đổi gì."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if report.changed:
            self.stdout.write(
                f"Dữ liệu mẫu: {report.agencies_created} cơ quan, "
                f"{report.users_created} tài khoản, thủ tục {report.procedures}, "
                f"{report.procedures_configured} thủ tục được thiết lập, "
                f"{report.calendar_days_created} ngày lịch mới."
            )
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn: không thay đổi gì.")
        self.stdout.write("Tài khoản dùng thử (xem docs/demo.md):")
        self.stdout.write(logins_table())
