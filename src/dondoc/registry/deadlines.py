"""Statutory deadlines of case records: crime reports, complaints, denunciations, compensation,
and the clocks of reintegration (pre-release notice, residence verification, helper, quarterly
report).

Pure date arithmetic (no Django): each rule is computed once, in one function, that returns a
`Deadline` carrying the due date and the Vietnamese text of the rule; the `*_due` functions only
read `.due` from it.

Counting, for every rule here:
- the day of receipt or acceptance is not counted: N days after day D end on D + N
  (Civil Code 2015, Art. 147);
- a period in months ends on the same day number N months later, or on the last day of that
  month when it has no such day: 31/12 + 2 months = 28/02 or 29/02 (BLTTHS 2015, Art. 134(1));
- a period in WORKING days (reintegration) skips Saturdays, Sundays and the public holidays of
  the `holidays` package (lunar Tết, Hùng Kings, days off in lieu);
- otherwise a deadline falling on a Saturday, Sunday or public holiday STAYS on that day:
  nothing is moved to the next working day (a deliberate simplification; BLTTHS 2015
  Art. 134(1) does move a month-counted period ending on a rest day, so a caller needing that
  must apply it itself).

Note on state compensation (Law 10/2017/QH14, Luật TNBTCNN 2017): Art. 46 (negotiation: opened
within 02 working days of the damage verification report, closed within 10 days of its start,
15 when complex) was checked against a text of the article found with the search tool; the
figures of Art. 45 (verification), Art. 47 (the decision) and Art. 53-54 (payment) were not
found in a text at hand: they are kept as stated here and can be changed without code through
the setting COMPENSATION_STEP_DAYS (README, "Bồi thường nhà nước").
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Final, Literal

from dondoc.core.dates import add_working_days

Status = Literal["done_on_time", "done_late", "overdue", "due_soon", "open"]

STATUS_LABELS: Final[dict[Status, str]] = {
    "done_on_time": "Đã giải quyết đúng hạn",
    "done_late": "Đã giải quyết quá hạn",
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "open": "Trong hạn",
}

CRIME_REPORT_SOURCE: Final = "BLTTHS 2015, Điều 147"
CRIME_REPORT_RESUMED_SOURCE: Final = "BLTTHS 2015, Điều 149"
COMPLAINT_FIRST_SOURCE: Final = "Luật Khiếu nại 2011, Điều 28"
COMPLAINT_SECOND_SOURCE: Final = "Luật Khiếu nại 2011, Điều 37"
DENUNCIATION_SOURCE: Final = "Luật Tố cáo 2018, Điều 30"


@dataclass(frozen=True)
class Deadline:
    """A due date and the rule that fixed it, as the user reads it."""

    due: date
    rule: str  # "20 ngày kể từ ngày tiếp nhận (BLTTHS 2015, Điều 147)"
    source: str  # "BLTTHS 2015, Điều 147"


def _deadline(due: date, text: str, source: str) -> Deadline:
    return Deadline(due=due, rule=f"{text} ({source})", source=source)


def add_days(start: date, days: int) -> date:
    """`start` + `days` calendar days; the start day itself is not counted."""
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    """`start` + `months` calendar months, clamped to the last day of a shorter month."""
    # BLTTHS 2015 Art. 134(1): the same day number of the later month, else its last day.
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# --- Crime reports (tố giác, tin báo về tội phạm, kiến nghị khởi tố) ----------------------------


def crime_report_deadline(
    received: date,
    *,
    complex: bool = False,
    extended: bool = False,
    resumed: date | None = None,
) -> Deadline:
    """Deadline for the investigating body to decide on a crime report; `resumed`: the day
    of the latest decision to resume it after a suspension (the clock then starts again)."""
    if resumed is not None:
        # BLTTHS 2015 Art. 149(1): after the decision to resume, the report is resolved
        # within 01 month of that decision. (While suspended, no deadline runs: Art. 148.)
        if resumed < received:
            raise ValueError("Ngày phục hồi giải quyết không thể trước ngày tiếp nhận.")
        return _deadline(
            add_months(resumed, 1),
            "01 tháng kể từ ngày ra quyết định phục hồi giải quyết",
            CRIME_REPORT_RESUMED_SOURCE,
        )
    if complex:
        # BLTTHS 2015 Art. 147(2): many complex circumstances, or verification in many places:
        # up to 02 months from receipt.
        due = add_months(received, 2)
        text = (
            "02 tháng kể từ ngày tiếp nhận, vụ việc phức tạp hoặc phải kiểm tra, xác minh "
            "tại nhiều địa điểm"
        )
    else:
        # BLTTHS 2015 Art. 147(1): 20 days from receipt.
        due = add_days(received, 20)
        text = "20 ngày kể từ ngày tiếp nhận"
    if extended:
        # BLTTHS 2015 Art. 147(2): the procuracy may extend ONCE, by up to 02 months counted
        # from the end of the period above. (The Code places this extension in the clause on
        # complex cases; the flag is applied to either period, as the record states it.)
        due = add_months(due, 2)
        text += ", Viện kiểm sát gia hạn một lần thêm 02 tháng"
    return _deadline(due, text, CRIME_REPORT_SOURCE)


def crime_report_due(
    received: date,
    *,
    complex: bool = False,
    extended: bool = False,
    resumed: date | None = None,
) -> date:
    return crime_report_deadline(received, complex=complex, extended=extended, resumed=resumed).due


# --- Complaints (khiếu nại) -------------------------------------------------------------------

# (round, complex, remote) -> days from acceptance.
_COMPLAINT_DAYS: Final[dict[tuple[int, bool, bool], int]] = {
    # Law on Complaints 2011 Art. 28: first resolution.
    (1, False, False): 30,
    (1, True, False): 45,
    (1, False, True): 45,
    (1, True, True): 60,
    # Law on Complaints 2011 Art. 37: second resolution.
    (2, False, False): 45,
    (2, True, False): 60,
    (2, False, True): 60,
    (2, True, True): 70,
}
_COMPLAINT_SOURCES: Final[dict[int, str]] = {1: COMPLAINT_FIRST_SOURCE, 2: COMPLAINT_SECOND_SOURCE}
_COMPLAINT_ROUNDS: Final[dict[int, str]] = {1: "giải quyết lần đầu", 2: "giải quyết lần hai"}


def complaint_deadline(
    accepted: date, *, round: int, complex: bool = False, remote: bool = False
) -> Deadline:
    """Deadline of the first (round 1) or second (round 2) resolution of a complaint."""
    if round not in _COMPLAINT_SOURCES:
        raise ValueError(
            f"Lần giải quyết khiếu nại phải là 1 (lần đầu) hoặc 2 (lần hai), không phải {round}."
        )
    days = _COMPLAINT_DAYS[(round, complex, remote)]
    text = f"{days} ngày kể từ ngày thụ lý, {_COMPLAINT_ROUNDS[round]}"
    if complex:
        text += ", vụ việc phức tạp"
    if remote:
        text += ", ở vùng sâu, vùng xa đi lại khó khăn"
    return _deadline(add_days(accepted, days), text, _COMPLAINT_SOURCES[round])


def complaint_due(
    accepted: date, *, round: int, complex: bool = False, remote: bool = False
) -> date:
    return complaint_deadline(accepted, round=round, complex=complex, remote=remote).due


# --- Complaints in criminal procedure (khiếu nại trong tố tụng hình sự) ----------------------

# Who resolves a complaint against a procedural decision or act, and in how many days, by the
# body or person whose decision it is (BLTTHS 2015, chương XXXIII, Điều 474-477): data, with the
# article and whether it was checked against a text (data/criminal_complaints.json).
CRIMINAL_COMPLAINTS_FILE: Final = Path(__file__).with_name("data") / "criminal_complaints.json"


@dataclass(frozen=True)
class CriminalRound:
    resolver: str  # "Thủ trưởng Cơ quan điều tra"
    days: int  # from the day the complaint is received
    source: str  # "BLTTHS 2015, Điều 475"
    checked: bool  # against a text found (README); else a rule kept configurable


@cache
def criminal_complaint_rules() -> dict[str, tuple[str, tuple[CriminalRound, ...]]]:
    """against → (its label, the rounds it may go through: the last one is final)."""
    data = json.loads(CRIMINAL_COMPLAINTS_FILE.read_text(encoding="utf-8"))
    return {
        key: (
            entry["label"],
            tuple(
                CriminalRound(r["resolver"], int(r["days"]), r["source"], bool(r["checked"]))
                for r in entry["rounds"]
            ),
        )
        for key, entry in data["against"].items()
    }


def criminal_complaint_rounds(against: str) -> int:
    """How many resolutions a complaint against `against` may have (the last is final)."""
    return len(criminal_complaint_rules()[against][1])


def criminal_complaint_deadline(accepted: date, *, round: int, against: str) -> Deadline:
    """Deadline of round `round` of a complaint against a procedural decision or act of
    `against` (criminal_complaint_rules), counted from the day it was received."""
    rules = criminal_complaint_rules()
    if against not in rules:
        raise ValueError(
            f"Khiếu nại trong tố tụng hình sự đối với “{against}”: {', '.join(rules)}."
        )
    label, rounds = rules[against]
    if not 1 <= round <= len(rounds):
        raise ValueError(
            f"Khiếu nại đối với {label}: {len(rounds)} lần giải quyết, không có lần {round}."
        )
    rule = rounds[round - 1]
    final = ", là quyết định giải quyết cuối cùng" if round == len(rounds) else ""
    text = (
        f"{rule.days:02d} ngày kể từ ngày nhận được khiếu nại, do {rule.resolver} giải quyết{final}"
    )
    if not rule.checked:
        text += " (chưa đối chiếu nguyên văn điều luật)"
    return _deadline(add_days(accepted, rule.days), text, rule.source)


# --- Denunciations (tố cáo) -------------------------------------------------------------------

_DENUNCIATION_TEXTS: Final[dict[int, str]] = {
    0: "30 ngày kể từ ngày thụ lý",
    1: "60 ngày kể từ ngày thụ lý, vụ việc phức tạp, gia hạn một lần 30 ngày",
    2: "90 ngày kể từ ngày thụ lý, vụ việc đặc biệt phức tạp, gia hạn hai lần, mỗi lần 30 ngày",
}


def denunciation_deadline(accepted: date, *, extensions: int = 0) -> Deadline:
    """Deadline to resolve a denunciation, after 0, 1 or 2 extensions."""
    # Law on Denunciations 2018 Art. 30(1): 30 days from acceptance; a complex case may be
    # extended once, a very complex case twice, by up to 30 days each time.
    if extensions not in _DENUNCIATION_TEXTS:
        raise ValueError(
            "Số lần gia hạn giải quyết tố cáo chỉ có thể là 0, 1 hoặc 2 "
            f"({DENUNCIATION_SOURCE}), không phải {extensions}."
        )
    due = add_days(accepted, 30 * (1 + extensions))
    return _deadline(due, _DENUNCIATION_TEXTS[extensions], DENUNCIATION_SOURCE)


def denunciation_due(accepted: date, *, extensions: int = 0) -> date:
    return denunciation_deadline(accepted, extensions=extensions).due


# --- State compensation (bồi thường của Nhà nước) ---------------------------------------------


@dataclass(frozen=True)
class StepRule:
    """One step of resolving a compensation claim, counted from the end of the step before."""

    code: str
    label: str  # what the user reads
    days: int
    complex_days: int
    counted_from: str  # Vietnamese: the event the days run from
    source: str


# Law on State Compensation Liability 2017 (Luật TNBTCNN 2017), the steps after the file is
# accepted (thụ lý, Art. 41), each counted from the day the step before was done, else from its
# due date. Which figures come from a text found and which do not: see the module docstring.
COMPENSATION_STEPS: Final[tuple[StepRule, ...]] = (
    # Art. 45: verify the damage within 15 days of accepting the file; 30 if complex (figures
    # as the plans state them; the text of Art. 45 was not at hand).
    StepRule(
        "verification",
        "Xác minh thiệt hại",
        15,
        30,
        "ngày thụ lý hồ sơ",
        "Luật TNBTCNN 2017, Điều 45",
    ),
    # Art. 46(1)-(2): negotiation opens within 02 working days of the damage verification
    # report and ends within 10 days of its start, 15 if complex. Counted here from the report
    # itself: the stricter reading, and the one an officer can check from the file.
    StepRule(
        "negotiation",
        "Thương lượng việc bồi thường",
        10,
        15,
        "ngày có báo cáo xác minh thiệt hại",
        "Luật TNBTCNN 2017, Điều 46",
    ),
    # Art. 47: the decision to resolve the claim is issued once the negotiation ends (the
    # number of days was not found in a text at hand: 05, configurable).
    StepRule(
        "decision",
        "Quyết định giải quyết bồi thường",
        5,
        5,
        "ngày kết thúc thương lượng",
        "Luật TNBTCNN 2017, Điều 47",
    ),
    # Art. 53-54: the compensation is paid after the decision takes effect, through the
    # finance body (the number of days was not found in a text at hand: 30, configurable).
    StepRule(
        "payment",
        "Chi trả tiền bồi thường",
        30,
        30,
        "ngày ra quyết định giải quyết bồi thường",
        "Luật TNBTCNN 2017, Điều 53, 54",
    ),
)
COMPENSATION_STEP_CODES: Final = tuple(rule.code for rule in COMPENSATION_STEPS)


@dataclass(frozen=True)
class Step:
    """A compensation step with its due date and, once done, the day it was done."""

    code: str
    label: str
    deadline: Deadline
    done_on: date | None = None

    @property
    def due(self) -> date:
        return self.deadline.due


def compensation_steps(
    accepted: date,
    *,
    complex: bool = False,
    verified: date | None = None,
    negotiated: date | None = None,
    decided: date | None = None,
    paid: date | None = None,
    days: dict[str, tuple[int, int]] | None = None,
) -> list[Step]:
    """Each compensation step with its due date; `verified`, `negotiated`, `decided`, `paid`:
    the days each step was done. `days`: {code: (days, days if complex)} overriding the
    figures of COMPENSATION_STEPS (the setting COMPENSATION_STEP_DAYS)."""
    done = {"verification": verified, "negotiation": negotiated, "decision": decided,
            "payment": paid}  # fmt: skip
    order = [accepted, *(day for day in done.values() if day is not None)]
    if verified is not None and verified < accepted:
        raise ValueError("Ngày có báo cáo xác minh thiệt hại không thể trước ngày thụ lý hồ sơ.")
    if order != sorted(order):
        raise ValueError(
            "Các ngày phải theo thứ tự: thụ lý, xác minh xong, thương lượng xong, quyết định, "
            "chi trả."
        )
    overrides = days or {}
    steps: list[Step] = []
    start = accepted
    for rule in COMPENSATION_STEPS:
        simple, hard = overrides.get(rule.code, (rule.days, rule.complex_days))
        count = hard if complex else simple
        due = add_days(start, count)
        text = f"{count:02d} ngày kể từ {rule.counted_from}"
        if complex:
            text += ", vụ việc phức tạp"
        steps.append(
            Step(rule.code, rule.label, _deadline(due, text, rule.source), done.get(rule.code))
        )
        # The next step runs from the day this one was done, else from its due date.
        start = done.get(rule.code) or due
    return steps


def compensation_next_step(steps: list[Step]) -> Step | None:
    """The first step not done yet (the one whose deadline runs), or None when all are."""
    return next((step for step in steps if step.done_on is None), None)


# --- Status -----------------------------------------------------------------------------------


def is_overdue(deadline: date, *, today: date, done_on: date | None) -> bool:
    """The one definition of "quá hạn" (overdue): not done yet, and the due day has passed.
    Something done after its deadline is "đã giải quyết quá hạn" (status "done_late"), no
    longer overdue. Statistics, lists, boards and reminders of records all come here (through
    registry.overdue for the records' fields)."""
    return done_on is None and today > deadline


def status(deadline: date, *, today: date, done_on: date | None = None, soon_days: int = 5) -> str:
    """Where a record stands against its deadline: one of the keys of `STATUS_LABELS`."""
    result: Status
    if done_on is not None:
        # Done on the due day itself is on time.
        result = "done_on_time" if done_on <= deadline else "done_late"
    elif is_overdue(deadline, today=today, done_on=done_on):
        result = "overdue"
    elif (deadline - today).days <= soon_days:
        # Includes the due day itself: not done yet, still in time.
        result = "due_soon"
    else:
        result = "open"
    return result


# --- Reintegration (tái hòa nhập cộng đồng) ---------------------------------------------------

# The reintegration app's clocks take their figures and sources from its versioned rule table,
# `reintegration.rules` (2019 law, from 1/3/2025 without district police, from 1/7/2026 Law
# 127/2025/QH15): change a time limit there. The functions below keep the 2019 figures for the
# callers that count working days and quarters without a version.

# Article numbers of Circular 10/2024/TT-BCA are not cited: the rules below are as the plans
# and the issue state them, to be checked against the circular's text before being shown as
# authoritative (README, "Rules implemented").
PRERELEASE_SOURCE: Final = "Luật Thi hành án hình sự 2019, Điều 45, 46"
CIRCULAR_10_2024: Final = "Thông tư 10/2024/TT-BCA"


def prerelease_notice_deadline(release: date) -> Deadline:
    """The latest day the prison should notify the commune of a release: 02 months before."""
    return _deadline(
        add_months(release, -2),
        "chậm nhất 02 tháng trước ngày chấp hành xong án phạt tù, trại giam thông báo "
        "cho Ủy ban nhân dân cấp xã nơi người đó về cư trú",
        PRERELEASE_SOURCE,
    )


def residence_verification_deadline(notice: date) -> Deadline:
    """Commune police verify where the person will live: 03 working days from the notice."""
    return _deadline(
        add_working_days(notice, 3),
        "03 ngày làm việc kể từ ngày nhận thông báo, Công an cấp xã xác minh nơi cư trú",
        CIRCULAR_10_2024,
    )


def helper_assignment_deadline(received: date) -> Deadline:
    """A helper is assigned to the person within 03 working days of their reception."""
    return _deadline(
        add_working_days(received, 3),
        "03 ngày làm việc kể từ ngày tiếp nhận người về cư trú, phân công người giúp đỡ",
        CIRCULAR_10_2024,
    )


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) of `day`."""
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def helper_report_deadline(year: int, quarter: int) -> Deadline:
    """The helper's report on quarter `quarter` of `year`, with the person's classification
    (A, B, C, D): within the first 05 days of the following quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"Quý phải từ 1 đến 4, không phải {quarter}.")
    next_year, next_month = (year, quarter * 3 + 1) if quarter < 4 else (year + 1, 1)
    return _deadline(
        date(next_year, next_month, 5),
        f"05 ngày đầu của quý tiếp theo, người giúp đỡ báo cáo kết quả quý {quarter}/{year} "
        "và xếp loại",
        CIRCULAR_10_2024,
    )
