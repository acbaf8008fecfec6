"""The statutory clocks of one subject, as of a day: which are running, done, late.

The rules themselves (due dates, working days, the text of each rule) are in
`registry.deadlines`, with the registry's other clocks; this module only decides which clocks
apply to a subject and reads its dates. Pure: it takes the subject's fields, not a query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dondoc.registry import deadlines

from .models import FROM_PRISON

# A clock is a step someone takes, not a case resolved: its own words for "done".
CLOCK_LABELS = deadlines.STATUS_LABELS | {
    "done_on_time": "Đã thực hiện đúng hạn",
    "done_late": "Đã thực hiện, quá hạn",
}


@dataclass(frozen=True)
class Clock:
    code: str  # "notice", "verification", "helper", "assessment"
    label: str
    deadline: deadlines.Deadline
    done_on: datetime.date | None
    status: str  # a key of deadlines.STATUS_LABELS

    @property
    def status_label(self) -> str:
        return CLOCK_LABELS[self.status]  # type: ignore[index]

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "done_late")

    @property
    def pending(self) -> bool:
        return self.done_on is None


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def parse_quarter(label: str) -> tuple[int, int] | None:
    """ "2026-Q3" → (2026, 3); anything else → None."""
    year, _, quarter = label.partition("-Q")
    if year.isdigit() and quarter in ("1", "2", "3", "4"):
        return int(year), int(quarter)
    return None


def quarter_due(subject: Any, today: datetime.date) -> tuple[int, int] | None:
    """The quarter whose helper report is the next one owed by `today`: the quarter before
    today's, when the person was received before it ended and is still supervised then;
    None when no report is owed (not yet received, or already reported)."""
    year, quarter = deadlines.previous_quarter(*deadlines.quarter_of(today))
    end_month = quarter * 3
    quarter_end = (
        datetime.date(year, end_month + 1, 1) - datetime.timedelta(days=1)
        if end_month < 12
        else datetime.date(year, 12, 31)
    )
    if subject.received_on is None or subject.received_on > quarter_end:
        return None
    if subject.ended_on is not None and subject.ended_on <= quarter_end:
        return None
    done = parse_quarter(subject.assessed_quarter or "")
    if done is not None and done >= (year, quarter):
        return None
    return year, quarter


def clocks(subject: Any, *, today: datetime.date, soon_days: int = 2) -> list[Clock]:
    """Every clock that applies to `subject` as of `today`, in the order of the procedure."""
    found: list[Clock] = []

    def add(code: str, label: str, deadline: deadlines.Deadline, done: Any) -> None:
        if done is None and subject.ended_on is not None:
            return  # supervision over: nothing is owed any more
        state = deadlines.status(deadline.due, today=today, done_on=done, soon_days=soon_days)
        found.append(Clock(code, label, deadline, done, state))

    # The notice is the prison's: late or missing, it is flagged until the person arrives;
    # a person received without a recorded notice owes nothing more on that clock.
    if subject.legal_status in FROM_PRISON and not (
        subject.notice_on is None and subject.received_on is not None
    ):
        add(
            "notice",
            "Thông báo trước khi ra trại",
            deadlines.prerelease_notice_deadline(subject.start_on),
            subject.notice_on,
        )
    if subject.notice_on is not None:
        add(
            "verification",
            "Xác minh nơi cư trú",
            deadlines.residence_verification_deadline(subject.notice_on),
            subject.verified_on,
        )
    if subject.received_on is not None:
        add(
            "helper",
            "Phân công người giúp đỡ",
            deadlines.helper_assignment_deadline(subject.received_on),
            subject.helper_on,
        )
    if subject.ended_on is None:
        owed = quarter_due(subject, today)
        if owed is not None:
            add(
                "assessment",
                f"Báo cáo, xếp loại quý {owed[1]}/{owed[0]}",
                deadlines.helper_report_deadline(*owed),
                None,
            )
    return found
