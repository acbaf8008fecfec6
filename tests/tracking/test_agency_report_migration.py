"""The data migration: per-task reports made the old way are grouped into one agency report
per period and agency, without loss."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps

from dondoc.core.actors import SYSTEM
from dondoc.tracking.agency_grouping import group_sections, least_advanced
from dondoc.tracking.models import AgencyReport, ProgressReport, ReportEvent
from dondoc.tracking.services import (
    progress_report_accept,
    progress_report_save,
    schedule_ensure,
)
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db


def test_least_advanced_state() -> None:
    assert least_advanced(["accepted", "submitted"]) == "submitted"
    assert least_advanced(["accepted", "returned", "submitted"]) == "returned"
    assert least_advanced(["accepted", "draft"]) == "draft"


def test_old_reports_become_sections_of_one_agency_report(world) -> None:
    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    coord = document.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    a = progress_report_save(
        actor=world.officer, assignment=lead, period=period, version=None,
        task_status="done", done_text="Đã lập bảng thống kê.", figure="12",
        figure_note="đơn thư", difficulties="Thiếu người.", submit=True,
    )  # fmt: skip
    progress_report_accept(actor=world.focal, report=a)
    b = progress_report_save(
        actor=world.officer, assignment=coord, period=period, version=None,
        task_status="in_progress", done_text="Phối hợp tuyên truyền.",
        difficulties="Thiếu tài liệu.", submit=True,
    )  # fmt: skip
    events_before = ReportEvent.objects.count()
    assert AgencyReport.objects.count() == 0  # made the old way: no agency report
    assert group_sections(apps) == 1
    assert group_sections(apps) == 0  # idempotent
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    assert report.state == "submitted"  # the least advanced of accepted and submitted
    assert report.difficulties == "Mục I/1: Thiếu tài liệu.\nMục I/2: Thiếu người."
    assert set(report.sections.all()) == {a, b}
    a.refresh_from_db()
    assert a.state == "accepted" and a.figure == 12  # sections keep their own state and text
    figure = report.figures.get()
    assert (figure.label, figure.value, figure.unit, figure.section) == (
        "Số liệu", Decimal("12"), "đơn thư", a,
    )  # fmt: skip
    assert ReportEvent.objects.count() == events_before  # the sections' history is kept
    event = report.events.get()
    assert event.action == "migrate" and "mục I/2: accepted" in event.comment
    assert ProgressReport.objects.filter(agency_report__isnull=True).count() == 0
