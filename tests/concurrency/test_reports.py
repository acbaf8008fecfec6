"""Progress reports with two at once (PostgreSQL, real connections, through the pages): two
first saves, a double click, an accept and a return of one report, a save while the plan is
being replaced. Nobody gets a 500, nobody's text is lost, the message names who won."""

from __future__ import annotations

import threading
import time

from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.core.models import Submission
from dondoc.org.models import Role
from dondoc.plans import services as plan_services
from dondoc.plans.importers.text import parse_text
from dondoc.plans.services import plan_import, plan_resolve
from dondoc.tracking.models import ProgressReport, ReportEvent
from tests.concurrency.conftest import on_postgresql, together
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import SMALL_PLAN
from tests.tracking.factories import world_tracking
from tests.world import signed_in

pytestmark = on_postgresql


def _colleague(world, agency, role=Role.AGENCY_OFFICER, name="Trần Thị Bình"):
    first, last = name.rsplit(" ", 1)
    user = UserFactory(first_name=first, last_name=last)
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def _coordinating(world):
    """I/1's coordinating assignment of Phòng Tư pháp: no report yet."""
    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    return tracked.period, assignment


def _save(client, period, assignment, text, token="", version="0"):
    """Save the section of the agency's report (the old per-task page takes no POST)."""
    url = reverse("web:agency_report", args=[period.pk, assignment.agency_id])
    data = {"action": "section", "assignment": assignment.pk, "task_status": "in_progress",
            "done_text": text, "version": version}  # fmt: skip
    return client.post(url, {**data, "form_token": token})


def test_two_first_saves_one_is_refused_and_keeps_its_text(world) -> None:
    period, assignment = _coordinating(world)
    other = _colleague(world, world.justice_sd)
    first, second = signed_in(world.officer), signed_in(other)
    answers = together(
        lambda: _save(first, period, assignment, "Bản của cán bộ thứ nhất", token="a" * 20),
        lambda: _save(second, period, assignment, "Bản của cán bộ thứ hai", token="b" * 20),
    )
    assert sorted(a.status_code for a in answers) == [302, 409], answers
    refused = next(a for a in answers if a.status_code == 409).content.decode()
    report = ProgressReport.objects.get(assignment=assignment, period=period)
    assert report.version == 1
    kept = (
        "Bản của cán bộ thứ hai"
        if report.updated_by == world.officer
        else "Bản của cán bộ thứ nhất"
    )
    assert kept in refused  # the loser's text is still on his form
    assert f"đã được {report.updated_by} lưu lúc" in refused  # and he is told who saved


def test_a_double_click_saves_once_and_both_answers_show_the_saved_report(world) -> None:
    period, assignment = _coordinating(world)
    client = signed_in(world.officer)
    answers = together(
        *[lambda: _save(client, period, assignment, "Đã tuyên truyền", token="c" * 20)] * 2
    )
    assert [a.status_code for a in answers] == [302, 302], answers
    report = ProgressReport.objects.get(assignment=assignment, period=period)
    assert report.version == 1 and report.events.count() == 1
    assert Submission.objects.filter(token="c" * 20, result_id=report.pk).count() == 1


def test_accept_and_return_at_once_the_loser_is_told_who_and_keeps_his_comment(world) -> None:
    tracked = world_tracking(world)
    report = tracked.report  # sent by the Sơn Dương police
    deputy = _colleague(world, world.police_sd, Role.FOCAL_OFFICER, "Lê Văn Cường")
    url = reverse("web:report_detail", args=[report.pk])
    accept = {"action": "accept", "version": report.version, "comment": "Đạt yêu cầu."}
    send_back = {"action": "return", "version": report.version, "comment": "Bổ sung số liệu xã."}
    answers = together(
        lambda: signed_in(world.focal).post(url, accept),
        lambda: signed_in(deputy).post(url, send_back),
    )
    assert sorted(a.status_code for a in answers) == [302, 409], answers
    report.refresh_from_db()
    reviews = report.events.filter(
        action__in=[ReportEvent.Action.ACCEPT, ReportEvent.Action.RETURN]
    )
    assert reviews.count() == 1  # one review, consistent with the state
    winner = reviews.get()
    assert report.state == ("accepted" if winner.action == "accept" else "returned")
    loser = next(a for a in answers if a.status_code == 409).content.decode()
    verb = "tiếp nhận" if winner.action == "accept" else "trả lại"
    assert f"đã được {winner.actor} {verb} lúc" in loser
    lost_comment = "Bổ sung số liệu xã." if winner.action == "accept" else "Đạt yêu cầu."
    assert lost_comment in loser


def test_a_save_while_the_plan_is_replaced_is_told_and_keeps_its_text(world, monkeypatch) -> None:
    """The replace holds its locks while it rebuilds the tasks; the officer's save waits, then
    hears the task is gone (or, saved first, makes the replace amend the plan around its
    report): never a 500."""
    period, assignment = _coordinating(world)
    ProgressReport.objects.all().delete()  # the world's sent report would block any replace
    locked, real_save_tasks = threading.Event(), plan_services._save_tasks

    def slow_save_tasks(*args, **kwargs):
        locked.set()
        time.sleep(1.0)  # a large plan: the officer's save arrives meanwhile
        return real_save_tasks(*args, **kwargs)

    monkeypatch.setattr(plan_services, "_save_tasks", slow_save_tasks)

    def replace():
        draft = parse_text(SMALL_PLAN)
        plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
        return plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong, replace=True)

    def save():
        assert locked.wait(30)
        return _save(signed_in(world.officer), period, assignment, "Nội dung đang soạn dở")

    replaced, answer = together(replace, save)
    assert answer.status_code in (302, 409), answer
    if answer.status_code == 409:
        assert not isinstance(replaced, BaseException), replaced
        page = answer.content.decode()
        assert "vừa được thay bằng văn bản mới" in page and "Nội dung đang soạn dở" in page
    else:  # the save won: the replace amends the plan instead (plans.amendments), report kept
        assert not isinstance(replaced, BaseException), replaced
        assert ProgressReport.objects.filter(assignment=assignment).exists()


def test_ad_hoc_periods_a_double_click_adds_one_two_officers_add_two(world) -> None:
    plan = world_tracking(world).plan
    url = reverse("web:plan_schedule", args=[plan.pk])
    form = {
        "action": "add_period", "title": "Báo cáo phục vụ đoàn kiểm tra",
        "starts_on": "2026-01-01", "ends_on": "2026-10-31", "due_on": "2026-11-20",
    }  # fmt: skip
    client = signed_in(world.focal)
    twice = together(*[lambda: client.post(url, {**form, "form_token": "e" * 20})] * 2)
    assert [a.status_code for a in twice] == [302, 302]
    assert plan.periods.filter(kind="ad_hoc").count() == 1
    deputy = _colleague(world, world.police_sd, Role.FOCAL_OFFICER, "Lê Văn Cường")
    both = together(
        lambda: client.post(url, {**form, "form_token": "f" * 20}),
        lambda: signed_in(deputy).post(url, {**form, "form_token": "g" * 20}),
    )
    assert [a.status_code for a in both] == [302, 302]
    labels = sorted(plan.periods.filter(kind="ad_hoc").values_list("label", flat=True))
    assert labels == ["DX-2026-01", "DX-2026-02", "DX-2026-03"]
