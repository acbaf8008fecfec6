"""Community supervision on the pages: the worklist and a subject's page name who must act on
each clock under the rule version that governs it; the person's monthly report is recorded
from the page; other provinces see nothing; in Chromium, the worklist as the officer reads it."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from dondoc.org.models import Agency, Role
from dondoc.registry.services import person_create
from dondoc.reintegration import services
from dondoc.reintegration.models import ReintegrationSubject
from tests.org.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.reintegration.factories import world_communes, world_subject
from tests.world import World, signed_in

D = datetime.date
SHOTS = os.environ.get("DONDOC_SCREENSHOTS")  # a folder: keep what the pages looked like
NAME, MASKED = "Đặng Văn Thử", "Đ. V. T."


def _community_world(world: World) -> ReintegrationSubject:
    """A suspended sentence of February 2025 kept by Công an thị trấn Sơn Dương; the district
    police ended on 28/02/2025; the commune has its People's Committee."""
    communes = world_communes(world)
    world.police_sd.existed_until = D(2025, 2, 28)
    world.police_sd.save(update_fields=["existed_until"])
    Agency.objects.create(
        name="Ủy ban nhân dân thị trấn Sơn Dương",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=world.commune_sd,
    )
    person = person_create(
        actor=communes.officer_sd, agency=communes.police_sd, full_name=NAME, sex="male",
        birth_year=1995, residence_unit=world.commune_sd,
    )  # fmt: skip
    return services.subject_register(
        actor=communes.officer_sd, agency=communes.police_sd, person=person,
        legal_status="suspended", start_on=D(2025, 2, 14), supervision_until=D(2027, 2, 14),
        notice_on=D(2025, 2, 10), received_on=D(2025, 2, 20), unit=world.commune_sd,
        sentence="12 tháng tù cho hưởng án treo",
    )  # fmt: skip


def _row(html: str, code: str) -> str:
    return html.split(f'data-clock="{code}"', 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
def test_worklist_and_page_name_the_bodies_and_record_the_monthly_report(world: World) -> None:
    subject = _community_world(world)
    officer = world_communes(world).officer_sd
    client = signed_in(officer)
    work = client.get(reverse("web:reintegration_worklist")).content.decode()
    assert "127/2025/QH15" in work.split('id="rules-hint"', 1)[1].split("</p>", 1)[0]
    review = _row(work, "supervision_review")
    assert "Nhận xét quá trình chấp hành án quý 3/2026" in review
    assert "Ủy ban nhân dân thị trấn Sơn Dương" in review  # responsible under Law 127/2025
    assert "Công an thị trấn Sơn Dương" in review  # assisting
    assert "Cơ quan thi hành án hình sự Công an tỉnh Tuyên Quang" in review  # reported to
    assert 'data-version="2026-07"' in review
    summons = _row(work, "summons")  # February 2025: the 2019 law, the district office
    assert "Cơ quan thi hành án hình sự Công an huyện Sơn Dương" in summons
    assert 'data-version="2019"' in summons and "Điều 85 khoản 1" in summons
    assert MASKED in work and NAME not in work

    detail_url = reverse("web:reintegration_detail", args=[subject.pk])
    detail = client.get(detail_url).content.decode()
    assert "Ngày triệu tập, cam kết" in detail and "Chưa báo cáo" in detail
    assert '<option value="summoned">' in detail
    released = world_subject(world)  # back from prison: no community steps offered
    other = signed_in(world.focal).get(reverse("web:reintegration_detail", args=[released.pk]))
    assert 'id="event-form"' in other.content.decode()
    assert '<option value="summoned">' not in other.content.decode()
    assert "Người chấp hành án báo cáo tháng 10/2026" in _row(detail, "self_report")
    sent = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "self_report", "on": "02/11/2026", "month": "2026-10"},
        follow=True,
    )
    page = sent.content.decode()
    assert "Đã ghi: Người chấp hành án báo cáo tháng." in page
    assert "Tháng 2026-10" in page  # in the history
    assert "Người chấp hành án báo cáo tháng 11/2026" in _row(page, "self_report")
    subject.refresh_from_db()
    assert subject.self_reported_month == "2026-10"
    bad = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "self_report", "on": "02/11/2026", "month": "10/2026"},
    )
    assert bad.status_code == 400 and "cần dạng 2026-07" in bad.content.decode()

    # Another province's officer: the record is not found, the worklist does not show it,
    # and a post changes nothing.
    outsider = signed_in(world.outsider)
    assert outsider.get(detail_url).status_code == 404
    assert MASKED not in outsider.get(reverse("web:reintegration_worklist")).content.decode()
    posted = outsider.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "self_report", "on": "25/11/2026", "month": "2026-11"},
    )
    assert posted.status_code == 404
    subject.refresh_from_db()
    assert subject.self_reported_month == "2026-10"


@pytest.mark.django_db
def test_the_commune_peoples_committee_reads_the_community_sentences_it_supervises(
    world: World,
) -> None:
    subject = _community_world(world)
    committee = Agency.objects.get(name="Ủy ban nhân dân thị trấn Sơn Dương")
    other = Agency.objects.create(
        name="Ủy ban nhân dân xã Trung Môn",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=world.commune_ys,
    )
    users = {}
    for username, agency in (("ubnd_sd", committee), ("ubnd_tm", other)):
        users[username] = UserFactory(username=username)
        MembershipFactory(user=users[username], agency=agency, role=Role.AGENCY_OFFICER)
    own = signed_in(users["ubnd_sd"])
    work = own.get(reverse("web:reintegration_worklist")).content.decode()
    assert MASKED in work and 'data-clock="supervision_review"' in work
    detail_url = reverse("web:reintegration_detail", args=[subject.pk])
    detail = own.get(detail_url, {"hien": 1}).content.decode()  # masked until "Hiện"
    assert NAME in detail and 'id="read-only"' in detail  # the commune police keeps the file
    refused = own.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "self_report", "on": "25/11/2026", "month": "2026-11"},
        follow=True,
    )
    assert "Chỉ cán bộ của cơ quan đang quản lý" in refused.content.decode()
    # Another commune's People's Committee sees nothing of it.
    elsewhere = signed_in(users["ubnd_tm"])
    assert elsewhere.get(detail_url).status_code == 404
    assert MASKED not in elsewhere.get(reverse("web:reintegration_worklist")).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_worklist_in_chromium(world: World, live_server, page) -> None:
    _community_world(world)
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo_xa_sd")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + reverse("web:reintegration_worklist"))
    overdue = page.locator("#overdue")
    review = overdue.locator('tr[data-clock="supervision_review"]')
    assert review.locator(".responsible").inner_text() == "Ủy ban nhân dân thị trấn Sơn Dương"
    assert review.locator(".assisting").inner_text() == "Công an thị trấn Sơn Dương"
    assert "Công an tỉnh Tuyên Quang" in review.locator(".reports-to").inner_text()
    assert review.locator(".responsible").is_visible()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "reintegration_worklist.png"), full_page=True)
    # The subject's page: the community facts and the clocks with their bodies.
    review.get_by_role("link").click()
    assert page.locator("#summoned").inner_text() == "—"
    clock = page.locator('#clocks tr[data-clock="summons"]')
    assert "Công an huyện Sơn Dương" in clock.locator(".responsible").inner_text()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "reintegration_subject.png"), full_page=True)
    page.get_by_role("link", name="Quy tắc áp dụng").click()
    assert page.locator("#rules-2026-07").get_by_text("đang áp dụng").is_visible()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "reintegration_rules.png"), full_page=True)


@pytest.mark.django_db
def test_the_rules_page_lists_every_version(world: World) -> None:
    html = signed_in(world.officer).get(reverse("web:reintegration_rules")).content.decode()
    for code in ("2019", "2025-03", "2026-07"):
        assert f'id="rules-{code}"' in html
    current = html.split('id="rules-2026-07"', 1)[1].split("</section>", 1)[0]
    assert "đang áp dụng" in current and "Luật Thi hành án hình sự 2025 (127/2025/QH15)" in current
    summons = html.split('id="rules-2019"', 1)[1].split('data-rule="summons"', 1)[1]
    assert "Điều 85 khoản 1" in summons.split("</tr>", 1)[0]
    assert "Đã đối chiếu" in summons.split("</tr>", 1)[0]
    anonymous = Client().get(reverse("web:reintegration_rules"))
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
