"""Follow-up that reaches people: "Việc của tôi", notifications of the loop, "Nhắc", the
reminder letter (tracking.worklist, tracking.notify, tracking.reminders.nudges_send)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.core.dates import working_days_after
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Assignment
from dondoc.plans.services import plan_import, plan_resolve
from dondoc.tracking import worklist
from dondoc.tracking.models import Notification, Nudge, ProgressReport
from dondoc.tracking.notify import review_waits_send
from dondoc.tracking.reminders import emails_send_pending, nudges_send
from dondoc.tracking.services import (
    progress_report_accept,
    progress_report_return,
    progress_report_save,
    schedule_ensure,
)
from dondoc.tracking.worklist import worklist_for
from tests.plans.factories import SMALL_PLAN
from tests.tracking.factories import world_court_owes, world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 30)  # the pinned day: a Monday; period 2025 was due 05/01/2026


def _i2(world):
    tracked = world_tracking(world)
    return tracked, tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")


def _send_i2(world, tracked, assignment, **extra) -> ProgressReport:
    return progress_report_save(
        actor=world.officer,
        assignment=assignment,
        period=tracked.period,
        version=None,
        task_status="done",
        done_text="Đã lập bảng thống kê.",
        submit=True,
        **extra,
    )


def test_working_days_skip_weekends_and_holidays() -> None:
    friday = datetime.date(2026, 11, 27)
    assert working_days_after(friday, datetime.date(2026, 11, 30)) == 1  # Monday
    assert working_days_after(friday, datetime.date(2026, 12, 1)) == 2
    assert working_days_after(friday, datetime.date(2026, 12, 1), frozenset({ON})) == 1
    assert working_days_after(friday, friday) == 0


def test_officer_sees_what_his_agency_owes_returned_first(world) -> None:
    tracked, assignment = _i2(world)
    report = _send_i2(world, tracked, assignment)
    progress_report_return(actor=world.focal, report=report, comment="Bổ sung số liệu.")
    work = worklist_for(user=world.officer, on=ON)
    assert work.writes and not work.reviews and not work.oversees
    first = work.owed[0]
    assert first.period == tracked.period and first.days < 0
    assert [c.assignment.task.path for c in first.returned] == ["I/2"]
    states = {c.assignment.task.path: c.state for c in first.cells}
    assert states == {"I/1": "overdue", "I/2": "returned"}  # I/1: it coordinates, not sent


def test_focal_officer_sees_reviews_oldest_first_late_agencies_and_closing_periods(world) -> None:
    tracked, assignment = _i2(world)
    second = _send_i2(world, tracked, assignment)
    work = worklist_for(user=world.focal, on=ON)
    assert work.reviews
    assert [r.pk for r in work.to_review] == [tracked.report.pk, second.pk]  # oldest first
    late = {(item.agency.name, item.period.label) for item in work.late}
    assert ("Phòng Tư pháp huyện Sơn Dương", "2025") in late
    # Ten days before the 2025 period's due date (05/01/2026), it was closing soon.
    soon = worklist_for(user=world.focal, on=datetime.date(2025, 12, 26))
    assert [c.period.label for c in soon.closing] == ["2025"]
    assert soon.closing[0].outstanding == soon.closing[0].total - 2  # I/1 and I/2 sent


def _more_plans(world, numbers) -> None:
    for number in numbers:
        draft = parse_text(SMALL_PLAN.replace("15/KH-UBND", number))
        plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
        schedule_ensure(
            actor=SYSTEM, document=plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)
        )


def test_the_focal_officers_overview_reads_a_bounded_number_of_sections(world, monkeypatch) -> None:
    """Issue 18: every annual period of a province's plans falls due in the same weeks; the
    overview reads the most urgent periods up to OVERVIEW_SECTIONS sections, each counted
    exactly, and names the others (the oldest late first, then the nearest closing)."""
    tracked = world_tracking(world)
    _more_plans(world, ("17/KH-UBND", "18/KH-UBND"))
    # The three plans are the same: each period costs its plan's named assignments.
    size = Assignment.objects.filter(task__document=tracked.plan, agency__isnull=False).count()
    soon = datetime.date(2025, 12, 26)  # the 2025 periods close on 05/01/2026
    whole = worklist_for(user=world.focal, on=soon)
    assert len(whole.closing) == 3
    assert not whole.late_unread and not whole.closing_unread
    # Room for the three 2024 periods (late: due 05/01/2025) and the first closing one.
    monkeypatch.setattr(worklist, "OVERVIEW_SECTIONS", 4 * size)
    cut = worklist_for(user=world.focal, on=soon)
    assert [c.period.pk for c in cut.closing] == [whole.closing[0].period.pk]
    assert cut.closing_unread == [c.period for c in whole.closing[1:]]
    first, after = cut.closing[0], whole.closing[0]
    assert (first.total, first.outstanding) == (after.total, after.outstanding) != (0, 0)
    assert {(i.agency.pk, i.period.pk) for i in cut.late} == {
        (i.agency.pk, i.period.pk) for i in whole.late
    }  # the late periods came first, all read
    # Room for one period, then a little more: the first is read, whatever its size.
    monkeypatch.setattr(worklist, "OVERVIEW_SECTIONS", size // 2)
    # Past the due day: the late periods not read are named, the agencies of the read listed.
    late = worklist_for(user=world.focal, on=ON)
    assert {i.period.document.number for i in late.late} == {"15/KH-UBND"}
    assert len(late.late_unread) == 2
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC), tick=False):
        home = signed_in(world.focal).get(reverse("web:home")).content.decode()
    note = home[home.index('id="late-unread"') :].split("</p>")[0]
    assert note.startswith('id="late-unread">Còn 2 kỳ báo cáo đã quá hạn chưa tổng hợp ở đây')
    for period in late.late_unread:
        assert f"/theo-doi/?ky={period.pk}" in note


def test_leader_sees_what_is_late_in_his_scope_and_outsider_nothing(world) -> None:
    world_tracking(world)
    work = worklist_for(user=world.leader, on=ON)
    assert work.oversees and not work.reviews and not work.to_approve
    assert "Phòng Tư pháp huyện Sơn Dương" in {item.agency.name for item in work.late}
    outsider = worklist_for(user=world.outsider, on=ON)
    assert outsider.empty and not outsider.owed


def test_the_worklist_reads_a_bounded_number_of_queries(world) -> None:
    world_tracking(world)

    def count(user) -> int:
        worklist_for(user=user, on=ON)  # the user's scope is read once, then cached
        with CaptureQueriesContext(connection) as queries:
            worklist_for(user=user, on=ON)
        return len(queries)

    before = {u: count(u) for u in (world.officer, world.focal, world.leader)}
    _more_plans(world, ("17/KH-UBND", "18/KH-UBND", "19/KH-UBND"))  # three more, six periods
    after = {u: count(u) for u in before}
    assert all(after[u] <= before[u] for u in before)  # more plans, not more queries
    # 11, + the agencies' requests the focal officer decides (issue 16), + the overdue compensation
    # claims (issue 17), + the tasks of the agencies' own assignments read apart (joined, they
    # let PostgreSQL hash every task of every plan: tracking.selectors.assignments_shared), +
    # their agencies read once (joined, an Agency was built per assignment: agencies_assignments):
    # one query each; + the plans' sizes, for the focal officer's overview (OVERVIEW_SECTIONS)
    assert max(after.values()) <= 16
    # Plan 15: the justice and culture offices; each new plan: those and the police too.
    assert len(worklist_for(user=world.focal, on=ON).late) == 2 + 3 * 3


def test_submitted_returned_accepted_notify_once_with_an_absolute_link(world, settings) -> None:
    world.officer.email = "canbo@example.vn"
    world.officer.save()
    world.focal.email = "daumoi@example.vn"
    world.focal.save()
    tracked, assignment = _i2(world)
    report = _send_i2(world, tracked, assignment, site_url="https://dondoc.sonduong.vn")
    told = Notification.objects.filter(key=f"submitted:{report.pk}:{report.version}")
    assert [n.user for n in told] == [world.focal]
    assert told.get().site_url == "https://dondoc.sonduong.vn"
    report = progress_report_return(actor=world.focal, report=report, comment="Thiếu số liệu.")
    returned = Notification.objects.get(key=f"returned:{report.pk}:{report.version}")
    assert returned.user == world.officer and "Thiếu số liệu." in returned.body
    report = progress_report_save(
        actor=world.officer,
        assignment=assignment,
        period=tracked.period,
        version=report.version,
        task_status="done",
        done_text="Đã lập bảng thống kê, 12 vụ.",
        submit=True,
    )
    report = progress_report_accept(actor=world.focal, report=report)
    accepted = Notification.objects.get(key=f"accepted:{report.pk}:{report.version}")
    assert accepted.user == world.officer
    emails_send_pending()
    first = mail.outbox[0]  # the first submission's, sent from the officer's browser
    assert first.subject.startswith("Báo cáo chờ tiếp nhận: Phòng Tư pháp")
    assert f"https://dondoc.sonduong.vn/bao-cao/xem/{report.pk}/" in first.body
    assert first.to == ["daumoi@example.vn"]
    settings.SITE_URL = "https://dondoc.gov.vn"
    Notification.objects.filter(pk=accepted.pk).update(emailed_at=None, email_claimed_at=None)
    mail.outbox.clear()
    emails_send_pending()
    assert "https://dondoc.gov.vn/bao-cao/xem/" in mail.outbox[0].body  # the setting wins
    # Nobody is told of his own submission; each notice exists once.
    assert not Notification.objects.filter(
        user=world.officer, key__startswith="submitted:"
    ).exists()
    assert Notification.objects.filter(key__startswith="accepted:").count() == 1


def test_a_submission_waiting_more_than_two_working_days_is_notified_once(world) -> None:
    """Counted per agency report (tests/tracking/test_agency_report_parts.py checks that a
    report of two sections is one notice): two agencies waiting, two notices."""
    from dondoc.tracking.agency_grouping import group_sections
    from dondoc.tracking.models import AgencyReport

    tracked, assignment = _i2(world)
    _send_i2(world, tracked, assignment)
    from django.apps import apps

    group_sections(apps)  # the sent sections as their agencies' reports
    wednesday = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
    assert AgencyReport.objects.filter(state="submitted").update(submitted_at=wednesday) == 2
    assert review_waits_send(on=datetime.date(2026, 11, 27)) == []  # Friday: 2 working days
    lines = review_waits_send(on=ON)  # Monday: 3 working days
    assert len(lines) == 2 and all("3 ngày làm việc" in line for line in lines)
    assert review_waits_send(on=ON) == []  # once
    waits = Notification.objects.filter(key__startswith="agency-review-wait:")
    assert {n.user for n in waits} == {world.focal} and waits.count() == 2


def test_nudge_reaches_the_officers_once_a_day_and_is_audited(world) -> None:
    tracked = world_tracking(world)
    world_court_owes(world)
    results = nudges_send(actor=world.focal, document=tracked.plan, period=tracked.period, on=ON)
    by_agency = {r.agency.name: r for r in results}
    justice = by_agency["Phòng Tư pháp huyện Sơn Dương"]
    assert justice.sent_to == [world.officer] and justice.tasks == 2
    assert by_agency["Tòa án nhân dân huyện Sơn Dương"].no_account
    nudge = Nudge.objects.get(agency=world.justice_sd)
    assert nudge.sent_by == world.focal and nudge.on == ON
    assert (
        LogEntry.objects.filter(additional_data__action="reminder.nudge").count()
        == Nudge.objects.count()
    )
    notice = Notification.objects.get(user=world.officer, key__startswith="nudge:")
    assert "I/2" in notice.body and "quá hạn" in notice.subject
    again = nudges_send(
        actor=world.focal,
        document=tracked.plan,
        period=tracked.period,
        agency_ids=[world.justice_sd.pk],
        on=ON,
    )
    assert again[0].earlier == nudge and not again[0].sent_to
    assert Notification.objects.filter(user=world.officer, key__startswith="nudge:").count() == 1
    tomorrow = nudges_send(
        actor=world.focal,
        document=tracked.plan,
        period=tracked.period,
        agency_ids=[world.justice_sd.pk],
        on=ON + datetime.timedelta(days=1),
    )
    assert tomorrow[0].sent_to == [world.officer]


def test_only_the_plans_focal_officers_nudge(world) -> None:
    from dondoc.core.exceptions import NotAllowed

    tracked = world_tracking(world)
    for user in (world.leader, world.officer, world.outsider):
        with pytest.raises(NotAllowed):
            nudges_send(actor=user, document=tracked.plan, period=tracked.period, on=ON)
    assert not Nudge.objects.exists()


def test_remind_command_sends_the_review_waits_once(world) -> None:
    from io import StringIO

    from django.core.management import call_command

    from tests.tracking.factories import world_agency_report

    report = world_agency_report(world)
    wednesday = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
    type(report).objects.filter(pk=report.pk).update(submitted_at=wednesday)
    out = StringIO()
    call_command("remind", stdout=out)
    assert "chờ tiếp nhận 3 ngày làm việc" in out.getvalue()
    again = StringIO()
    call_command("remind", stdout=again)
    assert "chờ tiếp nhận" not in again.getvalue()
    assert Notification.objects.filter(key__startswith="agency-review-wait:").count() == 1
