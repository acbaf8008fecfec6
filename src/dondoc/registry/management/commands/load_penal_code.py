"""`dondoc load_penal_code [FILE]`: (re)load the offences of the Penal Code's special part."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from dondoc.registry.catalogues import PENAL_CODE, load_penal_code
from dondoc.registry.models import Offence


class Command(BaseCommand):
    help = (
        "Nạp (hoặc cập nhật) danh mục tội danh từ phần các tội phạm của Bộ luật Hình sự "
        "(mặc định: registry/data/penal_code.json). Điều đã có giữ nguyên mã số. "
        "Ví dụ: dondoc load_penal_code"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(PENAL_CODE), help="tệp JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            articles = data["articles"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(
                f"Tệp “{path}”: cần tệp JSON có mục “articles” như penal_code.json ({error})."
            ) from error
        for number, item in enumerate(articles, start=1):
            missing = [k for k in ("code", "article", "chapter", "name") if k not in item]
            if missing:
                raise CommandError(
                    f"Tệp “{path}”, điều thứ {number}: thiếu {', '.join(missing)}; không nạp gì."
                )
        with transaction.atomic():
            created, updated = load_penal_code(Offence, data)
        self.stdout.write(f"Đã nạp {created} tội danh mới, cập nhật {updated} tội danh.")
