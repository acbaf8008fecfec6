"""In Chromium, the focal officer's walk through what issue 17 masks and clocks: a reintegration
subject's page masked until "Hiện" (audited), then a complaint against an investigator's
decision registered with the criminal-procedure rule, its 07-day round on the complaint page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from playwright.sync_api import expect

from dondoc.registry.models import Complaint
from tests.reintegration.factories import SUBJECT_NAME, world_subject
from tests.web.browser import sign_in
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_masked_subject_revealed_then_a_criminal_procedure_complaint(
    world: World, live_server, page
) -> None:
    subject = world_subject(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.focal.username)

    page.goto(f"{live_server.url}/du-lieu/tai-hoa-nhap/{subject.pk}/")
    facts = page.locator("#facts")
    expect(facts).to_contain_text("H. V. T.")
    expect(facts).not_to_contain_text(SUBJECT_NAME)
    page.screenshot(path=str(SHOTS / "reintegration-masked.png"), full_page=True)
    page.locator("#reveal").click()
    expect(page.locator("#subject-name")).to_have_text(SUBJECT_NAME)
    page.screenshot(path=str(SHOTS / "reintegration-revealed.png"), full_page=True)
    assert LogEntry.objects.filter(
        additional_data__action="privacy.reveal", object_pk=str(subject.pk)
    ).exists()

    page.goto(f"{live_server.url}/du-lieu/khieu-nai/moi/")
    page.get_by_label("Loại đơn").select_option("complaint")
    page.get_by_label("Nội dung").fill("Khiếu nại quyết định không khởi tố vụ án")
    page.get_by_label("Ngày nhận đơn").fill("23/11/2026")
    page.get_by_label("Ngày thụ lý").fill("23/11/2026")
    page.get_by_label("Khiếu nại quyết định, hành vi tố tụng hình sự của").select_option(
        "investigator"
    )
    page.get_by_label("Họ và tên").first.fill("Lò Văn Khiếu")
    page.screenshot(path=str(SHOTS / "complaint-criminal-form.png"), full_page=True)
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận khiếu nại")
    complaint = Complaint.objects.get(criminal_against="investigator")
    page.goto(f"{live_server.url}/du-lieu/khieu-nai/{complaint.pk}/")
    rounds = page.locator("#rounds")
    expect(rounds).to_contain_text("30/11/2026")  # 07 days from receipt
    expect(rounds).to_contain_text("BLTTHS 2015, Điều 475")
    page.screenshot(path=str(SHOTS / "complaint-criminal-rounds.png"), full_page=True)
