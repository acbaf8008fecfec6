"""In Chromium: the focal officer opens the period's consolidated report from the board, creates
the draft, edits a section and submits it; the leader of the focal agency finds it in "Việc của
tôi" and approves it; the officer issues it and downloads the PDF."""

from __future__ import annotations

import shutil

import pytest

from dondoc.reports.models import ConsolidatedReport
from tests.org.factories import DEFAULT_PASSWORD
from tests.reports.factories import world_chief
from tests.tracking.factories import world_tracking
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")


def test_draft_edit_submit_approve_issue_in_the_browser(world: World, live_server, page) -> None:
    tracked = world_tracking(world)
    world_chief(world)
    _sign_in(page, live_server, "daumoi")
    page.goto(live_server.url + f"/ke-hoach/{tracked.plan.pk}/theo-doi/?ky={tracked.period.pk}")
    page.locator("#consolidated-page").click()
    page.locator("#consolidated-create").click()
    assert page.locator("#consolidated-state").inner_text() == "Dự thảo"
    page.get_by_label("Công tác chỉ đạo, triển khai").fill(
        "Công an huyện đã ban hành kế hoạch triển khai và hướng dẫn các cơ quan báo cáo."
    )
    page.locator("#id_signer_mode").select_option("KT.")
    page.get_by_label("Ký thay, thừa lệnh, thay mặt cho").fill("TRƯỞNG CÔNG AN HUYỆN")
    page.get_by_label("Họ tên người ký").fill("Trần Văn Bình")
    page.locator("#consolidated-save").click()
    assert "Đã lưu nội dung" in page.locator(".messages").inner_text()
    page.screenshot(path="var/screenshot-consolidated-draft.png", full_page=True)
    page.locator("#consolidated-submit").click()
    assert page.locator("#consolidated-state").inner_text() == "Chờ lãnh đạo duyệt"
    _sign_in(page, live_server, "truongcongan")
    page.locator("#work-approve").get_by_role("link", name="Xem và duyệt").click()
    page.locator("#consolidated-approve").click()
    assert page.locator("#consolidated-state").inner_text() == "Đã duyệt"
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed (make test installs it)")
    _sign_in(page, live_server, "daumoi")
    page.goto(
        live_server.url + f"/ke-hoach/{tracked.plan.pk}/bao-cao-tong-hop/{tracked.period.pk}/"
    )
    page.get_by_label("Số báo cáo").fill("12")
    page.locator("#consolidated-issue-button").click()
    assert page.locator("#consolidated-state").inner_text() == "Đã ban hành"
    page.screenshot(path="var/screenshot-consolidated-issued.png", full_page=True)
    with page.expect_download() as download:
        page.locator('a[data-kind="pdf"]').click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    assert ConsolidatedReport.objects.get().number == "12"
