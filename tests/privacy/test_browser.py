"""In a real Chromium: a leader reads a crime report with its people masked (no "Hiện"); the
police's focal officer reveals them; the legal basis shows on the entry form."""

from __future__ import annotations

import os

import pytest

from tests.org.factories import DEFAULT_PASSWORD
from tests.registry.factories import VICTIM, world_crime_report
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DONDOC_SCREENSHOTS", "")


def _sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")


def test_a_leader_sees_the_people_masked_the_officer_reveals_them(
    world: World, live_server, page
) -> None:
    report = world_crime_report(world)
    _sign_in(page, live_server, world.leader.username)
    page.goto(f"{live_server.url}/du-lieu/tin-bao/{report.pk}/")
    table = page.locator("#involved").inner_text()
    assert VICTIM not in table and "(đã ẩn)" in table and "Nữ" in table
    assert page.locator("#reveal").count() == 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/privacy-leader-masked.png", full_page=True)
    page.context.clear_cookies()
    _sign_in(page, live_server, world.focal.username)
    page.goto(f"{live_server.url}/du-lieu/tin-bao/{report.pk}/")
    assert VICTIM not in page.locator("#involved").inner_text()
    page.locator("#reveal").click()
    page.wait_for_url("**hien=1")
    assert VICTIM in page.locator("#involved").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/privacy-focal-revealed.png", full_page=True)
    page.goto(f"{live_server.url}/du-lieu/tin-bao/moi/")
    basis = page.locator(".legal-basis").inner_text()
    assert basis.startswith("Cơ sở pháp lý xử lý dữ liệu cá nhân:") and "Điều 144–147" in basis
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/privacy-legal-basis.png", full_page=True)
    page.goto(f"{live_server.url}/bao-ve-du-lieu/")
    assert "Hồ sơ xử lý dữ liệu cá nhân" in page.locator("main").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/privacy-home.png", full_page=True)
