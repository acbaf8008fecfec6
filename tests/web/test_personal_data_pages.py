"""Pages with personal data: lists mask names, and no page or file with personal data may be
kept by a browser or a proxy (Cache-Control: no-store)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.registry.factories import VICTIM, world_claim, world_crime_report
from tests.reintegration.factories import SUBJECT_MASKED, SUBJECT_NAME, world_subject
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db


def test_lists_mask_names_and_pages_with_personal_data_are_not_stored(world: World) -> None:
    subject = world_subject(world)
    report = world_crime_report(world)
    claim = world_claim(world)
    client = signed_in(world.focal)
    for name in ("web:reintegration_worklist", "web:reintegration_list"):
        page = client.get(reverse(name))
        html = page.content.decode()
        assert SUBJECT_NAME not in html and SUBJECT_MASKED in html, name
        assert "no-store" in page["Cache-Control"], name
    reads = LogEntry.objects.filter(additional_data__action="registry.read").count()
    for url, shown in (
        # Masked by default; "Hiện" (hien=1) shows the names to the officer (privacy.masking).
        (reverse("web:reintegration_detail", args=[subject.pk]) + "?hien=1", SUBJECT_NAME),
        (reverse("web:crime_report_detail", args=[report.pk]) + "?hien=1", VICTIM),
        (reverse("web:compensation_detail", args=[claim.pk]) + "?hien=1", claim.claimant.full_name),
        (reverse("web:registry_import", args=["persons"]), "Nhập từ tệp"),
    ):
        page = client.get(url)
        assert shown in page.content.decode() and "no-store" in page["Cache-Control"], url
    # The three records' pages were read, each audited.
    assert LogEntry.objects.filter(additional_data__action="registry.read").count() == reads + 3
