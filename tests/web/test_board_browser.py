"""In a real Chromium, the board of a 500-task plan (issue 18): the focal officer turns its
page, then filters it by agency and state from the form, and the pager keeps the filters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.browser import sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_the_board_pages_and_filters(world: World, live_server, page) -> None:
    from playwright.sync_api import expect

    from dondoc.core.actors import SYSTEM
    from dondoc.tracking.services import schedule_ensure
    from tests.web.test_plan_page_paged import big_plan

    plan = big_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    period = plan.periods.get(label="2025")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.focal.username)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/theo-doi/?ky={period.pk}")
    chips = page.locator("#board td.cells .chip")
    expect(chips).to_have_count(100)
    expect(page.locator("#board-count")).to_contain_text("1500 mục báo cáo")
    expect(page.locator("#board-count")).to_contain_text("trang 1/15")

    page.locator("#board-pager").get_by_role("link", name="Trang sau →").click()
    expect(page.locator("#board-count")).to_contain_text("trang 2/15")
    expect(chips).to_have_count(100)

    page.locator("#filter-agency").select_option(label=world.court_sd.name)
    page.locator("#filter-state").select_option("overdue")
    page.get_by_role("button", name="Xem").click()
    # A new filter starts at its first page: the form does not send the page number.
    expect(page.locator("#board-count")).to_contain_text(
        "250 mục báo cáo khớp điều kiện lọc, trang 1/3"
    )
    expect(page.locator("#board tbody tr")).to_have_count(1)
    expect(page.locator("#board tbody tr").first).to_have_attribute(
        "data-agency", world.court_sd.name
    )
    page.locator("#board-pager").get_by_role("link", name="3").click()
    expect(page.locator("#board-count")).to_contain_text("trang 3/3")
    expect(chips).to_have_count(50)
    expect(page.locator("#filter-state")).to_have_value("overdue")
    page.screenshot(path=str(SHOTS / "board-filtered.png"), full_page=True)
