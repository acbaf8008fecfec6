"""The small plan of the test world with its schedule and one sent report, for page tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dondoc.core.actors import SYSTEM
from dondoc.plans.models import Assignment, Document
from dondoc.tracking.models import Evidence, ProgressReport, ReportingPeriod
from dondoc.tracking.services import evidence_add, progress_report_save, schedule_ensure
from tests.plans.factories import world_plan


@dataclass
class Tracked:
    plan: Document
    period: ReportingPeriod  # 2025: due 05/01/2026
    assignment: Assignment  # I/1, led by Công an huyện Sơn Dương (the focal officer's agency)
    report: ProgressReport  # sent by the focal officer, with one evidence file
    evidence: Evidence


def world_tracking(world: Any) -> Tracked:
    plan = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    period = plan.periods.get(label="2025")
    assignment = plan.tasks.get(path="I/1").assignments.get(role="lead")
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is None:
        report = progress_report_save(
            actor=world.focal,
            assignment=assignment,
            period=period,
            version=None,
            task_status="in_progress",
            done_text="Đã tổ chức 02 hội nghị tuyên truyền tại Sơn Dương.",
        )
        evidence_add(actor=world.focal, report=report, name="bien-ban.pdf", data=b"%PDF-1.7\n%")
        report = progress_report_save(
            actor=world.focal,
            assignment=assignment,
            period=period,
            version=report.version,
            task_status="in_progress",
            done_text=report.done_text,
            submit=True,
        )
    return Tracked(plan, period, assignment, report, report.evidence.get())


def world_court_owes(world: Any) -> Assignment:
    """The district court, which has no account in dondoc, coordinates task I/2 and so owes a
    report of 2025 (late on the pinned day, 30/11/2026)."""
    task = world_plan(world).tasks.get(path="I/2")
    assignment, _ = Assignment.objects.get_or_create(
        task=task,
        agency=world.court_sd,
        defaults={
            "role": "coordinating",
            "position": 9,
            "raw": "Tòa án nhân dân huyện",
            "mention": "Tòa án nhân dân huyện",
        },
    )
    return assignment


def world_agency_report(world: Any) -> Any:
    """The agency report of Công an huyện Sơn Dương for 2025: the sent report of
    world_tracking grouped into it (as the data migration does), with its signed copy."""
    from django.apps import apps

    from dondoc.tracking.agency_grouping import group_sections
    from dondoc.tracking.agency_reports import signed_copy_upload
    from dondoc.tracking.models import AgencyReport

    tracked = world_tracking(world)
    report = AgencyReport.objects.filter(period=tracked.period, agency=world.police_sd).first()
    if report is None:
        group_sections(apps)
        report = AgencyReport.objects.get(period=tracked.period, agency=world.police_sd)
        report = signed_copy_upload(
            actor=world.focal, report=report, name="bao-cao-ky.pdf", data=b"%PDF-1.7\n%"
        )
    return report
