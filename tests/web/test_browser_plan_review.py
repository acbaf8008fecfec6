"""In a real Chromium: the focal officer uploads a seed, corrects what was read on the review
screen (an agency's name as the plan writes it, the number, a deadline, a lead, a split, a
deletion), saves it, and after an agency has
reported amends the plan, the change shown in its history and the report kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("DONDOC_SCREENSHOTS", "var/screenshots"))


def test_review_screen_corrects_then_the_plan_is_amended_after_a_report(
    world: World, live_server, page
) -> None:
    from playwright.sync_api import expect

    from dondoc.plans.models import Document, PlanChange
    from dondoc.tracking.models import ProgressReport
    from dondoc.tracking.selectors import is_due
    from dondoc.tracking.services import progress_report_save
    from tests.plans.conftest import seed_path

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/ke-hoach/nhap/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(seed_path("000")))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Rà soát trước khi lưu")).to_be_visible()
    review_url = page.url

    # The name the plan uses for the culture centre, proposed and adopted.
    proposals = page.locator("#name-proposals")
    expect(proposals).to_contain_text(
        "Trung tâm Văn hóa - Truyền thông và Thể thao huyện Sơn Dương"
    )
    page.screenshot(path=str(SHOTS / "plan-review-names.png"), full_page=True)
    proposals.get_by_role("button", name="Nhận tên mới").first.click()
    expect(page.locator("ul.messages")).to_contain_text("Đã nhận tên cơ quan")
    expect(page.locator("#name-proposals")).to_have_count(0)

    # The number.
    page.locator("#edit-header").click()
    page.get_by_label("Số", exact=True).fill("285")
    page.get_by_role("button", name="Lưu thông tin văn bản").click()
    expect(page.locator("dl.facts")).to_contain_text("285/KH-UBND")

    # A deadline, with the error next to the field first.
    page.get_by_label("Sửa mục A/I", exact=True).click()
    page.get_by_label("Thời hạn", exact=True).fill("Hằng năm")
    page.get_by_label("Loại thời hạn").select_option("date")
    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.locator("#id_sua-deadline-error")).to_contain_text("cần ghi một ngày")
    page.get_by_label("Thời hạn", exact=True).fill("Trước ngày 30/11/2026")
    page.get_by_label("Loại thời hạn").select_option("")
    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.locator('tr[data-path="A/I"]')).to_contain_text("Trước ngày 30/11/2026")

    # A lead: the police are a coordinator of A/I; named lead instead.
    page.get_by_label("Sửa mục A/I", exact=True).click()
    page.get_by_label("Vai trò").select_option("lead")
    page.get_by_label("Cơ quan", exact=True).fill("Công an huyện Sơn Dương")
    page.get_by_role("button", name="Thêm cơ quan").click()
    expect(page.locator("#pick-form .error")).to_contain_text("đã được phân công")
    page.get_by_role("button", name="Bỏ Công an huyện Sơn Dương").click()
    page.get_by_label("Vai trò").select_option("lead")
    page.get_by_label("Cơ quan", exact=True).fill("Công an huyện Sơn Dương")
    page.get_by_role("button", name="Thêm cơ quan").click()
    expect(page.locator("#agencies ul")).to_contain_text("Chủ trì: Công an huyện Sơn Dương")
    page.screenshot(path=str(SHOTS / "plan-draft-task.png"), full_page=True)

    # A split, and a deletion.
    page.goto(review_url)
    page.get_by_label("Sửa mục A/II/1/1.1", exact=True).click()
    page.get_by_label("Nhiệm vụ thứ nhất").fill("Tham mưu UBND huyện tham gia ý kiến (phần 1)")
    page.get_by_label("Nhiệm vụ thứ hai (tách ra)").fill("Tổ chức hội thảo lấy ý kiến (phần 2)")
    page.get_by_role("button", name="Tách nhiệm vụ").click()
    expect(page.locator('tr[data-path="A/II/1/1.1a"]')).to_contain_text("phần 2")
    page.get_by_label("Sửa mục A/II/1/1.3", exact=True).click()
    page.get_by_role("button", name="Xóa nhiệm vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa mục A/II/1/1.3")
    assert page.locator('tr[data-path="A/II/1/1.3"]').count() == 0
    page.screenshot(path=str(SHOTS / "plan-review.png"), full_page=False)
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_role("heading", name="Kế hoạch 285/KH-UBND")).to_be_visible()

    document = Document.objects.get(number="285/KH-UBND")
    assert document.tasks.filter(path="A/II/1/1.3").count() == 0
    a_i = document.tasks.get(path="A/I")
    lead = a_i.assignments.get(role="lead", agency=world.police_sd)
    # The police report on A/I.
    period = next(
        p for p in document.periods.order_by("due_on") if is_due(assignment=lead, period=p)
    )
    report = progress_report_save(
        actor=world.focal,
        assignment=lead,
        period=period,
        version=None,
        task_status="in_progress",
        done_text="Đã rà soát 12 văn bản.",
        submit=True,
    )

    # Then the deadline typo is amended on the plan page.
    page.reload()
    page.get_by_label("Sửa đổi mục A/I", exact=True).click()
    page.get_by_label("Thời hạn", exact=True).fill("Trước ngày 15/12/2026")
    page.locator("#task-form").get_by_label("Lý do").fill("Sửa lỗi đánh máy thời hạn")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    expect(page.locator('tr[data-path="A/I"]')).to_contain_text("Trước ngày 15/12/2026")
    history = page.locator("#history")
    expect(history).to_contain_text("Trước ngày 30/11/2026")
    expect(history).to_contain_text("Sửa lỗi đánh máy thời hạn")
    # And a task withdrawn by an amending document.
    page.get_by_label("Sửa đổi mục A/III", exact=True).click()
    page.locator("#withdraw-form").get_by_label("Văn bản sửa đổi, bổ sung").fill(
        "Kế hoạch số 20/KH-UBND ngày 05/3/2026"
    )
    page.get_by_role("button", name="Bãi bỏ nhiệm vụ").click()
    expect(page.locator('tr[data-path="A/III"]')).to_contain_text("Đã bãi bỏ từ 30/11/2026")
    page.locator("#history").screenshot(path=str(SHOTS / "plan-history.png"))
    page.locator('tr[data-path="A/III"]').screenshot(path=str(SHOTS / "plan-withdrawn.png"))
    assert ProgressReport.objects.get(pk=report.pk).assignment_id == lead.pk
    assert PlanChange.objects.filter(document=document).count() == 2
