"""`dondoc report consolidated`: the focal agency's consolidated report of a plan's period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.actors import SYSTEM
from dondoc.plans.management.commands.plan import find_unit
from dondoc.plans.models import Document
from dondoc.reports.consolidated import consolidated_docx, consolidated_xlsx
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.office import needs_handover
from dondoc.tracking.periods import parse_label
from dondoc.tracking.services import schedule_ensure


def find_plan(number: str, unit_text: str = "") -> Document:
    """A plan by its number as printed ("284/KH-UBND"); --unit when two units share it."""
    documents = Document.objects.filter(number__iexact=number.strip()).select_related("unit")
    if unit_text:
        unit = find_unit(unit_text)
        documents = documents.filter(unit=unit)
    found = list(documents[:5])
    if not found:
        raise CommandError(f"Không có kế hoạch số “{number}” trong dondoc (đã nhập chưa?).")
    if len(found) > 1:
        units = "; ".join(f"{d.unit.full_name} ({d.unit.path})" for d in found)
        raise CommandError(f"Có nhiều kế hoạch số “{number}”: {units}. Chọn bằng --unit.")
    return found[0]


class Command(BaseCommand):
    help = (
        "Lập báo cáo tổng hợp của cơ quan đầu mối cho một kỳ báo cáo của kế hoạch (DOCX theo "
        "thể thức Nghị định 30/2020/NĐ-CP; phụ lục XLSX).\n"
        "Ví dụ: dondoc report consolidated --plan 284/KH-UBND --period 2024 "
        "--out bao-cao-2024.docx --xlsx phu-luc-2024.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        consolidated = commands.add_parser(
            "consolidated",
            help="báo cáo tổng hợp một kỳ",
            description="Ví dụ: dondoc report consolidated --plan 284/KH-UBND --period 2024 "
            "--out bao-cao.docx",
        )
        consolidated.add_argument("--plan", required=True, help="số kế hoạch, ví dụ 284/KH-UBND")
        consolidated.add_argument(
            "--period",
            required=True,
            help="kỳ báo cáo: 2024, 2024-H1, 2024-Q3, 2024-M05, DX-2024-01",
        )
        consolidated.add_argument("--out", required=True, help="tệp DOCX sẽ ghi")
        consolidated.add_argument("--xlsx", help="tệp XLSX phụ lục (nếu cần)")
        consolidated.add_argument("--unit", default="", help="địa bàn, khi nhiều nơi cùng số")
        consolidated.add_argument(
            "--include-lower",
            action="store_true",
            help="đưa kết quả các kế hoạch cấp dưới (cùng kỳ) vào báo cáo",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = find_plan(options["plan"], options["unit"])
        schedule_ensure(actor=SYSTEM, document=document)
        label = options["period"].strip()
        period = document.periods.filter(label__iexact=label).first()
        if period is None:
            known = ", ".join(document.periods.values_list("label", flat=True)[:40])
            hint = (
                ""
                if parse_label(label) or label.upper().startswith("DX-")
                else (" Mã kỳ có dạng 2024, 2024-H1, 2024-Q3, 2024-M05.")
            )
            raise CommandError(
                f"{document.label} không có kỳ “{label}”.{hint} "
                f"Các kỳ hiện có: {known or 'không có'}."
            )
        # In the name of the body in office on the report's date, or not at all (issue 15).
        refusal = needs_handover(document, period)
        if refusal:
            raise CommandError(refusal)
        content = consolidate(
            user=None, document=document, period=period, include_lower=options["include_lower"]
        )
        out = Path(options["out"])
        try:
            out.write_bytes(consolidated_docx(content))
            if options["xlsx"]:
                Path(options["xlsx"]).write_bytes(consolidated_xlsx(content))
        except OSError as error:
            raise CommandError(f"Không ghi được tệp: {error}") from error
        counts = content.counts
        self.stdout.write(
            f"Đã ghi {out} — {document.label}, {period.title}: {counts['total']} nhiệm vụ phải báo "
            f"cáo, {len(content.missing)} cơ quan chưa có báo cáo được tiếp nhận."
        )
