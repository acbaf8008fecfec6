"""The reporting schedule a plan sets in its closing section ("Định kỳ hằng năm báo cáo … trước
ngày 30/11 … gửi Ủy ban nhân dân huyện (qua Công an huyện)"). Pure.

What is read, from the clauses (split at ";" and at sentence ends) that speak of reporting:
- frequencies: yearly ("hằng năm", "01 năm"), half-yearly ("06 tháng"), nine months ("09
  tháng"), quarterly ("quý"), monthly ("hằng tháng"), and ad hoc ("đột xuất");
- the due day and month of the yearly report ("trước ngày 30/11", "trước ngày 15 tháng 10");
- the focal agency that receives: the one after "qua" when the report goes to a committee
  through its focal agency, else the one after "gửi (về)" / "về";
- reviews (sơ kết, tổng kết) and their spans ("tổng kết 05 năm");
- the plan's life in years: the span printed in the title ("giai đoạn 2021-2025"), else the
  span of a final review from the year of issue, else the latest year of the task deadlines.
"""

from __future__ import annotations

import re

from dondoc.org.mentions import clean_mention

from .drafts import DocumentHeader, ScheduleDraft, TaskDraft
from .markup import one_line

FREQUENCIES = ("monthly", "quarterly", "half_yearly", "nine_months", "yearly", "ad_hoc")

_REPORT_RE = re.compile(r"báo cáo|gửi (?:về )?.{0,80}(?:tổng hợp|theo dõi)", re.IGNORECASE)
_FREQUENCY_RES = {
    "monthly": re.compile(r"\b(?:hằng|hàng|mỗi) tháng\b", re.IGNORECASE),
    "quarterly": re.compile(r"\b(?:hằng |hàng |mỗi )?quý\b", re.IGNORECASE),
    "half_yearly": re.compile(r"\b(?:0?6|sáu) tháng\b|\bnửa năm\b", re.IGNORECASE),
    "nine_months": re.compile(r"\b(?:0?9|chín) tháng\b", re.IGNORECASE),
    "yearly": re.compile(r"\b(?:hằng|hàng|mỗi) năm\b|\b0?1 năm\b|\bnăm một lần\b", re.IGNORECASE),
}
_PERIODIC_RE = re.compile(r"định kỳ|hằng|hàng (?:năm|quý|tháng)|trước ngày", re.IGNORECASE)
_AD_HOC_RE = re.compile(r"đột xuất", re.IGNORECASE)
_DUE_RE = re.compile(
    r"(?:trước|chậm nhất(?: là)?(?: vào)?|không muộn hơn)\s+ngày\s+(\d{1,2})"
    r"\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\b",
    re.IGNORECASE,
)
_THROUGH_RE = re.compile(r"\(\s*qua\s+([^()]{3,120}?)\s*\)", re.IGNORECASE)
_TO_RE = re.compile(
    r"\b(?:gửi về|gửi|về)\s+((?:Ủy|Uỷ|UBND|Công an|Sở|Phòng|Ban|Văn phòng|Viện|Tòa|Toà|Bộ)"
    r"[^,;.()]{2,100}?)(?=\s+(?:để|trước|chậm nhất|theo|trong)\b|\s*[,;.(]|$)",
)
_REVIEW_RE = re.compile(r"(sơ kết|tổng kết)(?:[^.;]{0,60}?\b(0?\d{1,2}) năm\b)?", re.IGNORECASE)
_REVIEW_SPANS_RE = re.compile(r"(?:định kỳ\s+)?(0?6 tháng|0?1 năm|hằng năm|hàng năm)", re.I)
_SPAN_RE = re.compile(r"\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b")
_UNTIL_RE = re.compile(r"đến năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ])|\n")


def _clauses(paragraphs: list[str]) -> list[str]:
    clauses = []
    for paragraph in paragraphs:
        for clause in _CLAUSE_SPLIT_RE.split(one_line(paragraph)):
            if clause.strip():
                clauses.append(clause.strip())
    return clauses


def _focal(clause: str) -> str:
    through = _THROUGH_RE.search(clause)
    if through:
        return clean_mention(through.group(1))
    to = _TO_RE.search(clause)
    return clean_mention(to.group(1)) if to else ""


def parse_schedule(
    paragraphs: list[str], *, header: DocumentHeader, tasks: list[TaskDraft]
) -> ScheduleDraft:
    """Read the schedule from the paragraphs around the task table (never from its cells)."""
    schedule = ScheduleDraft()
    frequencies: set[str] = set()
    best = 0  # how much the clause kept as `raw` says: due date, focal agency, frequencies
    for clause in _clauses(paragraphs):
        review = _REVIEW_RE.search(clause)
        if review:
            _read_review(schedule, clause, review)
        if not _REPORT_RE.search(clause):
            continue
        if _AD_HOC_RE.search(clause) and "báo cáo" in clause.lower():
            frequencies.add("ad_hoc")
        due = _DUE_RE.search(clause)
        periodic = _PERIODIC_RE.search(clause)
        found = {name for name, pattern in _FREQUENCY_RES.items() if pattern.search(clause)}
        focal = _focal(clause)
        if not (due or periodic):
            if not schedule.recipient and "tổng hợp" in clause:
                schedule.recipient = focal
            continue
        if review and not due and not found - {"half_yearly", "yearly"}:
            found = set()  # "định kỳ 6 tháng, 1 năm, tổ chức sơ kết": reviews, not reports
        frequencies |= found
        if due and schedule.due is None:
            day, month = int(due.group(1)), int(due.group(2))
            if 1 <= day <= 31 and 1 <= month <= 12:
                schedule.due = f"{month:02d}-{day:02d}"
                if not found:  # "báo cáo … trước ngày 15/12" alone: a yearly report
                    frequencies.add("yearly")
        score = 2 * bool(due) + bool(focal) + len(found)
        if (due or found) and score > best:
            schedule.raw, best = clause, score
        if focal and (not schedule.recipient or _THROUGH_RE.search(clause)):
            schedule.recipient = focal
    schedule.frequencies = [name for name in FREQUENCIES if name in frequencies]
    _read_years(schedule, header, tasks)
    return schedule


def _read_review(schedule: ScheduleDraft, clause: str, review: re.Match[str]) -> None:
    if review.group(2):
        schedule.review_years = int(review.group(2))
        _add(schedule.reviews, "final")
    for span in _REVIEW_SPANS_RE.findall(clause):
        _add(schedule.reviews, "half_yearly" if "tháng" in span else "yearly")
    if review.group(1).lower() == "tổng kết" and not review.group(2):
        _add(schedule.reviews, "final")


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _read_years(schedule: ScheduleDraft, header: DocumentHeader, tasks: list[TaskDraft]) -> None:
    title = one_line(header.title or "")
    span = _SPAN_RE.search(title)
    until = _UNTIL_RE.search(title)
    start = header.year
    if span:
        schedule.start_year, schedule.end_year = int(span.group(1)), int(span.group(2))
        return
    schedule.start_year = start
    if start is None:
        return
    if until:
        schedule.end_year = max(start, int(until.group(1)))
    elif schedule.review_years:
        schedule.end_year = start + schedule.review_years - 1
    else:  # the latest deadline; none: open-ended (a regulation), periods follow the calendar
        ends = [
            t.deadline.end_year for t in tasks if t.deadline is not None and t.deadline.end_year
        ]
        schedule.end_year = max([start, *ends]) if ends else None
