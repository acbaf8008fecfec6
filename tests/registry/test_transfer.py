"""Import of records from CSV/XLSX with per-row errors and all-or-nothing; export; template."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.registry.models import CrimeReport, CrimeReportPerson, ImportedRow, Person
from dondoc.registry.transfer import registry_export, registry_import, template_xlsx
from tests.registry.factories import grant_personal_export

pytestmark = pytest.mark.django_db

GOOD = (
    "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Kết quả giải quyết,Ngày quyết định,"
    "Họ tên bị hại,Giới tính bị hại,Năm sinh bị hại,Dân tộc bị hại\n"
    "01/03/2024,Tố giác về tội phạm,146,Đang giải quyết,,Nguyễn Thị Bình,Nữ,2012,Tày\n"
    "2024-04-02,tin bao ve toi pham,,Quyết định khởi tố vụ án hình sự,20/04/2024,,,,\n"
)
BAD = GOOD + (
    "31/02/2024,Tố giác về tội phạm,146,,,,,,\n"
    "05/05/2024,Thư nặc danh,999,,,Trần C,Nam,1890,Klingon\n"
)


def run(world, data: str | bytes, *, save_valid: bool = False, name: str = "tb.csv"):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return registry_import(
        actor=world.focal,
        agency=world.police_sd,
        kind="crime_reports",
        data=raw,
        filename=name,
        save_valid=save_valid,
    )


def test_a_clean_file_is_saved_with_victims_and_deadlines(world) -> None:
    result = run(world, GOOD)
    assert (result.rows, result.saved, result.errors) == (2, 2, [])
    first = CrimeReport.objects.get(received_on="2024-03-01")
    assert first.offence.article == 146 and first.due_on.isoformat() == "2024-03-21"
    victim = CrimeReportPerson.objects.get(report=first).person
    assert (victim.full_name, victim.sex, victim.ethnicity.name) == (
        "Nguyễn Thị Bình",
        "female",
        "Tày",
    )
    second = CrimeReport.objects.get(received_on="2024-04-02")
    assert (second.source, second.decision) == ("report", "prosecute")
    assert LogEntry.objects.filter(additional_data__action="registry.import").count() == 1


def test_rejected_rows_are_named_and_nothing_is_saved(world) -> None:
    result = run(world, BAD)
    assert result.saved == 0 and not CrimeReport.objects.exists() and not Person.objects.exists()
    messages = [e.describe() for e in result.errors]
    assert any(
        m.startswith("Dòng 4, cột “Ngày tiếp nhận”") and "ngày có thật" in m for m in messages
    )
    assert any(m.startswith("Dòng 5, cột “Nguồn tin”") for m in messages)
    assert result.rejected_rows == 2 and result.valid == 2


def test_confirmed_import_saves_the_valid_rows(world) -> None:
    result = run(world, BAD, save_valid=True)
    assert result.saved == 2 and CrimeReport.objects.count() == 2


def test_xlsx_with_title_rows_and_reordered_columns(world) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách tin báo năm 2024"])
    sheet.append(["Nguồn tin", "Ngày tiếp nhận", "Họ tên bị hại"])
    sheet.append(["Kiến nghị khởi tố", "15/06/2024", "Lò Văn D"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(world, buffer.getvalue(), name="tb.xlsx")
    assert result.saved == 1 and CrimeReport.objects.get().source == "petition"


def test_unreadable_files_and_outsiders(world) -> None:
    with pytest.raises(InvalidInput, match="Thiếu cột bắt buộc: Nguồn tin"):
        run(world, "Ngày tiếp nhận\n01/03/2024\n")
    with pytest.raises(InvalidInput, match="UTF-8"):
        run(world, "Ngày tiếp nhận,Nguồn tin\n".encode("utf-16"))
    with pytest.raises(NotAllowed):
        registry_import(
            actor=world.officer_ys, agency=world.police_sd, kind="crime_reports",
            data=GOOD.encode(), filename="x.csv",
        )  # fmt: skip


def test_export_round_trip_and_audit(world) -> None:
    run(world, GOOD)
    grant_personal_export(world.focal, world.police_sd)
    data = registry_export(
        actor=world.focal, kind="crime_reports", fmt="csv", agency=world.police_sd
    )
    text = data.decode("utf-8-sig")
    assert "Nguyễn Thị Bình" in text and "Tố giác về tội phạm" in text
    with pytest.raises(NotAllowed, match="cần quyền do quản trị hệ thống cấp"):
        registry_export(
            actor=world.outsider, kind="crime_reports", fmt="csv", agency=world.police_sd
        )
    with pytest.raises(InvalidInput, match="chọn cơ quan"):
        registry_export(actor=world.focal, kind="crime_reports", fmt="csv")
    # The same rows again: recognised, not saved twice.
    again = registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports", data=data,
        filename="again.csv",
    )  # fmt: skip
    assert again.errors == [] and again.saved == 0 and len(again.warnings) == 2
    assert all("đã nhập ngày" in w.describe() for w in again.warnings)
    ImportedRow.objects.all().delete()  # as in another database: the export reads back whole
    again = registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports", data=data,
        filename="again.csv",
    )  # fmt: skip
    assert again.errors == [] and again.saved == 2
    entry = LogEntry.objects.filter(
        additional_data__action="registry.export", actor=world.focal
    ).first()
    assert entry is not None and entry.additional_data["records"] == 2
    first, last = CrimeReport.objects.order_by("pk").values_list("pk", flat=True)[:2]
    assert entry.additional_data["ids"] == f"{first}-{last}"


def test_template_and_command(world, tmp_path) -> None:
    assert template_xlsx("persons")[:2] == b"PK"
    template = tmp_path / "mau.xlsx"
    call_command("registry", "template", "persons", "--out", str(template), stdout=StringIO())
    source = tmp_path / "tb.csv"
    source.write_text(BAD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2/4 dòng bị từ chối"):
        call_command(
            "registry", "import", "crime_reports", str(source),
            "--agency", str(world.police_sd.pk), "--user", "daumoi", stderr=err,
        )  # fmt: skip
    assert "Dòng 4, cột “Ngày tiếp nhận”" in err.getvalue()
    out = StringIO()
    call_command(
        "registry", "import", "crime_reports", str(source), "--agency", str(world.police_sd.pk),
        "--user", "daumoi", "--save-valid", stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert "Đã lưu 2/4 dòng" in out.getvalue()
    target = tmp_path / "out.xlsx"
    grant_personal_export(world.focal, world.police_sd)
    call_command(
        "registry", "export", "crime_reports", "--format", "xlsx", "--out", str(target),
        "--user", "daumoi", "--agency", str(world.police_sd.pk), stdout=StringIO(),
    )  # fmt: skip
    assert target.read_bytes()[:2] == b"PK"


COMPLAINTS = (
    'Loại đơn,Ngày nhận đơn,Ngày thụ lý,"Họ tên người khiếu nại, tố cáo",Giới tính,Nội dung,'
    "Hành vi liên quan đến tra tấn\n"
    "Tố cáo,02/01/2024,10/01/2024,Trần Văn Bình,Nam,Tố cáo hành vi bức cung,Bức cung\n"
    "Khiếu nại,03/01/2024,,Lê Thị Hà,Nữ,Khiếu nại quyết định tạm giữ,\n"
    "Khiếu nại,03/01/2024,,Phạm Văn Cường,Nam,Bị đánh khi tạm giữ,Đánh đập\n"
    "Khiếu nại,03/01/2024,,,Nữ,Thiếu tên,\n"
)
ACTIVITIES = (
    "Hình thức,Chủ đề,Tên hoạt động,Ngày tổ chức,Đối tượng (cách nhau dấu ;),"
    "Người tham dự: nam,Người tham dự: nữ\n"
    "Hội nghị,Công ước chống tra tấn,Hội nghị phổ biến CAT,26/06/2024,"
    '"Cán bộ, công chức; Phụ nữ",40,35\n'
)


def test_complaints_and_activities_import_and_export(world) -> None:
    from dondoc.registry.models import Activity, Complaint

    def load(kind: str, text: str, **extra):
        return registry_import(
            actor=world.focal, agency=world.police_sd, kind=kind, data=text.encode(),
            filename=f"{kind}.csv", **extra,
        )  # fmt: skip

    rejected = load("complaints", COMPLAINTS)
    messages = [e.describe() for e in rejected.errors]
    assert rejected.saved == 0 and len(messages) == 2 and rejected.rows == 4
    assert any("Họ tên người khiếu nại, tố cáo" in m and "bắt buộc" in m for m in messages)
    assert any("“Đánh đập” không có trong danh mục" in m for m in messages)
    saved = load("complaints", COMPLAINTS, save_valid=True)
    assert saved.saved == 2
    denunciation = Complaint.objects.get(kind="denunciation")
    assert denunciation.torture_act.code == "buc_cung"
    assert denunciation.rounds.get().due_on.isoformat() == "2024-02-09"  # 30 days
    assert denunciation.complainant.full_name == "Trần Văn Bình"
    activities = load("activities", ACTIVITIES)
    assert activities.saved == 1 and Activity.objects.get().audiences == ["officials", "women"]
    grant_personal_export(world.focal, world.police_sd)
    exported = registry_export(
        actor=world.focal, kind="complaints", fmt="csv", agency=world.police_sd
    ).decode("utf-8-sig")
    assert "Trần Văn Bình" in exported and "Bức cung" in exported
    exported = registry_export(actor=world.focal, kind="activities", fmt="csv")
    ImportedRow.objects.all().delete()
    again = registry_import(
        actor=world.focal, agency=world.police_sd, kind="activities", data=exported,
        filename="a.csv",
    )  # fmt: skip
    assert again.errors == [] and Activity.objects.count() == 2


def test_cases_and_compensation_claims_round_trip(world) -> None:
    from dondoc.registry.models import CompensationClaim, CriminalCase

    cases = (
        'Số vụ án,Ngày khởi tố,"Điều luật (BLHS, cách nhau dấu ;)",Kết quả,'
        "Chứng cứ bị loại do tra tấn\n"
        "12/2024/HS,01/04/2024,373; 374,Kết án,có\n"
        "13/2024/HS,02/04/2024,abc,,\n"
    )
    result = registry_import(
        actor=world.focal, agency=world.police_sd, kind="cases", data=cases.encode(),
        filename="vu-an.csv", save_valid=True,
    )  # fmt: skip
    assert result.saved == 1 and "cần số điều" in result.errors[0].describe()
    case = CriminalCase.objects.get()
    assert sorted(case.offences.values_list("article", flat=True)) == [373, 374]
    assert (case.outcome, case.evidence_excluded) == ("convicted", True)
    claims = (
        "Người yêu cầu bồi thường,Hành vi gây thiệt hại,Hành vi liên quan đến tra tấn,"
        "Số tiền yêu cầu (đồng),Ngày thụ lý\n"
        "Ông M,Bị bức cung,Bức cung,200000000,02/05/2024\n"
    )
    registry_import(
        actor=world.focal, agency=world.police_sd, kind="compensation_claims",
        data=claims.encode(), filename="bt.csv",
    )  # fmt: skip
    claim = CompensationClaim.objects.get()
    assert claim.torture_victim and claim.claimant.full_name == "Ông M"
    grant_personal_export(world.focal, world.police_sd)
    ImportedRow.objects.all().delete()
    for kind in ("cases", "compensation_claims"):
        exported = registry_export(actor=world.focal, kind=kind, fmt="csv", agency=world.police_sd)
        again = registry_import(
            actor=world.focal, agency=world.police_sd, kind=kind, data=exported,
            filename=f"{kind}.csv",
        )  # fmt: skip
        assert again.errors == [] and again.saved == 1, kind
