"""`dondoc org reforms`: apply the 2025 reforms to the agencies in dondoc."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from dondoc.core.actors import SYSTEM
from dondoc.org.services.reforms import reforms_load


class Command(BaseCommand):
    help = (
        "Cơ quan, đơn vị theo thời gian. Ví dụ: dondoc org reforms (áp dụng các đợt sắp xếp "
        "năm 2025: Công an cấp huyện kết thúc 01/3/2025, cấp huyện kết thúc 01/7/2025, sáp nhập "
        "tỉnh, xã; ghi cơ quan tiếp nhận và căn cứ)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser(
            "reforms",
            help="áp dụng các đợt sắp xếp tổ chức năm 2025 cho các cơ quan đã có trong dondoc",
            description="Ghi ngày kết thúc của các cơ quan theo bản đồ cũ, cơ quan tiếp nhận "
            "(toàn bộ hoặc một phần chức năng) với căn cứ pháp lý, và trạng thái hoạt động hôm "
            "nay. Chạy lại không thay đổi gì. Ví dụ: dondoc org reforms",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = reforms_load(actor=SYSTEM)
        except DatabaseError as error:
            raise CommandError(
                f"Không áp dụng được dữ liệu sắp xếp tổ chức (đã chạy «dondoc migrate» và "
                f"«dondoc load_units» chưa?): {error}"
            ) from error
        self.stdout.write(f"Cơ quan tiếp nhận được tạo thêm: {result.agencies_created}")
        self.stdout.write(f"Cơ quan được ghi ngày kết thúc: {result.ended}")
        self.stdout.write(f"Cơ quan theo bản đồ mới được ghi ngày bắt đầu: {result.started}")
        self.stdout.write(
            f"Quan hệ tiếp nhận: thêm {result.successions_created}, "
            f"giữ nguyên {result.successions_unchanged}"
        )
        self.stdout.write(f"Cơ quan chuyển sang «không còn hoạt động»: {result.deactivated}")
        if result.conflicts:
            self.stdout.write(
                self.style.WARNING(
                    f"Cơ quan có ngày tồn tại trái với đợt sắp xếp, giữ nguyên "
                    f"({len(result.conflicts)}; sửa ngày trong trang quản trị rồi chạy lại):"
                )
            )
            for conflict in result.conflicts:
                self.stdout.write(f"  - {conflict.describe()}")
        verdict = "Đã cập nhật." if result.changed else "Không có gì thay đổi."
        self.stdout.write(self.style.SUCCESS(f"{verdict} ({time.monotonic() - started:.1f} giây)"))
