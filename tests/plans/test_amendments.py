"""Amending a saved plan after its agencies have reported (plans.amendments): tasks edited,
added and withdrawn, agencies added and taken off, each change in the plan's history, the
reports kept, and what is owed per period following the amendment."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.plans.corrections import StaleVersion, typed_deadline
from dondoc.plans.models import Assignment, PlanChange, Task
from dondoc.plans.services.amendments import (
    task_add,
    task_amend,
    task_assignment_add,
    task_assignment_remove,
    task_withdraw,
)
from dondoc.tracking.models import ProgressReport
from dondoc.tracking.selectors import due_assignments, is_due
from tests.plans.factories import SMALL_PLAN
from tests.tracking.factories import world_tracking

pytestmark = pytest.mark.django_db

D = datetime.date


def _version(plan) -> int:
    plan.refresh_from_db()
    return plan.version


def test_a_deadline_typo_is_corrected_after_a_report_and_kept_in_history(world) -> None:
    tracked = world_tracking(world)
    plan, task = tracked.plan, tracked.assignment.task
    change = task_amend(
        actor=world.focal,
        task=task,
        version=_version(plan),
        title=task.title,
        deadline=typed_deadline("Quý IV/2026"),
        expected_result=task.expected_result,
        reason="Sửa lỗi đánh máy thời hạn",
    )
    task.refresh_from_db()
    assert (task.deadline_kind, task.deadline_date) == ("date", D(2026, 12, 31))
    assert change.before == {"deadline": "Hàng năm (Hằng năm)"}
    assert change.after == {"deadline": "Quý IV/2026 (Ngày cụ thể)"}
    assert (change.changed_by, change.task) == (world.focal, task)
    assert change.reason == "Sửa lỗi đánh máy thời hạn"
    report = ProgressReport.objects.get(pk=tracked.report.pk)
    assert report.assignment.task == task and report.state == "submitted"
    assert _version(plan) == 2


def test_an_amendment_needs_its_document_or_a_reason_and_a_fresh_version(world) -> None:
    tracked = world_tracking(world)
    task = tracked.assignment.task
    kwargs = {
        "actor": world.focal,
        "task": task,
        "title": "Khác",
        "deadline": None,
        "expected_result": "",
    }
    with pytest.raises(InvalidInput, match="văn bản sửa đổi, bổ sung"):
        task_amend(version=1, **kwargs)
    task_amend(version=1, amending_document="Kế hoạch số 20/KH-UBND ngày 05/3/2026", **kwargs)
    with pytest.raises(StaleVersion, match="Kế hoạch vừa được sửa ở nơi khác"):
        task_amend(version=1, reason="lần hai", **{**kwargs, "title": "Lần hai"})
    with pytest.raises(NotAllowed):
        task_amend(version=2, reason="x", **{**kwargs, "actor": world.outsider})
    task.refresh_from_db()
    assert task.title == "Khác"
    assert PlanChange.objects.get().amending_document == "Kế hoạch số 20/KH-UBND ngày 05/3/2026"


def test_a_withdrawn_task_keeps_its_reports_and_is_owed_only_for_earlier_periods(world) -> None:
    tracked = world_tracking(world)
    plan, assignment = tracked.plan, tracked.assignment
    earlier = plan.periods.get(label="2024")
    assert is_due(assignment=assignment, period=tracked.period)
    task_withdraw(
        actor=world.focal,
        task=assignment.task,
        version=1,
        on=D(2025, 6, 1),
        amending_document="Kế hoạch số 3/KH-UBND ngày 01/6/2025",
    )
    assignment.refresh_from_db()
    assert assignment.task.status == Task.Status.WITHDRAWN
    assert ProgressReport.objects.filter(assignment=assignment).exists()  # the 2025 report
    assert is_due(assignment=assignment, period=earlier)  # 2024 ended before
    assert not is_due(assignment=assignment, period=tracked.period)
    assert assignment not in due_assignments(period=tracked.period)
    with pytest.raises(InvalidInput, match="đã bãi bỏ"):
        task_amend(
            actor=world.focal,
            task=assignment.task,
            version=2,
            title="x",
            deadline=None,
            expected_result="",
            reason="x",
        )


def test_a_group_withdrawn_withdraws_its_tasks(world) -> None:
    plan = world_tracking(world).plan
    group = plan.tasks.get(path="I")
    change = task_withdraw(
        actor=world.focal, task=group, version=1, on=D(2026, 11, 30), reason="Bãi bỏ cả mục"
    )
    assert set(plan.tasks.values_list("status", flat=True)) == {"withdrawn"}
    assert change.after["tasks"] == 3


def test_agencies_added_and_taken_off_reports_kept(world) -> None:
    tracked = world_tracking(world)
    task = tracked.assignment.task
    task_assignment_add(
        actor=world.focal,
        task=task,
        version=1,
        agency=world.court_sd,
        role="coordinating",
        reason="Bổ sung Tòa án",
    )
    assert task.assignments.filter(agency=world.court_sd, role="coordinating").exists()
    # The lead has reported: taken off, it stays (withdrawn) with its report.
    task_assignment_remove(
        actor=world.focal,
        assignment=tracked.assignment,
        version=2,
        on=D(2026, 2, 1),
        reason="Chuyển cho Tòa án chủ trì",
    )
    tracked.assignment.refresh_from_db()
    assert tracked.assignment.withdrawn_on == D(2026, 2, 1)
    assert ProgressReport.objects.filter(assignment=tracked.assignment).count() == 1
    # The coordinator never reported: taken off, it is gone.
    coordinator = task.assignments.get(agency=world.court_sd)
    task_assignment_remove(
        actor=world.focal, assignment=coordinator, version=3, on=D(2026, 2, 1), reason="Nhầm"
    )
    assert not Assignment.objects.filter(pk=coordinator.pk).exists()
    # The police return as lead: the kept row comes back.
    task_assignment_add(
        actor=world.focal,
        task=task,
        version=4,
        agency=world.police_sd,
        role="lead",
        reason="Trả lại",
    )
    tracked.assignment.refresh_from_db()
    assert tracked.assignment.withdrawn_on is None
    actions = list(PlanChange.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["assignment_add", "assignment_remove", "assignment_remove", "assignment_add"]
    with pytest.raises(InvalidInput, match="không thuộc danh mục"):
        task_assignment_add(
            actor=world.focal, task=task, version=5, agency=world.police_tv, role="lead", reason="x"
        )


def test_a_task_added_under_its_group_with_its_lead(world) -> None:
    plan = world_tracking(world).plan
    first = plan.tasks.get(path="I/1")
    change = task_add(
        actor=world.focal,
        document=plan,
        version=1,
        after=first,
        title="Tập huấn cho cán bộ",
        deadline=typed_deadline("Quý II/2026"),
        expected_result="Hội nghị",
        leads=[world.justice_sd],
        amending_document="Kế hoạch số 3/KH-UBND",
    )
    order = list(plan.tasks.order_by("position").values_list("path", flat=True))
    assert order == ["I", "I/1", "I/3", "I/2"]
    added = change.task
    assert (added.parent.path, added.depth, added.deadline_date) == ("I", 1, D(2026, 6, 30))
    assert added.assignments.get().agency == world.justice_sd
    assert change.after["leads"] == [world.justice_sd.name]


def test_a_new_text_imported_with_replace_after_reports_amends_the_plan(
    world, tmp_path: Path
) -> None:
    """Before: `dondoc plan import --replace` refused once any report existed, so a deadline
    typo could never be corrected. Now the new text amends the plan, reports kept."""
    tracked = world_tracking(world)
    changed = (
        SMALL_PLAN.replace("Tin, bài\tHàng năm", "Tin, bài\tQuý IV/2026").replace(
            "2\tThống kê khiếu nại, tố cáo\tPhòng Tư pháp\tPhòng Không Có Thật\t"
            "Bảng thống kê\t2024 - 2025\n",
            "",
        )
        + "3\tRà soát văn bản\tPhòng Tư pháp\t\tBáo cáo\tQuý II/2026\n"
    )
    source = tmp_path / "ke-hoach-15-sua.txt"
    source.write_text(changed, encoding="utf-8")
    out = StringIO()
    call_command(
        "plan", "import", str(source), "--unit", world.son_duong.path, "--replace", stdout=out
    )
    assert "sửa đổi theo văn bản mới, 3 thay đổi ghi vào lịch sử" in out.getvalue()
    plan = tracked.plan
    kept = Task.objects.get(pk=tracked.assignment.task_id)
    assert (kept.path, kept.deadline_raw, kept.status) == ("I/1", "Quý IV/2026", "active")
    report = ProgressReport.objects.get(pk=tracked.report.pk)
    assert report.assignment_id == tracked.assignment.pk
    gone = plan.tasks.get(path="I/2")
    assert gone.status == "withdrawn" and gone.withdrawn_on == D(2026, 11, 30)
    added = plan.tasks.get(path="I/3")
    assert added.assignments.get(role="lead").agency == world.justice_sd
    actions = sorted(PlanChange.objects.filter(document=plan).values_list("action", flat=True))
    assert actions == ["task_add", "task_edit", "task_withdraw"], list(
        PlanChange.objects.values_list("action", "task_path", "before", "after")
    )
    edit = PlanChange.objects.get(action="task_edit")
    assert edit.amending_document == "Văn bản thay thế (ke-hoach-15-sua.txt)"
    assert list(plan.tasks.order_by("position").values_list("path", flat=True)) == [
        "I",
        "I/1",
        "I/3",
        "I/2",
    ]
