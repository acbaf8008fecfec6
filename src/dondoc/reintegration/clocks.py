"""The statutory clocks of one subject, as of a day: which are running, done, late.

Which rule governs a clock is decided here, and only here: the version of `reintegration.rules`
in force on the day the duty ARISES (the notice or decision received, the person received,
the end of the month or quarter reported on, the end of the term). So a subject registered in
2025 keeps the 2019 law's clocks for what arose before 1 July 2026 and gets Law 127/2025/QH15's
for what arises after. Pure: it takes the subject's fields, not a query.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from dondoc.registry import deadlines

from .models import COMMUNITY_SENTENCES, FROM_PRISON
from .rules import Rule, RuleSet, ruleset_on

# A clock is a step someone takes, not a case resolved: its own words for "done".
CLOCK_LABELS = deadlines.STATUS_LABELS | {
    "done_on_time": "Đã thực hiện đúng hạn",
    "done_late": "Đã thực hiện, quá hạn",
}

# The certificate's clock shows from this many days before the term ends.
TERM_END_HORIZON_DAYS = 30


@dataclass(frozen=True)
class Clock:
    code: str  # a key of RuleSet.rules: "notice", "verification", "summons", "self_report" …
    label: str
    deadline: deadlines.Deadline
    done_on: datetime.date | None
    status: str  # a key of deadlines.STATUS_LABELS
    arises: datetime.date | None = None  # the day the duty arose
    ruleset: RuleSet | None = None  # the version in force on `arises`

    @property
    def status_label(self) -> str:
        return CLOCK_LABELS[self.status]  # type: ignore[index]

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "done_late")

    @property
    def pending(self) -> bool:
        return self.done_on is None

    @property
    def rule(self) -> Rule | None:
        return self.ruleset.rules[self.code] if self.ruleset is not None else None


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def parse_quarter(label: str) -> tuple[int, int] | None:
    """ "2026-Q3" → (2026, 3); anything else → None."""
    year, _, quarter = label.partition("-Q")
    if year.isdigit() and quarter in ("1", "2", "3", "4"):
        return int(year), int(quarter)
    return None


def month_label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def parse_month(label: str) -> tuple[int, int] | None:
    """ "2026-07" → (2026, 7); anything else → None."""
    year, _, month = label.partition("-")
    if len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return int(year), int(month)
    return None


def quarter_end(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, quarter * 3, calendar.monthrange(year, quarter * 3)[1])


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _in_supervision(subject: Any, start: datetime.date, end: datetime.date) -> bool:
    """Whether the subject was under supervision (received, not ended) during [start, end]."""
    if subject.received_on is None or subject.received_on > end:
        return False
    if subject.ended_on is not None and subject.ended_on <= end:
        return False
    until = getattr(subject, "supervision_until", None)
    return until is None or until >= start


def quarter_due(
    subject: Any, today: datetime.date, done_field: str = "assessed_quarter"
) -> tuple[int, int] | None:
    """The quarter whose report is the next one owed by `today`: the quarter before today's,
    when the person was received before it ended and is still supervised then; None when no
    report is owed (not yet received, or already reported). `done_field`: the subject's field
    holding the latest quarter reported ("assessed_quarter", "reviewed_quarter")."""
    year, quarter = deadlines.previous_quarter(*deadlines.quarter_of(today))
    end = quarter_end(year, quarter)
    start = datetime.date(year, quarter * 3 - 2, 1)
    if not _in_supervision(subject, start, end):
        return None
    done = parse_quarter(getattr(subject, done_field, "") or "")
    if done is not None and done >= (year, quarter):
        return None
    return year, quarter


def month_due(subject: Any, today: datetime.date) -> tuple[int, int] | None:
    """The month whose self-report the person owes first: last month if it was never
    reported, else this month (due at its end); None when nothing is owed."""
    previous = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    done = parse_month(getattr(subject, "self_reported_month", "") or "")
    for year, month in (previous, (today.year, today.month)):
        start, end = datetime.date(year, month, 1), month_end(year, month)
        if not _in_supervision(subject, start, end):
            continue
        if done is not None and done >= (year, month):
            continue
        return year, month
    return None


def clocks(subject: Any, *, today: datetime.date, soon_days: int = 2) -> list[Clock]:
    """Every clock that applies to `subject` as of `today`, in the order of the procedure."""
    found: list[Clock] = []
    community = subject.legal_status in COMMUNITY_SENTENCES

    def add(code: str, label: str, arises: datetime.date, counted_from: datetime.date,
            done: Any) -> None:  # fmt: skip
        if done is None and subject.ended_on is not None:
            return  # supervision over: nothing is owed any more
        ruleset = ruleset_on(arises)
        deadline = ruleset.deadline(code, counted_from)
        state = deadlines.status(deadline.due, today=today, done_on=done, soon_days=soon_days)
        found.append(Clock(code, label, deadline, done, state, arises, ruleset))

    # The notice is the prison's: late or missing, it is flagged until the person arrives;
    # a person received without a recorded notice owes nothing more on that clock.
    if subject.legal_status in FROM_PRISON and not (
        subject.notice_on is None and subject.received_on is not None
    ):
        due = deadlines.add_months(subject.start_on, -2)
        add("notice", "Thông báo trước khi ra trại", due, subject.start_on, subject.notice_on)
    if subject.notice_on is not None:
        if community:
            # For a community sentence the "notice" is the decision to execute it.
            add("summons", "Triệu tập người chấp hành án, cam kết", subject.notice_on,
                subject.notice_on, getattr(subject, "summoned_on", None))  # fmt: skip
        else:
            add("verification", "Xác minh nơi cư trú", subject.notice_on, subject.notice_on,
                subject.verified_on)  # fmt: skip
    if subject.received_on is not None:
        add("helper", "Phân công người giúp đỡ", subject.received_on, subject.received_on,
            subject.helper_on)  # fmt: skip
    if subject.ended_on is None:
        if community:
            month = month_due(subject, today)
            if month is not None:
                end = month_end(*month)
                add("self_report", f"Người chấp hành án báo cáo tháng {month[1]}/{month[0]}",
                    end, end, None)  # fmt: skip
            review = quarter_due(subject, today, "reviewed_quarter")
            if review is not None:
                end = quarter_end(*review)
                add("supervision_review",
                    f"Nhận xét quá trình chấp hành án quý {review[1]}/{review[0]}",
                    end, end, None)  # fmt: skip
        else:
            owed = quarter_due(subject, today)
            if owed is not None:
                end = quarter_end(*owed)
                add("assessment", f"Báo cáo, xếp loại quý {owed[1]}/{owed[0]}", end, end, None)
    until = subject.supervision_until
    certificate_on = getattr(subject, "certificate_on", None)
    if (
        community
        and until is not None
        and (
            certificate_on is not None
            or today >= until - datetime.timedelta(days=TERM_END_HORIZON_DAYS)
        )
    ):
        add("certificate", f"Hết thời hạn ngày {until:%d/%m/%Y}: cấp giấy chứng nhận",
            until, until, certificate_on)  # fmt: skip
    return found
