"""`dondoc plan parse|import FILE`: read a plan document; print it as JSON or save it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# The domain is imported in the handlers, not here: `dondoc plan parse --help` is answered
# before Django loads the apps and their models (dondoc.cli.fast_help).
if TYPE_CHECKING:
    from dondoc.org.models import AdminUnit
    from dondoc.plans.importers.drafts import PlanDraft

NOT_A_PLAN = 2  # exit status for a file that holds no plan


def find_unit(text: str, draft: PlanDraft | None = None) -> AdminUnit:
    """--unit: a path ("pre2025/08/076"), a code ("076") or a name ("huyện Sơn Dương")."""
    from dondoc.core.exceptions import DomainError
    from dondoc.org.models import AdminUnit
    from dondoc.org.unit_lookup import unit_find
    from dondoc.plans.issuing_unit import map_for

    units = AdminUnit.objects.all()
    found = units.filter(path=text).first()
    if found is None:
        by_code = list(units.filter(code=text))
        preferred = map_for(draft.document) if draft else None
        if len(by_code) > 1 and preferred:
            by_code = [u for u in by_code if u.map == preferred] or by_code
        if len(by_code) == 1:
            found = by_code[0]
        elif len(by_code) > 1:
            listed = "; ".join(f"{u.full_name} ({u.path})" for u in by_code)
            raise CommandError(f"Mã «{text}» ứng với nhiều đơn vị: {listed}. Hãy ghi đường dẫn.")
    if found is None:
        try:
            found = unit_find(text)
        except DomainError as error:
            raise CommandError(error.message) from error
    if found is None:
        raise CommandError(f"Không tìm thấy đơn vị hành chính «{text}».")
    return found


class Command(BaseCommand):
    help = (
        "Đọc văn bản kế hoạch (Word .docx/.doc, PDF có lớp chữ hoặc bản scan, Excel .xlsx/.xls "
        "theo mẫu, văn bản .txt/.md) "
        "thành cây nhiệm vụ với cơ quan chủ trì, phối hợp và thời hạn. "
        "Ví dụ: dondoc plan parse ke-hoach-284.docx > 284.json; "
        "dondoc plan import ke-hoach-284.docx --unit 'huyện Sơn Dương, tỉnh Tuyên Quang'"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="parse|import")
        parse = actions.add_parser(
            "parse",
            help="In kết quả đọc dưới dạng JSON, không ghi gì vào cơ sở dữ liệu. "
            "Ví dụ: dondoc plan parse ke-hoach.docx",
        )
        save = actions.add_parser(
            "import",
            help="Lưu kế hoạch vào hệ thống (một giao dịch). "
            "Ví dụ: dondoc plan import ke-hoach.docx --unit pre2025/08/076",
        )
        for sub in (parse, save):
            sub.add_argument("file", help="Tệp kế hoạch.")
            sub.add_argument(
                "--unit",
                help="Địa bàn ban hành: đường dẫn, mã hoặc tên đơn vị hành chính; bỏ trống để "
                "suy ra từ văn bản.",
            )
        parse.add_argument(
            "--no-resolve",
            action="store_true",
            help="Không đối chiếu tên cơ quan với danh mục (không cần cơ sở dữ liệu).",
        )
        save.add_argument(
            "--replace",
            action="store_true",
            help="Thay thế văn bản cùng số đã nhập trước đó; kế hoạch đã có báo cáo thì được "
            "sửa đổi theo văn bản mới (giữ báo cáo, ghi lịch sử).",
        )
        save.add_argument(
            "--user",
            help="Tên đăng nhập của người nhập: kiểm tra quyền theo địa bàn người đó và ghi vào "
            "nhật ký; không ghi thì hệ thống nhập (người vận hành nạp dữ liệu).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from dondoc.plans.importers import PlanParseError, parse_plan

        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}.") from error
        try:
            draft = parse_plan(data, file=path.name)
        except PlanParseError as error:
            raise CommandError(error.describe(), returncode=NOT_A_PLAN) from error
        if options["action"] == "parse":
            self._parse(draft, options)
        else:
            self._import(draft, data, path, options)

    def _unit(self, draft: PlanDraft, options: dict[str, Any]) -> AdminUnit:
        from dondoc.core.exceptions import DomainError
        from dondoc.plans.issuing_unit import infer_unit
        from dondoc.plans.remedies import for_cli

        if options.get("unit"):
            return find_unit(options["unit"], draft)
        try:
            return infer_unit(draft.document)
        except DomainError as error:
            raise CommandError(for_cli(error), returncode=NOT_A_PLAN) from error

    def _parse(self, draft: PlanDraft, options: dict[str, Any]) -> None:
        from django.db import DatabaseError, transaction

        from dondoc.core.actors import SYSTEM
        from dondoc.plans.importers.drafts import draft_to_dict
        from dondoc.plans.services import plan_resolve

        if not options["no_resolve"]:
            try:
                unit = self._unit(draft, options)
                with transaction.atomic():
                    # The directory may be created to resolve against; nothing is kept.
                    plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
                    transaction.set_rollback(True)
            except CommandError as error:
                self.stderr.write(f"Chưa đối chiếu tên cơ quan: {error}")
            except DatabaseError:
                self.stderr.write(
                    "Chưa đối chiếu tên cơ quan: chưa có cơ sở dữ liệu (dondoc migrate; "
                    "dondoc load_units)."
                )
        for task in draft.tasks:  # ids of a rolled-back directory would mislead
            for assignment in task.assignments:
                assignment.agency_id = None
        self.stdout.write(json.dumps(draft_to_dict(draft), ensure_ascii=False, indent=2))

    def _import(self, draft: PlanDraft, data: bytes, path: Path, options: dict[str, Any]) -> None:
        # An operator loading plans acts as dondoc itself; --user names the person who imports,
        # checked against the units he plans for, as the review page would.
        from django.db import transaction

        from dondoc.core.actors import SYSTEM, Actor
        from dondoc.core.exceptions import DomainError
        from dondoc.org.models import User
        from dondoc.plans.models import PlanChange
        from dondoc.plans.remedies import for_cli
        from dondoc.plans.services import plan_import, plan_resolve

        actor: Actor = SYSTEM
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng «{options['user']}».")
            actor = user
        unit = self._unit(draft, options)
        changes_before = PlanChange.objects.count()
        try:
            # Resolving reads the directory at length: outside the import's short transaction.
            plan_resolve(actor=actor, draft=draft, unit=unit)
            with transaction.atomic():
                document = plan_import(
                    actor=actor,
                    draft=draft,
                    unit=unit,
                    replace=options["replace"],
                    source_name=path.name,
                    source_sha256=hashlib.sha256(data).hexdigest(),
                )
        except DomainError as error:
            raise CommandError(for_cli(error)) from error
        leaves = sum(1 for t in draft.tasks if t.leaf)
        assigned = sum(len(t.assignments) for t in draft.tasks)
        self.stdout.write(
            f"Đã nhập {document.label} — {unit.full_name}: {len(draft.tasks)} mục, {leaves} "
            f"nhiệm vụ, {assigned} lượt phân công; {len(draft.warnings)} cảnh báo."
        )
        for warning in draft.warnings:
            self.stdout.write(f"  ! {warning.message}")
        amended = PlanChange.objects.filter(document=document).count()
        if amended and PlanChange.objects.count() > changes_before:
            # The plan had reports: the new text amended it (plans.amendments), reports kept.
            self.stdout.write(
                f"Kế hoạch đã có báo cáo: sửa đổi theo văn bản mới, "
                f"{PlanChange.objects.count() - changes_before} thay đổi ghi vào lịch sử "
                "(nhiệm vụ không còn trong văn bản được bãi bỏ, báo cáo được giữ)."
            )
        if document.upper is not None:
            self.stdout.write(f"Thực hiện kế hoạch cấp trên: {document.upper.label}.")
