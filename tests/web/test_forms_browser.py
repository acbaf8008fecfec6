"""In a real Chromium: a refused value comes back on the page with its message, and what was
typed stays; a bad query parameter gets the 400 page. `DONDOC_SCREENSHOTS=DIR` keeps a
screenshot of each page for review."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.org.factories import DEFAULT_PASSWORD
from tests.plans.factories import world_plan
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("DONDOC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _sign_in(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")


def test_refused_values_keep_the_page(world: World, live_server, page, settings) -> None:
    settings.DEBUG = False
    _sign_in(page, live_server)
    page.goto(live_server.url + "/du-lieu/tin-bao/moi/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Ngày tiếp nhận").fill(f"{tomorrow:%d/%m/%Y}")
    page.get_by_label("Họ và tên bị hại").fill("Hà Thị Lan")
    page.get_by_label("Năm sinh bị hại").fill("hai nghìn")
    page.locator("#save-report").click()
    error = page.locator("#form-error")
    expect(error).to_contain_text("Ngày tiếp nhận: ")
    expect(error).to_contain_text("ở tương lai")
    expect(error).to_contain_text("Năm sinh bị hại: “hai nghìn”: cần một số")
    expect(page.get_by_label("Họ và tên bị hại")).to_have_value("Hà Thị Lan")
    _shot(page, "crime_report_new_refused")

    page.goto(live_server.url + "/du-lieu/boi-thuong/moi/")
    page.get_by_label("Họ và tên người yêu cầu bồi thường").fill("Anh K")
    page.get_by_label("Hành vi gây thiệt hại").fill("Bị bức cung")
    page.get_by_label("Số tiền yêu cầu").fill("95,5")
    page.get_by_label("Ngày thụ lý").fill("02/05/2024")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#form-error")).to_contain_text("cần số đồng, không có phần lẻ")
    expect(page.get_by_label("Số tiền yêu cầu")).to_have_value("95,5")
    _shot(page, "compensation_new_refused")

    page.goto(live_server.url + f"/ke-hoach/{world_plan(world).pk}/chi-tieu/?nam=5000")
    expect(page.get_by_role("heading", name="Yêu cầu không hợp lệ")).to_be_visible()
    expect(page.locator("main")).to_contain_text("“nam” = 5000: cần một năm từ 2000 đến")
    _shot(page, "bad_query_400")


def test_the_report_figure_typed_the_vietnamese_way(world: World, live_server, page) -> None:
    from django.urls import reverse

    from dondoc.tracking.models import ProgressReport
    from tests.tracking.factories import world_tracking

    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + reverse("web:report_edit", args=[tracked.period.pk, assignment.pk]))
    # The old per-task page leads to the agency's report; its figures are the figures table.
    section = page.locator(f"#muc-{assignment.pk}")
    section.locator("textarea[name=done_text]").fill("Đã lập bảng thống kê")
    section.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp mục I/2")
    page.locator("#figures input[name=fig_label] >> nth=0").fill("Số đơn thư")
    page.locator("#figures input[name=fig_value] >> nth=0").fill("1.2")
    page.locator("#save-parts").click()
    expect(page.locator("#form-error")).to_contain_text(
        "Bảng số liệu, dòng 1, cột “Số liệu”: Số liệu “1.2”: dấu chấm chỉ để tách"
    )
    _shot(page, "report_form_refused")
    page.locator("#figures input[name=fig_label] >> nth=0").fill("Số đơn thư")
    page.locator("#figures input[name=fig_value] >> nth=0").fill("1.234,5")
    page.locator("#save-parts").click()
    expect(page.locator("#figures input[name=fig_value] >> nth=0")).to_have_value(
        "1.234,5"
    )  # shown back the Vietnamese way
    report = ProgressReport.objects.get(assignment=assignment, period=tracked.period)
    figure = report.agency_report.figures.get()
    assert str(figure.value) == "1234.50"
    _shot(page, "report_form_saved")
