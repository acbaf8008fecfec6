"""The reporting loop through its services: who may do each step, history, conflicts, evidence."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.org.models import Role
from dondoc.plans.selectors import documents_visible
from dondoc.tracking import selectors
from dondoc.tracking.models import Notification, ProgressReport, ReportEvent, TaskStatus
from dondoc.tracking.services import (
    InvalidTransition,
    VersionConflict,
    evidence_add,
    period_add,
    progress_report_accept,
    progress_report_return,
    progress_report_save,
    progress_report_submit,
    schedule_ensure,
)
from dondoc.tracking.worklist import worklist_for
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(world):
    """The small plan's schedule and 2024 period, and the task I/2 Phòng Tư pháp leads."""
    document = world_plan(world)
    schedule = schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    assignment = document.tasks.get(path="I/2").assignments.get(role="lead")
    return world, schedule, period, assignment


def save(actor, assignment, period, version, **fields):
    values = {"task_status": TaskStatus.IN_PROGRESS, "done_text": "Đã lập bảng thống kê quý I."}
    values.update(fields)
    return progress_report_save(
        actor=actor, assignment=assignment, period=period, version=version, **values
    )


def test_schedule_from_a_plan_without_reporting_text(loop) -> None:
    world, schedule, period, _ = loop
    assert schedule.frequencies == ["year"]
    assert schedule.focal_agency == world.police_sd  # the police of the plan's unit
    assert (schedule.start_year, schedule.end_year) == (2024, 2025)  # "2024 - 2025" deadline
    assert list(schedule.document.periods.values_list("label", flat=True)) == ["2024", "2025"]
    assert (period.starts_on, period.ends_on) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert schedule_ensure(actor=SYSTEM, document=schedule.document) == schedule  # idempotent


def test_the_whole_loop_with_its_history(loop) -> None:
    world, _, period, assignment = loop
    report = save(world.officer, assignment, period, None)
    assert (report.state, report.version) == ("draft", 1)
    report = progress_report_submit(actor=world.officer, report=report, version=1)
    assert report.state == "submitted"
    report = progress_report_return(
        actor=world.focal, report=report, comment="Bổ sung số liệu quý II.", version=2
    )
    assert report.state == "returned"
    notice = Notification.objects.get(user=world.officer)
    assert "trả lại" in notice.subject and "quý II" in notice.body
    report = save(world.officer, assignment, period, report.version, submit=True, figure="12")
    assert report.state == "submitted" and report.figure == 12
    report = progress_report_accept(actor=world.focal, report=report)
    assert report.state == "accepted"
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["save", "submit", "return", "resubmit", "accept"]
    assert report.events.get(action="return").actor == world.focal
    audited = LogEntry.objects.filter(additional_data__action__startswith="progress_report.")
    assert audited.count() == 4


def test_who_may_do_each_step(loop) -> None:
    world, _, period, assignment = loop
    for outsider in (world.officer_ys, world.leader, world.inspector, world.outsider):
        with pytest.raises(NotAllowed):
            save(outsider, assignment, period, None)
    report = save(world.officer, assignment, period, None, submit=True)
    for not_focal in (world.officer, world.leader, world.officer_ys, world.outsider):
        with pytest.raises(NotAllowed):
            progress_report_accept(actor=not_focal, report=report)
    with pytest.raises(InvalidInput, match="nội dung cần bổ sung"):
        progress_report_return(actor=world.focal, report=report, comment="  ")
    with pytest.raises(InvalidTransition):
        save(world.officer, assignment, period, report.version)  # sent: no more edits
    progress_report_accept(actor=world.focal, report=report)
    with pytest.raises(InvalidTransition):
        progress_report_accept(actor=world.focal, report=report)
    assert ReportEvent.objects.filter(report=report).count() == 2


def test_a_task_not_due_in_the_period_cannot_be_reported(loop) -> None:
    world, _, _, assignment = loop
    document = assignment.task.document
    later = document.periods.get(label="2025")
    assert assignment in selectors.due_assignments(period=later)  # "2024 - 2025"
    period_2026 = period_add(
        actor=world.focal,
        document=document,
        title="Đột xuất",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
        due_on=datetime.date(2026, 4, 5),
    )
    assert period_2026.label == "DX-2026-01" and period_2026.kind == "ad_hoc"
    with pytest.raises(NotAllowed):
        period_add(
            actor=world.officer,
            document=document,
            title="x",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 3, 31),
            due_on=datetime.date(2026, 4, 5),
        )


def test_second_save_of_the_same_version_is_refused_and_nothing_is_lost(loop) -> None:
    world, _, period, assignment = loop
    colleague_user = UserFactory(username="canbo2")
    MembershipFactory(user=colleague_user, agency=world.justice_sd, role=Role.AGENCY_OFFICER)
    first = save(world.officer, assignment, period, None, done_text="Bản của người thứ nhất")
    colleague = save(colleague_user, assignment, period, first.version, done_text="Bản thứ hai")
    assert colleague.version == 2
    with pytest.raises(VersionConflict, match="sau khi bạn mở trang"):
        save(world.officer, assignment, period, first.version, done_text="Bản ghi đè")
    kept = ProgressReport.objects.get(pk=first.pk)
    assert (kept.done_text, kept.version) == ("Bản thứ hai", 2)
    with pytest.raises(VersionConflict):  # two people creating the same report at once
        save(world.officer, assignment, period, None)


def test_submitting_needs_what_was_done_or_why_not(loop) -> None:
    world, _, period, assignment = loop
    with pytest.raises(InvalidInput, match="lý do"):
        save(world.officer, assignment, period, None, task_status="cannot", submit=True)
    with pytest.raises(InvalidInput, match="kết quả"):
        save(world.officer, assignment, period, None, done_text="", submit=True)
    with pytest.raises(InvalidInput, match="cần một số"):
        save(world.officer, assignment, period, None, figure="mười hai")
    assert not ProgressReport.objects.exists()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_evidence_type_is_read_from_the_content(loop) -> None:
    world, _, period, assignment = loop
    report = save(world.officer, assignment, period, None)
    pdf = evidence_add(actor=world.officer, report=report, name="bien-ban.pdf", data=b"%PDF-1.7\n")
    assert (pdf.kind, pdf.size) == ("pdf", 9)
    word = evidence_add(actor=world.officer, report=report, name="a.pdf", data=_docx_bytes())
    assert word.kind == "docx"  # named .pdf, read as the Word file it is
    with pytest.raises(InvalidInput, match="không phải PDF"):
        evidence_add(actor=world.officer, report=report, name="x.pdf", data=b"MZ\x90\x00exe")
    with pytest.raises(NotAllowed):
        evidence_add(actor=world.officer_ys, report=report, name="y.pdf", data=b"%PDF-1.7\n")
    assert report.evidence.count() == 2


def test_board_states_counts_and_overdue(loop) -> None:
    world, _, period, assignment = loop
    save(world.officer, assignment, period, None)
    board = selectors.board_for(
        document=period.document, period=period, on=datetime.date(2024, 12, 1)
    )
    by_agency = {row.agency.name: row for row in board.rows}
    assert by_agency["Phòng Tư pháp huyện Sơn Dương"].counts["draft"] == 1
    assert board.totals["not_started"] == board.total - 1
    assert [a.mention for a in board.unresolved] == ["Phòng Không Có Thật"]
    late = selectors.board_for(
        document=period.document, period=period, on=datetime.date(2025, 2, 1)
    )
    assert late.totals["overdue"] == late.total and late.totals["draft"] == 0


def test_drafts_stay_with_their_agency(loop) -> None:
    world, _, period, assignment = loop
    report = save(world.officer, assignment, period, None)
    assert selectors.access_report(user=world.officer, report_id=report.pk) == report
    for other in (world.focal, world.officer_ys, world.outsider):
        with pytest.raises(NotFound):
            selectors.access_report(user=other, report_id=report.pk)
    progress_report_submit(actor=world.officer, report=report, version=report.version)
    assert selectors.access_report(user=world.focal, report_id=report.pk).pk == report.pk
    assert selectors.access_report(user=world.leader, report_id=report.pk).pk == report.pk
    for other in (world.officer_ys, world.outsider):
        with pytest.raises(NotFound):
            selectors.access_report(user=other, report_id=report.pk)


def test_what_an_agency_owes(loop) -> None:
    world = loop[0]
    owed = selectors.reports_owed(user=world.officer, on=datetime.date(2024, 12, 20))
    assert {(o.assignment.task.path, o.period.label) for o in owed} >= {("I/2", "2024")}
    assert {o.assignment.agency for o in owed} == {world.justice_sd}
    assert selectors.reports_owed(user=world.officer_ys, on=datetime.date(2024, 12, 20)) == []


def test_the_periods_owed_are_read_without_walking_the_plans_tasks(loop) -> None:
    """Việc của tôi and Báo cáo kỳ này read the periods of the plans the user sees: the
    assignments read next are his agencies' alone. Reading the periods of "the plans that
    assign his agencies" joined every task of every plan once more (96-111 ms at 100,000
    tasks): the period read names the tasks only as often as seeing the plans does."""
    world, _, period, assignment = loop
    on = datetime.date(2024, 12, 20)
    with CaptureQueriesContext(connection) as queries:
        owed = selectors.reports_owed(user=world.officer, on=on)
        work = worklist_for(user=world.officer, on=on)
    assert (assignment, period) in {(o.assignment, o.period) for o in owed}
    assert (assignment, period) in {(c.assignment, c.period) for g in work.owed for c in g.cells}
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "tracking_reportingperiod"."id"')
    ]
    assert len(reads) == 2  # one a page
    visible = str(documents_visible(user=world.officer).query)
    for sql in reads:
        for table in ('"plans_task"', '"plans_assignment"'):
            assert sql.count(table) == visible.count(table), sql
