"""The pages of an agency's request about its task and of the timeliness table, through the
web client: the "Đề nghị" form, the decision, the deadline shown with its extension, the work
list, and the refusals."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from dondoc.plans.models import TaskRequest
from dondoc.tracking.models import Notification
from tests.plans.factories import world_plan
from tests.tracking.factories import world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def _assignment(world):
    return world_plan(world).tasks.get(path="I/2").assignments.get(agency=world.justice_sd)


def test_an_extension_asked_on_the_page_and_accepted_by_the_focal_officer(world) -> None:
    assignment = _assignment(world)
    officer = signed_in(world.officer)
    tasks = officer.get(reverse("web:agency_tasks", args=[world.justice_sd.pk])).content.decode()
    new = reverse("web:task_request_new", args=[assignment.pk])
    assert new in tasks and "Đề nghị" in tasks
    form = officer.get(new)
    assert form.status_code == 200
    token = form.context["form"]["form_token"].value()
    bad = officer.post(
        new,
        {
            "kind": "extend",
            "reason": "Chờ số liệu.",
            "proposed_date": "31/02/2027",
            "form_token": token,
        },
    )
    assert bad.status_code == 400 and "cần một ngày có thật" in bad.content.decode()
    assert not TaskRequest.objects.exists()
    sent = officer.post(
        new,
        {
            "kind": "extend",
            "reason": "Chờ số liệu của Tòa án.",
            "proposed_date": "30/06/2027",
            "form_token": token,
        },
    )
    request = TaskRequest.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "web:task_request_detail", args=[request.pk]
    )
    again = officer.post(
        new,
        {
            "kind": "extend",
            "reason": "Chờ số liệu của Tòa án.",
            "proposed_date": "30/06/2027",
            "form_token": token,
        },
    )
    assert again.status_code == 302 and TaskRequest.objects.count() == 1  # the same form twice
    assert Notification.objects.filter(user=world.focal, key=f"request:{request.pk}").exists()
    focal = signed_in(world.focal)
    home = focal.get(reverse("web:home")).content.decode()
    assert 'id="work-requests"' in home and "Chờ số liệu của Tòa án." in home
    detail = focal.get(reverse("web:task_request_detail", args=[request.pk])).content.decode()
    assert 'id="decision-form"' in detail
    decide = reverse("web:task_request_decide", args=[request.pk])
    assert focal.post(decide, {"action": "accept", "comment": "Đồng ý."}).status_code == 302
    request.refresh_from_db()
    assert request.state == "accepted"
    shown = focal.get(reverse("web:plan_detail", args=[world_plan(world).pk])).content.decode()
    assert "30/06/2027 (đã gia hạn từ 2024 - 2025)" in shown
    detail = officer.get(reverse("web:task_request_detail", args=[request.pk])).content.decode()
    assert "Đã chấp nhận" in detail and 'id="decision-form"' not in detail
    assert "30/06/2027 (đã gia hạn từ 2024 - 2025)" in detail
    assert Notification.objects.filter(
        user=world.officer, key=f"request-decided:{request.pk}"
    ).exists()
    late = focal.post(decide, {"action": "refuse", "comment": "Không."})
    assert late.status_code == 409 and "đã được quyết định" in late.content.decode()


def test_refusals(world) -> None:
    assignment = _assignment(world)
    new = reverse("web:task_request_new", args=[assignment.pk])
    for user in (world.officer_ys, world.outsider, world.leader, world.inspector):
        client = signed_in(user)
        assert client.get(new).status_code == 404  # not an agency assigned the task
        assert client.post(new, {"kind": "withdraw", "reason": "x"}).status_code == 404
    signed_in(world.officer).post(new, {"kind": "withdraw", "reason": "Đã giao nơi khác."})
    request = TaskRequest.objects.get()
    decide = reverse("web:task_request_decide", args=[request.pk])
    for user in (world.outsider, world.officer_ys):
        assert signed_in(user).post(decide, {"action": "accept"}).status_code == 404
    refused = signed_in(world.officer).post(decide, {"action": "accept"})
    assert refused.status_code == 403
    inspector = signed_in(world.inspector).post(decide, {"action": "accept"})
    assert inspector.status_code in (403, 404)
    empty = signed_in(world.leader).post(decide, {"action": "refuse", "comment": ""})
    assert empty.status_code == 400 and "Ý kiến" in empty.content.decode()
    assert TaskRequest.objects.get().state == "open"
    own = signed_in(world.officer).get(reverse("web:task_requests")).content.decode()
    assert "Đã giao nơi khác." in own
    other = signed_in(world.officer_ys).get(reverse("web:task_requests")).content.decode()
    assert "Đã giao nơi khác." not in other


def test_the_timeliness_page_and_its_workbook(world) -> None:
    from openpyxl import load_workbook

    plan = world_tracking(world).plan
    focal = signed_in(world.focal)
    board = focal.get(reverse("web:plan_board", args=[plan.pk])).content.decode()
    url = reverse("web:plan_timeliness", args=[plan.pk])
    assert url in board
    page = focal.get(url).content.decode()
    assert 'id="timeliness"' in page and 'id="timeliness-totals"' in page
    assert "<svg" in page and '<title id="tl-title">' in page and "đúng hạn" in page
    assert "<script" not in page.split('<figure class="chart">')[1].split("</figure>")[0]
    workbook = focal.get(reverse("web:plan_timeliness_xlsx", args=[plan.pk]))
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet["B4"].value == "Công an huyện Sơn Dương"
    for user in (world.outsider, world.officer):
        assert signed_in(user).get(url).status_code == 404
