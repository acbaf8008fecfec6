"""The reporting schedule read from the plans' closing sections (seeds 000-003)."""

from __future__ import annotations

import pytest

from dondoc.plans.importers.drafts import DocumentHeader
from dondoc.plans.importers.header import parse_header
from dondoc.plans.importers.schedule import parse_schedule
from dondoc.plans.importers.text import parse_text

from .test_text import SEEDS


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_000_yearly_before_30_11_to_the_district_police() -> None:
    schedule = parse_text(seed_text("000")).schedule
    assert schedule is not None
    assert (schedule.frequencies, schedule.due) == (["yearly"], "11-30")
    assert schedule.recipient == "Công an huyện"
    assert (schedule.start_year, schedule.end_year) == (2023, 2025)  # its tasks end in 2025
    assert "trước ngày 30/11" in schedule.raw


def test_seed_001_yearly_before_15_10_and_a_five_year_review() -> None:
    schedule = parse_text(seed_text("001")).schedule
    assert schedule is not None
    assert (schedule.frequencies, schedule.due) == (["yearly", "ad_hoc"], "10-15")
    assert schedule.recipient == "Công an thành phố"
    assert "final" in schedule.reviews and schedule.review_years == 5
    assert (schedule.start_year, schedule.end_year) == (2023, 2027)


@pytest.mark.parametrize(
    ("prefix", "frequencies", "due", "focal", "years"),
    [
        (
            "002",
            ["quarterly", "half_yearly", "yearly", "ad_hoc"],
            None,
            "Phòng Cảnh sát hình sự",
            (2021, 2025),
        ),
        ("003", ["yearly", "ad_hoc"], "12-15", "Công an tỉnh", (2022, None)),
    ],
)
def test_narrative_seeds(prefix, frequencies, due, focal, years) -> None:
    paragraphs = seed_text(prefix).split("\n")
    schedule = parse_schedule(paragraphs, header=parse_header(paragraphs), tasks=[])
    assert schedule.frequencies == frequencies
    assert schedule.due == due
    assert schedule.recipient == focal
    assert (schedule.start_year, schedule.end_year) == years


def test_other_wordings() -> None:
    header = DocumentHeader(title="Kế hoạch phòng chống tội phạm giai đoạn 2026-2030", year=2026)
    schedule = parse_schedule(
        [
            "Các sở, ngành báo cáo kết quả thực hiện hằng quý và hằng năm, chậm nhất vào ngày "
            "20 tháng 12, gửi về Sở Tư pháp để tổng hợp.",
        ],
        header=header,
        tasks=[],
    )
    assert schedule.frequencies == ["quarterly", "yearly"]
    assert schedule.due == "12-20"
    assert schedule.recipient == "Sở Tư pháp"
    assert (schedule.start_year, schedule.end_year) == (2026, 2030)
    nothing = parse_schedule(["Giao Phòng Tư pháp hướng dẫn thực hiện."], header=header, tasks=[])
    assert (nothing.frequencies, nothing.recipient, nothing.due) == ([], "", None)
