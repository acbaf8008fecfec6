"""The whole reporting loop in a real Chromium, each role signing in through the login page
(issue 16, "How it will be checked"; the README's walk-through follows it step by step):

Phòng Tư pháp (agency A) sends its report of 2025 from its page; Phòng Văn hóa và Thông tin
(agency B) is late; the focal officer sees it late on the board and presses "Nhắc" (B's officer
gets the notice and the e-mail), and downloads the reminder letter for the court, which has no
account; B sends its report; the focal officer returns one section of A's with a comment, A
corrects and resends, the focal officer accepts both; he drafts the consolidated report, edits
a section and the signer (KT.), submits it; the focal agency's leader approves it; the officer
issues it, the worker prints the PDF and the page shows it; the issued DOCX, printed by
LibreOffice, reads as the officer would sign it.

Screenshots of the main steps go to var/screenshots/whole-loop-*.png."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from dondoc.core.actors import SYSTEM
from dondoc.org.models import Agency, Role
from dondoc.plans.models import Assignment
from dondoc.reports.pdf import docx_to_pdf
from dondoc.tracking.models import AgencyReport
from dondoc.tracking.services import schedule_ensure
from tests.org.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.plans.factories import world_plan
from tests.reports.factories import world_chief
from tests.tracking.factories import world_court_owes
from tests.web.browser import sign_in as browser_sign_in
from tests.wordtext import word_text
from tests.world import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("soffice"), reason="LibreOffice is not installed (make test installs it)"
    ),
]
SHOTS = Path("var/screenshots")
PLAN_NAME = "Phòng, chống tra tấn năm 2024 trên địa bàn huyện Sơn Dương"
A_LEAD = "Đã lập bảng thống kê khiếu nại, tố cáo năm 2025: 12 đơn, đã giải quyết 11 đơn."
A_LEAD_FIXED = "Quý I: 3 đơn; cả năm: 12 đơn, đã giải quyết 11 đơn, 01 đơn đang xác minh."
A_COORD = "Phối hợp tổ chức 01 hội nghị tuyên truyền Công ước chống tra tấn tại Sơn Dương."
B_COORD = "Đăng 05 tin, bài về Công ước chống tra tấn trên Đài Truyền thanh huyện."
DIRECTION = "Ủy ban nhân dân huyện đã giao Công an huyện chủ trì, hướng dẫn các cơ quan báo cáo."


def _run_worker() -> None:
    """`dondoc db_worker` until the queue is empty, in this process (the e-mails, the PDF)."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "loop",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
        timeout=60,
    ).stdout.decode()  # fmt: skip
    return unicodedata.normalize("NFC", " ".join(out.split()))


def _culture_agency(world: World, task) -> tuple[Agency, str]:
    """Phòng Văn hóa và Thông tin, coordinator of task I/1 (the plan names it), with one
    officer who has an e-mail address."""
    name = "Phòng Văn hóa và Thông tin huyện Sơn Dương"
    culture = Agency.objects.filter(unit=world.son_duong, name=name).first() or AgencyFactory(
        name=name, kind=Agency.Kind.CULTURE, unit=world.son_duong
    )
    officer = UserFactory(
        username="canbo_vhtt", first_name="Lê Thị", last_name="Mai",
        email="vhtt@sonduong.example.vn",
    )  # fmt: skip
    MembershipFactory(user=officer, agency=culture, role=Role.AGENCY_OFFICER)
    named = task.assignments.filter(mention__icontains="Văn hoá", agency__isnull=True).first()
    if task.assignments.filter(agency=culture).exists():
        pass  # the plan's import already found it
    elif named is not None:
        named.agency = culture
        named.save()
    else:
        Assignment.objects.create(
            task=task, agency=culture, role="coordinating", position=8,
            raw="Phòng Văn hoá và Thông tin", mention="Phòng Văn hoá và Thông tin",
        )  # fmt: skip
    return culture, officer.email


def test_the_whole_loop_two_agencies_one_late_and_reminded(
    world: World, live_server, page, tmp_path
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    plan = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    period = plan.periods.get(label="2025")  # due 05/01/2026: late, within the home's reach
    task1, task2 = plan.tasks.get(path="I/1"), plan.tasks.get(path="I/2")
    culture, b_email = _culture_agency(world, task1)
    world_court_owes(world)  # the district court: no account in dondoc
    world_chief(world)  # truongcongan, leader of Công an huyện, the focal agency
    a_lead = task2.assignments.get(agency=world.justice_sd)
    a_coord = task1.assignments.get(agency=world.justice_sd)
    b_coord = task1.assignments.get(agency=culture)
    base = live_server.url
    board = f"{base}/ke-hoach/{plan.pk}/theo-doi/?ky={period.pk}"

    def sign_in(username: str) -> None:
        browser_sign_in(page, base, username)

    def shot(name: str) -> None:
        page.screenshot(path=str(SHOTS / f"whole-loop-{name}.png"), full_page=True)

    def write(assignment: Assignment, text: str) -> None:
        section = page.locator(f"#muc-{assignment.pk}")
        section.locator("textarea[name=done_text]").fill(text)
        section.locator("button").first.click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu nháp mục")

    # 1. Agency A sends its one report of the period, from "Việc của tôi".
    sign_in("canbo")
    page.locator("#work-owed tr", has_text=period.title).locator("a.chip").first.click()
    write(a_lead, A_LEAD)
    write(a_coord, A_COORD)
    page.locator("#submit-report").click()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")
    shot("1-agency-a-sent")

    # 2. The focal officer: A's report waits for review; B and the court are late on the board.
    sign_in("daumoi")
    expect(page.locator("#work-review")).to_contain_text(world.justice_sd.name)
    page.goto(board)
    row_b = page.locator(f'#board tr[data-agency="{culture.name}"]')
    expect(row_b.locator(".chip.state-overdue, .chip.state-not_started").first).to_be_visible()
    row_b.get_by_role("button", name="Nhắc").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã nhắc {culture.name}")
    expect(page.locator(".messages")).to_contain_text(b_email)
    shot("2-board-reminded")
    court_row = page.locator(f'#board tr[data-agency="{world.court_sd.name}"]')
    with page.expect_download() as letter:
        court_row.get_by_role("link", name="Công văn đôn đốc").click()
    letter_text = word_text(letter.value.path().read_bytes())
    assert f"Kính gửi: {world.court_sd.name}" in letter_text and "phối hợp: I.2" in letter_text
    _run_worker()  # the e-mails go out
    reminded = [m for m in mail.outbox if b_email in m.to]
    assert len(reminded) == 1 and "2025" in reminded[0].subject

    # 3. Agency B reads the reminder and sends its report.
    sign_in("canbo_vhtt")
    expect(page.locator("#nav-notifications .count")).to_have_text("1")
    page.locator("#nav-notifications").click()
    expect(page.locator("main")).to_contain_text(plan.number)
    page.goto(base + "/")
    page.locator("#work-owed tr", has_text=period.title).locator("a.chip").first.click()
    write(b_coord, B_COORD)
    page.locator("#submit-report").click()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")

    # 4. The focal officer returns A's section I/2 with a comment.
    sign_in("daumoi")
    a_url = f"{base}/bao-cao/ky/{period.pk}/co-quan/{world.justice_sd.pk}/"
    page.locator("#work-review tr", has_text=world.justice_sd.name).get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(a_url)))
    a_report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    section = a_report.sections.get(assignment=a_lead)
    page.locator(f"input[name=return_{section.pk}]").fill("Bổ sung số liệu theo quý.")
    page.locator("#return").click()
    expect(page.locator("#report-state")).to_contain_text("Bị trả lại")
    shot("3-section-returned")

    # 5. A corrects the returned section (the other stays as sent) and resends.
    sign_in("canbo")
    page.goto(a_url)
    expect(page.locator(f"#muc-{a_lead.pk}")).to_contain_text("Bổ sung số liệu theo quý.")
    expect(page.locator(f"#muc-{a_coord.pk} textarea")).to_have_count(0)
    write(a_lead, A_LEAD_FIXED)
    page.locator("#submit-report").click()
    expect(page.locator("#report-state")).to_contain_text("Đã gửi")

    # 6. The focal officer accepts both, from "Việc của tôi".
    sign_in("daumoi")
    for agency in (world.justice_sd, culture):
        page.goto(base + "/")
        page.locator("#work-review tr", has_text=agency.name).get_by_role("link").click()
        page.locator("#accept").click()
        expect(page.locator("#report-state")).to_contain_text("Đã tiếp nhận")

    # 7. He drafts the consolidated report from the board, edits a section and the signer.
    page.goto(board)
    page.locator("#consolidated-page").click()
    page.locator("#consolidated-create").click()
    expect(page.locator("#consolidated-state")).to_have_text("Dự thảo")
    page.get_by_label("Công tác chỉ đạo, triển khai").fill(DIRECTION)
    page.locator("#id_signer_mode").select_option("KT.")
    page.get_by_label("Ký thay, thừa lệnh, thay mặt cho").fill("TRƯỞNG CÔNG AN HUYỆN")
    page.get_by_label("Chức vụ người ký").fill("PHÓ TRƯỞNG CÔNG AN HUYỆN")
    page.get_by_label("Họ tên người ký").fill("Trần Văn Bình")
    page.locator("#consolidated-save").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nội dung")
    shot("4-consolidated-draft")
    page.locator("#consolidated-submit").click()
    expect(page.locator("#consolidated-state")).to_have_text("Chờ lãnh đạo duyệt")

    # 8. The leader of the focal agency approves it.
    sign_in("truongcongan")
    page.locator("#work-approve").get_by_role("link", name="Xem và duyệt").click()
    page.locator("#consolidated-approve").click()
    expect(page.locator("#consolidated-state")).to_have_text("Đã duyệt")

    # 9. The officer issues it: number and date at once, the PDF made by the worker.
    sign_in("daumoi")
    page.goto(board)
    page.locator("#consolidated-page").click()
    page.get_by_label("Số báo cáo").fill("12")
    page.locator("#consolidated-issue-button").click()
    expect(page.locator("#consolidated-state")).to_have_text("Đã ban hành")
    expect(page.locator("#consolidated-number")).to_contain_text("Số 12, ngày 30/11/2026")
    expect(page.locator("#pdf-progress")).to_contain_text("Đang tạo bản PDF…")
    shot("5-issued-pdf-pending")
    _run_worker()  # LibreOffice prints it; the page, asking every 3 s, shows it
    expect(page.locator("#pdf-download")).to_be_visible(timeout=15_000)
    shot("6-issued-pdf-ready")
    with page.expect_download() as pdf:
        page.locator("#pdf-download").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF-")
    with page.expect_download() as issued:
        page.locator('a[data-kind="docx"]').click()

    # 10. The issued DOCX, printed by LibreOffice, as the officer reads it before signing.
    rendered = docx_to_pdf(issued.value.path().read_bytes())
    (SHOTS / "whole-loop-issued.pdf").write_bytes(rendered)  # to read it page by page
    text = _pdf_text(rendered, tmp_path)
    assert PLAN_NAME.lower() in text.lower()  # "… về phòng, chống tra tấn năm 2024 …"
    for expected in (
        "Kính gửi: Ủy ban nhân dân huyện Sơn Dương",  # the plan's issuer (no issuer line)
        "Nơi nhận",
        "- Như trên",
        "Số: 12/BC-CAH",
        "ngày 30 tháng 11 năm 2026",
        "KT. TRƯỞNG CÔNG AN HUYỆN",
        "PHÓ TRƯỞNG CÔNG AN HUYỆN",
        "Trần Văn Bình",
        DIRECTION,
        world.justice_sd.name,
        culture.name,
        "12 đơn, đã giải quyết 11 đơn, 01 đơn đang xác minh",  # A's corrected section
        "05 tin, bài",  # B's contribution
    ):
        assert expected in text, f"{expected!r} not in the issued report"
    assert A_LEAD not in text  # the returned version is not the one issued
