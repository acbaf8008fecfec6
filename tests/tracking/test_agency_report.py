"""One report per agency, plan and period: sections saved one by one, the report sent,
approved, returned (whole or by section), resubmitted and accepted as a whole."""

from __future__ import annotations

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.org.models import Role
from dondoc.tracking import selectors
from dondoc.tracking.agency_reports import (
    FigureInput,
    report_accept,
    report_approve,
    report_refuse,
    report_return,
    report_save,
    report_submit,
    section_assignments,
    section_save,
    signed_copy_read,
    signed_copy_upload,
)
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.models import AgencyReport, Notification, ProgressReport
from dondoc.tracking.services import InvalidTransition, VersionConflict, schedule_ensure
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.factories import world_plan
from tests.plans.importers.builders import docx_to_pdfs
from tests.reports.test_consolidated import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(world):
    """Phòng Tư pháp in the small plan's 2024 period: it leads I/2 and coordinates I/1."""
    document = world_plan(world)
    schedule = schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    lead = document.tasks.get(path="I/2").assignments.get(role="lead")
    coord = document.tasks.get(path="I/1").assignments.get(agency=world.justice_sd)
    return world, schedule, period, lead, coord


def fill(world, period, lead, coord):
    a = section_save(
        actor=world.officer,
        period=period,
        assignment=lead,
        version=None,
        task_status="done",
        done_text="Đã lập bảng thống kê năm 2024.",
    )
    b = section_save(
        actor=world.officer,
        period=period,
        assignment=coord,
        version=None,
        task_status="in_progress",
        done_text="Phối hợp tổ chức 01 hội nghị.",
    )
    return a, b


def test_sections_lead_first_then_coordinated(loop) -> None:
    world, _, period, lead, coord = loop
    assert section_assignments(period=period, agency=world.justice_sd) == [lead, coord]


def test_the_whole_loop_keeps_sections_in_step(loop) -> None:
    world, _, period, lead, coord = loop
    a, b = fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    assert a.agency_report == report and b.agency_report == report
    report = report_save(
        actor=world.officer,
        period=period,
        agency=world.justice_sd,
        version=report.version,
        difficulties="Thiếu kinh phí.",
        proposals="Bổ sung kinh phí.",
        figures=[
            FigureInput("Số hội nghị", "1", "hội nghị", section_id=b.pk),
            FigureInput("Số đơn thư", "1.234", "đơn", section_id=a.pk),
        ],
    )
    report = report_submit(actor=world.officer, report=report, version=report.version)
    assert report.state == "submitted"
    assert set(report.sections.values_list("state", flat=True)) == {"submitted"}
    assert Notification.objects.filter(user=world.focal).count() == 1  # one, not one per task
    report = report_return(
        actor=world.focal,
        report=report,
        version=report.version,
        comment="",
        section_comments={a.pk: "Bổ sung số liệu theo quý."},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, a.return_comment) == ("returned", "Bổ sung số liệu theo quý.")
    assert (b.state, b.return_comment) == ("returned", "")
    assert Notification.objects.filter(user=world.officer).count() == 1
    with pytest.raises(InvalidTransition, match="chỉ sửa các phần bị trả lại"):
        section_save(
            actor=world.officer, period=period, assignment=coord, version=b.version,
            task_status="done", done_text="x",
        )  # fmt: skip
    section_save(
        actor=world.officer, period=period, assignment=lead, version=a.version,
        task_status="done", done_text="Đã lập bảng thống kê theo từng quý.",
    )  # fmt: skip
    report = report_submit(actor=world.officer, report=report, version=report.version)
    assert report.events.filter(action="resubmit").exists()
    report = report_accept(actor=world.focal, report=report, version=report.version)
    assert set(report.sections.values_list("state", flat=True)) == {"accepted"}
    result = consolidate(user=world.focal, document=period.document, period=period)
    figures = [
        (f.label, f.value, f.unit)
        for section in result.sections
        for r in section.results
        for f in r.figures
    ]
    assert ("Số đơn thư", 1234, "đơn") in figures and ("Số hội nghị", 1, "hội nghị") in figures


def test_submit_names_the_missing_section_and_field(loop) -> None:
    world, _, period, lead, _ = loop
    section_save(
        actor=world.officer, period=period, assignment=lead, version=None,
        task_status="not_started",
    )  # fmt: skip
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    with pytest.raises(InvalidInput) as error:
        report_submit(actor=world.officer, report=report, version=report.version)
    assert "Mục I/2 (chủ trì)" in error.value.message and "“Lý do”" in error.value.message
    assert "Mục I/1 (phối hợp)" in error.value.message and "chưa lập" in error.value.message
    report.refresh_from_db()
    assert report.state == "draft"


def test_version_conflict_on_the_report_and_on_a_section(loop) -> None:
    world, _, period, lead, coord = loop
    a, _ = fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    opened = report.version
    report_save(
        actor=world.officer, period=period, agency=world.justice_sd, version=opened,
        difficulties="A", proposals="",
    )  # fmt: skip
    with pytest.raises(VersionConflict):
        report_save(
            actor=world.officer, period=period, agency=world.justice_sd, version=opened,
            difficulties="B", proposals="",
        )  # fmt: skip
    with pytest.raises(VersionConflict):
        section_save(
            actor=world.officer, period=period, assignment=lead, version=a.version - 1,
            task_status="done", done_text="y",
        )  # fmt: skip


def test_two_submits_the_second_is_told(loop) -> None:
    world, _, period, lead, coord = loop
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    report_submit(actor=world.officer, report=report, version=report.version)
    with pytest.raises(InvalidTransition, match="Báo cáo đã gửi"):
        report_submit(actor=world.officer, report=report, version=report.version)


def test_head_approval_when_the_plan_asks(loop) -> None:
    world, schedule, period, lead, coord = loop
    schedule.head_approval = True
    schedule.save()
    head = UserFactory(username="truongphong")
    MembershipFactory(user=head, agency=world.justice_sd, role=Role.LEADER)
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    report = report_submit(actor=world.officer, report=report, version=report.version)
    assert report.state == "awaiting_approval"
    assert set(report.sections.values_list("state", flat=True)) == {"draft"}
    assert not Notification.objects.filter(user=world.focal).exists()
    assert Notification.objects.filter(user=head).count() == 1
    assert selectors.approvals_waiting(user=head) == [report]
    with pytest.raises(NotAllowed):
        report_approve(actor=world.officer, report=report, version=report.version)
    with pytest.raises(NotAllowed):
        report_approve(actor=world.leader, report=report, version=report.version)  # other body
    report = report_refuse(actor=head, report=report, version=report.version, comment="Sửa lại.")
    assert report.state == "draft"
    report = report_submit(actor=world.officer, report=report, version=report.version)
    report = report_approve(actor=head, report=report, version=report.version)
    assert (report.state, report.approved_by) == ("submitted", head)
    assert set(report.sections.values_list("state", flat=True)) == {"submitted"}
    assert Notification.objects.filter(user=world.focal).count() == 1


def test_out_of_scope_users_are_refused(loop) -> None:
    world, _, period, lead, coord = loop
    with pytest.raises(NotAllowed):
        section_save(
            actor=world.officer_ys, period=period, assignment=lead, version=None,
            task_status="done", done_text="x",
        )  # fmt: skip
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    with pytest.raises(NotFound):  # a draft is the agency's own
        selectors.access_agency_report(
            user=world.focal, period_id=period.pk, agency_id=world.justice_sd.pk
        )
    with pytest.raises(NotAllowed):
        report_submit(actor=world.officer_ys, report=report, version=report.version)
    report = report_submit(actor=world.officer, report=report, version=report.version)
    with pytest.raises(NotAllowed):
        report_accept(actor=world.officer, report=report, version=report.version)
    with pytest.raises(NotAllowed):
        report_return(actor=world.outsider, report=report, version=report.version, comment="x")
    with pytest.raises(NotFound):
        selectors.access_agency_report(
            user=world.outsider, period_id=period.pk, agency_id=world.justice_sd.pk
        )
    seen = selectors.access_agency_report(
        user=world.focal, period_id=period.pk, agency_id=world.justice_sd.pk
    )
    assert seen.reviews and seen.report == report


def test_figures_are_checked_row_by_row(loop) -> None:
    world, _, period, lead, coord = loop
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    with pytest.raises(InvalidInput, match="dòng 2, cột “Số liệu”"):
        report_save(
            actor=world.officer, period=period, agency=world.justice_sd, version=report.version,
            difficulties="", proposals="",
            figures=[FigureInput("Số hội nghị", "3"), FigureInput("Số đơn", "ba")],
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="dòng 1, cột “Chia theo”"):
        report_save(
            actor=world.officer, period=period, agency=world.justice_sd, version=report.version,
            difficulties="", proposals="",
            figures=[FigureInput("Số người", "3", breakdown={"sex": "female"})],
        )  # fmt: skip
    assert not report.figures.exists()


def test_signed_copy_is_a_pdf_by_content(loop) -> None:
    world, _, period, lead, coord = loop
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    with pytest.raises(InvalidTransition):
        signed_copy_upload(actor=world.officer, report=report, name="a.pdf", data=b"%PDF-1.7\n%")
    report = report_submit(actor=world.officer, report=report, version=report.version)
    with pytest.raises(InvalidInput, match="không phải PDF"):
        signed_copy_upload(actor=world.officer, report=report, name="a.pdf", data=b"MZ\x90\x00")
    report = signed_copy_upload(
        actor=world.officer, report=report, name="bao-cao-ky.pdf", data=b"%PDF-1.7\n%"
    )
    assert report.signed_name == "bao-cao-ky.pdf"
    assert signed_copy_read(report) == b"%PDF-1.7\n%"
    assert ProgressReport.objects.filter(agency_report=report).count() == 2


def test_the_page_the_docx_and_the_old_url(loop, tmp_path) -> None:
    from django.urls import reverse

    from tests.world import signed_in

    world, _, period, lead, coord = loop
    url = reverse("web:agency_report", args=[period.pk, world.justice_sd.pk])
    officer = signed_in(world.officer)
    old = officer.get(reverse("web:report_edit", args=[period.pk, lead.pk]))
    assert old.status_code == 302 and old["Location"] == f"{url}#muc-{lead.pk}"
    page = officer.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Mục I/2") < body.index("Mục I/1")  # the lead task first
    for assignment, text in (
        (lead, "Đã lập bảng thống kê năm 2024."),
        (coord, "Phối hợp 01 hội nghị."),
    ):
        saved = officer.post(url, {"action": "section", "assignment": assignment.pk, "version": 0,
                                   "task_status": "done", "done_text": text})  # fmt: skip
        assert saved.status_code == 302
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    parts = {"action": "parts", "version": report.version, "difficulties": "Thiếu kinh phí.",
             "proposals": "Cấp thêm kinh phí.", "fig_label": ["Số đơn thư"],
             "fig_value": ["12"], "fig_unit": ["đơn"], "fig_section": [""]}  # fmt: skip
    officer.post(url, parts)
    report.refresh_from_db()
    sent = officer.post(url, {"action": "submit", "version": report.version})
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.figures.count() == 1
    assert signed_in(world.officer_ys).get(url).status_code == 404
    assert signed_in(world.outsider).get(url).status_code == 404
    docx = officer.get(reverse("web:agency_report_docx", args=[period.pk, world.justice_sd.pk]))
    assert docx.status_code == 200
    pdf = docx_to_pdfs({"r.docx": docx.content}, tmp_path)["r.docx"]
    text = pdf_text(pdf, tmp_path)
    for expected in ("BÁO CÁO", "Kính gửi: Công an huyện Sơn Dương", "Nhiệm vụ mục I/2",
                     "Nhiệm vụ mục I/1", "Số đơn thư: 12 đơn", "Thiếu kinh phí.",
                     "Cấp thêm kinh phí.", "Nơi nhận", "TRƯỞNG PHÒNG"):  # fmt: skip
        assert expected in text, expected
    assert text.index("Nhiệm vụ mục I/2") < text.index("Nhiệm vụ mục I/1")


def test_the_boards_review_of_one_section_acts_on_the_whole_report(loop) -> None:
    from django.urls import reverse

    from tests.world import signed_in

    world, _, period, lead, coord = loop
    a, b = fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    report = report_submit(actor=world.officer, report=report, version=report.version)
    a.refresh_from_db()
    focal = signed_in(world.focal)
    url = reverse("web:report_detail", args=[a.pk])
    answer = focal.post(url, {"action": "return", "version": a.version, "comment": "Bổ sung."})
    assert answer.status_code == 302
    report.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert report.state == "returned" and (a.state, b.state) == ("returned", "returned")
    assert (a.return_comment, b.return_comment) == ("Bổ sung.", "")
