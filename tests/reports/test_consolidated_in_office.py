"""Seed 000 on the real map after `dondoc org reforms`: the 2024 report of Plan 284/KH-UBND is
Công an huyện Sơn Dương's; the 2025 one is refused until the plan is handed over, and after the
hand-over it is headed by the new Tuyên Quang provincial police under «BỘ CÔNG AN"."""

from __future__ import annotations

import datetime
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dondoc.core.actors import SYSTEM
from dondoc.org.letterhead import counterpart_in_office, letterhead, superior_of
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.services.reforms import reforms_load
from dondoc.org.unit_lookup import unit_find
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingSchedule
from dondoc.tracking.office import issuer_for, needs_handover
from dondoc.tracking.reminders import reminders_due
from tests.plans.conftest import seed_path
from tests.plans.importers.builders import docx_to_pdfs
from tests.reports.test_consolidated import pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date


def unit(name: str, map_: str) -> AdminUnit:
    found = unit_find(name, map=map_)
    assert found is not None
    return found


@pytest.fixture
def plan_284(loaded_map) -> Document:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    reforms_load(actor=SYSTEM)
    return Document.objects.get(number="284/KH-UBND")


def report(tmp_path, period: str, name: str) -> str:
    out = tmp_path / f"{name}.docx"
    call_command(
        "report", "consolidated", "--plan", "284/KH-UBND", "--period", period,
        "--out", str(out), stdout=StringIO(),
    )  # fmt: skip
    return name


def head(path) -> tuple[list[str], str, str]:
    """The DOCX head as written: the issuer block's lines, the number, the place and date."""
    table = docx.Document(str(path)).tables[0]
    issuer = [line for line in table.cell(0, 0).text.split("\n") if line]
    number, date_line = (" ".join(c.text.split()) for c in table.rows[1].cells)
    return issuer, number, date_line


def hand_over_to(document: Document, agency: Agency) -> None:
    """What the hand-over (plans.handover, another module) does to the schedule: the receiver
    becomes the focal agency of the plan's later periods (tracking.office's contract)."""
    ReportingSchedule.objects.filter(document=document).update(focal_agency=agency)


def new_police() -> Agency:
    return Agency.objects.get(unit=unit("tỉnh Tuyên Quang", "2025"), template_key="police")


def test_2024_is_the_district_polices_and_2025_waits_for_the_hand_over(plan_284, tmp_path):
    period_2025 = plan_284.periods.get(label="2025")
    message = needs_handover(plan_284, period_2025)
    assert message is not None
    assert "Kế hoạch 284/KH-UBND phải được bàn giao trước" in message
    assert "Công an huyện Sơn Dương chỉ hoạt động đến hết ngày 28/02/2025" in message
    assert "Công an tỉnh Tuyên Quang (điều tra hình sự, thi hành án hình sự)" in message
    with pytest.raises(CommandError, match="phải được bàn giao trước"):
        report(tmp_path, "2025", "r2025")
    assert not (tmp_path / "r2025.docx").exists()
    assert needs_handover(plan_284, plan_284.periods.get(label="2024")) is None

    names = [report(tmp_path, "2024", "before")]
    hand_over_to(plan_284, new_police())
    names += [report(tmp_path, "2024", "after"), report(tmp_path, "2025", "r2025")]
    pdfs = docx_to_pdfs({n: (tmp_path / f"{n}.docx").read_bytes() for n in names}, tmp_path)
    for name in ("before", "after"):  # the hand-over leaves the 2024 report as it was
        assert head(tmp_path / f"{name}.docx") == (
            ["CÔNG AN TỈNH TUYÊN QUANG", "CÔNG AN HUYỆN SƠN DƯƠNG"],
            "Số: /BC-CAH",
            "Sơn Dương, ngày tháng năm 2026",  # the year of issue (the pinned clock)
        )
        text = pdf_text(pdfs[name], tmp_path)  # LibreOffice opens it; the recipient line
        assert "Kính gửi: Ủy ban nhân dân huyện Sơn Dương" in text
        assert "BỘ CÔNG AN" not in text
    assert head(tmp_path / "r2025.docx") == (
        ["BỘ CÔNG AN", "CÔNG AN TỈNH TUYÊN QUANG"],
        "Số: /BC-CAT",
        "Tuyên Quang, ngày tháng năm 2026",
    )
    text = pdf_text(pdfs["r2025"], tmp_path)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Tuyên Quang" in text
    assert "UBND TỈNH" not in text and "CÔNG AN HUYỆN SƠN DƯƠNG" not in text.split("I. KẾT")[0]


def test_issuer_follows_the_hand_over_back_and_forth(plan_284) -> None:
    p2024, p2025 = plan_284.periods.get(label="2024"), plan_284.periods.get(label="2025")
    district_police = Agency.objects.get(name="Công an huyện Sơn Dương")
    assert issuer_for(plan_284, p2024) == district_police
    assert issuer_for(plan_284, p2025) is None
    hand_over_to(plan_284, new_police())
    assert issuer_for(plan_284, p2024) == district_police
    assert issuer_for(plan_284, p2025) == new_police()
    assert needs_handover(plan_284, p2025) is None


def test_reminders_name_the_sender_in_office(plan_284) -> None:
    on = D(2025, 11, 25)  # five days before the 2025 report is due
    late = [r for r in reminders_due(on=on) if r.period.document_id == plan_284.pk]
    assert late and all(r.sender is None for r in late)
    assert "đang chờ bàn giao" in late[0].body(on)
    hand_over_to(plan_284, new_police())
    late = [r for r in reminders_due(on=on) if r.period.document_id == plan_284.pk]
    assert all(r.sender == new_police() for r in late)
    assert "Cơ quan đầu mối nhận báo cáo: Công an tỉnh Tuyên Quang." in late[0].body(on)


def test_superior_lines(plan_284) -> None:
    old_province = unit("tỉnh Tuyên Quang", "pre2025")
    district = unit("huyện Sơn Dương, tỉnh Tuyên Quang", "pre2025")
    commune = unit("xã Sơn Dương, tỉnh Tuyên Quang", "2025")
    province = unit("tỉnh Tuyên Quang", "2025")

    def of(where: AdminUnit, key: str) -> Agency:
        return Agency.objects.get(unit=where, template_key=key)

    day_2024, day_2026 = D(2024, 11, 30), D(2026, 11, 30)
    assert superior_of(of(district, "police"), day_2024) == "Công an tỉnh Tuyên Quang"
    assert superior_of(of(district, "justice"), day_2024) == "UBND huyện Sơn Dương"
    assert superior_of(of(old_province, "police"), day_2024) == "Bộ Công an"
    assert superior_of(of(province, "police"), day_2026) == "Bộ Công an"
    assert superior_of(of(province, "justice"), day_2026) == "UBND tỉnh Tuyên Quang"
    assert superior_of(of(province, "peoples_committee"), day_2026) == ""
    head = letterhead(of(commune, "police"), day_2026)
    assert (head.superior, head.issuer, head.place) == (
        "Công an tỉnh Tuyên Quang",
        "Công an xã Sơn Dương",
        "Sơn Dương",
    )
    assert superior_of(of(province, "police_criminal"), day_2026) == "Công an tỉnh Tuyên Quang"
    # A letter to the district's People's Committee, written in 2026 by the commune police,
    # goes to the commune's People's Committee; by the provincial police, to the province's.
    committee = of(district, "peoples_committee")
    assert counterpart_in_office(committee, day_2026, near=of(commune, "police")) == of(
        commune, "peoples_committee"
    )
    assert counterpart_in_office(committee, day_2026, near=of(province, "police")) == of(
        province, "peoples_committee"
    )


def test_a_fresh_install_applies_the_reforms_when_an_old_map_plan_is_imported(
    loaded_map, tmp_path, django_capture_on_commit_callbacks
) -> None:
    """No `dondoc org reforms` by hand: importing seed 000 on the real map ends its old-map
    agencies (the district police on 28/02/2025), so the 2025 report asks for the hand-over."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    police = Agency.objects.get(unit=unit("huyện Sơn Dương", "pre2025"), template_key="police")
    assert police.existed_until == D(2025, 2, 28) and not police.is_active
    document = Document.objects.get(number="284/KH-UBND")
    period = document.periods.get(due_on__year=2025)
    assert "phải được bàn giao trước" in (needs_handover(document, period) or "")
    assert issuer_for(document, document.periods.get(due_on__year=2024)) == police
