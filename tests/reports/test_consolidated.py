"""`dondoc report consolidated` on seed 000: the DOCX opens in LibreOffice with its headings,
with no report received and with accepted ones; the XLSX annex; the roll-up of lower plans."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from dondoc.core.actors import SYSTEM
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document
from dondoc.plans.services import plan_import, plan_resolve
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.services import progress_report_accept, progress_report_save, schedule_ensure
from tests.org.factories import MembershipFactory, UserFactory
from tests.plans.conftest import seed_path
from tests.plans.factories import SMALL_PLAN, world_plan
from tests.plans.importers.builders import docx_to_pdfs

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, workdir) -> str:
    path = workdir / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_seed_000_report_for_2024_with_and_without_reports(world, tmp_path) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    document = Document.objects.get(number="284/KH-UBND")
    empty, full = tmp_path / "empty.docx", tmp_path / "full.docx"
    out = StringIO()
    call_command(
        "report", "consolidated", "--plan", "284/KH-UBND", "--period", "2024",
        "--out", str(empty), "--xlsx", str(tmp_path / "annex.xlsx"), stdout=out,
    )  # fmt: skip
    # 34 tasks; D/III is given to a collective only ("Các cơ quan, ban, ngành …"): nobody
    # in particular reports on it.
    assert "Năm 2024: 33 nhiệm vụ phải báo cáo" in out.getvalue()
    period = document.periods.get(label="2024")
    assignment = document.tasks.get(path="A/I").assignments.get(role="lead")
    assert assignment.agency is not None
    writer = UserFactory(username="tuphap")
    MembershipFactory(user=writer, agency=assignment.agency, role="agency_officer")
    report = progress_report_save(
        actor=writer,
        assignment=assignment,
        period=period,
        version=None,
        task_status="done",
        done_text="Đã rà soát 03 dự thảo văn bản; <b>không</b> phát hiện điểm chưa tương thích.",
        difficulties="Thiếu cán bộ pháp chế chuyên trách.",
        proposals="Đề nghị tỉnh mở lớp tập huấn về Công ước CAT.",
        submit=True,
    )
    progress_report_accept(actor=world.focal, report=report)
    call_command(
        "report", "consolidated", "--plan", "284/KH-UBND", "--period", "2024",
        "--out", str(full), stdout=StringIO(),
    )  # fmt: skip
    pdfs = docx_to_pdfs({"empty": empty.read_bytes(), "full": full.read_bytes()}, tmp_path)
    empty_text = pdf_text(pdfs["empty"], tmp_path)
    for heading in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả năm 2024 thực hiện Kế hoạch số 284/KH-UBND ngày 04/7/2023",
        "II. KẾT QUẢ THỰC HIỆN",
        "Những nhiệm vụ chưa thực hiện và nguyên nhân",
        "III. ĐÁNH GIÁ CHUNG",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "Cơ quan, đơn vị chưa báo cáo",
        "Phòng Tư pháp",
        "Nơi nhận",
    ):
        assert heading in empty_text, heading
    full_text = pdf_text(pdfs["full"], tmp_path)
    assert "Đã rà soát 03 dự thảo văn bản; <b>không</b> phát hiện" in full_text
    assert "Thiếu cán bộ pháp chế chuyên trách" in full_text
    assert "Đề nghị tỉnh mở lớp tập huấn" in full_text
    annex = load_workbook(io.BytesIO((tmp_path / "annex.xlsx").read_bytes()))
    rows = list(annex["Phụ lục"].iter_rows(min_row=4, values_only=True))
    assert {row[0] for row in rows} >= {"A.I", "B.V.2"}
    assert all(row[5] in (None, "", "Chưa báo cáo") for row in rows[:-1] if row[2])


def test_unknown_plan_or_period_is_a_clear_error(world, tmp_path) -> None:
    world_plan(world)
    with pytest.raises(CommandError, match="Không có kế hoạch số “999/KH-UBND”"):
        call_command("report", "consolidated", "--plan", "999/KH-UBND", "--period", "2024",
                     "--out", str(tmp_path / "x.docx"))  # fmt: skip
    with pytest.raises(CommandError, match=r"không có kỳ “2031”.*Các kỳ hiện có: 2024, 2025"):
        call_command("report", "consolidated", "--plan", "15/KH-UBND", "--period", "2031",
                     "--out", str(tmp_path / "x.docx"))  # fmt: skip
    assert not (tmp_path / "x.docx").exists()


def test_province_report_rolls_up_its_districts(world) -> None:
    upper_text = (
        SMALL_PLAN.replace("15/KH-UBND", "9/KH-UBND")
        .replace("huyện Sơn Dương", "tỉnh Tuyên Quang")
        .replace("Công an huyện", "Công an tỉnh")
    )
    draft = parse_text(upper_text)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.province)
    upper = plan_import(actor=SYSTEM, draft=draft, unit=world.province)
    lower = world_plan(world)
    lower.upper = upper
    lower.save()
    upper_task = upper.tasks.get(path="I/2")
    lower_task = lower.tasks.get(path="I/2")
    lower_task.upper_task = upper_task
    lower_task.save()
    schedule_ensure(actor=SYSTEM, document=upper)
    schedule_ensure(actor=SYSTEM, document=lower)
    period = lower.periods.get(label="2024")
    assignment = lower_task.assignments.get(role="lead")
    report = progress_report_save(
        actor=world.officer, assignment=assignment, period=period, version=None,
        task_status="done", done_text="Sơn Dương đã lập bảng thống kê.", submit=True,
    )  # fmt: skip
    progress_report_accept(actor=world.focal, report=report)
    content = consolidate(
        user=None, document=upper, period=upper.periods.get(label="2024"), include_lower=True
    )
    section = next(s for s in content.sections if s.task == upper_task)
    assert [r.document for r in section.lower] == [lower]
    assert section.lower[0].results[0].report == report
    assert content.lower_documents[0][2] == {"tasks": 2, "accepted": 1, "reports": 4}


def test_seed_003_yearly_report_draws_its_figures_from_the_reintegration_registry(
    world, tmp_path
) -> None:
    """Seed 003's yearly report (due 15/12 to the provincial police) counts the people the
    communes of Đắk Nông supervise and help; a subject elsewhere is not counted."""
    import datetime

    from dondoc.org.models import AdminUnit, Agency, Role
    from dondoc.registry.services import person_create
    from dondoc.reintegration import services as reintegration
    from dondoc.reports.consolidated import consolidated_docx, consolidated_xlsx
    from tests.org.factories import AgencyFactory, make_unit
    from tests.reintegration.factories import world_subject

    pre = AdminUnit.Map.PRE2025
    dak_nong = make_unit(pre, AdminUnit.Level.PROVINCE, "67", "Tỉnh Đắk Nông")
    district = make_unit(pre, AdminUnit.Level.DISTRICT, "660", "Thành phố Gia Nghĩa", dak_nong)
    commune = make_unit(pre, AdminUnit.Level.COMMUNE, "24611", "Phường Nghĩa Đức", district)
    police = AgencyFactory(name="Công an phường Nghĩa Đức", kind=Agency.Kind.POLICE, unit=commune)
    officer = UserFactory(username="canbo_nghiaduc")
    MembershipFactory(user=officer, agency=police, role=Role.AGENCY_OFFICER)
    call_command("plan", "import", str(seed_path("003")), stdout=StringIO())
    document = Document.objects.get(number="1320/QĐ-UBND")
    schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2026")
    for name, sex, status, start in (
        ("Y Bình Niê", "male", "released", datetime.date(2026, 3, 2)),
        ("H Lan Byă", "female", "suspended", datetime.date(2025, 8, 1)),
    ):
        person = person_create(actor=officer, agency=police, full_name=name, sex=sex)
        subject = reintegration.subject_register(
            actor=officer, agency=police, person=person, legal_status=status, start_on=start,
            received_on=start,
        )  # fmt: skip
    reintegration.support_give(
        actor=officer, subject=subject, kind="vocational", provided_on=datetime.date(2026, 4, 1)
    )
    reintegration.event_record(
        actor=officer, subject=subject, kind="assessment", on=datetime.date(2026, 7, 3), group="B"
    )
    world_subject(world)  # Tuyên Quang: not in this plan's territory
    content = consolidate(user=None, document=document, period=period)
    pdfs = docx_to_pdfs({"report": consolidated_docx(content)}, tmp_path)
    text = pdf_text(pdfs["report"], tmp_path)
    assert "Kết quả quản lý, giúp đỡ người chấp hành án hình sự tại cộng đồng" in text
    assert (
        "trên địa bàn quản lý 2 người (mới tiếp nhận 1, kết thúc quản lý 0, đang quản lý 2)" in text
    )
    assert "trong đó nữ 1" in text
    assert "án treo 1; chấp hành xong án phạt tù 1" in text
    assert "Xếp loại gần nhất: loại B 1." in text
    assert "đào tạo nghề 1 lượt (1 người)" in text
    assert "Y Bình Niê" not in text and "H Lan Byă" not in text  # counts, never names
    annex = load_workbook(io.BytesIO(consolidated_xlsx(content)))
    rows = list(annex["Tái hòa nhập"].iter_rows(min_row=4, values_only=True))
    assert rows[0][:5] == ("Phường Nghĩa Đức, Thành phố Gia Nghĩa, Tỉnh Đắk Nông", 2, 1, 0, 2)
    assert rows[-1][:2] == ("Tổng cộng", 2)
    # A plan about something else has no such section.
    other = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=other)
    other_content = consolidate(user=None, document=other, period=other.periods.get(label="2024"))
    assert (
        "Tái hòa nhập" not in load_workbook(io.BytesIO(consolidated_xlsx(other_content))).sheetnames
    )
