"""A registry import of several batches marks the statistics it changes once: one mark per
(province, year) and one rebuild task for the whole file (each batch marked them and queued a
task of its own: 500 of each for a million rows), on SQLite (ORM) and PostgreSQL (COPY)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from dondoc.registry import transfer
from dondoc.registry.models import StaleStats
from dondoc.registry.services import STATS_REFRESH_TASK
from dondoc.registry.transfer import registry_import

pytestmark = pytest.mark.django_db

HEADER = (
    "Số thụ lý,Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Kết quả giải quyết,Ngày quyết định,"
    "Họ tên bị hại,Số định danh bị hại,Giới tính bị hại,Ngày sinh bị hại,Dân tộc bị hại\n"
)


def test_a_file_of_several_batches_marks_its_statistics_once(world, monkeypatch) -> None:
    monkeypatch.setattr(transfer, "BATCH", 4)
    lines = "".join(
        f"TB-{i},01/03/{2023 + i % 2},Tố giác về tội phạm,146,Đang giải quyết,,Nguyễn Thị {i},"
        f"{i:012d},Nữ,05/06/2012,Tày\n"
        for i in range(1, 12)
    )  # three batches, two years
    queued = DBTaskResult.objects.filter(task_path=STATS_REFRESH_TASK)
    before = queued.count()
    result = registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports",
        data=(HEADER + lines).encode("utf-8"), filename="tb.csv",
    )  # fmt: skip
    assert (result.saved, result.errors) == (11, [])
    marks = sorted(StaleStats.objects.values_list("year", "generation"))
    assert marks == [(2023, 1), (2024, 1)]
    assert queued.count() == before + 1
