"""`dondoc stats list|show|refresh`: the published tables, printed or written to a file; the
stale facts rebuilt."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.org.models import AdminUnit
from dondoc.stats.export import to_csv, to_json, to_xlsx
from dondoc.stats.facts import facts_current, facts_rebuild_all
from dondoc.stats.tables import current_year, registry

# The command line is run by the system's administrators: it sees every record.
SYSTEM = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=True, pk=None)


class Command(BaseCommand):
    help = (
        "Các bảng thống kê theo kế hoạch. Ví dụ: dondoc stats show crime_reports --unit 91 "
        "--year 2024 --by sex --format xlsx --out tin-bao-2024.xlsx --public"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("list", help="liệt kê các bảng", description="Ví dụ: dondoc stats list")
        refresh = commands.add_parser(
            "refresh",
            help="tính lại số liệu tổng hợp đã cũ (việc nền refresh_stale_facts làm việc này)",
            description="Ví dụ: dondoc stats refresh; dondoc stats refresh --all (sau khi khôi "
            "phục dữ liệu hoặc đổi quy tắc)",
        )
        refresh.add_argument("--all", action="store_true", help="tính lại mọi tỉnh, mọi năm")
        show = commands.add_parser(
            "show",
            help="in hoặc ghi một bảng",
            description="Ví dụ: dondoc stats show crime_reports --unit 91 --year 2024 --by sex",
        )
        show.add_argument("table", help="tên bảng (xem dondoc stats list)")
        show.add_argument(
            "--unit", required=True, help="mã hoặc đường dẫn đơn vị, ví dụ 91 hoặc pre2025/91"
        )
        show.add_argument("--year", type=int, default=current_year())
        show.add_argument("--by", default="unit", help="chia theo (xem dondoc stats list)")
        show.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        show.add_argument("--out", help="tệp ghi ra (bắt buộc với xlsx)")
        show.add_argument(
            "--public", action="store_true", help="ẩn các ô nhỏ (bảng gửi ra ngoài cơ quan)"
        )
        show.add_argument(
            "--child-abuse",
            action="store_true",
            help="chỉ xâm hại trẻ em (bảng khiếu nại, tố cáo: chỉ liên quan đến tra tấn)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tables = registry()
        if options["command"] == "list":
            for item in tables.values():
                ways = ", ".join(f"{k} ({v})" for k, v in item.breakdowns.items())
                self.stdout.write(f"{item.name}: {item.title}\n  --by: {ways}")
            return
        if options["command"] == "refresh":
            count = facts_rebuild_all() if options["all"] else facts_current()
            self.stdout.write(f"Đã tính lại số liệu của {count} cặp (tỉnh, năm).")
            return
        spec = tables.get(options["table"])
        if spec is None:
            raise CommandError(f"Không có bảng “{options['table']}”: {', '.join(tables)}.")
        if options["by"] not in spec.breakdowns:
            raise CommandError(f"--by: một trong {', '.join(spec.breakdowns)}.")
        unit = self._unit(options["unit"])
        facts_current(years={options["year"], options["year"] - 1})  # a command may write
        table = spec.compute(
            user=SYSTEM,
            unit=unit,
            year=options["year"],
            breakdown=options["by"],
            child_abuse=options["child_abuse"],
        )
        threshold = settings.SUPPRESSION_THRESHOLD if options["public"] else None
        if options["format"] == "xlsx":
            if not options["out"]:
                raise CommandError("--format xlsx cần --out TỆP.xlsx")
            Path(options["out"]).write_bytes(to_xlsx(table, threshold=threshold))
            self.stdout.write(f"Đã ghi {options['out']}")
            return
        text = (to_json if options["format"] == "json" else to_csv)(table, threshold=threshold)
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Đã ghi {options['out']}")
        else:
            self.stdout.write(text)

    def _unit(self, code: str | None) -> AdminUnit:
        if not code:
            raise CommandError("Chọn địa bàn bằng --unit MÃ (ví dụ 91 cho tỉnh Kiên Giang).")
        units = list(AdminUnit.objects.filter(path=code)) or list(
            AdminUnit.objects.filter(code=code).order_by("map")[:3]
        )
        if not units:
            raise CommandError(f"Không có đơn vị hành chính mã “{code}”.")
        if len(units) > 1:
            both = "; ".join(f"{u.path} ({u.name}, {u.get_map_display()})" for u in units)
            raise CommandError(f"Mã “{code}” có ở cả hai bản đồ: {both}. Dùng đường dẫn.")
        return units[0]
