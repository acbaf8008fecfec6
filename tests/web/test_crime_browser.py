"""In Chromium, the district officer's day (issue 17, "How it will be checked"): his worklist
with an overdue compensation claim, a tin báo for Điều 134 with a reporter and two suspects,
the victim found already on record by identity number (no second person), the Art. 147 steps
(extension, decision), the victim's page, a complaint's first round resolved, a payment of the
compensation decided; then a leader sees the same records masked and an out-of-scope officer
is refused. `DONDOC_SCREENSHOTS=DIR` keeps the pages for review."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dondoc.registry.models import CrimeReport, Person
from dondoc.registry.services import compensation_claim_progress, person_create
from tests.registry.factories import world_claim, world_complaint
from tests.web.browser import sign_in
from tests.web.test_forms_browser import _shot
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, username: str = "daumoi") -> None:
    sign_in(page, live_server.url, username)


def test_the_district_officers_day(world: World, live_server, page) -> None:
    import datetime

    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hà Thị Lan",
        identity_number="008190000009", birth_year=1995,
    )  # fmt: skip
    complaint = world_complaint(world)
    claim = world_claim(world)  # accepted 02/05/2024: its verification is long overdue
    _sign_in(page, live_server)
    expect(page.locator("#overdue-claims")).to_contain_text(
        f"Yêu cầu bồi thường #{claim.pk}: thụ lý 02/05/2024, "
        "xác minh thiệt hại quá hạn từ 17/05/2024"
    )
    _shot(page, "day_1_worklist")
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
    page.locator("#step-kind").select_option("prosecute")
    page.get_by_label("Ngày", exact=True).fill("28/11/2026")
    page.get_by_label("Số quyết định").fill("17/QĐ-CSĐT")
    page.locator("#take-step").click()
    expect(page.locator(".steps")).to_contain_text("17/QĐ-CSĐT")
    report.refresh_from_db()
    assert (report.decision, report.decided_on) == ("prosecute", datetime.date(2026, 11, 28))
    _shot(page, "day_2_crime_report_detail")
    # The victim's own page: one person, named in this report, masked until "Hiện".
    assert Person.objects.filter(identity_hash=known.identity_hash).count() == 1
    page.locator("#involved").get_by_role("link", name="H. T. L.").click()
    expect(page.locator("#named")).to_contain_text("Tin báo 12/TB")
    expect(page.locator("#person")).not_to_contain_text("Hà Thị Lan")
    page.get_by_role("link", name="Hiện", exact=True).click()
    expect(page.locator("#person")).to_contain_text("Hà Thị Lan")
    _shot(page, "day_3_person")
    # A complaint's first round resolved.
    page.goto(live_server.url + f"/du-lieu/khieu-nai/{complaint.pk}/")
    page.get_by_label("Kết quả giải quyết").select_option("rejected")
    page.get_by_label("Ngày giải quyết").fill("27/11/2026")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator("main")).to_contain_text("Đã ghi kết quả giải quyết.")
    assert complaint.rounds.get().resolved_on == datetime.date(2026, 11, 27)
    _shot(page, "day_4_complaint_resolved")
    # The compensation decided is paid; the claim leaves the worklist.
    compensation_claim_progress(
        actor=world.focal, claim=claim, verified_on=datetime.date(2024, 5, 15),
        negotiated_on=datetime.date(2024, 5, 24), decided_on=datetime.date(2024, 5, 30),
        outcome="decided", amount_decided=8_000_000,
    )  # fmt: skip
    page.goto(live_server.url + f"/du-lieu/boi-thuong/{claim.pk}/")
    pay = page.locator("#pay-form")
    pay.get_by_label("Ngày chi trả").fill("10/06/2024")
    pay.get_by_label("Số tiền chi trả").fill("8.000.000")
    pay.get_by_role("button", name="Ghi chi trả").click()
    expect(page.locator("#payments")).to_contain_text("8.000.000")
    expect(page.locator("#step-payment")).to_contain_text("Đã giải quyết đúng hạn")
    _shot(page, "day_5_compensation_paid")
    page.goto(live_server.url + "/")
    expect(page.locator("#overdue-claims")).to_have_count(0)
    # The leader reads the same records, masked; he cannot reveal nor record.
    _sign_in(page, live_server, "lanhdao")
    page.goto(live_server.url + f"/du-lieu/tin-bao/{report.pk}/")
    expect(page.locator("#involved")).to_contain_text("Bị hại")
    for name in ("Hà Thị Lan", "H. T. L.", "Lê Văn Báo", "Trần Văn Một"):
        expect(page.locator("main")).not_to_contain_text(name)
    expect(page.locator("#take-step")).to_have_count(0)
    expect(page.locator(".support-form")).to_have_count(0)  # he reads, he does not record
    _shot(page, "day_6_leader_masked")
    # An officer of another province is refused.
    _sign_in(page, live_server, "travinh")
    answer = page.goto(live_server.url + f"/du-lieu/tin-bao/{report.pk}/")
    assert answer is not None and answer.status == 404
    answer = page.goto(live_server.url + f"/du-lieu/ca-nhan/{known.pk}/")
    assert answer is not None and answer.status == 404
    _shot(page, "day_7_outsider_refused")
