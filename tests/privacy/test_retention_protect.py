"""Retention (records past their period anonymised, statistics unchanged, audited, by the
background task) and password-protected exports (encrypted XLSX, AES ZIP)."""

from __future__ import annotations

import datetime
import io
import zipfile

import msoffcrypto
import openpyxl
import pytest
import pyzipper
from auditlog.models import LogEntry

from dondoc.core.protect import aes_zip, encrypted_xlsx, protected
from dondoc.core.renderers.xlsx import Sheet, render_xlsx
from dondoc.privacy.models import Anonymised
from dondoc.privacy.retention import ANONYMISED, anonymise_expired, anonymise_expired_task
from dondoc.registry.models import Complaint, CrimeReport, EthnicGroup, Offence, Person, Religion
from dondoc.registry.services import complaint_register, crime_report_register, person_create
from dondoc.stats.facts import facts_current
from dondoc.stats.tables.complaints import compute as complaint_table
from dondoc.stats.tables.crime_reports import compute as crime_table

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 30)


def _tables(world):
    facts_current(today=TODAY)
    seen = {}
    for year in (2004, 2024):
        for breakdown in ("unit", "sex", "age_group", "ethnicity", "religion"):
            table = crime_table(
                user=world.focal, unit=world.province, year=year, breakdown=breakdown, today=TODAY
            )
            seen[("crime", year, breakdown)] = (
                [(r.key, r.values) for r in table.rows], table.total.values,
            )  # fmt: skip
        for breakdown in ("kind", "sex", "ethnicity", "religion"):
            table = complaint_table(
                user=world.focal, unit=world.province, year=year, breakdown=breakdown, today=TODAY
            )
            seen[("complaint", year, breakdown)] = (
                [(r.key, r.values) for r in table.rows], table.total.values,
            )  # fmt: skip
    return seen


@pytest.fixture
def old_and_new(world):
    """A crime report and a complaint of 2004 (past 20 and 15 years), one of 2024; the 2004
    complainant is also the 2024 report's reporter, so he is kept."""
    tay = EthnicGroup.objects.get(name="Tày")
    religion = Religion.objects.exclude(code="00").first()

    def person(name, **extra):
        return person_create(
            actor=world.focal, agency=world.police_sd, full_name=name,
            identity_number=extra.pop("identity", ""), address="Thôn 3", phone="0912345678",
            **extra,
        )  # fmt: skip

    child = person("Hà Thị Mười", sex="female", birth_date=D(1994, 6, 1), ethnicity=tay,
                   religion=religion, identity="001194000001")  # fmt: skip
    complainant = person("Vũ Văn Một", sex="male", birth_year=1960, ethnicity=tay)
    recent = person("Ngô Thị Hai", sex="female", birth_date=D(2012, 1, 1))
    offence = Offence.objects.get(article=146)
    old = crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=D(2004, 3, 1),
        source="denunciation", summary="Nội dung cũ", offence=offence,
        involved=[(child, "victim")],
    )  # fmt: skip
    crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=D(2024, 3, 1), source="report",
        offence=offence, involved=[(recent, "victim"), (complainant, "reporter")],
    )  # fmt: skip
    complaint = complaint_register(
        actor=world.focal, agency=world.police_sd, kind="complaint", complainant=complainant,
        content="Khiếu nại năm 2004", received_on=D(2004, 5, 1), place="Xã cũ",
    )  # fmt: skip
    return old, complaint, child, complainant, recent


def test_past_retention_personal_data_is_cleared_and_statistics_unchanged(world, old_and_new):
    old, complaint, child, complainant, recent = old_and_new
    before = _tables(world)
    result = anonymise_expired(today=TODAY)
    assert result.records["crime_reports"] == 1 and result.records["complaints"] == 1
    child = Person.objects.get(pk=child.pk)
    assert child.full_name == ANONYMISED and child.identity_number == "" and child.address == ""
    assert child.identity_hash == "" and child.phone == ""
    # What the statistics read is kept: sex, birth date and year, ethnicity, religion.
    assert (child.sex, child.birth_date, child.ethnicity.name) == ("female", D(1994, 6, 1), "Tày")
    assert CrimeReport.objects.get(pk=old.pk).summary == ""
    assert Complaint.objects.get(pk=complaint.pk).content == ANONYMISED
    # Named by a report still within its period: kept as he is.
    assert Person.objects.get(pk=complainant.pk).full_name == "Vũ Văn Một"
    assert Person.objects.get(pk=recent.pk).full_name == "Ngô Thị Hai"
    assert _tables(world) == before
    entries = LogEntry.objects.filter(additional_data__action="privacy.anonymise")
    assert entries.count() == 3 and all(e.additional_data["system"] for e in entries)
    # A second run finds nothing new.
    again = anonymise_expired(today=TODAY)
    assert sum(again.records.values()) == 0 and again.persons == 0
    assert Anonymised.objects.count() == 3


def test_the_background_task_runs_it(world, old_and_new):
    summary = anonymise_expired_task.call()
    assert summary.startswith("Đã ẩn danh 2 hồ sơ") and "1 cá nhân" in summary


def _workbook() -> bytes:
    sheet = Sheet(name="Hồ sơ", title="Danh sách", columns=[("Họ và tên", 20)],
                  rows=[(["Đinh Thị Phương Thảo"], False)])  # fmt: skip
    return render_xlsx([sheet])


def test_an_encrypted_workbook_opens_only_with_its_password() -> None:
    data = encrypted_xlsx(_workbook(), "mat-khau-2026")
    with pytest.raises(zipfile.BadZipFile):
        openpyxl.load_workbook(io.BytesIO(data))
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted()
    wrong = msoffcrypto.OfficeFile(io.BytesIO(data))
    wrong.load_key(password="sai-mat-khau")
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        wrong.decrypt(io.BytesIO())
    plain = io.BytesIO()
    office.load_key(password="mat-khau-2026")
    office.decrypt(plain)
    sheet = openpyxl.load_workbook(plain).active
    assert "Đinh Thị Phương Thảo" in [c.value for row in sheet.iter_rows() for c in row]


def test_an_aes_zip_opens_only_with_its_password() -> None:
    data = aes_zip("Họ và tên\nĐinh Thị Phương Thảo\n".encode(), "ho-so.csv", "mat-khau-2026")
    assert "Đinh".encode() not in data
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        with pytest.raises(RuntimeError):
            archive.read("ho-so.csv")
        archive.setpassword(b"sai-mat-khau")
        with pytest.raises(RuntimeError):
            archive.read("ho-so.csv")
        archive.setpassword(b"mat-khau-2026")
        assert "Phương Thảo" in archive.read("ho-so.csv").decode()
    assert protected(b"a,b\n", "ho-so.csv", "mat-khau-2026")[1:] == (
        "ho-so.csv.zip",
        "application/zip",
    )


def test_the_export_page_protects_the_file_with_the_password(world, settings) -> None:
    from django.urls import reverse

    from dondoc.core.jobs import job_result, job_run
    from dondoc.core.models import Job
    from tests.registry.factories import grant_personal_export
    from tests.world import signed_in

    person_create(actor=world.focal, agency=world.police_sd, full_name="Hà Thị Mai")
    grant_personal_export(world.focal, world.police_sd)
    client = signed_in(world.focal)
    url = reverse("web:registry_export", args=["persons", "xlsx"])
    short = client.post(url, {"co_quan": world.police_sd.pk, "mat_khau": "ngan"})
    assert short.status_code == 400 and "ít nhất 8 ký tự" in short.content.decode()
    page = client.post(url, {"co_quan": world.police_sd.pk, "mat_khau": "mat-khau-2026"})
    assert (
        page.status_code == 200 and msoffcrypto.OfficeFile(io.BytesIO(page.content)).is_encrypted()
    )
    csv = client.post(
        reverse("web:registry_export", args=["persons", "csv"]),
        {"co_quan": world.police_sd.pk, "mat_khau": "mat-khau-2026"},
    )
    assert csv["Content-Disposition"].endswith('persons.csv.zip"')
    with pyzipper.AESZipFile(io.BytesIO(csv.content)) as archive:
        archive.setpassword(b"mat-khau-2026")
        assert "Hà Thị Mai" in archive.read("persons.csv").decode("utf-8-sig")
    # A large export goes to the worker with the password kept encrypted, the file protected.
    settings.BACKGROUND_ROWS = 0
    queued = client.post(url, {"co_quan": world.police_sd.pk, "mat_khau": "mat-khau-2026"})
    job = Job.objects.get()
    assert queued.status_code == 302 and "mat-khau-2026" not in str(job.params)
    job_run(job.pk)
    job.refresh_from_db()
    assert msoffcrypto.OfficeFile(io.BytesIO(job_result(job))).is_encrypted()


def test_the_command_runs_or_queues_it(world, old_and_new) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django_tasks_db.models import DBTaskResult

    out = StringIO()
    call_command("privacy_retention", "--date", "30/11/2026", stdout=out)
    assert "Đã ẩn danh 2 hồ sơ" in out.getvalue()
    with pytest.raises(CommandError, match="31/12/2026"):
        call_command("privacy_retention", "--date", "hôm qua")
    call_command("privacy_retention", "--queue", stdout=StringIO())
    assert DBTaskResult.objects.filter(task_path=anonymise_expired_task.module_path).exists()
