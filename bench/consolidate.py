"""Benchmark of tracking: the follow-up board and the consolidated DOCX for a generated province.

Prints figures; asserts nothing. Run: .venv/bin/python bench/consolidate.py [--districts N]
Uses a throwaway SQLite file unless DATABASE_URL is set. Builds a province of the map before
2025 (Tuyên Quang) with a 50-task plan, each of its districts with its own 50-task plan
carrying out the province's tasks, and every report of the 2024 period filled and accepted.
Then times, per district plan and for the province (with its districts rolled up): the
board, the consolidation, the DOCX and the XLSX. The baseline is reading the period's reports
with their tasks and agencies in one query, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dondoc.core.actors import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plans import DISTRICT_AGENCIES, PROVINCE_AGENCIES, plan_text  # noqa: E402

TASKS = 50
RUNS = 5


def _plan(number: str, place: str, title: str, agencies: list[tuple[str, str]]) -> str:
    return plan_text(number=number, place=place, date="10 tháng 3 năm 2024", title=title,
                     agencies=agencies, tasks=TASKS, per_section=TASKS // 5)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=0, help="0: all of the province's")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="dondoc-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from functools import partial

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import timing

    timed = partial(timing.timed, runs=RUNS)
    from dondoc.org.models import AdminUnit, Membership, Role, User
    from dondoc.org.services.units import unit_map_load
    from dondoc.plans.importers.text import parse_text
    from dondoc.plans.services import plan_import, plan_resolve
    from dondoc.reports.consolidated import consolidated_docx, consolidated_xlsx
    from dondoc.tracking.consolidation import consolidate
    from dondoc.tracking.models import ProgressReport
    from dondoc.tracking.selectors import board_for, due_assignments
    from dondoc.tracking.services import (
        progress_report_accept,
        progress_report_save,
        schedule_ensure,
    )

    call_command("migrate", verbosity=0)
    unit_map_load(actor=SYSTEM)
    admin = User.objects.create_superuser("bench", password=None)
    province = AdminUnit.objects.get(map="pre2025", level="province", code="08")
    districts = list(province.children.order_by("code"))
    if args.districts:
        districts = districts[: args.districts]

    def import_plan(text: str, unit: AdminUnit):  # type: ignore[no-untyped-def]
        draft = parse_text(text)
        plan_resolve(actor=SYSTEM, draft=draft, unit=unit)
        document = plan_import(actor=SYSTEM, draft=draft, unit=unit)
        schedule_ensure(actor=SYSTEM, document=document)
        return document

    started = time.perf_counter()
    upper = import_plan(
        _plan("9/KH-UBND", "Tuyên Quang", "Kế hoạch của tỉnh", PROVINCE_AGENCIES), province
    )
    upper_tasks = {t.title.split(":")[0]: t for t in upper.tasks.filter(is_leaf=True)}
    plans = []
    for number, district in enumerate(districts, start=10):
        lower = import_plan(
            _plan(f"{number}/KH-UBND", district.short_name, "Kế hoạch", DISTRICT_AGENCIES),
            district,
        )
        lower.upper = upper
        lower.save(update_fields=["upper"])
        for task in lower.tasks.filter(is_leaf=True):
            task.upper_task = upper_tasks[task.title.split(":")[0]]
            task.save(update_fields=["upper_task"])
        plans.append(lower)
    setup = time.perf_counter() - started

    # Each agency's report is written by an officer of that agency (an administrator reviews
    # and accepts, but may not write an agency's report).
    officers: dict[int, User] = {}

    def officer(agency_id: int) -> User:
        if agency_id not in officers:
            user = User.objects.create_user(f"bench-{agency_id}", password=None)
            Membership.objects.create(user=user, agency_id=agency_id, role=Role.AGENCY_OFFICER)
            officers[agency_id] = user
        return officers[agency_id]

    started = time.perf_counter()
    filled = 0
    for document in [upper, *plans]:
        period = document.periods.get(label="2024")
        for assignment in due_assignments(period=period):
            report = progress_report_save(
                actor=officer(assignment.agency_id),
                assignment=assignment,
                period=period,
                version=None,
                task_status="done",
                done_text=f"Đã thực hiện nhiệm vụ mục {assignment.task.path}; tổ chức 02 hội "
                "nghị, 150 lượt người tham dự.",
                difficulties="Kinh phí hạn chế." if assignment.task.position % 7 == 0 else "",
                submit=True,
            )
            progress_report_accept(actor=admin, report=report)
            filled += 1
    filling = time.perf_counter() - started
    print(f"province: {province.name}, {len(plans)} districts, {TASKS} tasks per plan")
    print(f"set-up (map aside): {setup:6.2f} s for {len(plans) + 1} plans")
    print(f"reports filled and accepted through the services: {filled} in {filling:6.2f} s "
          f"({filled / filling:,.0f} reports/s)")  # fmt: skip

    def per_plan(document, include_lower: bool = False) -> dict[str, float]:  # type: ignore[no-untyped-def]
        period = document.periods.get(label="2024")
        content = consolidate(
            user=None, document=document, period=period, include_lower=include_lower
        )
        figures = {
            "baseline": timed(
                lambda: list(
                    ProgressReport.objects.filter(period=period).select_related(
                        "assignment__task", "agency"
                    )
                )
            ),
            "board": timed(lambda: board_for(document=document, period=period)),
            "consolidate": timed(
                lambda: consolidate(
                    user=None, document=document, period=period, include_lower=include_lower
                )
            ),
            "docx": timed(lambda: consolidated_docx(content)),
            "xlsx": timed(lambda: consolidated_xlsx(content)),
        }
        connection.queries_log.clear()  # the log keeps 9,000 queries: start from empty
        with CaptureQueriesContext(connection) as queries:
            board_for(document=document, period=period)
        figures["board_queries"] = len(queries)
        figures["reports"] = ProgressReport.objects.filter(period=period).count()
        return figures

    rows = [per_plan(document) for document in plans]
    province_row = per_plan(upper, include_lower=True)

    def line(label: str, figures: dict[str, float]) -> str:
        base = figures["baseline"]
        return (
            f"{label:<28} {int(figures['reports']):>6} {figures['board'] * 1000:9.1f} "
            f"{figures['consolidate'] * 1000:9.1f} {figures['docx'] * 1000:9.1f} "
            f"{figures['xlsx'] * 1000:9.1f} {int(figures['board_queries']):>6} "
            f"{figures['board'] / base:7.1f}x"
        )

    print()
    print(f"{'plan':<28} {'reports':>6} {'board ms':>9} {'consol ms':>9} {'docx ms':>9} "
          f"{'xlsx ms':>9} {'queries':>6} {'board/base':>8}")  # fmt: skip
    median = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    print(line("district plan (median)", median))
    print(line("province plan + districts", province_row))
    total = sum(r["board"] + r["consolidate"] + r["docx"] for r in rows) + (
        province_row["board"] + province_row["consolidate"] + province_row["docx"]
    )
    print(f"\nwhole province: every board and every consolidated DOCX in {total:5.2f} s "
          f"for {filled} reports")  # fmt: skip
    print(f"(baseline: reading a district period's reports, {median['baseline'] * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
