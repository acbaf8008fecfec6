"""`dondoc load_units`: load or update the administrative map of both editions."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from dondoc.org.models import AdminUnit
from dondoc.org.services.units import unit_map_load

_LEVELS = [
    (AdminUnit.Map.PRE2025, AdminUnit.Level.PROVINCE),
    (AdminUnit.Map.PRE2025, AdminUnit.Level.DISTRICT),
    (AdminUnit.Map.PRE2025, AdminUnit.Level.COMMUNE),
    (AdminUnit.Map.V2025, AdminUnit.Level.PROVINCE),
    (AdminUnit.Map.V2025, AdminUnit.Level.COMMUNE),
]


class Command(BaseCommand):
    help = (
        "Nạp hoặc cập nhật danh mục đơn vị hành chính: bản đồ 3 cấp (đến 30/6/2025), bản đồ "
        "2 cấp (từ 01/7/2025) và quan hệ kế thừa giữa hai bản. Chạy lại không thay đổi gì. "
        "Ví dụ: dondoc load_units"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = unit_map_load(actor=None)
        self.stdout.write(f"{'Bản đồ · cấp':<34}{'thêm':>8}{'sửa':>8}{'giữ nguyên':>12}")
        for map_, level in _LEVELS:
            key = (str(map_), str(level))
            edition = "Đến 30/6/2025" if map_ == AdminUnit.Map.PRE2025 else "Từ 01/7/2025"
            label = f"{edition} · {AdminUnit.Level(level).label}"
            self.stdout.write(
                f"{label:<34}{result.created.get(key, 0):>8}"
                f"{result.updated.get(key, 0):>8}{result.unchanged.get(key, 0):>12}"
            )
        self.stdout.write(
            f"{'Quan hệ kế thừa':<34}{result.successions_created:>8}"
            f"{result.successions_updated:>8}{result.successions_unchanged:>12}"
        )
        total = AdminUnit.objects.count()
        verdict = "Đã cập nhật." if result.changed else "Không có gì thay đổi."
        self.stdout.write(
            self.style.SUCCESS(
                f"{verdict} Tổng cộng {total} đơn vị hành chính"
                f" ({time.monotonic() - started:.1f} giây)."
            )
        )
