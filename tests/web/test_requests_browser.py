"""In Chromium: Phòng Tư pháp asks to extend its task from its task list, the focal officer
finds the request on his home page and accepts it, the new deadline shows its history; the
timeliness table of the plan with its chart."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dondoc.plans.models import TaskRequest
from dondoc.tracking.models import ProgressReport
from tests.org.factories import DEFAULT_PASSWORD
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


def test_an_extension_asked_and_accepted_and_the_timeliness_table(
    world: World, live_server, page
) -> None:
    tracked = world_tracking(world)
    plan = tracked.plan
    # Phòng Tư pháp sent its 2024 report 3 working days late.
    justice = plan.tasks.get(path="I/2").assignments.get(agency=world.justice_sd)
    ProgressReport.objects.create(
        assignment=justice,
        period=plan.periods.get(label="2024"),
        agency=world.justice_sd,
        state="accepted",
        submitted_at=timezone.make_aware(datetime.datetime(2025, 1, 9, 10)),
    )
    _sign_in(page, live_server, "canbo")
    page.goto(live_server.url + f"/co-quan/{world.justice_sd.pk}/nhiem-vu/")
    page.locator("#inbox tr", has_text="Thống kê khiếu nại").get_by_role(
        "link", name="Đề nghị"
    ).click()
    page.get_by_label("Nội dung đề nghị").select_option("extend")
    page.get_by_label("Lý do").fill("Chờ số liệu thống kê của Tòa án nhân dân huyện.")
    page.get_by_label("Thời hạn đề nghị (nếu gia hạn)").fill("30/06/2027")
    page.screenshot(path="var/screenshot-request-form.png", full_page=True)
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert "Chờ quyết định" in page.locator("#request-state").inner_text()
    request = TaskRequest.objects.get()

    _sign_in(page, live_server, "daumoi")
    row = page.locator("#work-requests tr", has_text="Phòng Tư pháp huyện Sơn Dương")
    assert "Gia hạn thời hạn: đến 30/06/2027" in row.inner_text()
    page.screenshot(path="var/screenshot-home-requests.png", full_page=True)
    row.get_by_role("link", name="Gia hạn thời hạn").click()
    page.get_by_label("Ý kiến (bắt buộc khi không chấp nhận)").fill("Đồng ý gia hạn.")
    page.get_by_role("button", name="Chấp nhận", exact=True).click()
    assert "Đã chấp nhận" in page.locator("#request-state").inner_text()
    assert page.locator("#task-deadline").inner_text() == "30/06/2027 (đã gia hạn từ 2024 - 2025)"
    page.screenshot(path="var/screenshot-request-decided.png", full_page=True)
    request.refresh_from_db()
    assert request.state == "accepted"

    page.goto(live_server.url + f"/ke-hoach/{plan.pk}/dung-han/")
    table = page.locator("#timeliness")
    justice_row = table.locator("tr", has_text="Phòng Tư pháp huyện Sơn Dương")
    assert "Muộn 3 ngày làm việc" in justice_row.inner_text()
    assert page.locator("svg.timeliness-chart title#tl-title").count() == 1
    page.screenshot(path="var/screenshot-timeliness.png", full_page=True)
