"""Period windows and due dates: calendar and Decree 09/2019/NĐ-CP cut-offs, yearly due dates."""

from __future__ import annotations

import datetime

import pytest

from dondoc.tracking.periods import parse_label, period_spec, schedule_specs, task_due_in

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "number", "window"),
    [
        ("year", 1, (D(2023, 12, 15), D(2024, 12, 14))),
        ("half", 1, (D(2023, 12, 15), D(2024, 6, 14))),
        ("half", 2, (D(2024, 6, 15), D(2024, 12, 14))),
        ("quarter", 1, (D(2023, 12, 15), D(2024, 3, 14))),
        ("quarter", 3, (D(2024, 6, 15), D(2024, 9, 14))),
        ("month", 1, (D(2023, 12, 15), D(2024, 1, 14))),
        ("month", 5, (D(2024, 4, 15), D(2024, 5, 14))),
    ],
)
def test_national_cutoff_windows(kind: str, number: int, window: tuple) -> None:
    spec = period_spec(kind, 2024, number, cutoff="national")
    assert (spec.starts_on, spec.ends_on) == window
    assert spec.due_on == window[1] + datetime.timedelta(days=5)


def test_calendar_windows_and_titles() -> None:
    q3 = period_spec("quarter", 2024, 3)
    assert (q3.label, q3.title, q3.starts_on, q3.ends_on) == (
        "2024-Q3",
        "Quý III năm 2024",
        D(2024, 7, 1),
        D(2024, 9, 30),
    )
    h2 = period_spec("half", 2024, 2, days_after_end=10)
    assert (h2.label, h2.title, h2.due_on) == ("2024-H2", "6 tháng cuối năm 2024", D(2025, 1, 10))
    assert period_spec("month", 2024, 2).ends_on == D(2024, 2, 29)


def test_yearly_report_due_inside_the_year_runs_from_due_date_to_due_date() -> None:
    spec = period_spec("year", 2024, 1, due_day=30, due_month=11)
    assert (spec.starts_on, spec.ends_on, spec.due_on) == (
        D(2023, 11, 30),
        D(2024, 11, 29),
        D(2024, 11, 30),
    )
    no_date = period_spec("year", 2024, 1)
    assert (no_date.starts_on, no_date.ends_on, no_date.due_on) == (
        D(2024, 1, 1),
        D(2024, 12, 31),
        D(2025, 1, 5),
    )


def test_schedule_of_seed_002_quarterly_half_yearly_yearly_2021_2025() -> None:
    specs = schedule_specs(
        frequencies=["year", "half", "quarter"], start_year=2021, end_year=2025, final_review=True
    )
    labels = [s.label for s in specs]
    assert len(labels) == 5 * (1 + 2 + 4) + 1 == len(set(labels))
    assert labels[:2] == ["2021-Q1", "2021-Q2"]
    assert labels[-1] == "2021-2025"
    assert all(s.ends_on < s.due_on for s in specs)


def test_labels() -> None:
    assert parse_label("2024") == ("year", 2024, 1)
    assert parse_label("2024-h1") == ("half", 2024, 1)
    assert parse_label("2024-Q3") == ("quarter", 2024, 3)
    assert parse_label("2024-M05") == ("month", 2024, 5)
    assert parse_label("2024-Q5") is None
    assert parse_label("năm 2024") is None


@pytest.mark.parametrize(
    ("kind", "years", "date", "window", "due"),
    [
        ("period", (2023, 2024), None, (D(2023, 11, 30), D(2024, 11, 29)), True),
        ("period", (2023, 2024), None, (D(2024, 11, 30), D(2025, 11, 29)), False),
        ("period", (2024, 2025), None, (D(2022, 12, 15), D(2023, 12, 14)), False),
        ("period", (2024, 2025), None, (D(2021, 1, 1), D(2025, 12, 31)), True),
        ("date", (None, None), D(2024, 6, 30), (D(2024, 1, 1), D(2024, 12, 31)), True),
        ("date", (None, None), D(2024, 6, 30), (D(2025, 1, 1), D(2025, 12, 31)), False),
        ("annual", (None, None), None, (D(2030, 1, 1), D(2030, 12, 31)), True),
    ],
)
def test_task_due_in_period(kind, years, date, window, due) -> None:
    assert (
        task_due_in(
            deadline_kind=kind,
            start_year=years[0],
            end_year=years[1],
            deadline_date=date,
            starts_on=window[0],
            ends_on=window[1],
        )
        is due
    )
