"""Plan imports with two at once (PostgreSQL, real connections)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document, PlanUpload
from dondoc.plans.services import DocumentExists, plan_import, plan_resolve
from tests.concurrency.conftest import on_postgresql, together
from tests.plans.factories import SMALL_PLAN, world_plan, world_upload
from tests.world import signed_in

pytestmark = on_postgresql


def _draft(world):
    draft = parse_text(SMALL_PLAN)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
    return draft


def test_two_replaces_of_one_plan_leave_one_task_tree(world) -> None:
    """Two `dondoc plan import FILE --replace` of one plan at the same moment (the command
    resolves, then calls plan_import; here both drafts are resolved first so that the two
    transactions overlap)."""
    plan = world_plan(world)
    tasks = plan.tasks.count()
    drafts = [_draft(world), _draft(world)]
    results = together(
        *[
            lambda d=d: plan_import(actor=SYSTEM, draft=d, unit=world.son_duong, replace=True)
            for d in drafts
        ]
    )
    assert [r.pk for r in results] == [plan.pk, plan.pk], results
    assert Document.objects.filter(number="15/KH-UBND").count() == 1
    assert Document.objects.get(pk=plan.pk).tasks.count() == tasks  # not twice as many


def test_the_import_command_twice_at_once(world, tmp_path: Path) -> None:
    plan = world_plan(world)
    tasks = plan.tasks.count()
    source = tmp_path / "ke-hoach-15.txt"
    source.write_text(SMALL_PLAN, encoding="utf-8")

    def replace() -> None:
        call_command("plan", "import", str(source), "--unit", world.son_duong.path,
                     "--replace", stdout=StringIO())  # fmt: skip

    assert together(replace, replace) == [None, None]
    assert Document.objects.get(pk=plan.pk).tasks.count() == tasks


def test_two_first_imports_make_one_document(world) -> None:
    drafts = [_draft(world), _draft(world)]
    results = together(
        *[lambda d=d: plan_import(actor=SYSTEM, draft=d, unit=world.son_duong) for d in drafts]
    )
    assert sum(isinstance(r, Document) for r in results) == 1, results
    assert sum(isinstance(r, DocumentExists) for r in results) == 1, results
    assert Document.objects.filter(number="15/KH-UBND").count() == 1


def test_a_double_click_on_save_plan_saves_one_and_both_land_on_it(world) -> None:
    upload = world_upload(world)
    url = reverse("web:plan_review", args=[upload.pk])
    client = signed_in(world.focal)
    answers = together(*[lambda: client.post(url, {"form_token": "d" * 20})] * 2)
    assert [a.status_code for a in answers] == [302, 302], answers
    document = Document.objects.get(number="16/KH-UBND")
    detail = reverse("web:plan_detail", args=[document.pk])
    assert [a["Location"] for a in answers] == [detail, detail]
    assert not PlanUpload.objects.exists()
    again = client.post(url, {"form_token": "d" * 20})  # a third click, long after
    assert again.status_code == 302 and again["Location"] == detail
