"""Statutory deadlines of case records, each rule at its edges, with exact dates."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from dondoc.registry import deadlines
from dondoc.registry.deadlines import (
    STATUS_LABELS,
    Deadline,
    add_months,
    compensation_steps,
    complaint_deadline,
    complaint_due,
    crime_report_deadline,
    crime_report_due,
    denunciation_deadline,
    denunciation_due,
    status,
)


def test_module_is_pure() -> None:
    tree = ast.parse(Path(deadlines.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert not {name for name in imported if name.split(".")[0] == "django"}


# --- Month arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # leap year: clamped to 29/02
        (date(2022, 12, 31), 2, date(2023, 2, 28)),  # common year: clamped to 28/02
        (date(2024, 7, 31), 2, date(2024, 9, 30)),  # 30-day month
        (date(2024, 3, 15), 2, date(2024, 5, 15)),  # same day number
        (date(2024, 11, 30), 2, date(2025, 1, 30)),  # across the year end
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- Crime reports: BLTTHS 2015 Art. 147 ------------------------------------------------------


def test_crime_report_20_days_exactly() -> None:
    assert crime_report_due(date(2024, 3, 1)) == date(2024, 3, 21)
    assert crime_report_due(date(2023, 12, 31)) == date(2024, 1, 20)
    # 2024-02 has 29 days: 10/02 + 20 days = 01/03 (not 02/03 as in a common year).
    assert crime_report_due(date(2024, 2, 10)) == date(2024, 3, 1)
    assert crime_report_due(date(2023, 2, 10)) == date(2023, 3, 2)


def test_crime_report_complex_two_months_across_month_end_leap_year() -> None:
    assert crime_report_due(date(2023, 12, 31), complex=True) == date(2024, 2, 29)


def test_crime_report_complex_two_months_across_month_end_common_year() -> None:
    assert crime_report_due(date(2022, 12, 31), complex=True) == date(2023, 2, 28)


def test_crime_report_complex_two_months_same_day_number() -> None:
    assert crime_report_due(date(2024, 3, 15), complex=True) == date(2024, 5, 15)


def test_crime_report_extension_adds_two_months_to_the_complex_period() -> None:
    # 31/12/2023 -> 29/02/2024 -> 29/04/2024 (two months after the first period's end).
    assert crime_report_due(date(2023, 12, 31), complex=True, extended=True) == date(2024, 4, 29)


def test_crime_report_extension_adds_two_months_to_the_20_day_period() -> None:
    # 01/03/2024 + 20 days = 21/03/2024, + 2 months = 21/05/2024.
    assert crime_report_due(date(2024, 3, 1), extended=True) == date(2024, 5, 21)


def test_crime_report_deadline_carries_its_rule() -> None:
    assert crime_report_deadline(date(2024, 3, 1)) == Deadline(
        due=date(2024, 3, 21),
        rule="20 ngày kể từ ngày tiếp nhận (BLTTHS 2015, Điều 147)",
        source="BLTTHS 2015, Điều 147",
    )
    extended = crime_report_deadline(date(2023, 12, 31), complex=True, extended=True)
    assert extended.rule == (
        "02 tháng kể từ ngày tiếp nhận, vụ việc phức tạp hoặc phải kiểm tra, xác minh tại nhiều "
        "địa điểm, Viện kiểm sát gia hạn một lần thêm 02 tháng (BLTTHS 2015, Điều 147)"
    )


# --- Complaints: Law on Complaints 2011 Art. 28 and 37 ----------------------------------------

ACCEPTED = date(2024, 1, 1)  # 2024 is a leap year: 01/01 + 60 days = 01/03


@pytest.mark.parametrize(
    ("round_", "complex_", "remote", "expected", "source"),
    [
        (1, False, False, date(2024, 1, 31), "Luật Khiếu nại 2011, Điều 28"),  # 30 days
        (1, True, False, date(2024, 2, 15), "Luật Khiếu nại 2011, Điều 28"),  # 45 days
        (1, False, True, date(2024, 2, 15), "Luật Khiếu nại 2011, Điều 28"),  # 45 days
        (1, True, True, date(2024, 3, 1), "Luật Khiếu nại 2011, Điều 28"),  # 60 days
        (2, False, False, date(2024, 2, 15), "Luật Khiếu nại 2011, Điều 37"),  # 45 days
        (2, True, False, date(2024, 3, 1), "Luật Khiếu nại 2011, Điều 37"),  # 60 days
        (2, False, True, date(2024, 3, 1), "Luật Khiếu nại 2011, Điều 37"),  # 60 days
        (2, True, True, date(2024, 3, 11), "Luật Khiếu nại 2011, Điều 37"),  # 70 days
    ],
)
def test_complaint_rounds_complex_remote(
    round_: int, complex_: bool, remote: bool, expected: date, source: str
) -> None:
    assert complaint_due(ACCEPTED, round=round_, complex=complex_, remote=remote) == expected
    deadline = complaint_deadline(ACCEPTED, round=round_, complex=complex_, remote=remote)
    assert deadline.due == expected
    assert deadline.source == source
    assert deadline.rule.endswith(f"({source})")


def test_complaint_rule_text() -> None:
    deadline = complaint_deadline(ACCEPTED, round=2, complex=True, remote=True)
    assert deadline.rule == (
        "70 ngày kể từ ngày thụ lý, giải quyết lần hai, vụ việc phức tạp, "
        "ở vùng sâu, vùng xa đi lại khó khăn (Luật Khiếu nại 2011, Điều 37)"
    )


@pytest.mark.parametrize("round_", [0, 3, -1])
def test_complaint_round_other_than_1_or_2_refused(round_: int) -> None:
    with pytest.raises(ValueError, match=r"Lần giải quyết khiếu nại phải là 1 \(lần đầu\)"):
        complaint_due(ACCEPTED, round=round_)


# --- Denunciations: Law on Denunciations 2018 Art. 30 -----------------------------------------


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        (0, date(2024, 1, 31)),  # 30 days
        (1, date(2024, 3, 1)),  # 60 days, across 29/02
        (2, date(2024, 3, 31)),  # 90 days
    ],
)
def test_denunciation_extensions(extensions: int, expected: date) -> None:
    assert denunciation_due(ACCEPTED, extensions=extensions) == expected


def test_denunciation_default_is_no_extension() -> None:
    assert denunciation_deadline(ACCEPTED) == Deadline(
        due=date(2024, 1, 31),
        rule="30 ngày kể từ ngày thụ lý (Luật Tố cáo 2018, Điều 30)",
        source="Luật Tố cáo 2018, Điều 30",
    )


@pytest.mark.parametrize("extensions", [3, -1])
def test_denunciation_more_than_two_extensions_refused(extensions: int) -> None:
    with pytest.raises(
        ValueError, match="Số lần gia hạn giải quyết tố cáo chỉ có thể là 0, 1 hoặc 2"
    ):
        denunciation_due(ACCEPTED, extensions=extensions)


# --- State compensation: Law on State Compensation Liability 2017 -----------------------------


def _dues(steps: list[deadlines.Step]) -> list[tuple[str, date]]:
    return [(step.code, step.due) for step in steps]


def test_compensation_without_verified_counts_from_verification_due() -> None:
    steps = compensation_steps(ACCEPTED)
    assert _dues(steps) == [
        ("verification", date(2024, 1, 16)),  # 01/01 + 15
        ("negotiation", date(2024, 1, 26)),  # 16/01 + 10
        ("decision", date(2024, 1, 31)),  # 26/01 + 5
        ("payment", date(2024, 3, 1)),  # 31/01 + 30
    ]
    assert [step.label for step in steps] == [
        "Xác minh thiệt hại",
        "Thương lượng việc bồi thường",
        "Quyết định giải quyết bồi thường",
        "Chi trả tiền bồi thường",
    ]
    assert all(step.done_on is None for step in steps)
    assert steps[0].deadline.rule == (
        "15 ngày kể từ ngày thụ lý hồ sơ (Luật TNBTCNN 2017, Điều 45)"
    )
    assert steps[1].deadline.rule == (
        "10 ngày kể từ ngày có báo cáo xác minh thiệt hại (Luật TNBTCNN 2017, Điều 46)"
    )


def test_compensation_complex_without_verified() -> None:
    assert _dues(compensation_steps(ACCEPTED, complex=True)) == [
        ("verification", date(2024, 1, 31)),  # 01/01 + 30
        ("negotiation", date(2024, 2, 15)),  # 31/01 + 15
        ("decision", date(2024, 2, 20)),
        ("payment", date(2024, 3, 21)),
    ]


def test_compensation_with_verified_counts_from_the_report() -> None:
    assert _dues(compensation_steps(ACCEPTED, verified=date(2024, 1, 10))) == [
        ("verification", date(2024, 1, 16)),
        ("negotiation", date(2024, 1, 20)),  # 10/01 + 10
        ("decision", date(2024, 1, 25)),
        ("payment", date(2024, 2, 24)),
    ]


def test_compensation_complex_with_late_verified() -> None:
    # A report after the verification due date still moves the negotiation deadline.
    assert _dues(compensation_steps(ACCEPTED, complex=True, verified=date(2024, 2, 5))) == [
        ("verification", date(2024, 1, 31)),
        ("negotiation", date(2024, 2, 20)),  # 05/02 + 15
        ("decision", date(2024, 2, 25)),
        ("payment", date(2024, 3, 26)),
    ]


def test_compensation_decision_and_payment_run_from_the_days_done() -> None:
    steps = compensation_steps(
        ACCEPTED, verified=date(2024, 1, 10), negotiated=date(2024, 1, 18),
        decided=date(2024, 1, 22), paid=date(2024, 2, 1),
    )  # fmt: skip
    assert _dues(steps)[2:] == [("decision", date(2024, 1, 23)), ("payment", date(2024, 2, 21))]
    assert [step.done_on for step in steps] == [
        date(2024, 1, 10), date(2024, 1, 18), date(2024, 1, 22), date(2024, 2, 1),
    ]  # fmt: skip
    assert deadlines.compensation_next_step(steps) is None
    assert steps[2].deadline.rule == (
        "05 ngày kể từ ngày kết thúc thương lượng (Luật TNBTCNN 2017, Điều 47)"
    )
    # The figures not found in a text are configurable (setting COMPENSATION_STEP_DAYS).
    longer = compensation_steps(ACCEPTED, decided=date(2024, 2, 1), days={"payment": (60, 90)})
    assert longer[3].due == date(2024, 4, 1)  # 01/02 + 60
    assert deadlines.compensation_next_step(longer).code == "verification"


def test_compensation_days_out_of_order_refused() -> None:
    with pytest.raises(ValueError, match="theo thứ tự"):
        compensation_steps(ACCEPTED, verified=date(2024, 1, 10), negotiated=date(2024, 1, 5))


def test_compensation_report_before_acceptance_refused() -> None:
    with pytest.raises(ValueError, match="không thể trước ngày thụ lý hồ sơ"):
        compensation_steps(ACCEPTED, verified=date(2023, 12, 31))


# --- Status -----------------------------------------------------------------------------------

DUE = date(2024, 3, 15)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 3, 9), "open"),  # due - 6
        (date(2024, 3, 10), "due_soon"),  # due - 5
        (date(2024, 3, 15), "due_soon"),  # due day, not done
        (date(2024, 3, 16), "overdue"),  # due + 1
    ],
)
def test_status_not_done(today: date, expected: str) -> None:
    assert status(DUE, today=today) == expected


@pytest.mark.parametrize(
    ("done_on", "expected"),
    [
        (date(2024, 3, 1), "done_on_time"),
        (date(2024, 3, 15), "done_on_time"),  # done on the due day
        (date(2024, 3, 16), "done_late"),  # a day late
    ],
)
def test_status_done(done_on: date, expected: str) -> None:
    # Once done, today no longer matters.
    assert status(DUE, today=date(2024, 4, 30), done_on=done_on) == expected


def test_status_soon_days_moves_the_window() -> None:
    assert status(DUE, today=date(2024, 3, 9), soon_days=6) == "due_soon"
    assert status(DUE, today=date(2024, 3, 14), soon_days=0) == "open"
    assert status(DUE, today=date(2024, 3, 15), soon_days=0) == "due_soon"


def test_every_status_has_a_vietnamese_label() -> None:
    assert STATUS_LABELS["overdue"] == "Quá hạn"
    assert set(STATUS_LABELS) == {"done_on_time", "done_late", "overdue", "due_soon", "open"}


# --- Reintegration clocks -------------------------------------------------------------------


def test_working_days_skip_weekends_and_lunar_new_year() -> None:
    # Friday 13/02/2026, then Tết (16–20/02/2026): the 3rd working day is Wednesday 25/02.
    assert deadlines.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    # Monday: three ordinary working days.
    assert deadlines.add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 5)
    # Friday 24/04/2026: Hùng Kings (observed 27/04), 30/04 and 01/05 are holidays.
    assert deadlines.add_working_days(date(2026, 4, 24), 3) == date(2026, 5, 4)


def test_verification_and_helper_count_working_days_from_the_day_after() -> None:
    notice = deadlines.residence_verification_deadline(date(2026, 11, 27))  # a Friday
    assert notice.due == date(2026, 12, 2)
    assert "03 ngày làm việc" in notice.rule and "Thông tư 10/2024/TT-BCA" in notice.rule
    assert deadlines.helper_assignment_deadline(date(2026, 11, 30)).due == date(2026, 12, 3)


def test_prerelease_notice_two_months_before_release_clamped() -> None:
    assert deadlines.prerelease_notice_deadline(date(2026, 4, 30)).due == date(2026, 2, 28)
    assert deadlines.prerelease_notice_deadline(date(2026, 1, 15)).due == date(2025, 11, 15)


def test_helper_report_due_on_the_fifth_day_of_the_next_quarter() -> None:
    assert deadlines.helper_report_deadline(2026, 3).due == date(2026, 10, 5)
    assert deadlines.helper_report_deadline(2026, 4).due == date(2027, 1, 5)
    with pytest.raises(ValueError, match="Quý"):
        deadlines.helper_report_deadline(2026, 5)
