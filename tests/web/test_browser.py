"""In a real Chromium: a demo-like user signs in and reads the home page in Vietnamese."""

from __future__ import annotations

import pytest

from tests.org.factories import DEFAULT_PASSWORD
from tests.wordtext import word_text
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_home_page_in_vietnamese(world: World, live_server, page) -> None:
    page.goto(live_server.url + "/")
    assert "/dang-nhap/" in page.url  # sent to the sign-in page
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Cơ quan và vai trò của bạn").is_visible()
    body = page.locator("main").inner_text()
    assert "Công an huyện Sơn Dương" in body
    assert "Cán bộ đầu mối" in body
    assert "Huyện Sơn Dương, Tỉnh Tuyên Quang" in body


def test_wrong_password_shows_a_vietnamese_error(world: World, live_server, page) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu")


def test_directory_search_with_htmx(world: World, live_server, page) -> None:
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.get_by_role("link", name="Danh bạ cơ quan").first.click()
    # htmx (a deferred script) binds the search box at DOMContentLoaded: typing before that is
    # typing into a plain input, and no request goes out.
    page.wait_for_url(live_server.url + "/co-quan/")
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label("Tìm theo tên cơ quan").fill("tòa án")
    # htmx replaces the rows without reloading the page (our CSP forbids eval, so no
    # wait_for_function: the locator assertions poll instead).
    from playwright.sync_api import expect

    rows = page.locator("#agency-rows")
    expect(rows).not_to_contain_text("Công an huyện Sơn Dương")
    expect(rows).to_contain_text("Tòa án nhân dân huyện Sơn Dương")
    assert "q=t%C3%B2a" in page.url or "q=tòa" in page.url  # the search is in the address


def test_focal_officer_imports_a_plan_and_the_officer_finds_its_tasks(
    world: World, live_server, page
) -> None:
    from playwright.sync_api import expect

    from tests.plans.conftest import seed_path

    def sign_in(username: str) -> None:
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(live_server.url + "/")

    sign_in("daumoi")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Nhập kế hoạch từ tệp").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(seed_path("000")))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Rà soát trước khi lưu")).to_be_visible()
    expect(page.locator("#warnings")).to_contain_text("224/KH-UBND")
    assert page.locator(".needs-review").count() >= 1
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_role("heading", name="Kế hoạch 284/KH-UBND")).to_be_visible()
    expect(page.locator('tr[data-path="B/VIII/2"]')).to_contain_text("Phòng Tư pháp")
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in("canbo")
    page.get_by_role("link", name="Nhiệm vụ của đơn vị").first.click()
    expect(page.locator("#inbox")).to_contain_text("Kế hoạch 284/KH-UBND")
    page.get_by_label("Vai trò").select_option("lead")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#inbox")).not_to_contain_text("Phối hợp")
    expect(page.locator("#inbox")).to_contain_text("Chủ trì")


def test_the_reporting_loop_in_the_browser(world: World, live_server, page) -> None:
    """An officer sends, the focal officer returns, the officer resends, the focal officer
    accepts and downloads the consolidated report with the officer's words in it."""
    import datetime

    from playwright.sync_api import expect

    from dondoc.tracking.services import period_add
    from tests.tracking.factories import world_tracking

    tracked = world_tracking(world)
    today = datetime.date.today()
    period = period_add(  # due in two weeks: not overdue whatever day the test runs
        actor=world.focal,
        document=tracked.plan,
        title="Báo cáo đột xuất cuối năm",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today,
        due_on=today + datetime.timedelta(days=14),
    )
    label = f"Báo cáo đột xuất cuối năm (hạn {period.due_on:%d/%m/%Y})"

    def sign_in(username: str) -> None:
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(live_server.url + "/")

    def open_i2_on_the_board() -> None:
        page.goto(live_server.url + f"/ke-hoach/{tracked.plan.pk}/")
        page.locator("#to-board").click()
        page.locator("#period-select").select_option(label=label)
        page.get_by_role("button", name="Xem").click()
        row = page.locator('tr[data-agency="Phòng Tư pháp huyện Sơn Dương"]')
        row.get_by_role("link", name="I/2").click()

    i2 = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    i1 = tracked.plan.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)

    def write(assignment, text: str) -> None:  # one section of the agency's report
        section = page.locator(f"#muc-{assignment.pk}")
        section.get_by_label("Tình hình thực hiện").select_option("in_progress")
        section.locator("textarea[name=done_text]").fill(text)
        section.get_by_role("button", name="Lưu nháp").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu nháp")

    sign_in("canbo")
    page.get_by_role("link", name="Báo cáo kỳ này").click()
    page.locator(f'tr[data-task="I/2"][data-period="{period.label}"]').get_by_role(
        "link", name="Lập báo cáo"
    ).click()  # the agency's one report of the period, at its section I/2
    write(i2, "Đã lập bảng thống kê khiếu nại, tố cáo năm 2025.")
    write(i1, "Phối hợp tuyên truyền tại 02 xã.")
    page.locator("#submit-report").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("daumoi")
    open_i2_on_the_board()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")
    page.locator("#review-comment").fill("Bổ sung số vụ việc đã giải quyết.")
    page.locator("#return-report").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lại")
    # The whole report goes back (its two sections), with I/2 marked.
    expect(page.locator("#board-totals [data-state=returned]")).to_have_text("2")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("canbo")
    page.get_by_role("link", name="Báo cáo kỳ này").click()
    row = page.locator(f'tr[data-task="I/2"][data-period="{period.label}"]')
    expect(row).to_contain_text("Bổ sung số vụ việc đã giải quyết.")
    row.get_by_role("link", name="Sửa báo cáo").click()
    expect(page.locator(f"#muc-{i2.pk} .returned-comment")).to_be_visible()
    write(i2, "Đã lập bảng thống kê: 7 vụ việc, đã giải quyết 6.")
    page.get_by_role("button", name="Gửi lại báo cáo", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("daumoi")
    open_i2_on_the_board()
    page.locator("#accept-report").click()
    expect(page.locator("#board-totals [data-state=accepted]")).to_have_text("2")
    with page.expect_download() as download:
        page.locator("#download-docx").click()
    data = download.value.path().read_bytes()
    text = word_text(data)
    # The officer's words, quoted in the section's synthesis (its closing stop dropped).
    assert "Phòng Tư pháp huyện Sơn Dương: Đã lập bảng thống kê: 7 vụ việc, đã giải quyết 6" in text
    assert "KẾT QUẢ THỰC HIỆN" in text


def test_the_report_form_works_with_attachments(world: World, live_server, page) -> None:
    """Once a draft has a file, its buttons still work: attach, save a draft, attach and delete
    a second file, send, be returned, resend with the file still attached. (The `page` fixture
    of tests/web/conftest.py also checks that no page served here nests a form in a form.)"""
    import datetime

    from playwright.sync_api import expect

    from dondoc.tracking.models import ProgressReport
    from dondoc.tracking.services import period_add
    from tests.tracking.factories import world_tracking

    tracked = world_tracking(world)
    today = datetime.date.today()
    period = period_add(
        actor=world.focal,
        document=tracked.plan,
        title="Báo cáo đột xuất có tài liệu",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today,
        due_on=today + datetime.timedelta(days=14),
    )
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    form_url = live_server.url + f"/bao-cao/{period.pk}/{assignment.pk}/"

    def sign_in(username: str) -> None:
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(live_server.url + "/")

    section = page.locator(f"#muc-{assignment.pk}")  # I/2 in the agency's report
    coordinated = tracked.plan.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)

    def attach(name: str) -> None:
        section.get_by_label("Tài liệu kèm theo").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF\n"}
        )

    def report() -> ProgressReport:
        return ProgressReport.objects.get(assignment=assignment, period=period)

    sign_in("canbo")
    page.goto(form_url)
    section.get_by_label("Tình hình thực hiện").select_option("in_progress")
    section.locator("textarea[name=done_text]").fill("Đã tổ chức 03 buổi tuyên truyền.")
    attach("bien-ban-hoi-nghi.pdf")
    section.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp")
    expect(section.locator("ul.evidence")).to_contain_text("bien-ban-hoi-nghi.pdf")

    # With a file attached, "Lưu nháp" still saves (a second file) …
    section.locator("textarea[name=done_text]").fill(
        "Đã tổ chức 03 buổi tuyên truyền, 120 lượt người."
    )
    attach("anh-chup-nham.pdf")
    section.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nháp")
    expect(section.locator("ul.evidence li")).to_have_count(2)
    assert report().done_text.endswith("120 lượt người.")
    # … and "xóa" deletes that file, not saving the draft.
    page.get_by_role("button", name="Xóa tệp anh-chup-nham.pdf").click()
    expect(section.locator("ul.evidence li")).to_have_count(1)
    expect(section.locator("ul.evidence")).not_to_contain_text("anh-chup-nham.pdf")
    assert list(report().evidence.values_list("name", flat=True)) == ["bien-ban-hoi-nghi.pdf"]

    other = page.locator(f"#muc-{coordinated.pk}")
    other.locator("textarea[name=done_text]").fill("Phối hợp tuyên truyền.")
    other.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("button", name="Gửi báo cáo", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")
    assert report().state == ProgressReport.State.SUBMITTED
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("daumoi")
    page.goto(live_server.url + f"/bao-cao/xem/{report().pk}/")
    expect(page.locator("ul.evidence")).to_contain_text("bien-ban-hoi-nghi.pdf")
    page.locator("#review-comment").fill("Bổ sung danh sách người tham dự.")
    page.locator("#return-report").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lại")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("canbo")
    page.goto(form_url)
    expect(section.locator(".returned-comment")).to_be_visible()
    expect(section.locator("ul.evidence")).to_contain_text("bien-ban-hoi-nghi.pdf")
    section.locator("textarea[name=done_text]").fill(
        "Đã tổ chức 03 buổi, 120 lượt người (danh sách kèm theo)."
    )
    section.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("button", name="Gửi lại báo cáo", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo")
    sent = report()
    assert sent.state == ProgressReport.State.SUBMITTED
    assert sent.done_text.endswith("(danh sách kèm theo).")
    assert list(sent.evidence.values_list("name", flat=True)) == ["bien-ban-hoi-nghi.pdf"]


def test_link_buttons_are_visible_and_fields_use_the_page_font(
    world: World, live_server, page
) -> None:
    """Regression: "xóa" and "Ghi hỗ trợ" were white on white; textareas took a monospace font
    whose stacked diacritics ("ế", "ổ") broke."""
    import importlib

    from django.apps import apps as django_apps

    from dondoc.registry.models import Offence
    from dondoc.tracking.services import progress_report_save
    from tests.registry.factories import world_crime_report
    from tests.tracking.factories import world_tracking

    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    progress_report_save(
        actor=world.officer, assignment=assignment, period=tracked.period, version=None,
        task_status="in_progress", done_text="Đã tiếp nhận, giải quyết đơn thư tố cáo",
        evidence=[("bien-ban.pdf", b"%PDF-1.7\n%%EOF\n")],
    )  # fmt: skip
    # A transactional test before this one flushed the catalogues of the data migrations.
    catalogues = importlib.import_module("dondoc.registry.migrations.0002_catalogues")
    if not Offence.objects.exists():
        catalogues.load(django_apps, None)
    crime_report = world_crime_report(world)
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")

    def style(locator, prop: str) -> str:
        return locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")

    page.goto(live_server.url + f"/bao-cao/{tracked.period.pk}/{assignment.pk}/")
    delete = page.get_by_role("button", name="Xóa tệp bien-ban.pdf")
    assert delete.is_visible()
    assert style(delete, "color") not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    body_font = style(page.locator("body"), "font-family")
    section = f"#muc-{assignment.pk}"
    fields = (f"{section} textarea[name=done_text]", f"{section} select[name=task_status]",
              '#figures input[name="fig_value"] >> nth=0')  # fmt: skip
    for field in fields:
        assert style(page.locator(field), "font-family") == body_font, field
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + f"/du-lieu/tin-bao/{crime_report.pk}/")
    support = page.get_by_role("button", name="Ghi hỗ trợ").first
    assert support.is_visible()
    assert style(support, "color") not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
