"""Exports show people as the pages do (privacy.masking): with the export grant, a role that
needs names (the officers, the procuracy) gets the recorded values, a leader or an
administrator gets them masked; through the function, the page, the API and the worker."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from dondoc.core.crypto import lookup_hash
from dondoc.privacy.masking import HIDDEN
from dondoc.registry.models import Person
from dondoc.registry.transfer import registry_export
from tests.registry.factories import (
    COMPLAINANT,
    VICTIM,
    grant_personal_export,
    world_claim,
    world_complaint,
    world_crime_report,
)
from tests.reintegration.factories import SUBJECT_NAME, world_subject
from tests.world import World, signed_in, signed_in_api

pytestmark = pytest.mark.django_db

IDENTITY = "008213000777"
# What each kind's export names, and the column of that name.
KINDS = {
    "crime_reports": (VICTIM, "victim_name"),
    "complaints": (COMPLAINANT, "complainant_name"),
    "compensation_claims": ("Ông Sơn Dương", "claimant_name"),
    "persons": (VICTIM, "full_name"),
    "reintegration": (SUBJECT_NAME, "full_name"),
}
FULL = {"focal": True, "inspector": True, "leader": False, "admin": False}


def _records(world: World) -> None:
    report = world_crime_report(world)
    victim = Person.objects.get(crime_reports=report)
    victim.identity_number, victim.identity_hash = IDENTITY, lookup_hash(IDENTITY)
    victim.address = "Số 5, tổ 3"
    victim.save()
    world_complaint(world)
    world_claim(world)
    world_subject(world)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _cells(kind: str, data: bytes) -> list[str]:
    return [cell for row in _rows(data)[1:] for cell in row]


@pytest.mark.parametrize(("role", "full"), FULL.items())
def test_each_role_exports_what_it_sees_on_the_pages(world: World, role: str, full: bool) -> None:
    _records(world)
    user: Any = getattr(world, role)
    grant_personal_export(user, world.police_sd)
    for kind, (name, _column) in KINDS.items():
        data = registry_export(actor=user, kind=kind, fmt="csv", agency=world.police_sd)
        cells = _cells(kind, data)
        assert (name in cells) is full, (role, kind)
        if not full:
            masked = HIDDEN if role in ("leader", "admin") else None
            assert masked in cells, (role, kind)
        if kind in ("crime_reports", "persons"):
            assert (IDENTITY in cells) is full, (role, kind)
            assert ("Số 5, tổ 3" in cells) is (full and kind == "persons"), (role, kind)
        entry = LogEntry.objects.filter(
            actor=user, additional_data__action="registry.export", additional_data__kind=kind
        ).get()
        assert entry.additional_data["masked"] is (not full)


def test_the_page_and_the_api_export_masked_for_a_leader(world: World) -> None:
    _records(world)
    grant_personal_export(world.leader, world.police_sd)
    url = reverse("web:registry_export", args=["crime_reports", "csv"])
    page = signed_in(world.leader).get(url, {"co_quan": world.police_sd.pk})
    assert page.status_code == 200
    text = page.content.decode("utf-8-sig")
    assert VICTIM not in text and IDENTITY not in text and HIDDEN in text
    api = signed_in_api(world.leader).get(
        reverse("api:registry_export", args=["persons"]), {"agency": world.police_sd.pk}
    )
    assert api.status_code == 200
    assert VICTIM not in api.content.decode("utf-8-sig") and HIDDEN in api.content.decode(
        "utf-8-sig"
    )
    # The focal officer, with the grant, gets the names (as the import reads them back).
    grant_personal_export(world.focal, world.police_sd)
    full = signed_in(world.focal).get(url, {"co_quan": world.police_sd.pk})
    assert VICTIM in full.content.decode("utf-8-sig")


def test_without_the_grant_a_masked_export_is_refused_too(world: World) -> None:
    _records(world)
    url = reverse("web:registry_export", args=["persons", "csv"])
    refused = signed_in(world.leader).get(url, {"co_quan": world.police_sd.pk})
    assert refused.status_code == 403 and VICTIM not in refused.content.decode()
    outsider = signed_in(world.outsider).get(url, {"co_quan": world.police_sd.pk})
    assert outsider.status_code in (403, 404) and VICTIM not in outsider.content.decode()
