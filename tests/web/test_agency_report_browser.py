"""In a real Chromium: Phòng Tư pháp fills its one report of 2024 section by section, adds
two figures (one tied to the plan's target and broken down by sex) and the signed minutes
for the whole report; a send refused for a missing section keeps what was typed; then it
sends; the focal officer returns one section; the officer corrects it and resends; the focal
officer accepts."""

from __future__ import annotations

import os

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.indicators.models import Indicator, Target
from dondoc.tracking.models import AgencyReport
from dondoc.tracking.services import schedule_ensure
from tests.plans.factories import world_plan
from tests.web.browser import sign_in as browser_sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_report_per_agency_in_the_browser(world: World, live_server, page, tmp_path) -> None:
    from playwright.sync_api import expect

    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    coord = document.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    url = f"{live_server.url}/bao-cao/ky/{period.pk}/co-quan/{world.justice_sd.pk}/"
    shots = os.environ.get("DONDOC_SCREENSHOTS", "")

    def sign_in(username: str) -> None:
        browser_sign_in(page, live_server.url, username)

    indicator = Indicator.objects.create(
        code="tro-giup-phap-ly", name="Số người được trợ giúp pháp lý", unit="count",
        source="reported", disaggregations=["sex"],
    )  # fmt: skip
    target = Target.objects.create(
        document=document, kind="percent", value=100, indicator=indicator,
        subject="100% người thuộc diện được trợ giúp pháp lý",
    )  # fmt: skip
    minutes = tmp_path / "bien-ban-hop.pdf"
    minutes.write_bytes(b"%PDF-1.7\n%%EOF")

    sign_in("canbo")
    page.goto(url)
    page.locator(f"#muc-{lead.pk} textarea[name=done_text]").fill("Đã lập bảng thống kê năm 2024.")
    page.locator(f"#muc-{lead.pk} button").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp mục I/2")
    rows = page.locator("#figures tr.figure-row")
    rows.nth(0).locator("input[name=fig_label]").fill("Số đơn thư")
    rows.nth(0).locator("input[name=fig_value]").fill("12")
    rows.nth(0).locator("input[name=fig_unit]").fill("đơn")
    rows.nth(1).locator("input[name=fig_label]").fill("Số người được trợ giúp pháp lý")
    rows.nth(1).locator("input[name=fig_value]").fill("20")
    rows.nth(1).locator("input[name=fig_unit]").fill("người")
    rows.nth(1).locator("select[name=fig_measure]").select_option(f"t{target.pk}")
    rows.nth(1).locator("input[name=fig_breakdown]").fill("Nam: 12; Nữ: 8")
    page.locator("#chung textarea[name=difficulties]").fill("Thiếu kinh phí.")
    page.locator("#chung input[name=report_evidence]").set_input_files(str(minutes))
    page.locator("#save-submit").click()  # I/1 not written yet: refused, told which section
    expect(page.locator(f"#muc-{coord.pk} .section-problem")).to_contain_text("Mục I/1 (phối hợp)")
    expect(rows.nth(1).locator("input[name=fig_breakdown]")).to_have_value("Nam: 12; Nữ: 8")
    expect(rows.nth(1).locator("select[name=fig_measure]")).to_have_value(f"t{target.pk}")
    expect(page.locator("#chung textarea[name=difficulties]")).to_have_value("Thiếu kinh phí.")
    expect(page.locator("#files-dropped")).to_contain_text("bien-ban-hop.pdf")
    assert not AgencyReport.objects.get(period=period, agency=world.justice_sd).figures.exists()
    if shots:
        page.screenshot(path=f"{shots}/agency-report-refused.png", full_page=True)
    page.locator("#chung input[name=report_evidence]").set_input_files(str(minutes))
    page.locator("#save-parts").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu số liệu")
    expect(page.locator("#report-evidence")).to_contain_text("bien-ban-hop.pdf")
    page.locator(f"#muc-{coord.pk} textarea[name=done_text]").fill("Phối hợp 01 hội nghị.")
    page.locator(f"#muc-{coord.pk} button").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp mục I/1")
    expect(rows.nth(1).locator("input[name=fig_breakdown]")).to_have_value("Nam: 12; Nữ: 8")
    if shots:
        page.screenshot(path=f"{shots}/agency-report-draft.png", full_page=True)
    page.locator("#save-submit").click()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")
    sent = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    assert sent.figures.count() == 4 and sent.evidence.get().name == "bien-ban-hop.pdf"
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("daumoi")
    expect(page.locator("#work-review")).to_contain_text("Báo cáo của cơ quan (2 nhiệm vụ)")
    page.goto(url)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    section = report.sections.get(assignment=lead)
    page.locator(f"input[name=return_{section.pk}]").fill("Bổ sung số liệu theo quý.")
    if shots:
        page.screenshot(path=f"{shots}/agency-report-review.png", full_page=True)
    page.locator("#return").click()
    expect(page.locator("#report-state")).to_contain_text("Bị trả lại")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("canbo")
    page.goto(url)
    expect(page.locator(f"#muc-{lead.pk}")).to_contain_text("Bổ sung số liệu theo quý.")
    expect(page.locator(f"#muc-{coord.pk} textarea")).to_have_count(0)  # not returned
    page.locator(f"#muc-{lead.pk} textarea[name=done_text]").fill("Quý I: 3 đơn; cả năm: 12 đơn.")
    page.locator(f"#muc-{lead.pk} button").click()
    page.locator("#submit-report").click()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("daumoi")
    page.goto(url)
    page.locator("#accept").click()
    expect(page.locator("#report-state")).to_contain_text("Đã tiếp nhận")
    with page.expect_download() as download:
        page.locator("#docx").click()
    assert download.value.path().read_bytes()[:2] == b"PK"
