"""`dondoc privacy_retention`: anonymise the records past their retention period (privacy
.retention), now or queued for the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.actors import SYSTEM
from dondoc.privacy.retention import anonymise_expired, anonymise_expired_task
from dondoc.registry.tabular import parse_date


class Command(BaseCommand):
    help = (
        "Ẩn danh các hồ sơ đã quá thời hạn lưu trữ (họ tên, số định danh, địa chỉ bị xóa; số "
        "liệu thống kê giữ nguyên), có ghi nhật ký. Ví dụ: dondoc privacy_retention --queue"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="store_true", help="giao cho việc nền (db_worker)")
        parser.add_argument("--date", help="tính thời hạn đến ngày này (31/12/2026)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            result = anonymise_expired_task.enqueue()
            self.stdout.write(f"Đã giao việc ẩn danh cho việc nền ({result.id}).")
            return
        today = None
        if options["date"]:
            try:
                today = parse_date(options["date"])
            except ValueError as error:
                raise CommandError(f"--date “{options['date']}”: cần dạng 31/12/2026.") from error
        self.stdout.write(anonymise_expired(actor=SYSTEM, today=today).summary)
