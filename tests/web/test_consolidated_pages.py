"""The 'Báo cáo tổng hợp' page: the whole life through the pages, each view's refusal for users
who may not act, the leader's 'Việc của tôi', no admin page."""

from __future__ import annotations

import io
import shutil

import pytest
from django.contrib import admin
from django.urls import reverse
from docx import Document as WordDocument

from dondoc.reports.models import ConsolidatedReport, ConsolidatedReportFile, ConsolidatedReportStep
from dondoc.reports.tasks import render_issued_pdf
from tests.reports.factories import world_chief, world_consolidated
from tests.tracking.factories import world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db
State = ConsolidatedReport.State


def _page(tracked) -> str:
    return reverse("web:consolidated_page", args=[tracked.plan.pk, tracked.period.pk])


def test_board_links_to_the_period_page_and_the_focal_officer_creates_the_draft(world) -> None:
    tracked = world_tracking(world)
    board = signed_in(world.focal).get(
        reverse("web:plan_board", args=[tracked.plan.pk]) + f"?ky={tracked.period.pk}"
    )
    assert _page(tracked) in board.content.decode()
    client = signed_in(world.focal)
    empty = client.get(_page(tracked)).content.decode()
    assert 'id="consolidated-create"' in empty
    response = client.post(_page(tracked), {})
    assert response.status_code == 302
    report = ConsolidatedReport.objects.get()
    page = client.get(_page(tracked)).content.decode()
    assert "Dự thảo" in page and 'id="consolidated-edit"' in page
    for label in ("Công tác chỉ đạo, triển khai", "Ưu điểm", "Hạn chế", "Nguyên nhân",
                  "Phương hướng, nhiệm vụ kỳ tới"):  # fmt: skip
        assert label in page
    # The leader and the inspector see it, without the officer's form.
    leader = signed_in(world.leader).get(_page(tracked)).content.decode()
    assert 'id="consolidated-state"' in leader and 'id="consolidated-edit"' not in leader
    assert report.steps.count() == 1


def test_the_whole_life_through_the_pages(world, tmp_path) -> None:
    tracked = world_tracking(world)
    chief = world_chief(world)
    report = world_consolidated(world)
    focal = signed_in(world.focal)
    edit = reverse("web:consolidated_edit", args=[report.pk])
    form = {
        "version": report.version,
        "text_direction": "Công an huyện đã ban hành Kế hoạch triển khai.",
        "text_strengths": "Các cơ quan phối hợp chặt chẽ.",
        "addressees": "Ủy ban nhân dân huyện Sơn Dương",
        "signer_mode": "KT.",
        "signer_authority": "TRƯỞNG CÔNG AN HUYỆN",
        "signer_title": "PHÓ TRƯỞNG CÔNG AN HUYỆN",
        "signer_name": "Trần Văn Bình",
    }
    assert focal.post(edit, form).status_code == 302
    # The same form sent again (its version now stale) is refused, and its text kept.
    stale = focal.post(edit, form | {"text_causes": "Nguyên nhân mới"})
    assert stale.status_code == 409
    assert "đã được thay đổi" in stale.content.decode()
    assert "Nguyên nhân mới" in stale.content.decode()
    report.refresh_from_db()
    assert report.texts["direction"] == "Công an huyện đã ban hành Kế hoạch triển khai."
    preview = focal.get(reverse("web:consolidated_preview", args=[report.pk]))
    assert preview.status_code == 200 and preview.content.startswith(b"PK")
    WordDocument(io.BytesIO(preview.content))  # a Word file that opens
    step = reverse("web:consolidated_step", args=[report.pk])
    assert focal.post(step, {"action": "submit", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    # The leader of the focal agency sees it in "Việc của tôi" and approves it.
    boss = signed_in(chief)
    home = boss.get(reverse("web:home")).content.decode()
    assert 'id="work-approve"' in home and _page(tracked) in home
    returned = boss.post(step, {"action": "return", "version": report.version, "comment": ""})
    assert returned.status_code == 400 and "ghi rõ" in returned.content.decode()
    assert boss.post(step, {"action": "approve", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.APPROVED
    assert 'id="work-approve"' not in boss.get(reverse("web:home")).content.decode()
    for kind in ("docx", "xlsx"):
        got = focal.get(reverse("web:consolidated_file", args=[report.pk, kind]))
        assert got.status_code == 200 and got.content.startswith(b"PK")
    assert focal.get(reverse("web:consolidated_file", args=[report.pk, "pdf"])).status_code == 404
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed (make test installs it)")
    issue = reverse("web:consolidated_issue", args=[report.pk])
    bad = focal.post(issue, {"version": report.version, "number": "12", "issued_on": "31/02/2026"})
    assert bad.status_code == 400 and "Ngày ban hành" in bad.content.decode()
    issued = focal.post(
        issue, {"version": report.version, "number": "12", "issued_on": "01/12/2026"}
    )
    assert issued.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.number) == (State.ISSUED, "12")
    # The PDF is the worker's: asked for, shown as being made, there once it has run.
    pdf_url = reverse("web:consolidated_file", args=[report.pk, "pdf"])
    assert focal.get(pdf_url).status_code == 404
    assert "Đang tạo bản PDF…" in focal.get(_page(tracked)).content.decode()
    render_issued_pdf.call(report.pk)  # what `dondoc db_worker` runs
    pdf = focal.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    signed = reverse("web:consolidated_signed", args=[report.pk])
    fake = io.BytesIO(b"<html>not a pdf</html>")
    fake.name = "ban-ky.pdf"
    refused = focal.post(signed, {"version": report.version, "file": fake})
    assert refused.status_code == 400 and "không phải tệp PDF" in refused.content.decode()
    scan = io.BytesIO(pdf.content)
    scan.name = "ban-ky.pdf"
    assert focal.post(signed, {"version": report.version, "file": scan}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.SIGNED
    page = focal.get(_page(tracked)).content.decode()
    assert "Số 12, ngày 01/12/2026" in page
    assert [s.action for s in report.steps.all()] == [
        "create", "edit", "submit", "approve", "issue", "signed",
    ]  # fmt: skip
    assert ConsolidatedReportFile.objects.filter(report=report).count() == 5


def test_each_view_refuses_who_may_not_act(world) -> None:
    report = world_consolidated(world)
    step = reverse("web:consolidated_step", args=[report.pk])
    edit = reverse("web:consolidated_edit", args=[report.pk])
    # An agency officer, an out-of-scope focal officer, a user with no membership: not found.
    for user in (world.officer, world.outsider, world.nobody):
        client = signed_in(user)
        for url in (edit, step, reverse("web:consolidated_preview", args=[report.pk])):
            method = client.get if url.endswith(".docx") else client.post
            assert method(url, {"action": "submit", "version": report.version}).status_code == 404
    # The People's Committee's leader sees it but neither edits, submits nor approves it.
    leader = signed_in(world.leader)
    assert leader.post(edit, {"version": report.version}).status_code == 403
    assert leader.post(step, {"action": "submit", "version": report.version}).status_code == 403
    signed_in(world.focal).post(step, {"action": "submit", "version": report.version})
    report.refresh_from_db()
    refused = leader.post(step, {"action": "approve", "version": report.version})
    assert refused.status_code == 403
    assert "lãnh đạo của cơ quan đầu mối" in refused.content.decode()
    assert (
        signed_in(world.focal)
        .post(step, {"action": "approve", "version": report.version})
        .status_code
        == 403
    )
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert not report.steps.filter(action=ConsolidatedReportStep.Action.APPROVE).exists()


def test_consolidated_reports_have_no_admin_page() -> None:
    for model in (ConsolidatedReport, ConsolidatedReportFile, ConsolidatedReportStep):
        assert not admin.site.is_registered(model)
