"""A small plan of the test world's Sơn Dương district, for page and access tests."""

from __future__ import annotations

from typing import Any

from dondoc.core.actors import SYSTEM
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document, PlanUpload, TaskRequest
from dondoc.plans.services import plan_import, plan_resolve, plan_upload_create

SMALL_PLAN = (
    "Số: 15/KH-UBND\n\nSơn Dương, ngày 10 tháng 3 năm 2024\n\nKẾ HOẠCH\n\n"
    "Phòng, chống tra tấn năm 2024 trên địa bàn huyện Sơn Dương\n\n"
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn hoàn thành\n"
    "I\tTuyên truyền\t\t\t\t\n"
    "1\tTuyên truyền Công ước chống tra tấn\tCông an huyện\tPhòng Tư pháp, Phòng Văn hoá "
    "và Thông tin\tTin, bài\tHàng năm\n"
    "2\tThống kê khiếu nại, tố cáo\tPhòng Tư pháp\tPhòng Không Có Thật\tBảng thống kê\t"
    "2024 - 2025\n"
)


def world_plan(world: Any) -> Document:
    """Plan 15/KH-UBND of Huyện Sơn Dương, imported once per test world."""
    existing = Document.objects.filter(unit=world.son_duong, number="15/KH-UBND").first()
    if existing is not None:
        return existing
    draft = parse_text(SMALL_PLAN)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
    return plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)


def world_upload(world: Any) -> PlanUpload:
    """An upload of the small plan by the world's focal officer, waiting for review."""
    existing = PlanUpload.objects.filter(created_by=world.focal).first()
    if existing is not None:
        return existing
    return plan_upload_create(
        actor=world.focal,
        data=SMALL_PLAN.replace("15/KH", "16/KH").encode(),
        source_name="ke-hoach-16.txt",
    )


REQUEST_REASON = "Chờ số liệu thống kê của Tòa án nhân dân huyện."


def world_request(world: Any) -> TaskRequest:
    """Phòng Tư pháp's open request to extend task I/2 of the small plan to 30/06/2027."""
    import datetime

    from dondoc.plans.services.requests import task_request_make

    existing = TaskRequest.objects.filter(reason=REQUEST_REASON).first()
    if existing is not None:
        return existing
    assignment = world_plan(world).tasks.get(path="I/2").assignments.get(agency=world.justice_sd)
    return task_request_make(
        actor=world.officer,
        assignment=assignment,
        kind="extend",
        reason=REQUEST_REASON,
        proposed_date=datetime.date(2027, 6, 30),
    )


def world_parse_job(world: Any) -> Any:
    """A scan of the focal officer waiting for the worker to read it (plans.jobs)."""
    from dondoc.core.models import Job
    from dondoc.plans.jobs import plan_parse_enqueue

    existing = Job.objects.filter(owner=world.focal, kind=Job.Kind.PLAN_PARSE).first()
    if existing is not None:
        return existing
    return plan_parse_enqueue(
        actor=world.focal,
        data=SMALL_PLAN.encode(),
        source_name="ke-hoach-15-son-duong.pdf",
        unit=None,
        reason="scan",
    )
