"""An agency's requests about its task (plans.services.requests): each transition, who may
ask and decide, the change kept in the plan's history, the notifications and the work list."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.plans.models import Assignment, PlanChange, Task, TaskRequest
from dondoc.plans.requests import access_request, requests_to_decide
from dondoc.plans.services.requests import (
    RequestDecided,
    task_request_accept,
    task_request_make,
    task_request_refuse,
)
from dondoc.tracking.models import Notification
from dondoc.tracking.notify import notify_request_decided, notify_request_made
from dondoc.tracking.worklist import worklist_for
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db

D = datetime.date


def _lead(world, path="I/2") -> Assignment:
    return world_plan(world).tasks.get(path=path).assignments.get(agency=world.justice_sd)


def _extend(world, **extra) -> TaskRequest:
    values = {
        "kind": "extend",
        "reason": "Chờ số liệu thống kê của Tòa án nhân dân huyện.",
        "proposed_date": D(2027, 6, 30),
    }
    values.update(extra)
    return task_request_make(actor=world.officer, assignment=_lead(world), **values)


def test_an_extension_accepted_moves_the_deadline_and_keeps_its_history(world) -> None:
    request = _extend(world)
    task = request.task
    assert (request.state, request.agency, request.made_by) == (
        "open",
        world.justice_sd,
        world.officer,
    )
    assert request.deadline_before == "2024 - 2025"
    version = world_plan(world).version
    decided = task_request_accept(actor=world.focal, request=request, comment="Đồng ý gia hạn.")
    assert (decided.state, decided.decided_by) == ("accepted", world.focal)
    task.refresh_from_db()
    assert (task.deadline_kind, task.deadline_date, task.deadline_raw) == (
        "date",
        D(2027, 6, 30),
        "30/06/2027",
    )
    assert task.deadline_extended_from == "2024 - 2025"  # a period: as the plan wrote it
    assert task.deadline_shown == "30/06/2027 (đã gia hạn từ 2024 - 2025)"
    change = decided.changes.get()
    assert change.action == PlanChange.Action.TASK_EDIT
    assert change.before == {"deadline": "2024 - 2025 (Giai đoạn)"}
    assert change.after == {"deadline": "30/06/2027 (Ngày cụ thể)"}
    assert change.changed_by == world.focal
    assert "Phòng Tư pháp huyện Sơn Dương" in change.reason and "Tòa án" in change.reason
    assert "Đồng ý gia hạn." in change.reason
    assert world_plan(world).version == version + 1
    actions = set(LogEntry.objects.values_list("additional_data__action", flat=True))
    assert {"plan.request_make", "plan.request_accept", "plan.task_edit"} <= actions
    # A second extension keeps the deadline the plan first set.
    again = _extend(world, proposed_date=D(2027, 12, 31))
    task_request_accept(actor=world.leader, request=again)
    task.refresh_from_db()
    assert task.deadline_shown == "31/12/2027 (đã gia hạn từ 2024 - 2025)"


def test_a_refusal_needs_a_comment_and_changes_nothing(world) -> None:
    request = _extend(world)
    with pytest.raises(InvalidInput, match="Ý kiến"):
        task_request_refuse(actor=world.leader, request=request, comment="  ")
    decided = task_request_refuse(
        actor=world.leader, request=request, comment="Nhiệm vụ phải xong trong năm."
    )
    assert (decided.state, decided.decided_by) == ("refused", world.leader)
    task = Task.objects.get(pk=request.task_id)
    assert (task.deadline_raw, task.deadline_extended_from) == ("2024 - 2025", "")
    assert not PlanChange.objects.exists()
    # Decided once: a second decision, either way, is refused.
    with pytest.raises(RequestDecided):
        task_request_accept(actor=world.focal, request=request)
    with pytest.raises(RequestDecided):
        task_request_refuse(actor=world.focal, request=request, comment="Không.")


def test_a_coordinator_taken_off_its_task(world) -> None:
    coordinating = _lead(world, "I/1")
    assert coordinating.role == "coordinating"
    request = task_request_make(
        actor=world.officer,
        assignment=coordinating,
        kind="reassign",
        reason="Nội dung tuyên truyền không thuộc chức năng của Phòng.",
    )
    decided = task_request_accept(actor=world.focal, request=request)
    assert not Assignment.objects.filter(pk=coordinating.pk).exists()  # never reported
    decided.refresh_from_db()
    assert decided.assignment is None and decided.state == "accepted"
    assert decided.changes.get().action == PlanChange.Action.ASSIGNMENT_REMOVE


def test_a_lead_re_assigned_to_another_agency(world) -> None:
    request = task_request_make(
        actor=world.officer,
        assignment=_lead(world),
        kind="reassign",
        reason="Tòa án quản lý số liệu này.",
        to_agency=world.court_sd,
    )
    decided = task_request_accept(actor=world.focal, request=request, on=D(2026, 11, 30))
    task = decided.task
    assert task.assignments.get(agency=world.court_sd).role == "lead"
    assert not task.assignments.filter(agency=world.justice_sd).exists()
    assert [c.action for c in decided.changes.order_by("id")] == [
        "assignment_add",
        "assignment_remove",
    ]


def test_a_withdrawal_accepted(world) -> None:
    request = task_request_make(
        actor=world.officer,
        assignment=_lead(world),
        kind="withdraw",
        reason="Nhiệm vụ đã được giao tại Kế hoạch 20/KH-UBND.",
    )
    task_request_accept(actor=world.focal, request=request, on=D(2026, 11, 30))
    task = Task.objects.get(pk=request.task_id)
    assert (task.status, task.withdrawn_on) == ("withdrawn", D(2026, 11, 30))
    assert "20/KH-UBND" in task.withdrawn_reason


def test_who_may_ask(world) -> None:
    assignment = _lead(world)
    for outsider in (world.officer_ys, world.outsider, world.inspector, world.leader, world.nobody):
        with pytest.raises(NotFound):  # not an agency assigned the task: as if absent
            task_request_make(actor=outsider, assignment=assignment, kind="withdraw", reason="x")
    with pytest.raises(InvalidInput, match="Lý do"):
        _extend(world, reason=" ")
    with pytest.raises(InvalidInput, match="sau hôm nay"):
        _extend(world, proposed_date=D(2026, 11, 30))
    with pytest.raises(InvalidInput, match="Thời hạn đề nghị"):
        _extend(world, proposed_date=None)
    with pytest.raises(InvalidInput, match="Chỉ cơ quan chủ trì"):
        task_request_make(
            actor=world.officer, assignment=_lead(world, "I/1"), kind="withdraw", reason="x"
        )
    with pytest.raises(InvalidInput, match="chọn cơ quan"):
        task_request_make(actor=world.officer, assignment=assignment, kind="reassign", reason="x")
    with pytest.raises(InvalidInput, match="không thuộc danh mục"):
        task_request_make(
            actor=world.officer,
            assignment=assignment,
            kind="reassign",
            reason="x",
            to_agency=world.police_tv,
        )
    _extend(world)
    with pytest.raises(InvalidInput, match="đang chờ quyết định"):
        _extend(world)
    assert TaskRequest.objects.count() == 1


def test_who_may_decide_and_see(world) -> None:
    request = _extend(world)
    for outsider in (
        world.outsider,
        world.inspector,
        world.officer,
        world.officer_ys,
        world.nobody,
    ):
        with pytest.raises(NotAllowed):
            task_request_accept(actor=outsider, request=request)
        with pytest.raises(NotAllowed):
            task_request_refuse(actor=outsider, request=request, comment="Không.")
    assert TaskRequest.objects.get().state == "open"
    for outsider in (world.outsider, world.officer_ys, world.nobody):
        with pytest.raises(NotFound):
            access_request(user=outsider, request_id=request.pk)
    for insider in (world.officer, world.focal, world.leader):
        assert access_request(user=insider, request_id=request.pk) == request
    assert list(requests_to_decide(user=world.focal)) == [request]
    assert list(requests_to_decide(user=world.leader)) == [request]
    assert not requests_to_decide(user=world.officer).exists()
    assert not requests_to_decide(user=world.outsider).exists()


def test_notified_on_request_and_decision_and_listed_in_the_work(world) -> None:
    request = _extend(world)
    assert notify_request_made(request=request) == 2  # the focal officer and the leader
    notice = Notification.objects.get(user=world.focal)
    assert "Đề nghị gia hạn thời hạn mục I/2" in notice.subject
    assert notice.url == f"/de-nghi/{request.pk}/"
    assert Notification.objects.filter(user=world.leader).count() == 1
    assert notify_request_made(request=request) == 0  # once
    work = worklist_for(user=world.focal)
    assert (work.to_decide, work.to_decide_count) == ([request], 1)
    assert not worklist_for(user=world.officer).to_decide
    decided = task_request_refuse(actor=world.focal, request=request, comment="Chưa đủ lý do.")
    assert notify_request_decided(request=decided) == 1
    told = Notification.objects.get(user=world.officer)
    assert "không chấp nhận" in told.subject and "Chưa đủ lý do." in told.body
    assert not worklist_for(user=world.focal).to_decide
