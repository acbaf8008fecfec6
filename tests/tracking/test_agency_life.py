"""Ended agencies in tracking: never asked for a period that starts after their end, counted pro
rata in a period they existed for in part, refused when writing for a later period, and their
officers keep reading their history."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotFound
from dondoc.org.models import Agency
from dondoc.org.scoping import scope_for
from dondoc.plans.models import Assignment, Document
from dondoc.tracking import selectors
from dondoc.tracking.models import ReportingPeriod
from dondoc.tracking.services import progress_report_save, schedule_ensure
from tests.plans.factories import world_plan
from tests.world import signed_in

pytestmark = pytest.mark.django_db

D = datetime.date


def end(agency: Agency, day: datetime.date) -> None:
    """What `dondoc org reforms` does to an agency of the earlier map, as of today."""
    Agency.objects.filter(pk=agency.pk).update(existed_until=day, is_active=False)
    agency.refresh_from_db()


def plan(world) -> tuple[Document, ReportingPeriod, ReportingPeriod, ReportingPeriod]:
    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    p2024, p2025 = document.periods.get(label="2024"), document.periods.get(label="2025")
    p2026 = ReportingPeriod.objects.create(
        document=document,
        kind="year",
        label="2026",
        title="Năm 2026",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        due_on=D(2027, 1, 5),
    )
    return document, p2024, p2025, p2026


def save(user, assignment: Assignment, period: ReportingPeriod, submit: bool = True, version=None):
    return progress_report_save(
        actor=user,
        assignment=assignment,
        period=period,
        version=version,
        task_status="in_progress",
        done_text="Đã triển khai.",
        submit=submit,
    )


def test_not_due_after_the_end_and_pro_rata_in_the_last_period(world) -> None:
    document, p2024, p2025, p2026 = plan(world)
    justice = world.justice_sd
    end(justice, D(2025, 6, 30))  # district bodies ended on 30/6/2025 (Law 72/2025/QH15)
    due = {
        p.label: {a.agency_id for a in selectors.due_assignments(period=p)}
        for p in (p2024, p2025, p2026)
    }
    assert justice.pk in due["2024"] and justice.pk in due["2025"]
    assert justice.pk not in due["2026"]
    board = selectors.board_for(document=document, period=p2025, on=D(2026, 1, 10))
    weights = {row.agency.pk: row.weight for row in board.rows}
    assert weights[justice.pk] == Fraction(181, 365)  # 1/1–30/6/2025 of 365 days
    assert weights[world.police_sd.pk] == 1
    before = board.completeness
    assert (before.expected, before.received, before.rate) == (len(board.rows), 0, 0)
    # The ended agency's report for 2025 (it existed then) counts for its share only.
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    save(world.officer, lead, p2025)
    coordinating = document.tasks.get(path="I/1").assignments.get(agency=justice)
    save(world.officer, coordinating, p2025)
    after = selectors.board_for(document=document, period=p2025, on=D(2026, 1, 10)).completeness
    assert after.received == 1
    assert after.rate == Fraction(181, 365) / after.expected_weight
    assert after.expected_weight == len(board.rows) - 1 + Fraction(181, 365)
    assert after.percent == f"{float(after.rate) * 100:.1f}".replace(".", ",") + "%"
    justice_row = next(r for r in board.rows if r.agency.pk == justice.pk)
    assert justice_row.life_note == "tồn tại đến hết 30/6/2025; tính 49,6% kỳ"


def test_an_ended_agency_cannot_write_for_a_later_period(world) -> None:
    document, p2024, _, p2026 = plan(world)
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    report_2024 = save(world.officer, lead, p2024, submit=False)
    end(world.justice_sd, D(2025, 6, 30))
    lead = Assignment.objects.select_related("agency", "task").get(pk=lead.pk)
    with pytest.raises(InvalidInput) as error:
        save(world.officer, lead, p2026)
    assert error.value.message == (
        "Phòng Tư pháp huyện Sơn Dương đã kết thúc hoạt động (đến hết 30/6/2025): không lập "
        "báo cáo cho kỳ Năm 2026 (số liệu từ ngày 01/01/2026)."
    )
    with pytest.raises(NotFound):
        selectors.access_assignment_to_report(
            user=world.officer, assignment_id=lead.pk, period_id=p2026.pk
        )
    # Its history stays its own: the officer still sees the plan and the 2024 draft, and may
    # still finish a report for a period the agency existed in.
    assert not scope_for(world.officer).empty
    assert report_2024 in selectors.reports_visible(user=world.officer)
    assert selectors.access_report(user=world.officer, report_id=report_2024.pk) == report_2024
    assignment, period = selectors.access_assignment_to_report(
        user=world.officer, assignment_id=lead.pk, period_id=p2024.pk
    )
    assert (assignment, period) == (lead, p2024)
    sent = save(world.officer, lead, p2024, version=report_2024.version)
    assert sent.state == "submitted"


def test_owed_list_drops_periods_after_the_end(world) -> None:
    plan(world)
    end(world.justice_sd, D(2025, 6, 30))
    owed = selectors.reports_owed(user=world.officer, on=D(2026, 12, 31), within_days=60)
    labels = {o.period.label for o in owed}
    assert "2026" not in labels and "2025" in labels


def test_board_and_download_say_the_plan_must_be_handed_over(world) -> None:
    document, p2024, p2025, _ = plan(world)
    end(world.police_sd, D(2025, 2, 28))  # the focal agency: the district police
    client = signed_in(world.focal)  # its officer keeps reading the plan and its board
    board_url = reverse("web:plan_board", args=[document.pk])
    page = client.get(board_url, {"ky": p2025.pk}).content.decode()
    assert 'id="handover-needed"' in page and "phải được bàn giao trước" in page
    assert "Tỷ lệ cơ quan đã gửi báo cáo" in page
    refused = client.get(reverse("web:consolidated_docx", args=[document.pk, p2025.pk]))
    assert refused.status_code == 400
    assert (
        "Công an huyện Sơn Dương chỉ hoạt động đến hết ngày 28/02/2025" in refused.content.decode()
    )
    page = client.get(board_url, {"ky": p2024.pk}).content.decode()
    assert 'id="handover-needed"' not in page
    ok = client.get(reverse("web:consolidated_docx", args=[document.pk, p2024.pk]))
    assert ok.status_code == 200


def test_due_over_many_assignments_decides_each_as_alone(world) -> None:
    """due_assignments decides the task once and the agency once for the whole list
    (selectors.DueIn): each assignment still gets what is_due says of it alone, when one
    agency of a task is withdrawn from it, when another agency of the same task has ended,
    and when a whole task is withdrawn."""
    document, p2024, p2025, p2026 = plan(world)
    justice, police = world.justice_sd, world.police_sd
    end(justice, D(2025, 6, 30))

    def named() -> list[Assignment]:
        return list(
            Assignment.objects.filter(task__document=document, agency__isnull=False)
            .select_related("task", "agency")
            .order_by("task__position", "role", "position")
        )

    # I/1: the police lead, Phòng Tư pháp and Phòng Văn hoá coordinate; I/2: Phòng Tư pháp.
    first = [a for a in named() if a.task.path == "I/1"]
    culture = next(a for a in first if a.agency_id not in (justice.pk, police.pk))
    Assignment.objects.filter(pk=culture.pk).update(withdrawn_on=D(2025, 1, 1))
    document.tasks.filter(path="I/2").update(status="withdrawn", withdrawn_on=D(2025, 1, 1))
    assignments = named()
    for period in (p2024, p2025, p2026):
        alone = [a.pk for a in assignments if selectors.is_due(assignment=a, period=period)]
        assert [a.pk for a in selectors.due_assignments(period=period, among=assignments)] == (
            alone
        )

    def due(period: ReportingPeriod) -> set[tuple[str, int]]:
        return {
            (a.task.path, a.agency_id)  # type: ignore[misc]
            for a in selectors.due_assignments(period=period, among=assignments)
        }

    assert due(p2024) == {(a.task.path, a.agency_id) for a in assignments}
    assert due(p2025) == {("I/1", police.pk), ("I/1", justice.pk)}
    assert due(p2026) == {("I/1", police.pk)}
