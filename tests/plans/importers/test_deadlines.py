"""Deadline texts of real plans → typed deadlines, each with its raw text (issue 14)."""

from __future__ import annotations

import datetime

import pytest

from dondoc.plans.importers.deadlines import parse_deadline
from dondoc.tracking.periods import task_due_in

# raw text → (kind, fields that must be set as given)
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "6/2025": ("date", {"date": "2025-06-30"}),
    "Tháng 10/2025": ("date", {"date": "2025-10-31"}),
    "Quý II/2025": ("date", {"date": "2025-06-30"}),
    "Quý IV/2025 - Quý II/2026": (
        "period",
        {"start": "2025-10-01", "date": "2026-06-30", "start_year": 2025, "end_year": 2026},
    ),
    "Từ quý III/2026 đến quý III/2030": (
        "period",
        {"start": "2026-07-01", "date": "2030-09-30", "start_year": 2026, "end_year": 2030},
    ),
    "Từ tháng 5/2026, thường xuyên": ("ongoing", {"start": "2026-05-01", "start_year": 2026}),
    "Từ tháng 11/2013 trở đi.": ("ongoing", {"start": "2013-11-01"}),
    "2025 và những năm tiếp theo": ("annual", {"start_year": 2025, "due": None}),
    "Trước ngày 30/11/2025": ("date", {"date": "2025-11-30"}),
    "Tháng 12 hằng năm": ("annual", {"due": "12-31"}),
    "Trước ngày 15/12 hằng năm": ("annual", {"due": "12-15"}),
    "Đã hoàn thành": ("done", {}),
    "Sau khi có Nghị định hướng dẫn thi hành": ("after_event", {}),
    "Sau khi có Quyết định số 1237/QĐ-TTg": ("after_event", {"document": "1237/QĐ-TTg"}),
    "Theo Kế hoạch riêng": ("separate_plan", {}),
    "Nhiệm vụ thường xuyên": ("ongoing", {}),
    "Từ năm 2013 đến năm 2020 và tiếp theo.": ("period", {"start_year": 2013, "end_year": 2020}),
    "Tháng 11, 12/2013 và bổ sung, sửa đổi hàng năm.": ("date", {"date": "2013-12-31"}),
    # kinds read before issue 14 keep their reading
    "Hằng năm": ("annual", {"due": None}),
    "2023 - 2025": ("period", {"start_year": 2023, "end_year": 2025, "start": None}),
    "Theo chỉ đạo của cơ quan cấp trên": ("on_request", {}),
}


@pytest.mark.parametrize("raw", list(CASES))
def test_deadline_text_is_typed(raw: str) -> None:
    kind, fields = CASES[raw]
    deadline = parse_deadline(raw)
    assert deadline is not None and deadline.raw == raw.strip()
    assert deadline.kind == kind, deadline
    for name, value in fields.items():
        assert getattr(deadline, name) == value, (name, deadline)


def test_a_range_of_quarters_is_reported_in_the_years_it_spans() -> None:
    deadline = parse_deadline("Quý IV/2025 - Quý II/2026")
    assert deadline is not None

    def due(year: int) -> bool:
        return task_due_in(
            deadline_kind=deadline.kind,
            start_year=deadline.start_year,
            end_year=deadline.end_year,
            deadline_date=datetime.date.fromisoformat(deadline.date) if deadline.date else None,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )

    assert [due(year) for year in (2024, 2025, 2026, 2027)] == [False, True, True, False]


def _due_in_year(raw: str, year: int) -> bool:
    """Whether a task with this deadline text, saved as plan_import saves it, reports in the
    calendar year `year`."""
    deadline = parse_deadline(raw)
    assert deadline is not None
    return task_due_in(
        deadline_kind=deadline.kind,
        start_year=deadline.start_year,
        end_year=deadline.end_year,
        deadline_date=datetime.date.fromisoformat(deadline.date) if deadline.date else None,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        work_starts_on=datetime.date.fromisoformat(deadline.start) if deadline.start else None,
    )


def test_a_task_already_done_is_never_chased() -> None:
    assert [_due_in_year("Đã hoàn thành", year) for year in (2025, 2026)] == [False, False]


def test_ongoing_work_from_a_month_is_reported_from_the_year_it_starts() -> None:
    raw = "Từ tháng 5/2026, thường xuyên"
    assert [_due_in_year(raw, year) for year in (2025, 2026, 2027)] == [False, True, True]
