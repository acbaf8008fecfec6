"""Exporting personal data needs the administrator's grant for the agency; the audit row lists
the records; the page, the API and `dondoc registry export` all refuse without it."""

from __future__ import annotations

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dondoc.core.exceptions import NotAllowed
from dondoc.registry.models import Person
from dondoc.registry.services import person_create
from dondoc.registry.transfer import id_ranges, registry_export
from tests.registry.factories import grant_personal_export
from tests.world import signed_in

pytestmark = pytest.mark.django_db

CHILD = "Hà Thị Mai"


def _persons(world, count: int = 3) -> list[Person]:
    return [
        person_create(
            actor=world.focal,
            agency=world.police_sd,
            full_name=f"{CHILD} {i}",
            identity_number=f"00821000{i:04d}",
        )
        for i in range(count)
    ]


def test_without_the_grant_no_role_exports_personal_data(world) -> None:
    _persons(world)
    for user in (world.focal, world.leader, world.inspector, world.admin, world.officer):
        with pytest.raises(NotAllowed, match="Công an huyện Sơn Dương cần quyền"):
            registry_export(actor=user, kind="persons", fmt="csv", agency=world.police_sd)
    # Kinds without personal data need no grant.
    assert registry_export(actor=world.focal, kind="activities", fmt="csv")[:3] == b"\xef\xbb\xbf"
    assert not LogEntry.objects.filter(
        additional_data__action="registry.export", additional_data__kind="persons"
    ).exists()


def test_with_the_grant_the_audit_row_lists_the_records(world) -> None:
    persons = _persons(world)
    grant_personal_export(world.focal, world.police_sd)
    data = registry_export(actor=world.focal, kind="persons", fmt="xlsx", agency=world.police_sd)
    assert data[:2] == b"PK"
    entry = LogEntry.objects.get(additional_data__action="registry.export")
    assert entry.actor == world.focal and entry.object_pk == str(world.police_sd.pk)
    assert entry.additional_data["ids"] == id_ranges([p.pk for p in persons])
    assert entry.additional_data["records"] == 3 and entry.additional_data["personal_data"]
    assert id_ranges([9, 1, 2, 3, 7, 10]) == "1-3,7,9-10" and id_ranges([]) == ""


def test_the_page_and_the_command_ask_for_the_grant(world, tmp_path) -> None:
    _persons(world)
    client = signed_in(world.focal)
    home = client.get(reverse("web:registry_home")).content.decode()
    assert "Có dữ liệu cá nhân: chưa được cấp quyền xuất" in home
    url = reverse("web:registry_export", args=["persons", "csv"])
    refused = client.get(f"{url}?co_quan={world.police_sd.pk}")
    assert refused.status_code == 403 and CHILD not in refused.content.decode()
    assert "cần quyền do quản trị hệ thống cấp cho từng cơ quan" in refused.content.decode()
    assert client.get(url).status_code == 400  # personal data: which agency's records?
    target = tmp_path / "ca-nhan.csv"
    with pytest.raises(CommandError, match="cần quyền"):
        call_command(
            "registry",
            "export",
            "persons",
            "--out",
            str(target),
            "--user",
            "daumoi",
            "--agency",
            str(world.police_sd.pk),
            stdout=StringIO(),
        )
    assert not target.exists()
    grant_personal_export(world.focal, world.police_sd)
    home = client.get(reverse("web:registry_home")).content.decode()
    assert f'<option value="{world.police_sd.pk}">Công an huyện Sơn Dương</option>' in home
    allowed = client.get(f"{url}?co_quan={world.police_sd.pk}")
    assert allowed.status_code == 200 and CHILD in allowed.content.decode("utf-8-sig")
    assert "no-store" in allowed["Cache-Control"]
    call_command(
        "registry", "export", "persons", "--out", str(target), "--user", "daumoi",
        "--agency", "Công an huyện Sơn Dương", stdout=StringIO(),
    )  # fmt: skip
    assert CHILD in target.read_text(encoding="utf-8-sig")
