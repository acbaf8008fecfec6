"""Correcting a draft before it is saved (plans.review), and a plan entered by hand."""

from __future__ import annotations

import datetime

import pytest

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import Duplicate
from dondoc.plans.corrections import StaleVersion, typed_deadline
from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.models import Document, Task
from dondoc.plans.services import plan_upload_save
from dondoc.plans.services.review import (
    plan_draft_assignment_add,
    plan_draft_assignment_remove,
    plan_draft_header_set,
    plan_draft_start,
    plan_draft_task_add,
    plan_draft_task_delete,
    plan_draft_task_merge,
    plan_draft_task_set,
    plan_draft_task_split,
)
from tests.plans.factories import world_upload

pytestmark = pytest.mark.django_db


def _draft(upload):
    upload.refresh_from_db()
    return draft_from_dict(upload.draft)


def _paths(upload) -> list[str]:
    return [t.path for t in _draft(upload).tasks]


def test_typed_deadline_reads_the_text_with_the_importers_parser() -> None:
    quarter = typed_deadline("Quý II/2025")
    assert (quarter.kind, quarter.date) == ("date", "2025-06-30")
    assert typed_deadline("Hằng năm").kind == "annual"
    assert typed_deadline("") is None
    # The officer says what the text does not: "Khi cấp trên yêu cầu" is on request.
    chosen = typed_deadline("Khi có văn bản của tỉnh", "on_request")
    assert (chosen.kind, chosen.raw) == ("on_request", "Khi có văn bản của tỉnh")
    with pytest.raises(InvalidInput, match="cần ghi một ngày"):
        typed_deadline("Hằng năm", "date")
    with pytest.raises(InvalidInput, match="cần ghi các năm"):
        typed_deadline("", "period")


def test_header_number_symbol_date_issuer_title(world) -> None:
    upload = world_upload(world)
    plan_draft_header_set(
        actor=world.focal,
        upload=upload,
        version=upload.version,
        number="284",
        symbol="KH-UBND",
        issued_on=datetime.date(2023, 7, 4),
        issuer="Ủy ban nhân dân huyện Sơn Dương",
        title="Thực hiện Công ước chống tra tấn",
    )
    header = _draft(upload).document
    assert (header.number, header.symbol, header.type_name) == (
        "284/KH-UBND",
        "KH-UBND",
        "Kế hoạch",
    )
    assert (header.date, header.year, header.issuer) == (
        "2023-07-04",
        2023,
        "Ủy ban nhân dân huyện Sơn Dương",
    )
    assert upload.version == 2
    with pytest.raises(InvalidInput, match="Ký hiệu: bắt buộc"):
        plan_draft_header_set(
            actor=world.focal,
            upload=upload,
            version=2,
            number="12",
            symbol="",
            issued_on=None,
            issuer="",
            title="x",
        )
    with pytest.raises(InvalidInput, match="cần số thứ tự"):
        plan_draft_header_set(
            actor=world.focal,
            upload=upload,
            version=2,
            number="12/KH",
            symbol="KH",
            issued_on=None,
            issuer="",
            title="x",
        )


def test_task_text_deadline_and_expected_result(world) -> None:
    upload = world_upload(world)
    index = _paths(upload).index("I/2")
    plan_draft_task_set(
        actor=world.focal,
        upload=upload,
        version=1,
        index=index,
        title="Thống kê khiếu nại, tố cáo về tra tấn",
        deadline=typed_deadline("Quý IV/2025"),
        expected_result="Báo cáo thống kê",
    )
    task = _draft(upload).tasks[index]
    assert task.title == "Thống kê khiếu nại, tố cáo về tra tấn"
    assert (task.deadline.kind, task.deadline.raw, task.deadline.date) == (
        "date",
        "Quý IV/2025",
        "2025-12-31",
    )
    assert task.expected_result == "Báo cáo thống kê"


def test_a_stale_form_is_refused_and_changes_nothing(world) -> None:
    upload = world_upload(world)
    index = _paths(upload).index("I/1")
    plan_draft_task_set(
        actor=world.focal,
        upload=upload,
        version=1,
        index=index,
        title="Mới",
        deadline=None,
        expected_result="",
    )
    with pytest.raises(StaleVersion, match="vừa được sửa ở nơi khác"):
        plan_draft_task_set(
            actor=world.focal,
            upload=upload,
            version=1,
            index=index,
            title="Cũ",
            deadline=None,
            expected_result="",
        )
    assert _draft(upload).tasks[index].title == "Mới"


def test_the_same_form_sent_twice_acts_once(world) -> None:
    upload = world_upload(world)
    index = _paths(upload).index("I/1")
    plan_draft_task_split(
        actor=world.focal,
        upload=upload,
        version=1,
        index=index,
        first="Một",
        second="Hai",
        token="t" * 20,
    )
    with pytest.raises(Duplicate):
        plan_draft_task_split(
            actor=world.focal,
            upload=upload,
            version=2,
            index=index,
            first="Một",
            second="Hai",
            token="t" * 20,
        )
    assert _paths(upload).count("I/1a") == 1


def test_agencies_added_and_removed_only_from_the_units_directory(world) -> None:
    upload = world_upload(world)
    index = _paths(upload).index("I/2")
    before = _draft(upload).tasks[index].assignments
    plan_draft_assignment_add(
        actor=world.focal,
        upload=upload,
        version=1,
        index=index,
        role="lead",
        agency=world.police_sd,
    )
    after = _draft(upload).tasks[index].assignments
    leads = [a.agency_id for a in after if a.role == "lead"]
    assert world.police_sd.pk in leads and len(after) == len(before) + 1
    with pytest.raises(InvalidInput, match="đã được phân công"):
        plan_draft_assignment_add(
            actor=world.focal,
            upload=upload,
            version=2,
            index=index,
            role="coordinating",
            agency=world.police_sd,
        )
    with pytest.raises(InvalidInput, match="không thuộc danh mục"):
        plan_draft_assignment_add(
            actor=world.focal,
            upload=upload,
            version=2,
            index=index,
            role="lead",
            agency=world.police_tv,
        )
    unknown = next(i for i, a in enumerate(after) if a.agency_id is None)  # "Phòng Không Có Thật"
    plan_draft_assignment_remove(
        actor=world.focal, upload=upload, version=2, index=index, position=unknown
    )
    assert all(a.agency_id for a in _draft(upload).tasks[index].assignments)


def test_split_merge_add_delete_then_save(world) -> None:
    upload = world_upload(world)
    paths = _paths(upload)
    assert paths == ["I", "I/1", "I/2"]
    plan_draft_task_split(
        actor=world.focal,
        upload=upload,
        version=1,
        index=1,
        first="Tuyên truyền Công ước",
        second="Tập huấn Công ước",
    )
    draft = _draft(upload)
    assert [t.path for t in draft.tasks] == ["I", "I/1", "I/1a", "I/2"]
    split = draft.tasks[2]
    assert split.title == "Tập huấn Công ước" and split.parent == "I"
    assert [a.agency_id for a in split.assignments] == [
        a.agency_id for a in draft.tasks[1].assignments
    ]
    assert split.deadline.kind == "annual"
    plan_draft_task_merge(actor=world.focal, upload=upload, version=2, index=2)
    merged = _draft(upload).tasks[2]
    assert merged.title == "Tập huấn Công ước\nThống kê khiếu nại, tố cáo"
    assert _paths(upload) == ["I", "I/1", "I/1a"]
    plan_draft_task_add(
        actor=world.focal,
        upload=upload,
        version=3,
        after=1,
        title="Rà soát văn bản",
        deadline=typed_deadline("Quý II/2025"),
        expected_result="",
    )
    assert _paths(upload) == ["I", "I/1", "I/2", "I/1a"]
    plan_draft_task_delete(actor=world.focal, upload=upload, version=4, index=3)
    assert _paths(upload) == ["I", "I/1", "I/2"]
    with pytest.raises(InvalidInput, match="không có nhiệm vụ cùng cấp ngay sau"):
        plan_draft_task_merge(actor=world.focal, upload=upload, version=5, index=2)
    document = plan_upload_save(actor=world.focal, upload=upload, agency_overrides={}, version=5)
    saved = list(Task.objects.filter(document=document).values_list("path", "title"))
    assert saved == [
        ("I", "Tuyên truyền"),
        ("I/1", "Tuyên truyền Công ước"),
        ("I/2", "Rà soát văn bản"),
    ]
    assert Task.objects.get(document=document, path="I/2").deadline_date == datetime.date(
        2025, 6, 30
    )


def test_deleting_a_group_removes_its_tasks(world) -> None:
    upload = world_upload(world)
    plan_draft_task_delete(actor=world.focal, upload=upload, version=1, index=0)
    assert _paths(upload) == []
    with pytest.raises(InvalidInput, match="chưa có nhiệm vụ nào"):
        plan_upload_save(actor=world.focal, upload=upload, agency_overrides={}, version=2)


def test_another_officer_cannot_correct_the_draft(world) -> None:
    upload = world_upload(world)
    with pytest.raises(NotAllowed):
        plan_draft_task_delete(actor=world.outsider, upload=upload, version=1, index=1)
    assert _paths(upload) == ["I", "I/1", "I/2"]


def test_a_plan_entered_by_hand(world) -> None:
    upload = plan_draft_start(actor=world.focal, unit=world.son_duong, type_code="KH")
    assert upload.entered_by_hand and _paths(upload) == []
    plan_draft_header_set(
        actor=world.focal,
        upload=upload,
        version=1,
        number="7",
        symbol="KH-UBND",
        issued_on=datetime.date(2026, 2, 3),
        issuer="Ủy ban nhân dân huyện Sơn Dương",
        title="Phòng, chống tra tấn năm 2026",
    )
    plan_draft_task_add(
        actor=world.focal,
        upload=upload,
        version=2,
        after=None,
        title="Tuyên truyền",
        deadline=typed_deadline("Hằng năm"),
        expected_result="Tin, bài",
    )
    plan_draft_assignment_add(
        actor=world.focal, upload=upload, version=3, index=0, role="lead", agency=world.police_sd
    )
    document = plan_upload_save(actor=world.focal, upload=upload, agency_overrides={})
    assert document.number == "7/KH-UBND" and document.source_format == "manual"
    task = document.tasks.get()
    assert (task.path, task.deadline_kind) == ("1", "annual")
    assert task.assignments.get().agency == world.police_sd
    with pytest.raises(NotAllowed):
        plan_draft_start(actor=world.outsider, unit=world.son_duong, type_code="KH")
    assert Document.objects.count() == 1
