"""Two at once on one draft or one plan (PostgreSQL, real connections): the second change,
made on the page as it was before the first, is refused with a clear message, never lost
silently nor applied over the first."""

from __future__ import annotations

from django.urls import reverse

from dondoc.plans.corrections import StaleVersion
from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.models import PlanChange, PlanUpload, Task
from dondoc.plans.services.amendments import task_amend
from dondoc.plans.services.review import plan_draft_task_delete, plan_draft_task_set
from tests.concurrency.conftest import on_postgresql, together
from tests.plans.factories import world_plan, world_upload
from tests.world import signed_in

pytestmark = on_postgresql


def test_two_officers_amend_one_task_from_the_same_page(world) -> None:
    plan = world_plan(world)
    task = plan.tasks.get(path="I/1")

    def amend(actor, title):
        return lambda: task_amend(
            actor=actor,
            task=task,
            version=1,
            title=title,
            deadline=None,
            expected_result="",
            reason=title,
        )

    results = together(
        amend(world.focal, "Bản của cán bộ đầu mối"), amend(world.admin, "Bản của quản trị")
    )
    stale = [r for r in results if isinstance(r, StaleVersion)]
    saved = [r for r in results if isinstance(r, PlanChange)]
    assert len(stale) == 1 and len(saved) == 1, results
    assert "vừa được sửa ở nơi khác" in stale[0].message
    task.refresh_from_db()
    assert task.title == saved[0].after["title"]
    assert PlanChange.objects.count() == 1
    plan.refresh_from_db()
    assert plan.version == 2


def test_two_windows_correct_one_draft_at_once(world) -> None:
    upload = world_upload(world)

    def edit():
        return plan_draft_task_set(
            actor=world.focal,
            upload=upload,
            version=1,
            index=1,
            title="Sửa ở cửa sổ thứ nhất",
            deadline=None,
            expected_result="",
        )

    def delete():
        return plan_draft_task_delete(actor=world.focal, upload=upload, version=1, index=1)

    results = together(edit, delete)
    assert sum(isinstance(r, StaleVersion) for r in results) == 1, results
    upload = PlanUpload.objects.get(pk=upload.pk)
    assert upload.version == 2
    titles = [t.title for t in draft_from_dict(upload.draft).tasks]
    # Exactly one of the two happened: the edit (three rows) or the delete (two, I/2 left).
    assert titles in (
        ["Tuyên truyền", "Sửa ở cửa sổ thứ nhất", "Thống kê khiếu nại, tố cáo"],
        ["Tuyên truyền", "Thống kê khiếu nại, tố cáo"],
    ), titles


def test_two_officers_amend_through_the_page_one_is_told(world) -> None:
    plan = world_plan(world)
    task = plan.tasks.get(path="I/1")
    url = reverse("web:task_amend", args=[plan.pk, task.pk])

    def post(user, title, token):
        client = signed_in(user)
        return lambda: client.post(
            url,
            {
                "thao_tac": "sua",
                "sua-version": "1",
                "sua-form_token": token,
                "sua-title": title,
                "sua-deadline": "Hằng năm",
                "sua-reason": "Sửa chữ",
            },
        )

    answers = together(post(world.focal, "Một", "a" * 20), post(world.admin, "Hai", "b" * 20))
    assert [a.status_code for a in answers] == [302, 302], answers
    told = [a for a in answers if a["Location"] == url]
    assert len(told) == 1, [a["Location"] for a in answers]
    assert Task.objects.get(pk=task.pk).title in ("Một", "Hai")
    assert PlanChange.objects.count() == 1
