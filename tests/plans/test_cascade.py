"""Plan cascade: seed 000 (Sơn Dương) taken as the upper plan of seed 001 (sister plans on one
subject), the latter imported for a commune of Sơn Dương so that the link is to a higher unit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.plans.cascade import Item, suggest
from dondoc.plans.models import Task
from dondoc.plans.selectors import cascade_for
from dondoc.plans.services import (
    document_set_upper,
    plan_import,
    plan_resolve,
    task_link_upper,
)

from .conftest import seed_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    upper_draft = plan_resolve(actor=SYSTEM, draft=seed_draft("000"), unit=world.son_duong)
    upper = plan_import(actor=SYSTEM, draft=upper_draft, unit=world.son_duong)
    lower_draft = plan_resolve(actor=SYSTEM, draft=seed_draft("001"), unit=world.commune_sd)
    lower = plan_import(actor=SYSTEM, draft=lower_draft, unit=world.commune_sd)
    document_set_upper(actor=world.focal, document=lower, upper=upper)
    return upper, lower


def test_statistics_tasks_pair_with_the_statistics_tasks(plans, world) -> None:
    _, lower = plans
    pairs = {
        row.task.path: row.suggested.path
        for row in cascade_for(user=world.focal, document=lower).rows
        if row.suggested
    }
    assert pairs["II/8/8.2"] == "B/VIII/2"
    assert pairs["II/8/8.3"] == "B/VIII/3"
    assert pairs["II/9/9.1"] == "B/IX/1"
    assert pairs["II/9/9.2"] == "B/IX/2"
    # 8.1 (legal texts on torture) has no twin in 000, whose VIII.1 repeats VII.1 by mistake;
    # it still lands among the statistics tasks.
    assert pairs["II/8/8.1"].startswith(("B/VIII/", "B/IX/"))
    # The rest of the plans run parallel as well.
    assert pairs["I/2/2.1/2.1.1"] == "A/II/1/1.1"
    assert pairs["II/7/7.1"] == "B/VII/1"
    assert pairs["III/6/6.3"] == "C/IV"


def test_confirmed_links_and_uncovered_upper_tasks(plans, world) -> None:
    upper, lower = plans
    cascade = cascade_for(user=world.focal, document=lower)
    assert "B/VIII/1" in [t.path for t in cascade.uncovered]
    task = Task.objects.get(document=lower, path="II/8/8.2")
    target = Task.objects.get(document=upper, path="B/VIII/2")
    task_link_upper(actor=world.focal, task=task, upper_task=target)
    row = next(
        r for r in cascade_for(user=world.focal, document=lower).rows if r.task.pk == task.pk
    )
    assert row.suggested == target and row.score is None  # confirmed, not suggested
    stranger = Task.objects.get(document=lower, path="I/1")
    with pytest.raises(InvalidInput):
        task_link_upper(actor=world.focal, task=task, upper_task=stranger)
    with pytest.raises(NotAllowed):
        task_link_upper(actor=world.outsider, task=task, upper_task=target)


def test_cascade_page_lists_pairs_and_uncovered_tasks(plans, world, django_user_model) -> None:
    _, lower = plans
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.vn", "x"))
    page = client.get(reverse("web:plan_cascade", args=[lower.pk])).content.decode()
    assert 'data-path="II/9/9.1" data-upper="B/IX/1"' in page
    assert 'id="uncovered"' in page


def test_suggest_needs_shared_words() -> None:
    lower = [Item(1, "Tổ chức hội nghị tập huấn"), Item(2, "xyz")]
    upper = [Item(10, "Hội nghị tập huấn về Công ước"), Item(11, "Thống kê số liệu")]
    assert [(s.lower, s.upper) for s in suggest(lower, upper)] == [(1, 10)]
    assert suggest([], upper) == []
