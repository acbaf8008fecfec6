"""`dondoc backup THƯ_MỤC`: the database and the uploaded files, without the keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (pg_dump) và các tệp đã tải lên vào một thư mục mới; khóa mã "
        "hóa KHÔNG nằm trong bản sao lưu, hãy giữ riêng. Ví dụ: dondoc backup "
        "/var/backups/dondoc/2026-11-30"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="thư mục mới (chưa có hoặc trống)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(Path(options["folder"]))
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Đã sao lưu vào {summary.folder}: cơ sở dữ liệu ({summary.database}), "
            f"{summary.files} tệp, {summary.size / 1_048_576:.1f} MB. Khóa mã hóa không có "
            "trong bản sao lưu: giữ nó ở nơi khác."
        )
