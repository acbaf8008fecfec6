"""In Chromium: the statistics page says how fresh its figures are and rebuilds only when
asked; a reviewer who lost a race to a colleague is told who won and keeps his comment; a
plan without a schedule says so instead of making one."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from dondoc.registry.services import crime_report_register
from dondoc.tracking.models import Notification, ReportingSchedule
from dondoc.tracking.services import progress_report_return
from tests.org.factories import DEFAULT_PASSWORD
from tests.tracking.factories import world_tracking
from tests.world import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SHOTS = os.environ.get("DONDOC_SCREENSHOTS")  # a folder: keep what the pages looked like


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _sign_in(page, live_server, username: str = "daumoi") -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")


def test_statistics_as_of_and_rebuilt_on_request(world: World, live_server, page) -> None:
    crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=datetime.date(2026, 3, 2),
        source="report",
    )  # fmt: skip
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/thong-ke/?don_vi={world.province.pk}&nam=2026")
    notice = page.locator(".facts-as-of")
    assert "Số liệu chưa được tính" in notice.inner_text()
    _shot(page, "stats-stale")
    page.get_by_role("button", name="Tính lại ngay").click()
    page.wait_for_load_state()
    assert "Số liệu tính đến" in page.locator(".facts-as-of").inner_text()
    assert page.get_by_role("button", name="Tính lại ngay").count() == 0
    total = page.locator("#stats-table tr.total td").first.inner_text()
    assert total.strip() == "1"
    _shot(page, "stats-fresh")


def test_a_reviewer_who_lost_keeps_his_comment(world: World, live_server, page) -> None:
    report = world_tracking(world).report
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/bao-cao/xem/{report.pk}/")
    page.locator("#review-comment").fill("Đạt yêu cầu, đề nghị bổ sung ảnh.")
    progress_report_return(  # a colleague returns it meanwhile, from another browser
        actor=world.admin, report=report, comment="Thiếu số liệu của các xã."
    )
    page.locator("#accept-report").click()
    page.wait_for_load_state()
    error = page.get_by_role("alert").inner_text()
    assert f"đã được {world.admin} trả lại lúc" in error
    assert page.locator("#review-comment").input_value() == "Đạt yêu cầu, đề nghị bổ sung ảnh."
    _shot(page, "review-conflict")


def test_a_plan_without_schedule_and_unread_notifications(world: World, live_server, page):
    plan = world_tracking(world).plan
    ReportingSchedule.objects.filter(document=plan).delete()  # imported before schedules were
    Notification.objects.create(user=world.focal, key="t", subject="Báo cáo bị trả lại", body="…")
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/theo-doi/")
    assert "chưa có chế độ báo cáo" in page.locator("main").inner_text()
    _shot(page, "board-no-schedule")
    page.goto(f"{live_server.url}/thong-bao/")
    page.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đánh dấu đã đọc").count() == 0
    assert not Notification.objects.filter(user=world.focal, read_at__isnull=True).exists()
    _shot(page, "notifications-read")
