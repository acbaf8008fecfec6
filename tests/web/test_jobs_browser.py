"""In a real Chromium: a large import goes to the worker; its page follows it by itself until
the rejected rows and the button to save the valid ones show."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dondoc.core.jobs import job_run
from dondoc.core.models import Job
from tests.core.factories import HALF_GOOD, ensure_catalogues
from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DONDOC_SCREENSHOTS", "")


def test_a_large_import_is_followed_on_its_page(
    world: World, live_server, page, settings, tmp_path: Path
) -> None:
    settings.BACKGROUND_ROWS = 1
    ensure_catalogues()  # article 146, which a transactional test before may have flushed
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/du-lieu/nhap/crime_reports/")
    upload = tmp_path / "tin-bao.csv"
    upload.write_text(HALF_GOOD, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.wait_for_url("**/viec-nen/*/")
    expect(page.locator("#job-status")).to_contain_text("Đang chờ")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/job-waiting.png", full_page=True)
    job_run(Job.objects.get().pk)  # the worker's turn
    # No click: the page refreshes itself while the job runs.
    expect(page.locator("#job-status")).to_contain_text("Đã xong", timeout=10_000)
    expect(page.locator("#job-rejected")).to_have_text("1")
    expect(page.locator("#job-report")).to_contain_text("Dòng 3, cột “Ngày tiếp nhận”")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/job-done.png", full_page=True)
    page.get_by_role("button", name="Lưu các dòng hợp lệ, bỏ các dòng bị từ chối").click()
    expect(page.locator("#job-status")).to_contain_text("Đang chờ")
    job_run(Job.objects.order_by("-pk").first().pk)
    expect(page.locator("#job-summary")).to_contain_text("Đã lưu 1 hồ sơ từ 2 dòng", timeout=10_000)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/job-saved.png", full_page=True)
