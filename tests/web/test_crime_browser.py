"""In Chromium, the district officer's day on a crime report: a tin báo for Điều 134 with a
reporter and two suspects, the victim found already on record, then the Art. 147 steps on the
detail page. `DONDOC_SCREENSHOTS=DIR` keeps the pages for review."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dondoc.registry.models import CrimeReport
from dondoc.registry.services import person_create
from tests.org.factories import DEFAULT_PASSWORD
from tests.web.test_forms_browser import _shot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")


def test_a_tin_bao_for_article_134_then_its_steps(world: World, live_server, page) -> None:
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hà Thị Lan",
        identity_number="008190000009", birth_year=1995,
    )  # fmt: skip
    _sign_in(page, live_server)
    page.goto(live_server.url + "/du-lieu/tin-bao/moi/")
    page.get_by_label("Số thụ lý").fill("12/TB")
    page.get_by_label("Ngày tiếp nhận").fill("02/11/2026")
    page.get_by_label("Nguồn tin").select_option("report")
    page.get_by_label("Tội danh (Điều luật BLHS)").fill("Điều 134")
    page.get_by_label("Ngày xảy ra").fill("01/11/2026")
    page.get_by_label("Địa chỉ nơi xảy ra").fill("Thôn Đồng Tâm")
    page.get_by_label("Họ và tên người báo tin").fill("Lê Văn Báo")
    page.get_by_label("Họ và tên người bị tố giác", exact=True).fill("Trần Văn Một")
    page.get_by_label("Họ và tên (người bị tố giác 2)").fill("Trần Văn Hai")
    page.get_by_label("Họ và tên bị hại", exact=True).fill("Hà Thị Lan")
    page.get_by_label("Số định danh bị hại", exact=True).fill("008190000009")
    _shot(page, "crime_report_new")
    page.locator("#save-report").click()
    expect(page.locator("h1")).to_contain_text("Tin báo về tội phạm 12/TB")
    expect(page.locator(".facts")).to_contain_text("Điều 134. Tội cố ý gây thương tích")
    expect(page.locator(".facts")).to_contain_text("20 ngày kể từ ngày tiếp nhận")
    report = CrimeReport.objects.get()
    assert report.involved.get(role="victim").person == known
    page.locator("#step-kind").select_option("extended")
    page.get_by_label("Ngày", exact=True).fill("20/11/2026")
    page.get_by_label("Số quyết định").fill("05/QĐ-VKS")
    page.locator("#take-step").click()
    expect(page.locator(".steps")).to_contain_text("05/QĐ-VKS")
    expect(page.locator(".facts")).to_contain_text("22/01/2027")
    _shot(page, "crime_report_detail")
