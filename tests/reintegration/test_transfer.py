"""Import and export of the people back in the community, through the registry's import and
export: rows checked (dates in order, none to come, catalogues, the commune within the
agency's area), all or nothing, encrypted names, events, round trip, scope, the command."""

from __future__ import annotations

import datetime
import io
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook, load_workbook

from dondoc.core.exceptions import NotAllowed
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.models import ImportedRow, Person
from dondoc.registry.transfer import registry_export, registry_import, template_xlsx
from dondoc.reintegration.models import ReintegrationSubject, SubjectEvent
from tests.registry.factories import grant_personal_export

from .factories import world_communes

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = [
    "Họ và tên",
    "Số định danh",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Diện quản lý",
    "Bản án",
    "Điều luật (BLHS)",
    "Hình phạt",
    "Trại giam/cơ quan thông báo",
    "Ngày ra trại/bắt đầu chấp hành",
    "Hết thời hạn quản lý",
    "Mã xã chịu trách nhiệm",
    "Ngày nhận thông báo",
    "Ngày xác minh nơi cư trú",
    "Ngày tiếp nhận",
    "Người giúp đỡ",
    "Ngày phân công người giúp đỡ",
    "Xếp loại",
    "Nhu cầu hỗ trợ (cách nhau dấu ;)",
    "Ngày kết thúc",
    "Lý do kết thúc",
]
RELEASED = [
    "Hoàng Văn Tái", "008090001234", "20/05/1990", "Nam", "Tày", "Chấp hành xong án phạt tù",
    "Bản án số 25/2022/HS-ST", "140", "03 năm tù", "Trại giam Quyết Tiến", "15/01/2026",
    "15/01/2027", "02182", "10/11/2025", "12/11/2025", "16/01/2026", "Bà Lý Thị Hoa",
    "19/01/2026", "B", "Đào tạo nghề; vay von", "", "",
]  # fmt: skip
SUSPENDED = [
    "Lê Thị Mận", "", "", "Nữ", "Kinh", "Án treo", "", "", "18 tháng tù cho hưởng án treo",
    "", "01/03/2024", "01/09/2025", "", "", "", "05/03/2024", "", "", "", "", "01/09/2025",
    "Hết thời gian chấp hành, thử thách",
]  # fmt: skip


def csv_of(*rows: list[str]) -> bytes:
    lines = [HEADER, *rows]
    return "\n".join(",".join(f'"{cell}"' for cell in line) for line in lines).encode()


def xlsx_of(*rows: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách người chấp hành xong án phạt tù về địa phương"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load(world, data: bytes, *, name: str = "tai-hoa-nhap.csv", **extra):
    return registry_import(
        actor=world.focal, agency=world.police_sd, kind="reintegration", data=data,
        filename=name, **extra,
    )  # fmt: skip


def with_cell(row: list[str], label: str, value: str) -> list[str]:
    copy = list(row)
    copy[HEADER.index(label)] = value
    return copy


def test_the_kind_is_registered_and_its_template_has_the_header() -> None:
    assert LAYOUTS["reintegration"].title == "Người thuộc diện tái hòa nhập cộng đồng"
    sheet = load_workbook(io.BytesIO(template_xlsx("reintegration"))).active
    cells = [str(c.value or "") for row in sheet.iter_rows() for c in row]
    assert "Họ và tên *" in cells and "Diện quản lý *" in cells
    assert "Mã xã chịu trách nhiệm" in cells and "Lý do kết thúc" in cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_valid_file_saves_persons_subjects_and_events(world, fmt) -> None:
    data = csv_of(RELEASED, SUSPENDED) if fmt == "csv" else xlsx_of(RELEASED, SUSPENDED)
    result = load(world, data, name=f"thn.{fmt}")
    assert (result.rows, result.saved, result.errors) == (2, 2, [])
    released = ReintegrationSubject.objects.get(legal_status="released")
    assert (released.unit, released.province, released.agency) == (
        world.commune_sd,
        world.province,
        world.police_sd,
    )
    assert released.offence.article == 140 and released.needs == ["vocational", "loan"]
    assert (released.helper, released.group, released.created_by) == (
        "Bà Lý Thị Hoa",
        "B",
        world.focal,
    )
    assert released.verified_on == D(2025, 11, 12)
    person = released.person
    assert (person.full_name, person.sex, person.ethnicity.name, person.birth_year) == (
        "Hoàng Văn Tái",
        "male",
        "Tày",
        1990,
    )
    assert person.residence_unit == world.commune_sd and person.identity_hash
    events = list(released.events.values_list("kind", "on", "agency", "created_by"))
    assert events == [
        ("notice", D(2025, 11, 10), world.police_sd.pk, world.focal.pk),
        ("verified", D(2025, 11, 12), world.police_sd.pk, world.focal.pk),
        ("received", D(2026, 1, 16), world.police_sd.pk, world.focal.pk),
        ("helper", D(2026, 1, 19), world.police_sd.pk, world.focal.pk),
    ]
    ended = ReintegrationSubject.objects.get(legal_status="suspended")
    assert ended.unit == world.son_duong  # no commune given: the agency's own unit
    assert (ended.ended_on, ended.end_reason, ended.reoffended) == (
        D(2025, 9, 1),
        "term_ended",
        False,
    )
    assert list(ended.events.values_list("kind", flat=True)) == ["received", "ended"]
    assert ended.events.get(kind="ended").note == "Hết thời gian chấp hành, thử thách"
    # Personal fields are stored encrypted.
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, identity_number FROM registry_person")
        raw = " ".join(" ".join(row) for row in cursor.fetchall())
        cursor.execute("SELECT helper FROM reintegration_reintegrationsubject")
        raw += " ".join(row[0] for row in cursor.fetchall())
    assert "Hoàng Văn Tái" not in raw and "008090001234" not in raw and "Lý Thị Hoa" not in raw
    assert LogEntry.objects.filter(additional_data__action="registry.import").count() == 1


def test_a_bad_row_is_named_and_nothing_is_saved(world) -> None:
    bad = [
        with_cell(RELEASED, "Mã xã chịu trách nhiệm", "02131"),  # Trung Môn, Yên Sơn
        with_cell(RELEASED, "Ngày tiếp nhận", "01/11/2025"),  # before the notice
        with_cell(RELEASED, "Ngày phân công người giúp đỡ", "01/01/2099"),
        with_cell(SUSPENDED, "Lý do kết thúc", ""),
        with_cell(RELEASED, "Diện quản lý", "Quản chế"),
        with_cell(RELEASED, "Dân tộc", "Klingon"),
        with_cell(RELEASED, "Nhu cầu hỗ trợ (cách nhau dấu ;)", "Đào tạo nghề; Xin việc"),
        with_cell(RELEASED, "Hết thời hạn quản lý", "01/01/2026"),
        with_cell(RELEASED, "Ngày phân công người giúp đỡ", ""),  # a helper without a date
        with_cell(SUSPENDED, "Ngày kết thúc", "01/01/2024"),  # before the start
        with_cell(RELEASED, "Điều luật (BLHS)", "999"),
    ]
    result = load(world, csv_of(SUSPENDED, *bad))
    assert result.saved == 0 and result.valid == 1 and result.rejected_rows == len(bad)
    assert not ReintegrationSubject.objects.exists() and not Person.objects.exists()
    assert not SubjectEvent.objects.exists()
    messages = [error.describe() for error in result.errors]
    expected = [
        ("Dòng 3, cột “Mã xã chịu trách nhiệm”", "không thuộc địa bàn của cơ quan"),
        ("Dòng 4, cột “Ngày tiếp nhận”", "trước ngày nhận thông báo"),
        ("Dòng 5, cột “Ngày phân công người giúp đỡ”", "ngày ở tương lai"),
        ("Dòng 6, cột “Lý do kết thúc”", "cần lý do kết thúc"),
        ("Dòng 7, cột “Diện quản lý”", "cần một trong: Án treo"),
        ("Dòng 8, cột “Dân tộc”", "“Klingon” không có trong danh mục"),
        ("Dòng 9, cột “Nhu cầu hỗ trợ (cách nhau dấu ;)”", "Trợ giúp pháp lý"),
        ("Dòng 10, cột “Hết thời hạn quản lý”", "trước ngày ra trại"),
        ("Dòng 11, cột “Ngày phân công người giúp đỡ”", "cần ngày phân công"),
        ("Dòng 12, cột “Ngày kết thúc”", "trước ngày ra trại"),
        ("Dòng 13, cột “Điều luật (BLHS)”", "“999” không có trong danh mục"),
    ]
    for start, text in expected:
        assert any(m.startswith(start) and text in m for m in messages), (start, messages)
    assert len(messages) == len(expected)


def test_save_valid_saves_the_valid_rows(world) -> None:
    bad = with_cell(RELEASED, "Mã xã chịu trách nhiệm", "99999")
    result = load(world, csv_of(RELEASED, bad, SUSPENDED), save_valid=True)
    assert (result.saved, result.rejected_rows) == (2, 1)
    assert "không có đơn vị hành chính mang mã này" in result.errors[0].describe()
    assert ReintegrationSubject.objects.count() == Person.objects.count() == 2
    assert SubjectEvent.objects.count() == 6  # notice, verified, received, helper; received, ended


def test_export_imports_again_and_follows_the_scope(world) -> None:
    load(world, csv_of(RELEASED, SUSPENDED))
    grant_personal_export(world.focal, world.police_sd)
    data = registry_export(
        actor=world.focal, kind="reintegration", fmt="csv", agency=world.police_sd
    )
    text = data.decode("utf-8-sig")
    assert "Hoàng Văn Tái" in text and "02182" in text and "Đào tạo nghề; Vay vốn" in text
    skipped = load(world, data, name="again.csv")
    assert skipped.saved == 0 and len(skipped.warnings) == 2  # the same rows: not saved twice
    ImportedRow.objects.all().delete()  # as in another database
    again = load(world, data, name="again.csv")
    assert again.errors == [] and again.saved == 2
    first, copy = ReintegrationSubject.objects.filter(legal_status="released").order_by("pk")
    fields = (
        "legal_status", "judgment", "offence", "sentence", "prison", "start_on",
        "supervision_until", "unit", "notice_on", "received_on", "helper", "helper_on", "group",
        "needs", "ended_on", "end_reason", "reoffended",
    )  # fmt: skip
    assert [getattr(copy, f) for f in fields] == [getattr(first, f) for f in fields]
    assert (copy.person.full_name, copy.person.identity_number, copy.person.birth_date) == (
        first.person.full_name,
        first.person.identity_number,
        first.person.birth_date,
    )
    assert [e.kind for e in copy.events.all()] == [e.kind for e in first.events.all()]
    entry = LogEntry.objects.filter(additional_data__action="registry.export").get()
    assert (entry.actor, entry.additional_data["kind"], entry.additional_data["records"]) == (
        world.focal,
        "reintegration",
        2,
    )
    # Without the grant: refused.
    for outsider in (world.outsider, world.officer_ys):
        with pytest.raises(NotAllowed):
            registry_export(actor=outsider, kind="reintegration", fmt="csv", agency=world.police_sd)
    xlsx = registry_export(
        actor=world.focal, kind="reintegration", fmt="xlsx", agency=world.police_sd
    )
    assert xlsx[:2] == b"PK"


def test_a_commune_police_imports_for_its_commune_only(world) -> None:
    communes = world_communes(world)
    rows = [with_cell(RELEASED, "Mã xã chịu trách nhiệm", ""), RELEASED]
    result = registry_import(
        actor=communes.officer_tm, agency=communes.police_tm, kind="reintegration",
        data=csv_of(*rows), filename="tm.csv", save_valid=True,
    )  # fmt: skip
    assert result.saved == 1 and "không thuộc địa bàn" in result.errors[0].describe()
    assert ReintegrationSubject.objects.get().unit == world.commune_ys


def test_the_command_handles_the_kind(world, tmp_path) -> None:
    template = tmp_path / "mau.xlsx"
    call_command("registry", "template", "reintegration", "--out", str(template), stdout=StringIO())
    assert template.read_bytes()[:2] == b"PK"
    source = tmp_path / "thn.csv"
    source.write_bytes(csv_of(RELEASED, SUSPENDED))
    out = StringIO()
    call_command(
        "registry", "import", "reintegration", str(source), "--agency", str(world.police_sd.pk),
        "--user", "daumoi", stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert "Đã lưu 2/2 dòng" in out.getvalue()
    target = tmp_path / "thn-out.csv"
    grant_personal_export(world.focal, world.police_sd)
    call_command(
        "registry", "export", "reintegration", "--out", str(target), "--user", "daumoi",
        "--agency", str(world.police_sd.pk), stdout=StringIO(),
    )  # fmt: skip
    assert "Lê Thị Mận" in target.read_bytes().decode("utf-8-sig")


def test_the_registry_pages_offer_the_kind(world, tmp_path, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.world import signed_in

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    client = signed_in(world.focal)
    home = client.get(reverse("web:registry_home")).content.decode()
    assert "Người thuộc diện tái hòa nhập cộng đồng" in home
    assert reverse("web:registry_import", args=["reintegration"]) in home
    url = reverse("web:registry_import", args=["reintegration"])
    page = client.get(url).content.decode()
    assert "Mã xã chịu trách nhiệm" in page
    upload = SimpleUploadedFile("thn.csv", csv_of(RELEASED, SUSPENDED))
    saved = client.post(url, {"agency": world.police_sd.pk, "file": upload})
    assert saved.status_code == 200 and "Đã lưu 2/2 dòng" in saved.content.decode()
    assert ReintegrationSubject.objects.count() == 2
    url = reverse("web:registry_export", args=["reintegration", "csv"])
    refused = client.get(f"{url}?co_quan={world.police_sd.pk}")
    assert refused.status_code == 403 and "cần quyền" in refused.content.decode()
    grant_personal_export(world.focal, world.police_sd)
    exported = client.get(f"{url}?co_quan={world.police_sd.pk}")
    assert "Hoàng Văn Tái" in exported.content.decode("utf-8-sig")
    assert "no-store" in exported["Cache-Control"]
    template = client.get(reverse("web:registry_template", args=["reintegration"]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
