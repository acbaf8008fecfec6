"""In Chromium: the focal officer opens his home page, sees the late agency, reminds it from
the board and downloads the reminder letter for the agencies with no account."""

from __future__ import annotations

import pytest

from dondoc.tracking.models import Notification
from tests.org.factories import DEFAULT_PASSWORD
from tests.tracking.factories import world_court_owes, world_tracking
from tests.wordtext import word_text
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_officer_sees_the_late_agency_reminds_it_and_downloads_the_letter(
    world: World, live_server, page
) -> None:
    world_tracking(world)
    world_court_owes(world)
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    late = page.locator('#work-late tr[data-agency="Phòng Tư pháp huyện Sơn Dương"]')
    assert "Năm 2025" in late.inner_text() and "329 ngày" in late.inner_text()
    page.screenshot(path="var/screenshot-home-followup.png", full_page=True)
    late.get_by_role("link", name="Theo dõi, đôn đốc").click()
    row = page.locator('#board tr[data-agency="Phòng Tư pháp huyện Sơn Dương"]')
    row.get_by_role("button", name="Nhắc").click()
    message = page.locator(".messages").inner_text()
    assert "Đã nhắc Phòng Tư pháp huyện Sơn Dương" in message
    assert Notification.objects.filter(user=world.officer, key__startswith="nudge:").count() == 1
    page.screenshot(path="var/screenshot-board-followup.png", full_page=True)
    with page.expect_download() as download:
        page.locator("#download-letter").click()
    data = download.value.path().read_bytes()
    text = word_text(data)
    assert "Tòa án nhân dân huyện Sơn Dương" in text and "I.2" in text  # the table of what is owed
