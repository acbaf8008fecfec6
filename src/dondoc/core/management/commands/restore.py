"""`dondoc restore THƯ_MỤC`: a backup into an empty database and files folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu của dondoc backup vào cơ sở dữ liệu mới, trống (DATABASE_URL) "
        "và thư mục tệp trống (DONDOC_MEDIA_ROOT), với đúng khóa mã hóa lúc sao lưu. Ví dụ: "
        "createdb dondoc_moi && DATABASE_URL=postgres:///dondoc_moi dondoc restore "
        "/var/backups/dondoc/2026-11-30"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="thư mục của bản sao lưu")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(Path(options["folder"]))
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Đã khôi phục từ {summary.folder}: cơ sở dữ liệu ({summary.database}), "
            f"{summary.files} tệp. Nếu mã dondoc mới hơn bản sao lưu, chạy dondoc migrate."
        )
