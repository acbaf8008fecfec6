"""`dondoc agency_names --plan N`: the names a unit's documents use for its agencies; adopt them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.actors import SYSTEM, Actor
from dondoc.core.exceptions import DomainError
from dondoc.org.models import User
from dondoc.org.services.names import agency_name_adopt
from dondoc.plans.models import Document
from dondoc.plans.resolution import agency_name_proposals

from .plan import find_unit


def find_plan(number: str, unit_text: str = "") -> Document:
    """A plan by its number as printed; --unit when two units share it."""
    documents = Document.objects.filter(number__iexact=number.strip()).select_related("unit")
    if unit_text:
        documents = documents.filter(unit=find_unit(unit_text))
    found = list(documents[:5])
    if not found:
        raise CommandError(f"Không có kế hoạch số “{number}” trong dondoc (đã nhập chưa?).")
    if len(found) > 1:
        units = "; ".join(f"{d.unit.full_name} ({d.unit.path})" for d in found)
        raise CommandError(f"Có nhiều kế hoạch số “{number}”: {units}. Chọn bằng --unit.")
    return found[0]


class Command(BaseCommand):
    help = (
        "Liệt kê các cơ quan mà văn bản của địa bàn nhất quán gọi bằng một tên khác tên trong "
        "danh mục (ví dụ Kế hoạch 284/KH-UBND viết «Trung tâm Văn hóa - Truyền thông và Thể "
        "thao huyện»), và chấp nhận tên đó làm tên cơ quan (tên cũ thành tên gọi khác, ghi nhật "
        "ký). Ví dụ: dondoc agency_names --plan 284/KH-UBND; "
        "dondoc agency_names --plan 284/KH-UBND --adopt all --user daumoi"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="Số kế hoạch, ví dụ 284/KH-UBND.")
        parser.add_argument("--unit", default="", help="Địa bàn, khi hai địa bàn trùng số.")
        parser.add_argument(
            "--adopt",
            action="append",
            default=[],
            metavar="MÃ|all",
            help="Chấp nhận tên đề xuất cho cơ quan có mã này (lặp lại được), hoặc «all».",
        )
        parser.add_argument(
            "--user", default="", help="Người chấp nhận (đầu mối hoặc quản trị của địa bàn)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = find_plan(options["plan"], options["unit"])
        actor: Actor = SYSTEM
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng «{options['user']}».")
            actor = user
        try:
            proposals = agency_name_proposals(user=actor, document=document)
        except DomainError as error:
            raise CommandError(error.message or "Không có quyền với kế hoạch này.") from error
        if not proposals:
            self.stdout.write(f"{document.label}: không có tên cơ quan nào cần đề xuất.")
            return
        chosen = set(options["adopt"])
        for proposal in proposals:
            agency = proposal.agency
            line = f"[{agency.pk}] {agency.name} → {proposal.name} ({proposal.mentions} lần)"
            if "all" in chosen or str(agency.pk) in chosen:
                try:
                    agency_name_adopt(
                        actor=actor, agency=agency, name=proposal.name, source=document.label
                    )
                except DomainError as error:
                    raise CommandError(error.message) from error
                line += ": đã chấp nhận."
            self.stdout.write(line)
