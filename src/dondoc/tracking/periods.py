"""Reporting periods from a schedule: labels, titles, data windows and due dates. Pure.

Two rules for the data window (the schedule's `cutoff`):

- ``calendar``: the calendar year, half, quarter or month. When the plan sets the yearly
  report's due date inside the year (seed 000: before 30/11), the reporting year runs from
  one due date to the day before the next (30/11/2023–29/11/2024 for the 2024 report), so
  no day is left out and no report covers days after its own due date.
- ``national``: the fixed cut-off windows of the national reporting regime, Decree
  09/2019/NĐ-CP on the reporting regime of state administrative agencies, Article 12:
  monthly from the 15th of the previous month to the 14th of the month; quarterly from the
  15th of the month before the quarter to the 14th of its last month; first half from 15/12
  of the previous year to 14/6, second half from 15/6 to 14/12; yearly from 15/12 of the
  previous year to 14/12.

Due date: the yearly report's day and month when the plan sets them; for other periods
(and yearly ones without a set date) `days_after_end` days after the window ends.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_LABEL_RE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$")
_WHOLE_RE = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class PeriodSpec:
    kind: str  # year, half, quarter, month, whole
    label: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


def _month_start(year: int, month: int) -> datetime.date:
    while month < 1:
        month, year = month + 12, year - 1
    while month > 12:
        month, year = month - 12, year + 1
    return datetime.date(year, month, 1)


def _safe_date(year: int, month: int, day: int) -> datetime.date:
    """29/2 in a common year → 28/2; 31/4 → 30/4."""
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1


def window(kind: str, year: int, number: int, cutoff: str) -> tuple[datetime.date, datetime.date]:
    """The data window of period `number` (1-based) of `kind` in `year`, before due-date rules."""
    months = {"year": 12, "half": 6, "quarter": 3, "month": 1}[kind]
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    if cutoff == "national":  # Decree 09/2019/NĐ-CP Art. 12: from the 15th to the 14th
        start = _month_start(year, first_month - 1).replace(day=15)
        return start, datetime.date(year, last_month, 14)
    end = _day_before(_month_start(year, last_month + 1))
    return _month_start(year, first_month), end


def title_for(kind: str, year: int, number: int) -> str:
    if kind == "year":
        return f"Năm {year}"
    if kind == "half":
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == "quarter":
        return f"Quý {ROMAN[number]} năm {year}"
    return f"Tháng {number} năm {year}"


def label_for(kind: str, year: int, number: int) -> str:
    return {
        "year": f"{year}",
        "half": f"{year}-H{number}",
        "quarter": f"{year}-Q{number}",
        "month": f"{year}-M{number:02d}",
    }[kind]


def parse_label(label: str) -> tuple[str, int, int] | None:
    """ "2024" → ("year", 2024, 1); "2024-H1", "2024-Q3", "2024-M05"; else None."""
    match = _LABEL_RE.match(label.strip().upper())
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return "year", year, 1
    kind = {"H": "half", "Q": "quarter", "M": "month"}[part[0]]
    return kind, year, int(part[1:])


def period_spec(
    kind: str,
    year: int,
    number: int,
    *,
    cutoff: str = "calendar",
    due_day: int | None = None,
    due_month: int | None = None,
    days_after_end: int = 5,
) -> PeriodSpec:
    starts_on, ends_on = window(kind, year, number, cutoff)
    if kind == "year" and due_day and due_month:
        due_on = _safe_date(year, due_month, due_day)
        if due_on <= ends_on:  # the reporting year runs from one due date to the next
            ends_on = _day_before(due_on)
            starts_on = _safe_date(year - 1, due_month, due_day)
    else:
        due_on = ends_on + datetime.timedelta(days=days_after_end)
    return PeriodSpec(
        kind,
        label_for(kind, year, number),
        title_for(kind, year, number),
        starts_on,
        ends_on,
        due_on,
    )


def whole_spec(
    start_year: int, end_year: int, *, last_year: PeriodSpec | None, days_after_end: int = 5
) -> PeriodSpec:
    """The final review over the plan's life ("tổng kết giai đoạn 2021-2025")."""
    starts_on = datetime.date(start_year, 1, 1)
    if last_year is not None:
        ends_on, due_on = last_year.ends_on, last_year.due_on
    else:
        ends_on = datetime.date(end_year, 12, 31)
        due_on = ends_on + datetime.timedelta(days=days_after_end)
    return PeriodSpec(
        "whole",
        f"{start_year}-{end_year}",
        f"Tổng kết giai đoạn {start_year}-{end_year}",
        starts_on,
        ends_on,
        due_on,
    )


COUNTS = {"year": 1, "half": 2, "quarter": 4, "month": 12}


def schedule_specs(
    *,
    frequencies: list[str],
    start_year: int,
    end_year: int,
    cutoff: str = "calendar",
    due_day: int | None = None,
    due_month: int | None = None,
    days_after_end: int = 5,
    final_review: bool = False,
) -> list[PeriodSpec]:
    """Every period of the plan's life, in order of due date."""
    specs: list[PeriodSpec] = []
    for kind in frequencies:
        for year in range(start_year, end_year + 1):
            for number in range(1, COUNTS[kind] + 1):
                specs.append(
                    period_spec(
                        kind,
                        year,
                        number,
                        cutoff=cutoff,
                        due_day=due_day,
                        due_month=due_month,
                        days_after_end=days_after_end,
                    )
                )
    if final_review and end_year > start_year:
        years = [s for s in specs if s.kind == "year" and s.label == str(end_year)]
        specs.append(
            whole_spec(
                start_year,
                end_year,
                last_year=years[0] if years else None,
                days_after_end=days_after_end,
            )
        )
    return sorted(specs, key=lambda s: (s.due_on, -COUNTS.get(s.kind, 0), s.label))


def task_due_in(
    *,
    deadline_kind: str,
    start_year: int | None,
    end_year: int | None,
    deadline_date: datetime.date | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    work_starts_on: datetime.date | None = None,
) -> bool:
    """Whether a task is reported on in a period, by its deadline.

    A task the plan states as already done ("Đã hoàn thành") is reported in no period; a task
    whose work starts on a day ("Từ tháng 5/2026, thường xuyên"), from the period that reaches
    that day. Then: a task set for years ("2023 - 2024") is reported in the periods that overlap
    those years; a task with a date, in the periods that start on or before it; every other task
    (yearly, ongoing, on request, per document, situational, after an event) in every period.
    """
    if deadline_kind == "done":
        return False
    if work_starts_on is not None and ends_on < work_starts_on:
        return False
    if deadline_kind == "period" and start_year and end_year:
        # A reporting year may start in the previous calendar year (15/12 or the last due
        # date): it counts as the year it ends in. A multi-year review overlaps its years.
        first = starts_on.year if (ends_on - starts_on).days > 400 else ends_on.year
        return first <= end_year and ends_on.year >= start_year
    if deadline_kind == "date" and deadline_date is not None:
        return starts_on <= deadline_date
    return True


def is_whole_label(label: str) -> bool:
    return bool(_WHOLE_RE.match(label.strip()))
