"""`dondoc registry import|export|template|sweep|partitions`: records in and out as CSV or XLSX;
the crime reports' partitions by province (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import DomainError
from dondoc.org.models import Agency, User
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.partitions import partitioned, partitions_ensure
from dondoc.registry.pending import pending_imports_sweep
from dondoc.registry.transfer import registry_export, registry_import, template_xlsx

KINDS = ", ".join(LAYOUTS)


class Command(BaseCommand):
    help = (
        "Nhập, xuất hồ sơ nghiệp vụ (CSV, XLSX). Ví dụ: dondoc registry import crime_reports "
        "tin-bao.xlsx --agency 12 --user daumoi"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        load = commands.add_parser(
            "import",
            help="nhập hồ sơ từ tệp",
            description="Ví dụ: dondoc registry import persons ca-nhan.csv --agency 12 "
            "--user daumoi",
        )
        load.add_argument("kind", help=f"loại hồ sơ: {KINDS}")
        load.add_argument("file")
        load.add_argument("--agency", required=True, help="cơ quan quản lý: mã số hoặc tên")
        load.add_argument("--user", required=True, help="tên đăng nhập của người nhập")
        load.add_argument("--sheet", default="", help="tên trang tính (Excel) cần đọc")
        load.add_argument(
            "--save-valid",
            action="store_true",
            help="lưu các dòng hợp lệ dù có dòng bị từ chối (mặc định: không lưu gì)",
        )
        dump = commands.add_parser(
            "export",
            help="xuất hồ sơ ra tệp",
            description="Ví dụ: dondoc registry export crime_reports --agency 12 --format xlsx "
            "--out tb.xlsx --user quantri",
        )
        dump.add_argument("kind", help=f"loại hồ sơ: {KINDS}")
        dump.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        dump.add_argument("--out", required=True)
        dump.add_argument(
            "--user", required=True, help="tên đăng nhập (việc xuất được ghi nhật ký)"
        )
        dump.add_argument(
            "--agency",
            default="",
            help="cơ quan quản lý hồ sơ: mã số hoặc tên (bắt buộc với hồ sơ có dữ liệu cá nhân; "
            "cần quyền xuất do quản trị hệ thống cấp cho cơ quan đó)",
        )
        dump.add_argument("--unit", default="", help="đường dẫn đơn vị, ví dụ pre2025/08/076")
        sweep = commands.add_parser(
            "sweep",
            help="xóa các tệp nhập chờ xác nhận quá 24 giờ",
            description="Ví dụ (chạy hằng giờ bằng cron): dondoc registry sweep",
        )
        sweep.set_defaults(kind="")
        parts = commands.add_parser(
            "partitions",
            help="tạo phân vùng (PostgreSQL) cho các tỉnh chưa có, sau khi nạp bản đồ hành chính",
            description="Ví dụ (sau dondoc load_units): dondoc registry partitions",
        )
        parts.set_defaults(kind="")
        blank = commands.add_parser(
            "template",
            help="tải mẫu nhập",
            description="Ví dụ: dondoc registry template crime_reports --out mau.xlsx",
        )
        blank.add_argument("kind", help=f"loại hồ sơ: {KINDS}")
        blank.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if options["command"] == "sweep":
            deleted = pending_imports_sweep()
            self.stdout.write(f"Đã xóa {deleted} tệp nhập chờ xác nhận quá 24 giờ.")
            return
        if options["command"] == "partitions":
            self._partitions()
            return
        if kind not in LAYOUTS:
            raise CommandError(f"Loại hồ sơ “{kind}”: chọn một trong {KINDS}.")
        try:
            if options["command"] == "template":
                Path(options["out"]).write_bytes(template_xlsx(kind))
                self.stdout.write(f"Đã ghi mẫu {options['out']}")
            elif options["command"] == "export":
                data = registry_export(
                    actor=self._user(options["user"]),
                    kind=kind,
                    fmt=options["format"],
                    agency=self._agency(options["agency"]) if options["agency"] else None,
                    unit_path=options["unit"],
                )
                Path(options["out"]).write_bytes(data)
                self.stdout.write(f"Đã ghi {options['out']}")
            else:
                self._import(kind, options)
        except DomainError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(str(error)) from error

    def _import(self, kind: str, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        result = registry_import(
            actor=self._user(options["user"]),
            agency=self._agency(options["agency"]),
            kind=kind,
            data=path.read_bytes(),
            filename=path.name,
            save_valid=options["save_valid"],
            sheet=options["sheet"],
        )
        if result.sheet:
            self.stdout.write(result.sheet)
        for warning in result.warnings[:200]:
            self.stdout.write(f"{path.name}: {warning.describe()}")
        for error in result.errors[:200]:
            self.stderr.write(f"{path.name}: {error.describe()}")
        if len(result.errors) > 200:
            self.stderr.write(f"… và {len(result.errors) - 200} lỗi khác.")
        if result.errors and not result.saved:
            raise CommandError(
                f"{result.rejected_rows}/{result.rows} dòng bị từ chối: không lưu gì. Sửa tệp, "
                "hoặc chạy lại với --save-valid để lưu các dòng hợp lệ."
            )
        self.stdout.write(
            f"Đã lưu {result.saved}/{result.rows} dòng"
            + (f"; {result.rejected_rows} dòng bị từ chối" if result.errors else "")
            + (f"; {len(result.warnings)} dòng bỏ qua" if result.warnings else "")
            + "."
        )

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        return user

    def _agency(self, text: str) -> Agency:
        if text.isdigit():
            agency = Agency.objects.filter(pk=int(text)).first()
        else:
            found = list(Agency.objects.filter(name__iexact=text.strip())[:2])
            if len(found) > 1:
                raise CommandError(f"Nhiều cơ quan tên “{text}”: dùng mã số.")
            agency = found[0] if found else None
        if agency is None:
            raise CommandError(f"Không có cơ quan “{text}”.")
        return agency

    def _partitions(self) -> None:
        if not partitioned():
            self.stdout.write(
                "Cơ sở dữ liệu này không phân vùng (chỉ PostgreSQL): không có gì để làm."
            )
            return
        added = partitions_ensure(actor=SYSTEM)
        for part in added:
            self.stdout.write(
                f"Đã tạo phân vùng cho {part.province} (mã {part.province_id}), "
                f"chuyển {part.rows_moved} dòng từ phân vùng mặc định."
            )
        if not added:
            self.stdout.write("Mọi tỉnh đã có phân vùng riêng.")
