"""`dondoc demo`: a ready-to-try database: the map, the seed units' agencies, a user per role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import SYSTEM
from dondoc.handover.services import HandoverChanged, plan_handover_confirm
from dondoc.org.models import AdminUnit, Agency, Role, User
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.org.services.reforms import reforms_load
from dondoc.org.services.units import unit_map_load
from dondoc.org.services.users import membership_grant
from dondoc.org.unit_lookup import unit_current, unit_find
from dondoc.plans.contracts import PlanSchedule, schedule_of
from dondoc.plans.importers import parse_plan
from dondoc.plans.issuing_unit import infer_unit
from dondoc.plans.models import Document, Handover
from dondoc.plans.services import (
    DocumentExists,
    document_schedule_set,
    plan_import,
    plan_resolve,
)
from dondoc.registry.models import CrimeReport
from dondoc.registry.transfer import synthetic_crime_reports
from dondoc.reintegration.models import ReintegrationSubject
from dondoc.reintegration.transfer import synthetic_subjects
from dondoc.stats.facts import facts_current
from dondoc.tracking.agency_grouping import group_sections
from dondoc.tracking.models import ProgressReport
from dondoc.tracking.selectors import current_period
from dondoc.tracking.services import (
    progress_report_accept,
    progress_report_save,
    schedule_ensure,
)

REINTEGRATION_MIN, REINTEGRATION_MAX = 30, 300
DEMO_PLANS = Path(__file__).resolve().parents[3] / "plans" / "data" / "demo"
# A plan of today's map (issue 15), dated this year so that its current period is open: what
# the accounts of today's units find on their first screen. Marked as demo data in its title.
TODAY_PLANS_DIR = DEMO_PLANS.parent / "demo-today"
TODAY_PROVINCE = "Tỉnh Tuyên Quang"  # the 2025 province (Tuyên Quang with Hà Giang)
# The commune of the 2025 map that Thị trấn Sơn Dương merged into (successions-2025.json).
TODAY_COMMUNE = "Xã Sơn Dương"

# The units that issued the seed documents (shared/seeds), all of the map before July 2025,
# and the provinces that succeeded them, so that every seed plan has its agencies at hand.
DEMO_UNITS = [
    "Huyện Sơn Dương, Tỉnh Tuyên Quang",
    "Thành phố Trà Vinh, Tỉnh Trà Vinh",
    "Tỉnh Kiên Giang",
    "Tỉnh Đắk Nông",
]
# Communes of Huyện Sơn Dương given their directory (commune police first of all): the people
# back in the community are supervised by the commune police; the first commune's officer is
# a demo user, and a record is being handed over to it from the second.
DEMO_COMMUNES = ["Thị trấn Sơn Dương", "Xã Tân Trào", "Xã Vĩnh Lợi"]
# A ward of Đắk Nông whose police supervises synthetic people too, so that the reintegration
# section of the Đắk Nông regulation's consolidated report (seed 003, Art. 9) has figures.
DAK_NONG_WARD = ("Tỉnh Đắk Nông", "Thành phố Gia Nghĩa", "Phường Nghĩa Phú")
DAK_NONG_SUBJECTS = 12
DEMO_PASSWORD_SUFFIX = "@dondoc2026"  # noqa: S105 - printed demo passwords, demo database only


@dataclass(frozen=True)
class TodayReport:
    """A report of a plan of today's map, made by a demo account (and accepted by another)."""

    path: str  # the task
    role: str  # lead or coordinating
    author: str
    state: str  # draft, submitted or accepted
    text: str
    reviewer: str = ""


_DONE = "Đã tổ chức các hội nghị, tin bài theo kế hoạch (dữ liệu trình diễn)."
# (file, "province" or "commune", the reports already made): the rest is due.
TODAY_PLANS = [
    (
        TODAY_PLANS_DIR / "ke-hoach-tinh-tuyen-quang.txt",
        "province",
        [
            TodayReport("I", "lead", "daumoi_tinh", "accepted", _DONE, reviewer="daumoi_tinh"),
            TodayReport("III", "coordinating", "daumoi_tinh", "draft", "Đang tổng hợp."),
        ],
    ),
    (
        TODAY_PLANS_DIR / "ke-hoach-xa-son-duong.txt",
        "commune",
        [
            TodayReport("I", "lead", "canbo_ubnd_xa", "submitted", _DONE),
            TodayReport("II", "lead", "daumoi_xa", "accepted", _DONE, reviewer="daumoi_xa"),
        ],
    ),
]
_TODAY_USERS = ["daumoi_tinh", "daumoi_xa", "canbo_ubnd_xa"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    template_key: str  # the agency of `unit` the user works for
    commune: str = ""  # … or of this commune of `unit` (DEMO_COMMUNES)
    unit: str = DEMO_UNITS[0]  # one of DEMO_UNITS: Huyện Sơn Dương unless said otherwise
    today: bool = False  # `unit` (and `commune`) of the 2025 map: a body in office today

    @property
    def password(self) -> str:
        return self.username + DEMO_PASSWORD_SUFFIX


DEMO_USERS = [
    # Today's units (issue 15): the new Tuyên Quang province's police and People's Committee,
    # the police and the People's Committee of the commune Thị trấn Sơn Dương merged into.
    # The province's focal officer finds Plan 284/KH-UBND handed over to it and a plan of the
    # new map in its current period; the commune's, the records of the ended town police.
    DemoUser(
        "daumoi_tinh",
        "Hoàng Thị Tuyên",
        Role.FOCAL_OFFICER,
        "police",
        unit=TODAY_PROVINCE,
        today=True,
    ),
    DemoUser(
        "lanhdao_tinh",
        "Nguyễn Văn Quang",
        Role.LEADER,
        "peoples_committee",
        unit=TODAY_PROVINCE,
        today=True,
    ),
    DemoUser(
        "daumoi_xa",
        "Ma Thị Sơn",
        Role.FOCAL_OFFICER,
        "police",
        TODAY_COMMUNE,
        unit=TODAY_PROVINCE,
        today=True,
    ),
    DemoUser(
        "canbo_ubnd_xa",
        "Hà Văn Dương",
        Role.AGENCY_OFFICER,
        "peoples_committee",
        TODAY_COMMUNE,
        unit=TODAY_PROVINCE,
        today=True,
    ),
    # The old map's accounts, for the periods before the reorganisation.
    DemoUser("quantri", "Nguyễn Văn Quản", Role.ADMINISTRATOR, "peoples_committee"),
    DemoUser("daumoi", "Trần Thị Đầu", Role.FOCAL_OFFICER, "police"),
    DemoUser("canbo", "Lê Văn Cán", Role.AGENCY_OFFICER, "justice"),
    DemoUser("lanhdao", "Phạm Thị Lãnh", Role.LEADER, "peoples_committee"),
    DemoUser("thanhtra", "Hoàng Văn Tra", Role.INSPECTOR, "procuracy"),
    # The README's walk through the reporting loop: a second agency that owes reports on Plan
    # 284/KH-UBND, and the focal agency's leader, who approves the consolidated report.
    DemoUser("canbo_vhtt", "Lê Thị Mai", Role.AGENCY_OFFICER, "culture"),
    DemoUser("lanhdao_cah", "Đỗ Văn Hùng", Role.LEADER, "police"),
    DemoUser("canbo_xa", "Ma Văn Xã", Role.AGENCY_OFFICER, "police", DEMO_COMMUNES[0]),
    # The focal agencies of the other seed plans, so that every demo plan opens to someone
    # (the plans of Sơn Dương's officers are Sơn Dương's only): the Trà Vinh city draft, the
    # Kiên Giang police plan with its targets, the Đắk Nông regulation with the reintegration
    # section of its consolidated report.
    DemoUser("daumoi_tv", "Thạch Thị Vinh", Role.FOCAL_OFFICER, "police", unit=DEMO_UNITS[1]),
    DemoUser("daumoi_kg", "Nguyễn Văn Kiên", Role.FOCAL_OFFICER, "police", unit=DEMO_UNITS[2]),
    DemoUser("daumoi_dn", "Y Bình Niê", Role.FOCAL_OFFICER, "police", unit=DEMO_UNITS[3]),
]


class Command(BaseCommand):
    help = (
        "Chuẩn bị dữ liệu trình diễn: tạo/cập nhật CSDL, nạp bản đồ hành chính, danh bạ cơ quan "
        "của các địa bàn trong văn bản mẫu (và công an một số xã), một người dùng cho mỗi vai "
        "trò, người thuộc diện tái hòa nhập cộng đồng giả lập. Chạy lại nhiều lần không sao. "
        "Ví dụ: dondoc demo --records 10000"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-migrate", action="store_true", help="Không chạy migrate (CSDL đã sẵn sàng)."
        )
        parser.add_argument(
            "--records",
            type=int,
            default=0,
            help="tạo thêm N tin báo tội phạm giả lập (có bị hại) ở các địa bàn trình diễn; "
            "số người tái hòa nhập cộng đồng giả lập: N/1000, ít nhất 30, nhiều nhất 300",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # The demo creates an administrator whose password the README prints.
            raise CommandError(
                "dondoc demo không chạy khi DONDOC_MODE=production: lệnh này tạo tài khoản "
                "quản trị với mật khẩu ghi trong README. Dùng `dondoc createsuperuser`."
            )
        if not options["skip_migrate"]:
            self.stdout.write("Cập nhật cấu trúc cơ sở dữ liệu…")
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Nạp bản đồ hành chính (hai bản: trước và từ 01/7/2025)…")
        unit_map_load(actor=SYSTEM)
        units = self._demo_units()
        with transaction.atomic():
            for unit in units:
                agencies = agency_directory_ensure(actor=SYSTEM, unit=unit)
                edition = "từ 01/7/2025" if unit.map == AdminUnit.Map.V2025 else "trước 01/7/2025"
                self.stdout.write(
                    f"  Danh bạ {unit.full_name} ({edition}): {len(agencies)} cơ quan"
                )
            communes = self._communes(units[0])
            ward = self._ward()
            self._today_directories()
            reforms = reforms_load(actor=SYSTEM)
            self.stdout.write(
                f"  Sắp xếp tổ chức năm 2025: {reforms.agencies_created} cơ quan mới, "
                f"{reforms.deactivated} cơ quan kết thúc hoạt động"
            )
            self._users()
            documents = self._plans()
            self._handovers(documents)
            self._today_plans()
        if options["records"] > 0:
            self._records(units, options["records"])
        self._reintegration(communes, options["records"])
        self._reintegration_ward(ward)
        # The agencies of the earlier map end as the 2025 reforms say (issue 15).
        reforms = reforms_load(actor=SYSTEM)
        self.stdout.write(
            f"Sắp xếp tổ chức năm 2025: {reforms.ended} cơ quan theo bản đồ cũ kết thúc, "
            f"{reforms.successions_created} quan hệ tiếp nhận mới (dondoc org reforms)"
        )
        facts_current()  # the statistics pages show the facts as built: build them now
        self.stdout.write(self.style.SUCCESS("\nDữ liệu trình diễn đã sẵn sàng. Tài khoản:"))
        width = max(len(u.username) for u in DEMO_USERS)
        for demo in DEMO_USERS:
            self.stdout.write(
                f"  {demo.username:<{width}}  mật khẩu: {demo.password:<22} "
                f"{demo.role.label} — {self._agency(demo).name}"
            )
        self.stdout.write("Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên.")

    def _records(self, units: list[AdminUnit], count: int) -> None:
        """Synthetic crime reports kept by each demo unit's police, in its communes."""
        places = []
        for unit in units:
            if unit.map != AdminUnit.Map.PRE2025:
                continue
            police = Agency.objects.filter(unit=unit, kind="police", parent__isnull=True).first()
            if police is None:
                continue
            places += [(police, child) for child in unit.children.all()[:30]] or [(police, unit)]
        existing = CrimeReport.objects.filter(synthetic=True).count()
        if existing < count:  # run again: tops up to N, never doubles
            year = timezone.localdate().year
            synthetic_crime_reports(
                actor=SYSTEM, places=places, count=count - existing, years=(year - 2, year),
                seed=existing + 7,
            )  # fmt: skip
        self.stdout.write(f"  {count} tin báo tội phạm giả lập (đánh dấu “dữ liệu giả lập”)")

    def _communes(self, district: AdminUnit) -> list[AdminUnit]:
        """The directories of DEMO_COMMUNES (their commune police among them)."""
        communes = []
        for name in DEMO_COMMUNES:
            commune = district.children.filter(name=name).first()
            if commune is None:
                raise CommandError(f"Không tìm thấy «{name}» thuộc {district.full_name}.")
            agencies = agency_directory_ensure(actor=SYSTEM, unit=commune)
            self.stdout.write(f"  Danh bạ {commune.full_name}: {len(agencies)} cơ quan")
            communes.append(commune)
        return communes

    def _reintegration(self, communes: list[AdminUnit], records: int) -> None:
        """Synthetic people back in the community, supervised by the communes' police."""
        count = min(REINTEGRATION_MAX, max(REINTEGRATION_MIN, records // 1000))
        places = [
            (Agency.objects.get(unit=commune, template_key="police"), commune)
            for commune in communes
        ]
        # Counted by the commune they live in, not the keeping agency: a hand-over changes that.
        existing = ReintegrationSubject.objects.filter(synthetic=True, unit__in=communes).count()
        if existing < count:  # run again: tops up, never doubles
            synthetic_subjects(
                actor=SYSTEM, places=places, count=count - existing, start=existing,
                seed=existing + 11,
            )  # fmt: skip
        self.stdout.write(
            f"  {max(count, existing)} người thuộc diện tái hòa nhập cộng đồng giả lập "
            f"({', '.join(commune.name for commune in communes)})"
        )

    def _ward(self) -> AdminUnit:
        province, district, name = DAK_NONG_WARD
        ward = AdminUnit.objects.filter(
            name=name, parent__name=district, parent__parent__name=province,
            map=AdminUnit.Map.PRE2025,
        ).first()  # fmt: skip
        if ward is None:
            raise CommandError(f"Không tìm thấy «{name}, {district}, {province}».")
        agency_directory_ensure(actor=SYSTEM, unit=ward)
        return ward

    def _reintegration_ward(self, ward: AdminUnit) -> None:
        """A few synthetic people in the Đắk Nông ward; their names continue after Sơn Dương's."""
        police = Agency.objects.get(unit=ward, template_key="police")
        existing = ReintegrationSubject.objects.filter(synthetic=True, unit=ward).count()
        if existing < DAK_NONG_SUBJECTS:
            synthetic_subjects(
                actor=SYSTEM, places=[(police, ward)], count=DAK_NONG_SUBJECTS - existing,
                start=REINTEGRATION_MAX + existing, seed=existing + 13,
            )  # fmt: skip
        self.stdout.write(
            f"  {DAK_NONG_SUBJECTS} người thuộc diện tái hòa nhập cộng đồng giả lập "
            f"({ward.full_name})"
        )

    def _plans(self) -> list[Document]:
        """The seed plans, imported as a focal officer would (idempotent)."""
        documents = []
        for path in sorted(DEMO_PLANS.glob("*.txt")):
            draft = parse_plan(path.read_bytes(), file=path.name)
            unit = infer_unit(draft.document)
            plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
            try:
                document = plan_import(actor=SYSTEM, draft=draft, unit=unit, source_name=path.name)
            except DocumentExists as existing:
                document = existing.document
                if schedule_of(document) is None and draft.schedule is not None:
                    document_schedule_set(
                        actor=SYSTEM,
                        document=document,
                        schedule=PlanSchedule.from_draft(draft.schedule),
                    )
            schedule_ensure(actor=SYSTEM, document=document)
            documents.append(document)
            self.stdout.write(
                f"  {document.label} — {unit.full_name}: {document.tasks.count()} mục"
            )
        return documents

    def _today_directories(self) -> None:
        """The directories of today's Tuyên Quang province and of the commune of the demo."""
        province = unit_find(TODAY_PROVINCE, map=AdminUnit.Map.V2025)
        if province is None:
            raise CommandError(f"Không tìm thấy «{TODAY_PROVINCE}» của bản đồ từ 01/7/2025.")
        commune = province.children.filter(name=TODAY_COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không tìm thấy «{TODAY_COMMUNE}» thuộc {province.full_name}.")
        for unit in (province, commune):
            agencies = agency_directory_ensure(actor=SYSTEM, unit=unit)
            self.stdout.write(f"  Danh bạ {unit.full_name} (từ 01/7/2025): {len(agencies)} cơ quan")

    def _handovers(self, documents: list[Document]) -> None:
        """Each seed plan of an ended unit continues under today's province: its hand-over is
        confirmed by the system as proposed (lines without a proposal are not handed over, and
        say so on the hand-over page). Run again: a plan handed over stays as it is."""
        for document in documents:
            unit = unit_current(document.unit)
            if unit is not None and unit.level != AdminUnit.Level.PROVINCE:
                unit = next((u for u in unit.ancestors() if u.level == "province"), unit)
            if unit is None:
                continue
            if Handover.objects.filter(document=document, state="confirmed").exists():
                continue  # run again: a plan handed over stays as it is
            try:
                handover = plan_handover_confirm(
                    actor=SYSTEM, document=document, unit=unit, choices=None
                )
            except HandoverChanged:
                continue  # nothing of an ended agency left to hand over
            lines = handover.lines.all()
            kept = sum(1 for line in lines if line.to_agency_id)
            self.stdout.write(
                f"  Bàn giao {document.label} cho {unit.full_name}: {kept}/{len(lines)} nội dung"
            )

    def _today_plans(self) -> None:
        """Plans of today's map in their current period, partly reported: the province's and
        the commune's. Each report is made by the demo account of its agency."""
        province = unit_find(TODAY_PROVINCE, map=AdminUnit.Map.V2025)
        if province is None:
            raise CommandError(f"Không tìm thấy «{TODAY_PROVINCE}» của bản đồ từ 01/7/2025.")
        commune = province.children.get(name=TODAY_COMMUNE)
        for path, unit, reports in TODAY_PLANS:
            self._today_plan(path, province if unit == "province" else commune, reports)

    def _today_plan(self, path: Path, unit: AdminUnit, reports: list[TodayReport]) -> None:
        year = timezone.localdate().year
        text = path.read_text(encoding="utf-8").format(year=year, next_year=year + 1)
        draft = parse_plan(text.encode(), file=path.name)
        plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
        try:
            document = plan_import(actor=SYSTEM, draft=draft, unit=unit, source_name=path.name)
        except DocumentExists as existing:
            document = existing.document
        schedule_ensure(actor=SYSTEM, document=document)
        period = current_period(document=document)
        if period is None:
            return
        users = {u.username: u for u in User.objects.filter(username__in=_TODAY_USERS)}
        for row in reports:
            task = document.tasks.get(path=row.path)
            assignment = task.assignments.filter(role=row.role).first()
            if assignment is None or assignment.agency is None:
                raise CommandError(f"{document.label}: mục {row.path} chưa có cơ quan {row.role}.")
            if ProgressReport.objects.filter(assignment=assignment, period=period).exists():
                continue  # run again: the reports stay as they are
            report = progress_report_save(
                actor=users[row.author], assignment=assignment, period=period, version=None,
                task_status="in_progress", submit=row.state != "draft", done_text=row.text,
            )  # fmt: skip
            if row.state == "accepted" and row.reviewer:
                progress_report_accept(actor=users[row.reviewer], report=report)
        # The demo's reports are made task by task, then grouped into one report per agency
        # and period as the data migration groups the old ones (tracking.agency_grouping).
        group_sections(django_apps)
        sent = ProgressReport.objects.filter(period=period).exclude(state="draft").count()
        self.stdout.write(
            f"  {document.label} — {unit.full_name} (bản đồ từ 01/7/2025): {period.title}, "
            f"{sent} báo cáo đã gửi"
        )

    def _demo_units(self) -> list[AdminUnit]:
        units = []
        for text in DEMO_UNITS:
            unit = unit_find(text, map=AdminUnit.Map.PRE2025)
            if unit is None:
                raise CommandError(f"Không tìm thấy đơn vị hành chính «{text}» sau khi nạp bản đồ.")
            units.append(unit)
            if unit.parent is not None:
                units.append(unit.parent)
            # The 2025 province that carries on the unit (a district's successor is one).
            current = unit_current(unit)
            if current is not None:
                units.append(current)
        # Keep the order (Sơn Dương first) and drop repeats.
        return list(dict.fromkeys(units))

    def _agency(self, demo: DemoUser) -> Agency:
        edition = AdminUnit.Map.V2025 if demo.today else AdminUnit.Map.PRE2025
        unit = unit_find(demo.unit, map=edition)
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị hành chính «{demo.unit}».")
        if demo.commune:
            unit = unit.children.get(name=demo.commune)
        try:
            return Agency.objects.get(unit=unit, template_key=demo.template_key)
        except Agency.DoesNotExist as error:
            raise CommandError(
                f"Danh bạ của {unit.full_name} thiếu cơ quan mẫu «{demo.template_key}»."
            ) from error

    def _users(self) -> None:
        for demo in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=demo.username)
            first, _, last = demo.full_name.rpartition(" ")
            user.first_name, user.last_name = first, last
            user.email = f"{demo.username}@demo.dondoc.invalid"
            user.is_active = True
            # Reset on every run so that the printed password is always the right one.
            user.set_password(demo.password)
            user.save()
            membership_grant(actor=SYSTEM, user=user, agency=self._agency(demo), role=demo.role)
