"""The review screen proposes the names a plan uses for its agencies where the directory's
differ (seed 000's "Trung tâm Văn hóa - Truyền thông và Thể thao huyện"), and the officer
adopts or declines each, audited; a declined name is not proposed again."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.org.models import Agency
from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.models import AgencyNameRejection, Assignment, PlanUpload
from tests.plans.conftest import seed_path

pytestmark = pytest.mark.django_db

TEMPLATE_NAME = "Trung tâm Văn hóa - Thông tin và Thể thao huyện Sơn Dương"
SEED_NAME = "Trung tâm Văn hóa - Truyền thông và Thể thao huyện Sơn Dương"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _review(client: Client) -> tuple[PlanUpload, str]:
    response = client.post(
        reverse("web:plan_upload"),
        {"file": SimpleUploadedFile("ke-hoach-284.txt", seed_path("000").read_bytes())},
    )
    assert response.status_code == 302
    upload = PlanUpload.objects.latest("pk")
    return upload, client.get(response["Location"]).content.decode()


def _decide(client: Client, upload: PlanUpload, agency: Agency, decision: str, **extra):
    data = {
        "version": upload.version, "agency": agency.pk, "name": SEED_NAME,
        "decision": decision, "form_token": f"t-{decision}-{upload.pk}", **extra,
    }  # fmt: skip
    return client.post(reverse("web:plan_draft_name", args=[upload.pk]), data)


def test_the_officer_adopts_the_name_the_plan_uses(world) -> None:
    client = _client(world.focal)
    upload, page = _review(client)
    centre = Agency.objects.get(unit=world.son_duong, template_key="culture_centre")
    assert centre.name == TEMPLATE_NAME
    section = page[page.index('id="name-proposals"') :]
    assert SEED_NAME in section and TEMPLATE_NAME in section
    assert "Phòng Tài chính huyện Sơn Dương<" not in section  # a shortening is not a name
    # Another officer cannot decide on it.
    assert _decide(_client(world.outsider), upload, centre, "nhan").status_code == 404
    response = _decide(client, upload, centre, "nhan")
    assert response.status_code == 302 and response["Location"].endswith("#name-proposals")
    centre.refresh_from_db()
    assert centre.name == SEED_NAME and centre.name_source == "Kế hoạch 284/KH-UBND"
    entry = LogEntry.objects.filter(additional_data__action="agency.name_adopt").latest("id")
    assert entry.actor == world.focal and entry.additional_data["to"] == SEED_NAME
    upload.refresh_from_db()
    named = [
        a.agency
        for t in draft_from_dict(upload.draft).tasks
        for a in t.assignments
        if a.agency_id == centre.pk
    ]
    assert named and set(named) == {SEED_NAME}  # the draft shows the adopted name
    page = client.get(reverse("web:plan_review", args=[upload.pk])).content.decode()
    assert 'id="name-proposals"' not in page
    # Sent again (a double click): nothing more happens, and the stale form is refused.
    again = _decide(client, upload, centre, "nhan", version=upload.version - 1)
    assert again.status_code == 302
    # The plan saves with the adopted name (the boxes hold it, the directory knows it).
    token = re.search(r'name="form_token" value="([^"]+)"', page.split('id="review-form"')[1])
    assert token is not None
    fields = dict(re.findall(r'name="(a-\d+-\d+)"[^>]*value="([^"]*)"', page))
    saved = client.post(
        reverse("web:plan_review", args=[upload.pk]),
        {"form_token": token.group(1), "version": upload.version, **fields},
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Assignment.objects.filter(agency=centre).exists()


def test_a_declined_name_is_kept_out_and_not_proposed_again(world) -> None:
    client = _client(world.focal)
    upload, page = _review(client)
    centre = Agency.objects.get(unit=world.son_duong, template_key="culture_centre")
    assert SEED_NAME in page
    response = _decide(client, upload, centre, "giu")
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.name == TEMPLATE_NAME
    rejection = AgencyNameRejection.objects.get(agency=centre)
    assert rejection.name == SEED_NAME and rejection.rejected_by == world.focal
    entry = LogEntry.objects.filter(additional_data__action="agency.name_reject").latest("id")
    assert entry.actor == world.focal
    assert entry.additional_data["name"] == SEED_NAME
    assert entry.additional_data["source"] == "Kế hoạch 284/KH-UBND"
    page = client.get(reverse("web:plan_review", args=[upload.pk])).content.decode()
    assert 'id="name-proposals"' not in page
    # The same plan uploaded again: not proposed again.
    upload.delete()
    _, page = _review(client)
    assert SEED_NAME not in page


def test_a_name_no_longer_proposed_is_refused_clearly(world) -> None:
    client = _client(world.focal)
    upload, _ = _review(client)
    finance = Agency.objects.get(unit=world.son_duong, template_key="finance")
    response = _decide(client, upload, finance, "nhan")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đề xuất tên cơ quan này không còn" in page
    finance.refresh_from_db()
    assert finance.name != SEED_NAME
