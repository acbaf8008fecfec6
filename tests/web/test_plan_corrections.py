"""The review screen corrects what was read, a plan is entered by hand, a saved plan is
amended: through the pages (Django client), with the refusals of out-of-scope users."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.models import Document, KeptPlanFile, PlanChange, PlanUpload
from dondoc.tracking.models import ProgressReport
from tests.plans.factories import SMALL_PLAN, world_plan, world_upload
from tests.tracking.factories import world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db

NO_PLACE = SMALL_PLAN.replace("Sơn Dương, ngày 10 tháng 3 năm 2024", "ngày 10 tháng 3 năm 2024")
NO_PLACE = NO_PLACE.replace("trên địa bàn huyện Sơn Dương", "")


def _token(page: str, prefix: str = "") -> dict[str, str]:
    """The hidden fields (token, version) of the form with `prefix` on a page."""
    name = f"{prefix}-" if prefix else ""
    found = dict(re.findall(rf'name="({name}(?:form_token|version))" value="([^"]*)"', page))
    assert found, f"no hidden fields {prefix!r} on the page"
    return found


def test_the_web_never_tells_a_user_to_type_a_flag_and_keeps_the_file(world) -> None:
    client = signed_in(world.focal)
    sent = client.post(
        reverse("web:plan_upload"), {"file": SimpleUploadedFile("ke-hoach.txt", NO_PLACE.encode())}
    )
    page = sent.content.decode()
    assert sent.status_code == 400
    assert "--unit" not in page and "--replace" not in page and "dondoc load_units" not in page
    assert "Hãy chọn địa bàn ban hành trong danh sách" in page
    kept = KeptPlanFile.objects.get(created_by=world.focal)
    assert bytes(kept.data) != NO_PLACE.encode()  # stored encrypted
    assert f'name="kept" value="{kept.pk}"' in page and "Dùng lại tệp vừa chọn" in page
    # Sent again with the unit chosen and the kept file: no file chosen anew.
    again = client.post(reverse("web:plan_upload"), {"kept": kept.pk, "unit": world.son_duong.pk})
    assert again.status_code == 302, again.content.decode()[:3000]
    assert PlanUpload.objects.get().source_name == "ke-hoach.txt"
    assert not KeptPlanFile.objects.exists()
    # Another officer cannot use someone's kept file.
    other = KeptPlanFile.objects.create(created_by=world.focal, name="x.txt", sha256="0", data=b"x")
    refused = signed_in(world.outsider).post(reverse("web:plan_upload"), {"kept": other.pk})
    assert refused.status_code == 400 and "không còn được giữ" in refused.content.decode()


def test_the_command_line_keeps_its_flags(world, tmp_path) -> None:
    from django.core.management import CommandError, call_command

    source = tmp_path / "ke-hoach.txt"
    source.write_text(NO_PLACE, encoding="utf-8")
    with pytest.raises(CommandError, match=r"--unit MÃ"):
        call_command("plan", "import", str(source))


def test_a_failed_upload_keeps_the_chosen_unit(world) -> None:
    client = signed_in(world.admin)  # plans more than one unit: the list is shown
    sent = client.post(
        reverse("web:plan_upload"),
        {"file": SimpleUploadedFile("bao.txt", b"Khong phai ke hoach"), "unit": world.son_duong.pk},
    )
    page = sent.content.decode()
    assert sent.status_code == 400
    assert f'<option value="{world.son_duong.pk}" selected>' in page


def test_header_and_task_corrected_with_errors_next_to_the_field(world) -> None:
    upload = world_upload(world)
    client = signed_in(world.focal)
    url = reverse("web:plan_draft_header", args=[upload.pk])
    page = client.get(url).content.decode()
    hidden = _token(page)
    refused = client.post(
        url,
        {
            **hidden,
            "number": "16",
            "symbol": "KH-UBND",
            "issued_on": "31/02/2024",
            "title": "Trích yếu",
        },
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert re.search(
        r'class="field-error"[^>]*id="id_issued_on-error">Ngày ban hành: “31/02/2024”', body
    )
    done = client.post(
        url,
        {
            **hidden,
            "number": "16",
            "symbol": "KH-UBND",
            "issued_on": "12/03/2024",
            "issuer": "UBND huyện Sơn Dương",
            "title": "Trích yếu đã sửa",
        },
    )
    assert done.status_code == 302
    upload.refresh_from_db()
    assert draft_from_dict(upload.draft).document.date == "2024-03-12"
    task_url = reverse("web:plan_draft_task", args=[upload.pk, 1])
    page = client.get(task_url).content.decode()
    hidden = _token(page, "sua")
    bad = client.post(
        task_url,
        {
            "thao_tac": "sua",
            **hidden,
            "sua-title": "Tuyên truyền",
            "sua-deadline": "Hằng năm",
            "sua-deadline_kind": "date",
        },
    )
    assert bad.status_code == 400
    assert 'id="id_sua-deadline-error">Thời hạn “Hằng năm”: loại “Ngày cụ thể” cần ghi' in (
        bad.content.decode()
    )
    good = client.post(
        task_url,
        {
            "thao_tac": "sua",
            **hidden,
            "sua-title": "Tuyên truyền",
            "sua-deadline": "Quý II/2025",
            "sua-deadline_kind": "",
        },
    )
    assert good.status_code == 302
    upload.refresh_from_db()
    assert draft_from_dict(upload.draft).tasks[1].deadline.date == "2025-06-30"
    # The old page sent again (stale version): refused, the newest shown.
    stale = client.post(
        task_url, {"thao_tac": "sua", **hidden, "sua-title": "Cũ", "sua-deadline": ""}
    )
    assert stale.status_code == 302
    assert "vừa được sửa ở nơi khác" in client.get(stale["Location"]).content.decode()


def test_agency_picked_by_name_split_and_delete_from_the_task_page(world) -> None:
    upload = world_upload(world)
    client = signed_in(world.focal)
    url = reverse("web:plan_draft_task", args=[upload.pk, 2])
    page = client.get(url).content.decode()
    assert world.court_sd.name in page  # the directory offered for search (datalist)
    unknown = client.post(
        url,
        {
            "thao_tac": "them_co_quan",
            **_token(page, "them"),
            "them-role": "lead",
            "them-agency": "Cơ quan ma",
        },
    )
    assert unknown.status_code == 400 and "“Cơ quan ma” không có trong danh mục" in (
        unknown.content.decode()
    )
    added = client.post(
        url,
        {
            "thao_tac": "them_co_quan",
            **_token(page, "them"),
            "them-role": "coordinating",
            "them-agency": world.court_sd.name,
        },
    )
    assert added.status_code == 302
    page = client.get(url).content.decode()
    split = client.post(
        url,
        {
            "thao_tac": "tach",
            **_token(page, "tach"),
            "tach-first": "Thống kê khiếu nại",
            "tach-second": "Thống kê tố cáo",
        },
    )
    assert split.status_code == 302
    upload.refresh_from_db()
    tasks = draft_from_dict(upload.draft).tasks
    assert [t.title for t in tasks[2:]] == ["Thống kê khiếu nại", "Thống kê tố cáo"]
    assert world.court_sd.pk in [a.agency_id for a in tasks[3].assignments]
    page = client.get(url).content.decode()
    deleted = client.post(url, {"thao_tac": "xoa", **_token(page, "xoa")})
    assert deleted.status_code == 302
    upload.refresh_from_db()
    assert [t.title for t in draft_from_dict(upload.draft).tasks[2:]] == ["Thống kê tố cáo"]


def test_a_plan_entered_by_hand_through_the_pages(world) -> None:
    client = signed_in(world.focal)
    page = client.get(reverse("web:plan_manual")).content.decode()
    start = client.post(
        reverse("web:plan_manual"), {**_token(page), "unit": world.son_duong.pk, "type_code": "KH"}
    )
    assert start.status_code == 302
    upload = PlanUpload.objects.get()
    assert start["Location"] == reverse("web:plan_draft_header", args=[upload.pk])
    add_url = reverse("web:plan_draft_add", args=[upload.pk])
    page = client.get(add_url).content.decode()
    added = client.post(
        add_url, {**_token(page, "them"), "them-title": "Tuyên truyền", "them-deadline": "Hằng năm"}
    )
    assert added.status_code == 302
    review = client.get(reverse("web:plan_review", args=[upload.pk])).content.decode()
    assert "(nhập tay, không có tệp)" in review and "Tuyên truyền" in review


def test_a_saved_plan_amended_after_a_report_with_its_history_shown(world) -> None:
    tracked = world_tracking(world)
    plan, task = tracked.plan, tracked.assignment.task
    client = signed_in(world.focal)
    url = reverse("web:task_amend", args=[plan.pk, task.pk])
    page = client.get(url).content.decode()
    no_source = client.post(
        url,
        {
            "thao_tac": "sua",
            **_token(page, "sua"),
            "sua-title": task.title,
            "sua-deadline": "Quý IV/2026",
        },
    )
    assert no_source.status_code == 400
    assert "Ghi văn bản sửa đổi, bổ sung" in no_source.content.decode()
    done = client.post(
        url,
        {
            "thao_tac": "sua",
            **_token(page, "sua"),
            "sua-title": task.title,
            "sua-deadline": "Quý IV/2026",
            "sua-amending_document": "Kế hoạch số 20/KH-UBND",
        },
    )
    assert done.status_code == 302
    detail = client.get(reverse("web:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="history"' in detail and "Kế hoạch số 20/KH-UBND" in detail
    assert "Hàng năm (Hằng năm)" in detail and "Quý IV/2026 (Ngày cụ thể)" in detail
    page = client.get(url).content.decode()
    withdrawn = client.post(
        url,
        {
            "thao_tac": "bai_bo",
            **_token(page, "bai_bo"),
            "bai_bo-on": "01/06/2025",
            "bai_bo-reason": "Đã xong",
        },
    )
    assert withdrawn.status_code == 302
    assert ProgressReport.objects.filter(pk=tracked.report.pk).exists()
    detail = client.get(reverse("web:plan_detail", args=[plan.pk])).content.decode()
    assert "Đã bãi bỏ từ 01/06/2025" in detail
    assert PlanChange.objects.filter(document=plan).count() == 2


NEW_ENDPOINTS = ["plan_draft_header", "plan_draft_task", "plan_draft_add", "task_amend", "task_add"]


@pytest.mark.parametrize("name", NEW_ENDPOINTS)
def test_an_out_of_scope_officer_is_refused_every_new_endpoint(world, name) -> None:
    plan, upload = world_plan(world), world_upload(world)
    args = {
        "plan_draft_header": [upload.pk],
        "plan_draft_task": [upload.pk, 1],
        "plan_draft_add": [upload.pk],
        "task_amend": [plan.pk, plan.tasks.get(path="I/1").pk],
        "task_add": [plan.pk],
    }[name]
    url = reverse(f"web:{name}", args=args)
    version = {"version": "1", "sua-version": "1", "them-version": "1", "xoa-version": "1"}
    for user in (world.outsider, world.officer):  # another district; an agency officer
        client = signed_in(user)
        answers = [
            client.get(url),
            client.post(url, {"thao_tac": "xoa", **version, "them-title": "x", "sua-title": "x"}),
        ]
        for answer in answers:
            assert answer.status_code in (403, 404), (user, answer.status_code)
    upload.refresh_from_db()
    assert upload.version == 1 and len(draft_from_dict(upload.draft).tasks) == 3
    assert not PlanChange.objects.exists() and Document.objects.count() == 1


def test_the_manual_entry_refuses_an_agency_officer(world) -> None:
    answer = signed_in(world.officer).get(reverse("web:plan_manual"))
    assert answer.status_code == 403
