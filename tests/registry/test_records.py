"""Registry records through their services: encryption at rest, deadlines, scope, audited
reads, and a database dump without personal data in plain text."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.db import connection

from dondoc.core.exceptions import InvalidInput, NotAllowed, NotFound
from dondoc.registry import selectors
from dondoc.registry.ages import age_group
from dondoc.registry.models import (
    Complaint,
    CrimeReport,
    EthnicGroup,
    Offence,
    Person,
    Religion,
    TortureAct,
)
from dondoc.registry.services import (
    complaint_register,
    complaint_round_open,
    complaint_round_resolve,
    crime_report_decide,
    crime_report_register,
    person_create,
)

pytestmark = pytest.mark.django_db(transaction=False)

NAME, IDENTITY, ADDRESS, PHONE = (
    "Hoàng Thị Mỹ Duyên",
    "008305001234",
    "Tổ 7, thị trấn Sơn Dương",
    "0912345678",
)


@pytest.fixture
def victim(world) -> Person:
    return person_create(
        actor=world.focal,
        agency=world.police_sd,
        full_name=NAME,
        identity_number=IDENTITY,
        birth_date=datetime.date(2010, 5, 20),
        sex="female",
        ethnicity=EthnicGroup.objects.get(name="Tày"),
        religion=Religion.objects.get(code="00"),
        address=ADDRESS,
        phone=PHONE,
    )


def test_catalogues_are_loaded() -> None:
    assert EthnicGroup.objects.count() == 54
    assert EthnicGroup.objects.get(code="01").name == "Kinh"
    assert Religion.objects.filter(code="00").exists()
    act = TortureAct.objects.get(code="bat_giu_giam_trai_phap_luat")
    assert sorted(act.offences.values_list("article", flat=True)) == [157, 377]
    child = set(Offence.objects.filter(child_abuse=True).values_list("article", flat=True))
    assert {140, 141, 146, 147, 150, 151, 152, 153, 185} <= child and 374 not in child


def test_personal_fields_are_encrypted_at_rest(victim) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, identity_number, address, phone FROM registry_person WHERE id = %s",
            [victim.pk],
        )
        row = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in row)
    assert NAME not in " ".join(row) and IDENTITY not in " ".join(row)
    fresh = Person.objects.get(pk=victim.pk)
    assert (fresh.full_name, fresh.identity_number, fresh.address, fresh.phone) == (
        NAME,
        IDENTITY,
        ADDRESS,
        PHONE,
    )
    assert str(fresh) == f"Cá nhân #{victim.pk}"  # never the name in logs


def test_age_at_the_event_not_stored(victim) -> None:
    assert victim.age_on(datetime.date(2026, 5, 19)) == 15
    assert age_group(victim.age_on(datetime.date(2026, 5, 19))) == "under_16"
    assert age_group(victim.age_on(datetime.date(2026, 5, 20))) == "16_17"
    assert age_group(victim.age_on(datetime.date(2028, 5, 20))) == "18_plus"


def test_identity_search_by_keyed_hash_in_scope_and_audited(world, victim) -> None:
    found = selectors.persons_by_identity(user=world.focal, identity_number="008 305 001 234")
    assert found == [victim]
    assert selectors.persons_by_identity(user=world.outsider, identity_number=IDENTITY) == []
    assert selectors.persons_by_identity(user=world.officer_ys, identity_number=IDENTITY) == []
    reads = LogEntry.objects.filter(additional_data__action="registry.read")
    assert reads.count() == 1 and reads.get().actor == world.focal
    assert IDENTITY not in str(reads.get().additional_data) and NAME not in str(
        list(LogEntry.objects.values_list("changes", flat=True))
    )


def test_reading_a_record_is_audited_and_scoped(world, victim) -> None:
    assert selectors.access_person(user=world.leader, person_id=victim.pk) == victim
    for outsider in (world.outsider, world.officer_ys, world.officer):
        with pytest.raises(NotFound):
            selectors.access_person(user=outsider, person_id=victim.pk)
    entry = LogEntry.objects.get(additional_data__action="registry.read")
    assert (entry.actor, entry.object_pk) == (world.leader, str(victim.pk))


def test_only_the_agency_records(world) -> None:
    with pytest.raises(NotAllowed):
        person_create(actor=world.leader, agency=world.police_sd, full_name="A")
    with pytest.raises(NotAllowed):
        person_create(actor=world.officer, agency=world.police_sd, full_name="A")
    with pytest.raises(InvalidInput, match="12 chữ số"):
        person_create(
            actor=world.focal, agency=world.police_sd, full_name="A", identity_number="12AB"
        )


def test_crime_report_deadline_and_decision(world, victim) -> None:
    report = crime_report_register(
        actor=world.focal,
        agency=world.police_sd,
        received_on=datetime.date(2024, 3, 1),
        source=CrimeReport.Source.DENUNCIATION,
        summary=f"{NAME} bị xâm hại",
        offence=Offence.objects.get(article=146),
        involved=[(victim, "victim")],
    )
    assert report.due_on == datetime.date(2024, 3, 21)  # 20 days (CPC 2015 Art. 147)
    assert report.province == world.province and report.unit == world.son_duong
    complex_report = crime_report_register(
        actor=world.focal,
        agency=world.police_sd,
        received_on=datetime.date(2023, 12, 31),
        source=CrimeReport.Source.REPORT,
        complex=True,
        extended=True,
    )
    assert complex_report.due_on == datetime.date(2024, 4, 29)
    crime_report_decide(
        actor=world.focal,
        report=report,
        decision=CrimeReport.Decision.PROSECUTE,
        decided_on=datetime.date(2024, 3, 15),
    )
    assert CrimeReport.objects.get(pk=report.pk).decision == "prosecute"
    with pytest.raises(InvalidInput, match="tương lai"):
        crime_report_register(
            actor=world.focal,
            agency=world.police_sd,
            received_on=datetime.date.today() + datetime.timedelta(days=1),
            source="report",
        )


def test_complaint_rounds_and_denunciation_extensions(world, victim) -> None:
    complaint = complaint_register(
        actor=world.focal,
        agency=world.police_sd,
        kind=Complaint.Kind.COMPLAINT,
        complainant=victim,
        content="Khiếu nại việc tạm giữ trái pháp luật",
        received_on=datetime.date(2024, 1, 2),
        accepted_on=datetime.date(2024, 1, 5),
        torture_act=TortureAct.objects.get(code="bat_giu_giam_trai_phap_luat"),
        remote=True,
    )
    first = complaint.rounds.get()
    assert first.due_on == datetime.date(2024, 2, 19)  # remote: 45 days (Law on Complaints 28)
    with pytest.raises(InvalidInput, match="chưa có kết quả"):
        complaint_round_open(actor=world.focal, complaint=complaint, accepted_on=first.due_on)
    complaint_round_resolve(
        actor=world.focal, round=first, outcome="rejected", resolved_on=datetime.date(2024, 2, 1)
    )
    second = complaint_round_open(
        actor=world.focal, complaint=complaint, accepted_on=datetime.date(2024, 3, 1)
    )
    assert (second.number, second.due_on) == (2, datetime.date(2024, 4, 30))  # remote: 60
    denunciation = complaint_register(
        actor=world.focal,
        agency=world.police_sd,
        kind=Complaint.Kind.DENUNCIATION,
        complainant=victim,
        content="Tố cáo cán bộ dùng nhục hình",
        received_on=datetime.date(2024, 1, 2),
        accepted_on=datetime.date(2024, 1, 10),
    )
    extended = complaint_round_open(
        actor=world.focal, complaint=denunciation, accepted_on=datetime.date(2024, 1, 10),
        extensions=2,
    )  # fmt: skip
    assert extended.due_on == datetime.date(2024, 4, 9)  # 30 + 30 + 30 days (Law 2018 Art. 30)


def _dump() -> str:
    """The whole database as a dump tool writes it."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    database = django_settings.DATABASES["default"]
    binary = (
        shutil.which("pg_dump") or sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))[-1]
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(binary),
            "-h",
            database["HOST"],
            "-p",
            str(database["PORT"]),
            "-U",
            database["USER"],
            "--data-only",
            connection.settings_dict["NAME"],
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={"PGPASSWORD": database.get("PASSWORD") or ""},
    )
    return result.stdout.decode("utf-8")


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_personal_data_in_plain_text(world) -> None:
    person = person_create(
        actor=world.focal,
        agency=world.police_sd,
        full_name=NAME,
        identity_number=IDENTITY,
        address=ADDRESS,
        phone=PHONE,
    )
    complaint_register(
        actor=world.focal,
        agency=world.police_sd,
        kind="denunciation",
        complainant=person,
        content=f"Tố cáo liên quan đến {NAME}",
        place=ADDRESS,
        received_on=datetime.date(2024, 1, 2),
    )
    selectors.access_person(user=world.focal, person_id=person.pk)
    dump = _dump()
    assert "registry_person" in dump and "enc1:" in dump  # the rows are there, encrypted
    for secret in (NAME, IDENTITY, ADDRESS, PHONE, "Mỹ Duyên"):
        assert secret not in dump, secret


def test_rotate_keys_re_encrypts_with_the_new_first_key(world, settings) -> None:
    from io import StringIO

    from django.core.management import call_command

    from dondoc.core.crypto import is_current

    settings.ENCRYPTION_KEY = "khóa cũ của tỉnh"
    person = person_create(
        actor=world.focal, agency=world.police_sd, full_name=NAME, identity_number=IDENTITY
    )
    settings.ENCRYPTION_KEY = "khóa mới của tỉnh, khóa cũ của tỉnh"
    out = StringIO()
    call_command("rotate_keys", "--dry-run", stdout=out)
    assert "Cần mã hóa lại 1 bản ghi" in out.getvalue()
    call_command("rotate_keys", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM registry_person WHERE id = %s", [person.pk])
        assert is_current(cursor.fetchone()[0])
    settings.ENCRYPTION_KEY = "khóa mới của tỉnh"  # the old key can now be removed…
    assert Person.objects.get(pk=person.pk).full_name == NAME
    # …after which the look-up hashes follow the remaining key.
    call_command("rotate_keys", stdout=StringIO())
    assert (
        selectors.persons_by_identity(user=world.focal, identity_number=IDENTITY)[0].pk == person.pk
    )


def test_admin_is_read_only_scoped_and_audited(world, victim) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(world.admin)
    listing = client.get(reverse("admin:registry_person_changelist"))
    assert listing.status_code == 200 and NAME not in listing.content.decode()
    detail = client.get(reverse("admin:registry_person_change", args=[victim.pk]))
    assert detail.status_code == 200 and NAME in detail.content.decode()
    entry = LogEntry.objects.get(additional_data__action="registry.read")
    assert entry.actor == world.admin and entry.additional_data["purpose"] == "admin"
    assert client.get(reverse("admin:registry_person_add")).status_code == 403
    other = Client()
    other.force_login(world.outsider)
    assert other.get(reverse("admin:registry_person_changelist")).status_code == 302
