"""`dondoc backfill`: what a plan's import now creates, for the plans imported before it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dondoc.core.actors import SYSTEM
from dondoc.indicators.services import targets_backfill
from dondoc.tracking.services import schedules_backfill


class Command(BaseCommand):
    help = (
        "Tạo chế độ báo cáo, các kỳ báo cáo và chỉ tiêu cho các kế hoạch đã nhập trước khi "
        "việc nhập kế hoạch tạo ra chúng (các trang không tự tạo gì khi được xem). Chạy lại "
        "không thay đổi gì. Ví dụ: dondoc backfill"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # A backfill completes what past imports would now have made: dondoc's own act.
        schedules = schedules_backfill(actor=SYSTEM)
        targets = targets_backfill(actor=SYSTEM)
        self.stdout.write(
            f"Đã tạo chế độ báo cáo cho {schedules} kế hoạch, chỉ tiêu cho {targets} kế hoạch."
        )
