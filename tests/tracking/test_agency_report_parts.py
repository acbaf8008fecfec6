"""What the agency's report page still lacked: figures tied to the plan's targets and
indicators with their breakdown, files for the whole report, a refused form that keeps what
was typed, the old per-task POST refused, and one review-wait notice per report."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.core.exceptions import InvalidInput
from dondoc.indicators.models import Indicator, Target
from dondoc.tracking.agency_reports import (
    FigureInput,
    report_evidence_add,
    report_evidence_remove,
    report_save,
    report_submit,
    split_breakdown,
)
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.models import (
    AgencyReport,
    AgencyReportEvent,
    Evidence,
    Notification,
    ProgressReport,
    ReportEvent,
)
from dondoc.tracking.notify import review_waits_send
from dondoc.tracking.services import InvalidTransition
from tests.tracking.test_agency_report import fill, loop  # noqa: F401 - the shared fixture
from tests.world import signed_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF"


@pytest.fixture
def measured(loop):  # noqa: F811 - the fixture imported above
    """`loop` with a target of the plan measured by an indicator broken down by sex, and an
    indicator by sex and age group the agencies report."""
    world, _, period, lead, coord = loop
    by_sex = Indicator.objects.create(
        code="tro-giup-phap-ly", name="Số người được trợ giúp pháp lý", unit="count",
        source="reported", disaggregations=["sex"],
    )  # fmt: skip
    victims = Indicator.objects.create(
        code="nan-nhan-ho-tro", name="Số nạn nhân được hỗ trợ", unit="count",
        source="reported", disaggregations=["sex", "age_group"],
    )  # fmt: skip
    target = Target.objects.create(
        document=period.document, kind="percent", value=100, indicator=by_sex,
        subject="100% người thuộc diện được trợ giúp pháp lý",
    )  # fmt: skip
    return world, period, lead, coord, target, victims


def _save(world, period, report, figures):
    return report_save(
        actor=world.officer, period=period, agency=world.justice_sd, version=report.version,
        difficulties="", proposals="", figures=figures,
    )  # fmt: skip


def test_split_breakdown_reads_what_officers_type() -> None:
    assert split_breakdown("Nam: 12; Nữ: 8") == [("Nam", "12"), ("Nữ", "8")]
    assert split_breakdown("Nam = 1.234\nNữ:5,5 ;") == [("Nam", "1.234"), ("Nữ", "5,5")]
    assert split_breakdown("Nam 12") == [("Nam 12", None)]
    assert split_breakdown("  ") == []


def test_figures_with_their_target_and_breakdown(measured) -> None:
    world, period, lead, coord, target, victims = measured
    a, _ = fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    report = _save(world, period, report, [
        FigureInput("Số người được trợ giúp", "20", "người", target_id=target.pk,
                    parts=split_breakdown("nam: 12; NỮ: 8"), section_id=a.pk),
        FigureInput("Số nạn nhân được hỗ trợ", "5", "người", indicator_id=victims.pk,
                    parts=split_breakdown("Nam: 1; Nữ: 4; Dưới 18 tuổi: 3")),
        FigureInput("Số hội nghị", "2", "hội nghị"),
    ])  # fmt: skip
    totals = list(report.figures.filter(part_of=None))
    assert [(f.label, str(f.value)) for f in totals] == [
        ("Số người được trợ giúp", "20.00"), ("Số nạn nhân được hỗ trợ", "5.00"),
        ("Số hội nghị", "2.00"),
    ]  # fmt: skip
    assert totals[0].target == target and totals[0].indicator == target.indicator
    parts = {(p.part_of.label, tuple(p.breakdown.items()), str(p.value))
             for p in report.figures.exclude(part_of=None)}  # fmt: skip
    assert parts == {
        ("Số người được trợ giúp", (("sex", "male"),), "12.00"),
        ("Số người được trợ giúp", (("sex", "female"),), "8.00"),
        ("Số nạn nhân được hỗ trợ", (("sex", "male"),), "1.00"),
        ("Số nạn nhân được hỗ trợ", (("sex", "female"),), "4.00"),
        ("Số nạn nhân được hỗ trợ", (("age_group", "under_18"),), "3.00"),
    }
    # Accepted, the section's figures reach the consolidated report, each part its own line.
    from dondoc.tracking.agency_reports import report_accept

    report = report_submit(actor=world.officer, report=report, version=report.version)
    report_accept(actor=world.focal, report=report, version=report.version)
    found = consolidate(user=world.focal, document=period.document, period=period)
    lines = [
        (line.label, str(line.value), line.target_id, line.breakdown)
        for section in found.sections for result in section.results for line in result.figures
    ]  # fmt: skip
    assert ("Số người được trợ giúp", "20.00", target.pk, {}) in lines
    assert ("Số người được trợ giúp (Nữ)", "8.00", target.pk, {"sex": "female"}) in lines


@pytest.mark.parametrize(
    ("measure", "typed", "says"),
    [
        ("target", "Nam: 12; Nữ: 7", "cộng lại được 19, khác tổng số 20"),
        ("target", "Nam: 12; Khác: 8", "không có nhóm “Khác”"),
        ("target", "Nam 12", "không đúng dạng “Nam: 12; Nữ: 8”"),
        ("target", "", "cần số liệu chia theo giới tính (Nam, Nữ)"),
        ("target", "Nam: 12; Nữ: 8; Dưới 18 tuổi: 2", "không có nhóm “Dưới 18 tuổi”"),
        ("victims", "Nam: 10; Nữ: 10; Dưới 18 tuổi: 21", "lớn hơn tổng số 20"),
        ("victims", "Nam: 10; Nữ: 10; Nam: 1", "nhóm “Nam” ghi hai lần"),
        ("none", "Nam: 12; Nữ: 8", "hãy chọn chỉ tiêu hoặc chỉ số của dòng này"),
    ],
)
def test_a_wrong_breakdown_is_refused_naming_the_row(measured, measure, typed, says) -> None:
    world, period, lead, coord, target, victims = measured
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    linked = {"target": {"target_id": target.pk}, "victims": {"indicator_id": victims.pk}}
    rows = [
        FigureInput("Số hội nghị", "2", "hội nghị"),
        FigureInput("Số người", "20", "người", parts=split_breakdown(typed),
                    **linked.get(measure, {})),  # type: ignore[arg-type]
    ]  # fmt: skip
    with pytest.raises(InvalidInput, match="dòng 2, cột “Chia theo”") as refused:
        _save(world, period, report, rows)
    assert says in refused.value.message
    assert getattr(refused.value, "row", None) == 2
    assert not report.figures.exists()


def test_files_of_the_whole_report(measured, tmp_path) -> None:
    world, period, lead, coord, *_ = measured
    a, _ = fill(world, period, lead, coord)
    from dondoc.tracking.services import evidence_add

    evidence_add(actor=world.officer, report=a, name="bang-thong-ke.xlsx", data=_xlsx())
    minutes = report_evidence_add(
        actor=world.officer, period=period, agency=world.justice_sd,
        name="bien-ban-hop.pdf", data=PDF,
    )  # fmt: skip
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    assert minutes.agency_report == report and minutes.report is None
    assert report.events.filter(action=AgencyReportEvent.Action.EVIDENCE).count() == 1
    with pytest.raises(InvalidInput, match="không phải PDF"):
        report_evidence_add(
            actor=world.officer, period=period, agency=world.justice_sd, name="x.pdf",
            data=b"MZ\x90\x00",
        )  # fmt: skip
    with pytest.raises(Exception, match="Chỉ cán bộ của cơ quan"):
        report_evidence_add(actor=world.officer_ys, period=period, agency=world.justice_sd,
                            name="y.pdf", data=PDF)  # fmt: skip
    url = reverse("web:agency_report_evidence", args=[period.pk, world.justice_sd.pk, minutes.pk])
    officer = signed_in(world.officer)
    assert officer.get(url).getvalue() == PDF
    assert signed_in(world.officer_ys).get(url).status_code == 404
    assert signed_in(world.outsider).get(url).status_code == 404
    section_file = a.evidence.get()
    other = reverse(
        "web:agency_report_evidence", args=[period.pk, world.justice_sd.pk, section_file.pk]
    )
    assert officer.get(other).status_code == 404  # only files of the whole report here
    page = officer.get(reverse("web:agency_report", args=[period.pk, world.justice_sd.pk]))
    assert "bien-ban-hop.pdf" in page.content.decode()
    # The DOCX lists the attachments: the whole report's, then each section's.
    from dondoc.reports.agency_report import agency_report_docx
    from tests.plans.importers.builders import docx_to_pdfs
    from tests.reports.test_consolidated import pdf_text

    report = _save(world, period, report, [
        FigureInput("Số người được trợ giúp", "20", "người", target_id=measured[4].pk,
                    parts=split_breakdown("Nam: 12; Nữ: 8"), section_id=a.pk),
    ])  # fmt: skip
    text = pdf_text(
        docx_to_pdfs({"r.docx": agency_report_docx(report=report)}, tmp_path)["r.docx"], tmp_path
    )
    flat = " ".join(text.split())
    assert "Số người được trợ giúp: 20 người (Nam: 12; Nữ: 8); chỉ tiêu: 100% người" in flat
    assert "V. TÀI LIỆU KÈM THEO" in flat
    assert flat.index("bien-ban-hop.pdf") < flat.index("bang-thong-ke.xlsx (nhiệm vụ mục I/2)")
    # Removed while a draft; once sent, neither added nor removed.
    report_evidence_remove(actor=world.officer, evidence=minutes)
    assert not Evidence.objects.filter(pk=minutes.pk).exists()
    again = report_evidence_add(actor=world.officer, period=period, agency=world.justice_sd,
                                name="bien-ban-hop.pdf", data=PDF)  # fmt: skip
    report = report_submit(actor=world.officer, report=report, version=report.version)
    with pytest.raises(InvalidTransition):
        report_evidence_remove(actor=world.officer, evidence=again)
    with pytest.raises(InvalidTransition):
        report_evidence_add(actor=world.officer, period=period, agency=world.justice_sd,
                            name="z.pdf", data=PDF)  # fmt: skip


def _xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_the_page_saves_figures_and_keeps_a_refused_table(measured) -> None:
    world, period, lead, coord, target, _ = measured
    a, _ = fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    url = reverse("web:agency_report", args=[period.pk, world.justice_sd.pk])
    officer = signed_in(world.officer)
    page = officer.get(url).content.decode()
    assert f'value="t{target.pk}"' in page and "chia theo giới tính: Nam, Nữ" in page
    form = {
        "action": "parts", "version": report.version, "difficulties": "Thiếu kinh phí gõ dở",
        "proposals": "", "fig_label": ["Số hội nghị", "Số người được trợ giúp"],
        "fig_value": ["2", "20"], "fig_unit": ["hội nghị", "người"],
        "fig_measure": ["", f"t{target.pk}"], "fig_breakdown": ["", "Nam: 12; Nữ: 9"],
        "fig_section": ["", str(a.pk)],
        "report_evidence": SimpleUploadedFile("bien-ban.pdf", PDF),
    }  # fmt: skip
    refused = officer.post(url, form)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="error-chung"' in html and "dòng 2, cột “Chia theo”" in html
    assert "Thiếu kinh phí gõ dở" in html and 'value="Nam: 12; Nữ: 9"' in html
    assert 'class="figure-row row-error"' in html
    report.refresh_from_db()
    assert not report.figures.exists() and not report.evidence.exists()  # nothing written
    form["fig_breakdown"] = ["", "Nam: 12; Nữ: 8"]
    form["report_evidence"] = SimpleUploadedFile("bien-ban.pdf", PDF)
    assert officer.post(url, form).status_code == 302
    report.refresh_from_db()
    assert report.figures.count() == 4 and report.evidence.get().name == "bien-ban.pdf"
    html = officer.get(url).content.decode()
    assert 'value="Nam: 12; Nữ: 8"' in html and f'value="t{target.pk}" selected' in html
    report_submit(actor=world.officer, report=report, version=report.version)
    shown = signed_in(world.focal).get(url).content.decode()  # read only, for the reviewer
    assert "<td>Chỉ tiêu: 100% người thuộc diện được trợ giúp pháp lý</td>" in shown
    assert "<td>Nam: 12; Nữ: 8</td>" in shown and 'name="fig_label"' not in shown


def test_a_refused_section_and_submit_keep_the_text_next_to_the_field(measured) -> None:
    world, period, lead, coord, *_ = measured
    url = reverse("web:agency_report", args=[period.pk, world.justice_sd.pk])
    officer = signed_in(world.officer)
    first = {"action": "section", "assignment": lead.pk, "version": 0, "task_status": "done",
             "done_text": "Bản đầu"}  # fmt: skip
    assert officer.post(url, first).status_code == 302
    stale = {**first, "done_text": "Bản của tôi, chưa lưu"}
    response = officer.post(url, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert f'id="error-muc-{lead.pk}"' in html and "sau khi bạn mở trang" in html
    assert "Bản của tôi, chưa lưu</textarea>" in html and "Bản đang lưu" in html
    assert ProgressReport.objects.get(assignment=lead, period=period).done_text == "Bản đầu"
    # The submit refused names the section that is missing, beside it.
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    refused = officer.post(url, {"action": "submit", "version": report.version})
    assert refused.status_code == 400
    html = refused.content.decode()
    section_at = html.index(f'id="muc-{coord.pk}"')
    problem_at = html.index("Mục I/1 (phối hợp)", section_at)
    assert problem_at < html.index("</section>", section_at)
    assert "Bản đầu</textarea>" in html


def test_the_old_per_task_post_is_refused_and_writes_nothing(measured) -> None:
    world, period, lead, *_ = measured
    old = reverse("web:report_edit", args=[period.pk, lead.pk])
    officer = signed_in(world.officer)
    form = {"version": "0", "task_status": "done", "done_text": "Từ trang cũ", "submit": "1",
            "evidence": SimpleUploadedFile("bien-ban.pdf", PDF)}  # fmt: skip
    response = officer.post(old, form)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    html = response.content.decode()
    assert "không được ghi" in html and f"#muc-{lead.pk}" in html
    assert not ProgressReport.objects.filter(assignment=lead).exists()
    assert not AgencyReport.objects.exists() and not Evidence.objects.exists()
    assert not ReportEvent.objects.exists()
    assert signed_in(world.outsider).post(old, form).status_code == 404
    assert officer.get(old).status_code == 302


def test_a_report_waiting_for_review_is_one_notice_whatever_its_sections(measured) -> None:
    world, period, lead, coord, *_ = measured
    fill(world, period, lead, coord)
    report = AgencyReport.objects.get(period=period, agency=world.justice_sd)
    report = report_submit(actor=world.officer, report=report, version=report.version)
    wednesday = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
    AgencyReport.objects.filter(pk=report.pk).update(submitted_at=wednesday)
    ProgressReport.objects.filter(agency_report=report).update(submitted_at=wednesday)
    assert review_waits_send(on=datetime.date(2026, 11, 27)) == []  # Friday: 2 working days
    lines = review_waits_send(on=datetime.date(2026, 11, 30))  # Monday: 3 working days
    assert len(lines) == 1 and "chờ tiếp nhận 3 ngày làm việc" in lines[0]
    assert review_waits_send(on=datetime.date(2026, 12, 1)) == []  # once
    notice = Notification.objects.get(key__startswith="agency-review-wait:")
    assert notice.user == world.focal and "Phòng Tư pháp huyện Sơn Dương" in notice.subject
    assert notice.url == reverse("web:agency_report", args=[period.pk, world.justice_sd.pk])
    # A day off the Government gives (settings.DONDOC_HOLIDAYS) is not a working day.
    from django.test import override_settings

    Notification.objects.all().delete()
    with override_settings(DONDOC_HOLIDAYS=["2026-11-30"]):
        assert review_waits_send(on=datetime.date(2026, 11, 30)) == []
