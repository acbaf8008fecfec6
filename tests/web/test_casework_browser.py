"""A district officer resolves a complaint's first round in Chromium, then accepts its second
round: the deadline and its rule are shown, the result lands in the rounds table."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.registry.factories import world_complaint
from tests.web.browser import sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_officer_resolves_the_first_round_and_accepts_the_second(
    world: World, live_server, page
) -> None:
    complaint = world_complaint(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.focal.username)
    page.goto(f"{live_server.url}/du-lieu/khieu-nai/")
    page.get_by_role("link", name=f"Khiếu nại #{complaint.pk}").click()
    rounds = page.locator("#rounds")
    expect(rounds).to_contain_text("02/12/2026")
    expect(rounds).to_contain_text("Luật Khiếu nại 2011, Điều 28")
    form = page.locator("#resolve")
    form.get_by_label("Kết quả giải quyết").select_option("rejected")
    form.get_by_label("Ngày giải quyết").fill("20/11/2026")
    form.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi kết quả giải quyết")
    expect(rounds).to_contain_text("Đã giải quyết đúng hạn")
    opening = page.locator("#open-round")
    opening.get_by_label("Ngày thụ lý").fill("25/11/2026")
    opening.get_by_role("button", name="Thụ lý").click()
    expect(rounds).to_contain_text("09/01/2027")  # 45 days: second resolution (Art. 37)
    page.screenshot(path=str(SHOTS / "complaint-rounds.png"), full_page=True)
    page.goto(f"{live_server.url}/du-lieu/khieu-nai/?loai=complaint")
    expect(page.locator('#list-filters input[type="checkbox"][name="qua_han"]')).to_be_visible()
    expect(page.locator("#complaints")).to_contain_text(f"Khiếu nại #{complaint.pk}")
    page.screenshot(path=str(SHOTS / "complaint-list.png"), full_page=True)
