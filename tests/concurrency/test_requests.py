"""Two officers decide one agency's request at the same moment (PostgreSQL, real
connections): one decision wins, the other is told the request was decided; the plan changes
once."""

from __future__ import annotations

import datetime

from dondoc.plans.models import PlanChange, TaskRequest
from dondoc.plans.services.requests import (
    RequestDecided,
    task_request_accept,
    task_request_make,
    task_request_refuse,
)
from tests.concurrency.conftest import on_postgresql, together
from tests.plans.factories import world_plan

pytestmark = on_postgresql


def _request(world) -> TaskRequest:
    assignment = world_plan(world).tasks.get(path="I/2").assignments.get(agency=world.justice_sd)
    return task_request_make(
        actor=world.officer,
        assignment=assignment,
        kind="extend",
        reason="Chờ số liệu của Tòa án.",
        proposed_date=datetime.date(2027, 6, 30),
    )


def test_two_acceptances_at_once_change_the_plan_once(world) -> None:
    request = _request(world)
    results = together(
        lambda: task_request_accept(actor=world.focal, request=request),
        lambda: task_request_accept(actor=world.leader, request=request),
    )
    assert sorted(type(r).__name__ for r in results) == ["RequestDecided", "TaskRequest"], results
    assert PlanChange.objects.count() == 1
    assert TaskRequest.objects.get().state == "accepted"


def test_an_acceptance_and_a_refusal_at_once(world) -> None:
    request = _request(world)
    results = together(
        lambda: task_request_accept(actor=world.focal, request=request),
        lambda: task_request_refuse(actor=world.leader, request=request, comment="Không."),
    )
    won = [r for r in results if isinstance(r, TaskRequest)]
    assert len(won) == 1 and sum(isinstance(r, RequestDecided) for r in results) == 1, results
    stored = TaskRequest.objects.get()
    assert stored.state == won[0].state
    assert PlanChange.objects.count() == (1 if stored.state == "accepted" else 0)


def test_two_requests_sent_at_once_leave_one_open(world) -> None:
    assignment = world_plan(world).tasks.get(path="I/2").assignments.get(agency=world.justice_sd)

    def ask():
        return task_request_make(
            actor=world.officer, assignment=assignment, kind="withdraw", reason="Đã giao nơi khác."
        )

    results = together(ask, ask)
    assert sum(isinstance(r, TaskRequest) for r in results) == 1, results
    assert TaskRequest.objects.filter(state="open").count() == 1
