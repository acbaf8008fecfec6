"""`dondoc evidence encrypt|sweep`: upkeep of the files attached to reports."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.tracking.evidence_files import SWEEP_GRACE, encrypt_stored, sweep_orphans


class Command(BaseCommand):
    help = (
        "Bảo trì tài liệu kèm theo báo cáo. `encrypt`: mã hóa các tệp lưu trước khi có mã hóa "
        "và mã hóa lại bằng khóa đầu tiên của DONDOC_ENCRYPTION_KEY (sau khi xoay khóa). "
        "`sweep`: xóa các tệp không còn thuộc báo cáo nào (lần lưu bị từ chối, tiến trình bị "
        "dừng giữa chừng); chạy hằng ngày bằng cron.\n"
        "Ví dụ: dondoc evidence encrypt --dry-run; dondoc evidence sweep"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        encrypt = sub.add_parser("encrypt", help="mã hóa (lại) các tệp chưa mã hóa bằng khóa mới")
        encrypt.add_argument("--dry-run", action="store_true", help="chỉ đếm, không ghi")
        sweep = sub.add_parser("sweep", help="xóa tệp không thuộc báo cáo nào")
        sweep.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không xóa")
        sweep.add_argument(
            "--grace-minutes",
            type=int,
            default=int(SWEEP_GRACE.total_seconds() // 60),
            help="để yên các tệp mới ghi trong chừng ấy phút (đang tải lên); mặc định 60",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        if options["action"] == "encrypt":
            result = encrypt_stored(dry_run=dry_run)
            verb = "Cần mã hóa" if dry_run else "Đã mã hóa"
            self.stdout.write(
                f"{verb} {result.encrypted} tệp; {result.current} tệp đã mã hóa bằng khóa hiện tại."
            )
            for name in result.missing:
                self.stderr.write(f"Thiếu tệp trong kho lưu trữ: {name}")
            return
        if options["grace_minutes"] < 0:
            raise CommandError("--grace-minutes: không được âm.")
        grace = datetime.timedelta(minutes=options["grace_minutes"])
        orphans = sweep_orphans(grace=grace, dry_run=dry_run)
        for name in orphans:
            self.stdout.write(f"  {name}")
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(f"{verb} {len(orphans)} tệp không thuộc báo cáo nào.")
