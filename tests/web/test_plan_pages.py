"""Plan pages as an officer uses them: upload, review, correct, save, read, follow up."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.plans.models import Assignment, Document, PlanUpload, Task
from tests.plans.conftest import seed_path
from tests.plans.factories import SMALL_PLAN, world_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, name: str, data: bytes, **extra: str):
    return client.post(
        reverse("web:plan_upload"), {"file": SimpleUploadedFile(name, data), **extra}
    )


def test_upload_review_correct_and_save_seed_000(world) -> None:
    client = client_for(world.focal)
    response = upload(client, "ke-hoach-284.txt", seed_path("000").read_bytes())
    assert response.status_code == 302
    pending = PlanUpload.objects.get()
    assert pending.unit == world.son_duong
    review = client.get(response["Location"])
    page = review.content.decode()
    assert "284/KH-UBND" in page and "34 nhiệm vụ trong 46 mục" in page
    assert "224/KH-UBND" in page  # the appendix mismatch warning is shown
    # The fuzzy "Viện kiểm sát nhân huyện" of B/V/2 is highlighted for review.
    assert page.count("needs-review") >= 1 and "Viện kiểm sát nhân huyện" in page
    fields = dict(re.findall(r'name="(a-\d+-\d+)" value="([^"]*)"', page))
    assert fields, "every named agency has an input"
    # Correct the lead of A/I (task 1, assignment 0) to the Police, then save.
    fields["a-1-0"] = world.police_sd.name
    saved = client.post(response["Location"], {**fields, "save": "1"})
    assert saved.status_code == 302
    document = Document.objects.get()
    assert not PlanUpload.objects.exists()
    lead = Task.objects.get(document=document, path="A/I").assignments.get(role="lead")
    assert lead.agency == world.police_sd and lead.confidence == 1.0
    detail = client.get(saved["Location"]).content.decode()
    assert "Tăng cường thực thi hiệu quả Công ước chống tra tấn" in detail
    assert 'data-path="A/II/1/1.1"' in detail and "Theo chỉ đạo của cơ quan cấp trên" in detail


def test_a_second_upload_of_the_same_plan_asks_to_replace(world) -> None:
    world_plan(world)
    client = client_for(world.focal)
    response = upload(client, "lai.txt", SMALL_PLAN.encode())
    page = client.get(response["Location"]).content.decode()
    fields = dict(re.findall(r'name="(a-\d+-\d+)" value="([^"]*)"', page))
    refused = client.post(response["Location"], {**fields, "save": "1"})
    assert refused.status_code == 400 and "thay thế" in refused.content.decode()
    replaced = client.post(response["Location"], {**fields, "save": "1", "replace": "1"})
    assert replaced.status_code == 302 and Document.objects.count() == 1


def test_unknown_agency_name_is_refused_and_nothing_saved(world) -> None:
    client = client_for(world.focal)
    response = upload(client, "ke-hoach.txt", SMALL_PLAN.encode())
    refused = client.post(response["Location"], {"a-1-0": "Cơ quan ma", "save": "1"})
    assert refused.status_code == 400 and "Cơ quan ma" in refused.content.decode()
    assert not Document.objects.exists()


def test_files_without_a_plan_are_refused_with_the_reason(world) -> None:
    client = client_for(world.focal)
    response = upload(client, "bao.txt", seed_path("004").read_bytes())
    assert response.status_code == 400
    assert "không phải là kế hoạch" in response.content.decode()
    assert not PlanUpload.objects.exists()


def test_upload_asks_for_the_unit_when_the_document_does_not_say(world) -> None:
    client = client_for(world.focal)
    text = SMALL_PLAN.replace("Sơn Dương, ngày", "ngày").encode()
    response = upload(client, "k.txt", text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "--unit" not in page or "Địa bàn ban hành" in page
    assert f'value="{world.son_duong.pk}"' in page
    chosen = upload(client, "k.txt", text, unit=str(world.son_duong.pk))
    assert chosen.status_code == 302


def test_officers_cannot_upload_and_outsiders_cannot_correct(world) -> None:
    assert client_for(world.officer).get(reverse("web:plan_upload")).status_code == 403
    document = world_plan(world)
    assignment = Assignment.objects.filter(task__document=document, agency__isnull=True).first()
    assert assignment is not None  # "Phòng Không Có Thật" did not resolve
    url = reverse("web:assignment_correct", args=[assignment.pk])
    # The agency officer sees the plan (it assigns their agency) but may not correct it.
    assert client_for(world.officer).post(url, {"agency": world.justice_sd.name}).status_code == 403
    assignment.refresh_from_db()
    assert assignment.agency is None
    # Phòng Tư pháp already leads that task: naming it again is refused with a reason.
    client_for(world.focal).post(url, {"agency": world.justice_sd.name})
    assignment.refresh_from_db()
    assert assignment.agency is None
    client_for(world.focal).post(url, {"agency": world.court_sd.name})
    assignment.refresh_from_db()
    assert assignment.agency == world.court_sd and assignment.corrected_by == world.focal


def test_agency_inbox_filters_by_role_and_deadline(world) -> None:
    world_plan(world)
    client = client_for(world.officer)
    url = reverse("web:agency_tasks", args=[world.justice_sd.pk])
    page = client.get(url).content.decode()
    assert "Tuyên truyền Công ước chống tra tấn" in page  # coordinating
    assert "Thống kê khiếu nại, tố cáo" in page  # lead
    lead_only = client.get(url, {"vai_tro": "lead"}).content.decode()
    assert "Thống kê khiếu nại" in lead_only and "Tuyên truyền Công ước" not in lead_only
    annual = client.get(url, {"thoi_han": "annual"}).content.decode()
    assert "Tuyên truyền Công ước" in annual and "Thống kê khiếu nại" not in annual
    # Another district's agency is not this officer's to read.
    other = reverse("web:agency_tasks", args=[world.police_ys.pk])
    assert client.get(other).status_code == 404


def test_agency_inbox_pages_its_tasks_in_plan_order_keeping_the_filters(world, monkeypatch) -> None:
    """A province police's inbox names a thousand tasks: one page at a time, the page's rows
    those of the whole list in its order, the filters kept in the pager's links, and the
    totals and the plans' choices over all of them."""
    from dondoc.plans import selectors

    plan = world_plan(world)
    monkeypatch.setattr(selectors, "INBOX_PER_PAGE", 1)
    client = client_for(world.officer)
    url = reverse("web:agency_tasks", args=[world.justice_sd.pk])
    _, everything = selectors.agency_assignments(user=world.officer, agency_id=world.justice_sd.pk)
    assert [a.task.path for a in everything] == ["I/1", "I/2"]  # the plan's order
    first, second = client.get(url), client.get(url, {"trang": 2})
    assert [a.task.path for a in first.context["assignments"]] == ["I/1"]
    assert [a.task.path for a in second.context["assignments"]] == ["I/2"]
    html = second.content.decode()
    assert "2 nhiệm vụ được giao, trong đó 1 nhiệm vụ chủ trì" in html
    assert "đang xem 2–2" in html and 'id="inbox-pager"' in html
    narrowed = client.get(url, {"vai_tro": "coordinating"})
    assert narrowed.context["shown"] == 1 and "khớp bộ lọc" in narrowed.content.decode()
    assert 'id="inbox-pager"' not in narrowed.content.decode()  # one page: no pager
    one_plan = client.get(url, {"ke_hoach": plan.pk}).content.decode()
    assert f"?ke_hoach={plan.pk}&amp;trang=2" in one_plan  # the pager keeps the filter


def test_plan_pages_escape_document_text(world, tmp_path) -> None:
    client = client_for(world.focal)
    text = SMALL_PLAN.replace("Tuyên truyền Công ước", "<img src=x onerror=alert(1)> Tuyên truyền")
    response = upload(client, "x.txt", text.encode())
    page = client.get(response["Location"]).content.decode()
    assert "<img" not in page
