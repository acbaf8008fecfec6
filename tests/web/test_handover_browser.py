"""In a real Chromium (issue 15): the focal officer of the 2025 province opens the hand-over
page, changes one line, confirms, and finds the plan continuing under its police."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dondoc.plans.models import Handover
from tests.handover.factories import reform
from tests.web.browser import sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_focal_officer_changes_a_line_confirms_and_sees_the_plan_under_the_successor(
    world: World, live_server, page
) -> None:
    reformed = reform(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.new_focal.username)
    page.get_by_role("link", name="Bàn giao công việc").click()
    page.get_by_role("link", name=reformed.plan.label, exact=False).click()
    form = page.locator("#handover-form")
    expect(form).to_contain_text("Công an huyện Sơn Dương")
    focal = page.locator('tr[data-key="focal"] select')
    expect(focal).to_have_value(str(world.new_police.pk))  # proposed from the succession
    changed = page.locator('tr[data-key^="a:"] select').first
    key = page.locator('tr[data-key^="a:"]').first.get_attribute("data-key")
    changed.select_option(label=reformed.new_committee.name)
    page.screenshot(path=str(SHOTS / "handover-form.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận bàn giao").click()
    done = page.locator("#handover-done")
    expect(done).to_contain_text("Đã bàn giao")
    expect(page.locator(f'#handover-lines tr[data-key="{key}"] .receiver')).to_have_text(
        reformed.new_committee.name
    )
    expect(page.locator(".messages")).to_contain_text("Đã bàn giao")
    page.screenshot(path=str(SHOTS / "handover-done.png"), full_page=True)
    page.locator("#to-plan").click()
    expect(page.locator("#plan-handover")).to_contain_text(
        f"Kế hoạch tiếp tục dưới {world.new_police.name}"
    )
    expect(page.locator("#task-tree")).to_contain_text(reformed.new_committee.name)
    page.screenshot(path=str(SHOTS / "handover-plan.png"), full_page=True)
    handover = Handover.objects.get(document=reformed.plan)
    assert handover.confirmed_by == world.new_focal
