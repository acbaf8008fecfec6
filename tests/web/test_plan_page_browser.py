"""In a real Chromium, a 500-task plan (issue 18): the officer opens a section, turns its
page, searches, and an old link to a task's row (…/#task-<id>) still lands on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.browser import sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_sections_pages_search_and_an_old_task_link(world: World, live_server, page) -> None:
    from playwright.sync_api import expect

    from dondoc.plans.models import Task
    from tests.web.test_plan_page_paged import big_plan

    plan = big_plan(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.focal.username)
    address = f"{live_server.url}/ke-hoach/{plan.pk}/"
    page.goto(address)
    rows = page.locator("#task-tree tbody tr[id^='task-']")
    expect(rows).to_have_count(50)
    expect(page.locator("#task-count")).to_contain_text("trang 1/11")

    page.locator("#plan-sections a[data-section='II']").click()
    expect(page.locator("#task-count")).to_contain_text("Phần II: 101 mục, trang 1/3")
    page.locator("#task-pager").get_by_role("link", name="Trang sau →").click()
    expect(page.locator("#task-count")).to_contain_text("trang 2/3")
    expect(rows.first).to_have_attribute("data-path", "II/50")
    page.screenshot(path=str(SHOTS / "plan-page-section.png"), full_page=True)

    page.get_by_label("Tìm").fill("nội dung 417")
    page.get_by_role("button", name="Lọc").click()
    # The search keeps the chosen section: nothing of section V is in II.
    expect(page.locator("#task-count")).to_contain_text("0 nhiệm vụ khớp")
    page.locator("#plan-sections").get_by_role("link", name="Tất cả").click()
    expect(rows).to_have_count(1)
    expect(page.locator("tr.heading")).to_contain_text("Nhóm nhiệm vụ 5")
    page.screenshot(path=str(SHOTS / "plan-page-search.png"), full_page=True)

    task = Task.objects.get(document=plan, path="IV/90")
    page.goto(f"{address}#task-{task.pk}")
    expect(page.locator(f"#task-{task.pk}")).to_be_visible()
    expect(page.locator("#task-count")).to_contain_text("Phần IV")
    assert page.url.endswith(f"#task-{task.pk}")

    page.context.clear_cookies()
    sign_in(page, live_server.url, world.outsider.username)
    response = page.goto(address)
    assert response is not None and response.status == 404
