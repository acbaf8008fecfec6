"""`dondoc load_units`: load or update the administrative map of both editions."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.org.services.units import unit_map_load

_ROWS = [
    (AdminUnit.Map.PRE2025, AdminUnit.Level.PROVINCE),
    (AdminUnit.Map.PRE2025, AdminUnit.Level.DISTRICT),
    (AdminUnit.Map.PRE2025, AdminUnit.Level.COMMUNE),
    (AdminUnit.Map.V2025, AdminUnit.Level.PROVINCE),
    (AdminUnit.Map.V2025, AdminUnit.Level.COMMUNE),
    (AdminUnit.Map.NATIONAL, AdminUnit.Level.NATIONAL),
]
_EDITION = {
    AdminUnit.Map.PRE2025: "Đến 30/6/2025",
    AdminUnit.Map.V2025: "Từ 01/7/2025",
}


class Command(BaseCommand):
    help = (
        "Nạp hoặc cập nhật danh mục đơn vị hành chính: bản đồ 3 cấp (63 tỉnh, 696 huyện, "
        "10.051 xã; đến 30/6/2025), bản đồ 2 cấp (34 tỉnh, 3.321 xã; từ 01/7/2025), quan "
        "hệ kế thừa giữa hai bản và đơn vị cấp trung ương. Chạy lại không thay đổi gì. "
        "Ví dụ: dondoc load_units"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Xóa các quan hệ kế thừa có trong cơ sở dữ liệu nhưng không có trong dữ liệu "
            "nguồn (ví dụ từ một bản dữ liệu cũ). Ví dụ: dondoc load_units --prune",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = unit_map_load(actor=SYSTEM, prune=options["prune"])
        except DatabaseError as error:
            raise CommandError(
                f"Không nạp được danh mục đơn vị hành chính (đã chạy «dondoc migrate» chưa?): "
                f"{error}"
            ) from error
        self.stdout.write(f"{'Bản đồ · cấp':<28}{'thêm':>8}{'sửa':>8}{'giữ nguyên':>12}")
        for map_, level in _ROWS:
            key = (str(map_), str(level))
            label = (
                "Cấp trung ương"
                if map_ == AdminUnit.Map.NATIONAL
                else f"{_EDITION[map_]} · {level.label}"
            )
            self.stdout.write(
                f"{label:<28}{result.created[key]:>8}"
                f"{result.updated[key]:>8}{result.unchanged[key]:>12}"
            )
        self.stdout.write(
            f"{'Cộng đơn vị hành chính':<28}{result.created.total():>8}"
            f"{result.updated.total():>8}{result.unchanged.total():>12}"
        )
        self.stdout.write(
            f"{'Quan hệ kế thừa':<28}{result.successions_created:>8}"
            f"{result.successions_updated:>8}{result.successions_unchanged:>12}"
        )
        if result.successions_deleted:
            self.stdout.write(
                f"Đã xóa {result.successions_deleted} quan hệ kế thừa không có trong dữ liệu nguồn."
            )
        if result.successions_extra:
            self.stdout.write(
                f"Có {result.successions_extra} quan hệ kế thừa không có trong dữ liệu nguồn "
                "(nhập tay hoặc từ bản dữ liệu cũ), vẫn giữ; dùng --prune để xóa."
            )
        self._partitions()
        total = f"{AdminUnit.objects.count():,}".replace(",", ".")  # Vietnamese: 14.165
        verdict = "Đã cập nhật." if result.changed else "Không có gì thay đổi."
        self.stdout.write(
            self.style.SUCCESS(
                f"{verdict} Tổng cộng {total} đơn vị hành chính"
                f" ({time.monotonic() - started:.1f} giây)."
            )
        )

    def _partitions(self) -> None:
        """A new province gets its partitions of the registry's tables at once (PostgreSQL;
        registry.partitions), rather than its records waiting in the default partitions."""
        from dondoc.registry.partitions import partitions_ensure

        added = partitions_ensure(actor=SYSTEM)
        if added:
            moved = sum(part.rows_moved for part in added)
            self.stdout.write(
                f"Đã tạo phân vùng dữ liệu hồ sơ cho {len(added)} tỉnh"
                f" (chuyển {moved} dòng từ phân vùng mặc định)."
            )
