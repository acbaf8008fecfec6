"""Tracking pages as officers use them: what is owed, the report form, review, the board."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.tracking.models import AgencyReport, ProgressReport
from tests.tracking.factories import world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def _i2(world):
    tracked = world_tracking(world)
    return tracked, tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")


def _page(tracked, world) -> str:
    return reverse("web:agency_report", args=[tracked.period.pk, world.justice_sd.pk])


def test_officer_lists_writes_and_sends_a_report(world) -> None:
    tracked, assignment = _i2(world)
    client = signed_in(world.officer)
    page = client.get(reverse("web:reports_owed")).content.decode()
    assert "Thống kê khiếu nại, tố cáo" in page and "Năm 2025" in page
    assert "<td>Phòng Tư pháp huyện Sơn Dương</td>" in page
    assert "<td>Công an huyện Sơn Dương</td>" not in page  # the police's reports, not theirs
    url = _page(tracked, world)
    assert f'href="{url}#muc-{assignment.pk}"' in page  # the row opens its section
    form = {
        "action": "section",
        "assignment": assignment.pk,
        "version": "0",
        "task_status": "done",
        "done_text": "Đã lập bảng thống kê <script>alert(1)</script>",
        f"evidence_{assignment.pk}": SimpleUploadedFile("bang.xlsx", b"MZ\x90\x00 not a book"),
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "không phải PDF" in refused.content.decode()
    assert not ProgressReport.objects.filter(assignment=assignment).exists()  # all or nothing
    form[f"evidence_{assignment.pk}"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n%%EOF")
    assert client.post(url, form).status_code == 302
    coord = tracked.plan.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    other = {"action": "section", "assignment": coord.pk, "version": "0",
             "task_status": "done", "done_text": "Phối hợp tuyên truyền."}  # fmt: skip
    assert client.post(url, other).status_code == 302
    whole = AgencyReport.objects.get(period=tracked.period, agency=world.justice_sd)
    assert client.post(url, {"action": "submit", "version": whole.version}).status_code == 302
    report = ProgressReport.objects.get(assignment=assignment, period=tracked.period)
    assert (report.state, report.evidence.count()) == ("submitted", 1)
    detail = signed_in(world.focal).get(url)
    html = detail.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Tiếp nhận" in html and "Trả lại để bổ sung" in html


def test_a_stale_form_is_refused_and_keeps_what_was_typed(world) -> None:
    tracked, assignment = _i2(world)
    client = signed_in(world.officer)
    url = _page(tracked, world)
    form = {"action": "section", "assignment": assignment.pk, "version": "0",
            "task_status": "in_progress"}  # fmt: skip
    client.post(url, {**form, "done_text": "Bản đầu"})
    response = client.post(url, {**form, "done_text": "Bản của tôi, chưa lưu"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "sau khi bạn mở trang" in html and "Bản của tôi, chưa lưu" in html
    assert ProgressReport.objects.get(assignment=assignment).done_text == "Bản đầu"


def test_focal_officer_returns_and_the_officer_sees_why(world) -> None:
    tracked = world_tracking(world)
    focal = signed_in(world.focal)
    url = reverse("web:report_detail", args=[tracked.report.pk])
    empty = focal.post(url, {"action": "return", "comment": "", "version": tracked.report.version})
    assert empty.status_code == 400 and "Hãy ghi rõ" in empty.content.decode()
    focal.post(
        url,
        {"action": "return", "comment": "Gửi kèm ảnh hội nghị.", "version": tracked.report.version},
    )
    tracked.report.refresh_from_db()
    assert tracked.report.state == "returned"
    owed = signed_in(world.focal).get(reverse("web:reports_owed")).content.decode()
    assert "Gửi kèm ảnh hội nghị." in owed


def test_board_for_focal_and_leader_not_for_an_agency_officer(
    world, django_assert_max_num_queries
) -> None:
    tracked = world_tracking(world)
    url = reverse("web:plan_board", args=[tracked.plan.pk]) + f"?ky={tracked.period.pk}"
    client = signed_in(world.focal)
    client.get(url)  # the schedule exists after the first visit
    with django_assert_max_num_queries(40):
        html = client.get(url).content.decode()
    assert 'data-agency="Công an huyện Sơn Dương"' in html
    assert "Phòng Không Có Thật" in html  # named but not resolved: nobody is asked
    assert signed_in(world.leader).get(url).status_code == 200
    assert signed_in(world.officer).get(url).status_code == 404
    docx = client.get(reverse("web:consolidated_docx", args=[tracked.plan.pk, tracked.period.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "bao-cao-15-KH-UBND-2025.docx" in docx["Content-Disposition"]


def test_schedule_form_changes_the_periods(world) -> None:
    tracked = world_tracking(world)
    url = reverse("web:plan_schedule", args=[tracked.plan.pk])
    assert signed_in(world.leader).get(url).status_code == 404  # leaders read, focal edits
    client = signed_in(world.focal)
    response = client.post(
        url,
        {
            "action": "schedule",
            "frequencies": ["year", "quarter"],
            "due_day": "",
            "due_month": "",
            "days_after_end": "10",
            "cutoff": "national",
            "focal_agency": str(world.police_sd.pk),
            "start_year": "2024",
            "end_year": "2025",
        },
    )
    assert response.status_code == 302
    labels = set(tracked.plan.periods.values_list("label", flat=True))
    assert {"2024-Q1", "2025-Q4", "2024", "2025"} <= labels
    q1 = tracked.plan.periods.get(label="2024-Q1")
    assert (q1.starts_on.isoformat(), q1.ends_on.isoformat()) == ("2023-12-15", "2024-03-14")
    bad = client.post(url, {"action": "schedule", "frequencies": [], "cutoff": "national"})
    assert bad.status_code == 400 and "Tần suất" in bad.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"), [("1.234", "1234.00"), ("1.234,5", "1234.50"), ("95,5", "95.50")]
)
def test_the_figure_is_read_the_vietnamese_way(world, typed: str, stored: str) -> None:
    tracked, _ = _i2(world)
    client = signed_in(world.officer)
    url = _page(tracked, world)
    form = {"action": "parts", "version": "0", "fig_label": ["Số đơn thư"],
            "fig_value": [typed], "fig_unit": ["đơn"]}  # fmt: skip
    assert client.post(url, form).status_code == 302
    whole = AgencyReport.objects.get(period=tracked.period, agency=world.justice_sd)
    assert str(whole.figures.get().value) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1.2", "dấu chấm chỉ để tách hàng nghìn"),
        ("12,345", "tối đa 2 chữ số sau dấu phẩy"),
        ("1.000.000.000.000", "quá lớn"),
        ("mười hai", "cần một số"),
    ],
)
def test_a_figure_that_is_not_a_number_keeps_the_page(world, typed: str, says: str) -> None:
    tracked, _ = _i2(world)
    client = signed_in(world.officer)
    url = _page(tracked, world)
    form = {"action": "parts", "version": "0", "difficulties": "Nội dung đã gõ",
            "fig_label": ["Số đơn thư"], "fig_value": [typed]}  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Số liệu “{typed}”" in html and says in html
    assert "Nội dung đã gõ" in html and f'value="{typed}"' in html
    assert not AgencyReport.objects.filter(figures__isnull=False).exists()


def test_owed_page_shows_a_long_period_in_part_and_links_each_agency_report(
    world, monkeypatch
) -> None:
    """Issue 18: a 500-task plan made "Báo cáo kỳ này" one row per task (81 ms of CPU at
    530 rows); a period shows its first OWED_SHOWN tasks, the rest counted per agency with
    the link to the agency's report, which lists every task. The total stays exact."""
    from dondoc.web import views_tracking

    tracked = world_tracking(world)
    client = signed_in(world.officer)
    whole = client.get(reverse("web:reports_owed")).content.decode()
    of_period = f'data-period="{tracked.period.label}"'
    rows, total = whole.count(of_period), whole.count('<tr class="state-')
    assert rows > 1
    monkeypatch.setattr(views_tracking, "OWED_SHOWN", 1)
    page = client.get(reverse("web:reports_owed")).content.decode()
    assert page.count(of_period) == 1
    report = reverse("web:agency_report", args=[tracked.period.pk, world.justice_sd.pk])
    assert f"Còn {rows - 1} nhiệm vụ khác của Phòng Tư pháp huyện Sơn Dương" in page
    assert f'href="{report}"' in page
    assert f"<p>{total} báo cáo cần lập hoặc chưa gửi." in page  # the total, not the rows shown
