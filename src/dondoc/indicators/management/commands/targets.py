"""`dondoc targets show`: a plan's targets, their values and attainment for a period."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dondoc.indicators.services import target_rows
from dondoc.plans.models import Document


class Command(BaseCommand):
    help = (
        "Các chỉ tiêu của kế hoạch, số liệu và mức độ đạt. Ví dụ: dondoc targets show "
        "--plan 111/KH-CAT-CSHS --period 2024 --format csv"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        show = commands.add_parser(
            "show",
            help="bảng chỉ tiêu",
            description="Ví dụ: dondoc targets show --plan 111/KH-CAT-CSHS --period 2024",
        )
        show.add_argument("--plan", required=True, help="số kế hoạch, ví dụ 111/KH-CAT-CSHS")
        show.add_argument("--period", help="năm, ví dụ 2024 (mặc định: năm trước)")
        show.add_argument("--format", choices=["json", "csv"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        documents = list(Document.objects.filter(number__iexact=options["plan"].strip())[:2])
        if len(documents) != 1:
            raise CommandError(
                f"Không có kế hoạch số “{options['plan']}”."
                if not documents
                else f"Có nhiều kế hoạch số “{options['plan']}”."
            )
        period = options["period"] or ""
        if period and not period.isdigit():
            raise CommandError("--period: năm, ví dụ 2024 (các chỉ tiêu tính theo năm).")

        year = int(period) if period else timezone.localdate().year - 1
        rows = target_rows(user=None, document=documents[0], year=year)
        table = [
            {
                "target": row.target.raw or row.target.subject,
                "kind": row.target.kind,
                "indicator": row.target.indicator.name if row.target.indicator else None,
                "value": row.value.value if row.value else None,
                "baseline": row.baseline,
                "baseline_rule": row.baseline_text,
                "status": row.result.status,
                "status_label": row.result.label,
                "reason": row.result.reason,
            }
            for row in rows
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"plan": options["plan"], "year": year, "targets": table},
                                         ensure_ascii=False, indent=1))  # fmt: skip
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Chỉ tiêu", "Chỉ số", "Số liệu", "Mốc so sánh", "Cách tính mốc", "Mức độ",
                         "Giải thích"])  # fmt: skip
        for item in table:
            writer.writerow([item["target"], item["indicator"] or "(chưa gắn chỉ số)",
                             item["value"], item["baseline"], item["baseline_rule"],
                             item["status_label"],
                             item["reason"]])  # fmt: skip
        self.stdout.write(buffer.getvalue())
