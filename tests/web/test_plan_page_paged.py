"""The plan page of a plan with hundreds of tasks (issue 18): its sections with their task
counts, one page of rows at a time, the filters in the address, a task's link reaching its
page, and the same few queries whatever the plan's size."""

from __future__ import annotations

import datetime
import re

import pytest
from bench.plans import DISTRICT_AGENCIES, plan_text
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document, Task
from dondoc.plans.selectors import TASKS_PER_PAGE
from dondoc.plans.services import plan_import, plan_resolve
from tests.plans.factories import world_plan
from tests.world import World, signed_in, view_queries

pytestmark = pytest.mark.django_db

TASKS = 500
PER_SECTION = 100  # five sections of 101 rows (the group and its tasks): three pages each


def big_plan(world: World) -> Document:
    """Plan 500/KH-UBND of Sơn Dương: 500 tasks in sections I–V, each led and coordinated."""
    text = plan_text(
        number="500/KH-UBND",
        place="Sơn Dương",
        date="10 tháng 3 năm 2024",
        title="Thực hiện Công ước chống tra tấn giai đoạn 2024 - 2026",
        agencies=DISTRICT_AGENCIES,
        tasks=TASKS,
        per_section=PER_SECTION,
    )
    draft = parse_text(text)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
    return plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)


def rows_of(html: str) -> list[str]:
    """The task rows the page renders, by their anchors."""
    return re.findall(r'id="task-(\d+)"', html)


def test_a_500_task_plan_shows_its_sections_and_one_page_of_tasks(world) -> None:
    plan = big_plan(world)
    client = signed_in(world.focal)
    url = reverse("web:plan_detail", args=[plan.pk])
    page = client.get(url).content.decode()
    assert len(rows_of(page)) == TASKS_PER_PAGE
    assert "500 nhiệm vụ trong 505 mục" in page
    sections = re.findall(r'data-section="([IVX]+)".*?\((\d+) nhiệm vụ\)', page)
    assert sections == [(r, "100") for r in ("I", "II", "III", "IV", "V")]
    assert "trang 1/11" in page

    second = Task.objects.get(document=plan, depth=0, path="II")
    section = client.get(url, {"muc": second.pk, "trang": 3}).content.decode()
    shown = Task.objects.filter(pk__in=rows_of(section)).order_by("position")
    # Section II holds rows 101–201 of the plan: its third page, the last of its 101 rows.
    assert [t.path for t in shown] == ["II/100"]
    assert "Phần II: 101 mục, trang 3/3" in section
    # The pager keeps the section: its links carry muc=.
    assert f"muc={second.pk}&amp;trang=2" in section


def test_the_filters_pick_tasks_and_keep_each_its_section_heading(world) -> None:
    plan = big_plan(world)
    client = signed_in(world.focal)
    url = reverse("web:plan_detail", args=[plan.pk])

    found = client.get(url, {"q": "nội dung 417"}).content.decode()
    assert [t.path for t in Task.objects.filter(pk__in=rows_of(found))] == ["V/17"]
    assert '<tr class="group depth-0 heading" data-path="V">' in found
    assert "1 nhiệm vụ khớp điều kiện lọc" in found

    court = world.court_sd
    led = client.get(url, {"co_quan": court.pk}).content.decode()
    # Tòa án leads every fourth task and coordinates every fourth other one: 250 of them.
    assert "250 nhiệm vụ khớp điều kiện lọc, trang 1/5" in led
    assert len(rows_of(led)) == TASKS_PER_PAGE

    assert "0 nhiệm vụ khớp" in client.get(url, {"trang_thai": "withdrawn"}).content.decode()

    # Late: past its completion date, and no report says it is done.
    task = Task.objects.get(document=plan, path="III/5")
    Task.objects.filter(pk=task.pk).update(deadline_date=datetime.date(2026, 6, 30))
    late = client.get(url, {"qua_han": "1"}).content.decode()
    assert rows_of(late) == [str(task.pk)]
    assert 'name="qua_han" value="1" id="filter-late" checked' in late

    # What cannot be read is refused with the 400 page, a section not of the plan ignored.
    assert client.get(url, {"trang": "hai"}).status_code == 400
    assert len(rows_of(client.get(url, {"muc": 999_999}).content.decode())) == TASKS_PER_PAGE


def test_a_link_to_a_task_reaches_its_page_and_an_outsider_is_refused(world) -> None:
    plan = big_plan(world)
    url = reverse("web:plan_detail", args=[plan.pk])
    task = Task.objects.get(document=plan, path="II/80")
    section = Task.objects.get(document=plan, path="II", depth=0)
    client = signed_in(world.focal)
    response = client.get(url, {"nhiem_vu": task.pk})
    assert response.status_code == 302
    # II/80 is the 81st row of section II (its heading first): its page 2 of 50 rows.
    assert response["Location"] == f"{url}?muc={section.pk}&trang=2#task-{task.pk}"
    landed = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="task-{task.pk}"' in landed
    first = Task.objects.get(document=plan, path="II/49")  # the 50th row: still page 1
    assert f"muc={section.pk}&trang=1#" in client.get(url, {"nhiem_vu": first.pk})["Location"]

    other = world_plan(world).tasks.first()
    assert client.get(url, {"nhiem_vu": other.pk}).status_code == 404  # not this plan's

    outsider = signed_in(world.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, {"nhiem_vu": task.pk}).status_code == 404


# The plan page's ceiling, as in test_query_counts; a filtered page counts what it picked (+1).
PLAN_PAGE_CEILING = 19


def test_the_plan_page_makes_as_few_queries_at_500_tasks_as_at_two(world) -> None:
    small = world_plan(world)
    big = big_plan(world)
    client = signed_in(world.focal)
    section = Task.objects.get(document=big, path="III", depth=0).pk
    asked = [{}, {"trang": 4}, {"muc": section, "trang": 2}]
    filtered = [{"q": "nội dung"}, {"co_quan": world.court_sd.pk}, {"qua_han": "1"}]
    few = {
        str(p): view_queries(client, reverse("web:plan_detail", args=[small.pk]), p)
        for p in asked + filtered
    }
    many = {
        str(p): view_queries(client, reverse("web:plan_detail", args=[big.pk]), p)
        for p in asked + filtered
    }
    for p in asked:
        assert many[str(p)] <= few[str(p)] <= PLAN_PAGE_CEILING, (p, few, many)
    for p in filtered:  # on the small plan, a filter may pick nothing (and skip a query)
        assert max(few[str(p)], many[str(p)]) <= PLAN_PAGE_CEILING + 1, (p, few, many)
