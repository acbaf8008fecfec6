"""Reintegration registry pages as a commune officer and a province use them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dondoc.reintegration.models import ReintegrationSubject, SubjectTransfer
from tests.org.factories import DEFAULT_PASSWORD
from tests.reintegration.factories import (
    SUBJECT_MASKED,
    SUBJECT_NAME,
    world_communes,
    world_subject,
)
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().strftime("%d/%m/%Y")


def _section(html: str, name: str) -> str:
    """The HTML of one section of the worklist."""
    return html.split(f'<section id="{name}">', 1)[1].split("</section>", 1)[0]


def test_pages_in_scope_and_out_of_it(world: World) -> None:
    subject = world_subject(world)
    client = signed_in(world.focal)
    work = client.get(reverse("web:reintegration_worklist")).content.decode()
    overdue = _section(work, "overdue")
    assert SUBJECT_MASKED in overdue and "Phân công người giúp đỡ" in overdue
    assert SUBJECT_NAME not in work  # lists show initials; the audited page, the name
    assert "03 ngày làm việc kể từ ngày tiếp nhận" in overdue  # the rule, beside the clock
    listing = client.get(reverse("web:reintegration_list"), {"dien": "released"}).content.decode()
    assert SUBJECT_MASKED in listing and "Chưa phân công" in listing
    assert SUBJECT_NAME not in listing
    other = client.get(reverse("web:reintegration_list"), {"dien": "suspended"}).content.decode()
    assert SUBJECT_MASKED not in other
    detail_url = reverse("web:reintegration_detail", args=[subject.pk])
    detail = client.get(detail_url).content.decode()
    # Masked by default, as the crime report page; "Hiện" shows the name, audited.
    assert SUBJECT_NAME not in detail and 'id="reveal"' in detail
    assert "Trại giam Quyết Tiến" in detail
    assert SUBJECT_NAME in client.get(detail_url, {"hien": 1}).content.decode()
    assert 'id="event-form"' in detail and "Quá hạn" in detail
    overview = client.get(reverse("web:reintegration_overview"), {"nam": 2026}).content.decode()
    assert "Thị trấn Sơn Dương" in overview and "Đang quản lý" in overview
    assert SUBJECT_NAME not in overview

    outsider = signed_in(world.outsider)
    assert outsider.get(reverse("web:reintegration_detail", args=[subject.pk])).status_code == 404
    for name in ("reintegration_worklist", "reintegration_list", "reintegration_overview"):
        page = outsider.get(reverse(f"web:{name}"))
        assert page.status_code == 200 and SUBJECT_MASKED not in page.content.decode()
    assert (
        "Không có việc nào" in outsider.get(reverse("web:reintegration_worklist")).content.decode()
    )

    reader = signed_in(world.leader)  # reads the district's records, keeps none
    read = reader.get(detail_url, {"hien": 1}).content.decode()  # a leader never sees names
    assert SUBJECT_NAME not in read and 'id="reveal"' not in read and "(đã ẩn)" in read
    assert 'id="event-form"' not in read
    assert SUBJECT_MASKED not in reader.get(reverse("web:reintegration_list")).content.decode()
    refused = reader.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "helper", "on": TODAY, "helper": "Ông B"},
        follow=True,
    )
    assert "Chỉ cán bộ của cơ quan đang quản lý" in refused.content.decode()
    subject.refresh_from_db()
    assert subject.helper_on is None


def test_officer_records_helper_support_and_end(world: World) -> None:
    subject = world_subject(world)
    client = signed_in(world.focal)
    detail_url = reverse("web:reintegration_detail", args=[subject.pk])
    bad = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "helper", "on": TODAY, "helper": "  "},
        follow=True,
    )
    assert "Người giúp đỡ: ghi họ tên" in bad.content.decode()
    response = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "helper", "on": TODAY, "helper": "Bí thư Đoàn <Nguyễn Văn Giúp>"},
    )
    assert response.status_code == 302 and response["Location"] == detail_url
    subject.refresh_from_db()
    assert subject.helper_on == datetime.date.today()
    work = client.get(reverse("web:reintegration_worklist")).content.decode()
    assert "Phân công người giúp đỡ" not in _section(work, "overdue")
    page = client.get(detail_url).content.decode()
    assert "Bí thư Đoàn &lt;Nguyễn Văn Giúp&gt;" in page  # escaped, never raw

    assessed = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "assessment", "on": TODAY, "group": "B", "quarter": "2026-Q3"},
    )
    assert assessed.status_code == 302
    supported = client.post(
        reverse("web:reintegration_support", args=[subject.pk]),
        {"kind": "loan", "provided_on": "20/11/2026", "amount": "20.000.000"},
    )
    assert supported.status_code == 302
    page = client.get(detail_url).content.decode()
    assert "B — gặp khó khăn" in page and "3/2026" in page and "Vay vốn" in page
    assert "20000000" in page
    overview = client.get(reverse("web:reintegration_overview"), {"nam": 2026}).content.decode()
    supports = overview.split('id="supports"', 1)[1]
    assert '<td>Vay vốn</td><td class="num">1</td><td class="num">1</td>' in supports

    ended = client.post(
        reverse("web:reintegration_end", args=[subject.pk]),
        {"ended_on": TODAY, "reason": "term_ended"},
        follow=True,
    )
    assert "Đã kết thúc quản lý" in ended.content.decode()
    subject.refresh_from_db()
    assert (subject.ended_on, subject.end_reason) == (datetime.date.today(), "term_ended")
    listing = client.get(reverse("web:reintegration_list"), {"tinh_trang": "dang"})
    assert SUBJECT_MASKED not in listing.content.decode()


def test_transfer_to_another_commune_accepted_there(world: World) -> None:
    subject = world_subject(world)
    communes = world_communes(world)
    sender = signed_in(world.focal)
    detail = sender.get(reverse("web:reintegration_detail", args=[subject.pk])).content.decode()
    assert "Công an xã Trung Môn" in detail  # offered as a receiving commune
    sent = sender.post(
        reverse("web:reintegration_transfer", args=[subject.pk]),
        {"to_agency": communes.police_tm.pk, "moved_on": "20/11/2026"},
    )
    assert sent.status_code == 302
    transfer = SubjectTransfer.objects.get(subject=subject)
    outgoing = _section(
        sender.get(reverse("web:reintegration_worklist")).content.decode(), "outgoing"
    )
    assert SUBJECT_MASKED in outgoing

    receiver = signed_in(communes.officer_tm)
    incoming = _section(
        receiver.get(reverse("web:reintegration_worklist")).content.decode(), "incoming"
    )
    assert SUBJECT_MASKED in incoming and "Tiếp nhận" in incoming
    decide = reverse("web:reintegration_transfer_decide", args=[transfer.pk])
    assert sender.post(decide, {"accept": "1"}).status_code == 404  # only the receiving side
    accepted = receiver.post(decide, {"accept": "1", "on": TODAY})
    assert accepted.status_code == 302
    subject.refresh_from_db()
    assert (subject.agency, subject.unit) == (communes.police_tm, world.commune_ys)
    assert subject.received_on == datetime.date.today() and subject.helper_on is None

    kept = sender.get(reverse("web:reintegration_detail", args=[subject.pk]), {"hien": 1})
    html = kept.content.decode()
    assert kept.status_code == 200 and SUBJECT_NAME in html and "Đã tiếp nhận" in html
    assert 'id="event-form"' not in html  # the history is kept; the writing moved
    now_theirs = receiver.get(reverse("web:reintegration_detail", args=[subject.pk]))
    assert 'id="event-form"' in now_theirs.content.decode()


def test_a_new_subject_is_registered_and_errors_keep_the_form(world: World) -> None:
    from dondoc.registry.models import EthnicGroup

    client = signed_in(world.focal)
    url = reverse("web:reintegration_new")
    form = client.get(url).content.decode()
    assert "Thị trấn Sơn Dương" in form and "Đào tạo nghề" in form
    data = {
        "agency": world.police_sd.pk,
        "unit": world.commune_sd.pk,
        "person_name": "Lò Thị Mai",
        "person_birth_year": "1995",
        "person_sex": "female",
        "person_ethnicity": EthnicGroup.objects.get(name="Tày").pk,
        "legal_status": "suspended",
        "judgment": "Bản án số 7/2026/HS-ST",
        "offence_article": "185",
        "sentence": "12 tháng tù cho hưởng án treo",
        "start_on": "31/02/2026",
        "supervision_until": "01/03/2028",
        "needs": ["vocational", "job"],
        "received_on": "05/03/2026",
    }
    bad = client.post(url, data)
    html = bad.content.decode()
    assert bad.status_code == 400 and "ngày có thật" in html
    assert 'value="Lò Thị Mai"' in html and 'value="job" checked' in html
    assert not ReintegrationSubject.objects.exists()
    saved = client.post(url, {**data, "start_on": "01/03/2026"})
    assert saved.status_code == 302
    subject = ReintegrationSubject.objects.get()
    assert (subject.unit, subject.offence.article, subject.needs) == (
        world.commune_sd,
        185,
        ["vocational", "job"],
    )
    assert subject.person.full_name == "Lò Thị Mai" and subject.person.sex == "female"
    far = client.post(url, {**data, "start_on": "01/03/2026", "unit": world.commune_ys.pk})
    assert far.status_code == 400 and "thuộc địa bàn" in far.content.decode()
    assert signed_in(world.leader).get(url).status_code == 404  # records nothing


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officer_assigns_a_helper_in_the_browser(world: World, live_server, page) -> None:
    from playwright.sync_api import expect

    world_subject(world)
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.get_by_role("link", name="Cơ sở dữ liệu", exact=True).click()
    page.get_by_role("link", name="Tái hòa nhập cộng đồng").click()
    overdue = page.locator("#overdue")
    expect(overdue.locator('tr[data-clock="helper"]')).to_contain_text(SUBJECT_MASKED)
    overdue.locator('tr[data-clock="helper"]').get_by_role("link", name=SUBJECT_MASKED).click()
    page.get_by_label("Sự kiện").select_option(label="Phân công người giúp đỡ")
    page.locator("#event-helper").fill("Nguyễn Văn Giúp, Bí thư Chi đoàn")
    page.locator("#save-event").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi: Phân công người giúp đỡ")
    expect(page.locator("#helper")).to_contain_text("Nguyễn Văn Giúp, Bí thư Chi đoàn")
    expect(page.locator('#clocks tr[data-clock="helper"]')).to_contain_text("Đã thực hiện, quá hạn")
