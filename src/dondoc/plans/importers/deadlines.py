"""A deadline cell → Deadline(kind, raw, …). Pure.

Kinds (DESIGN.md §5): `annual` ("Hàng năm", "Hằng năm", "định kỳ hằng năm"), `period`
("2023 - 2025", "Giai đoạn 2021-2025", "Năm 2024"), `date` ("Trước ngày 30/11/2023",
"Tháng 12/2023", "Quý III/2024"), `per_document` ("Thực hiện theo Quyết định số
1252/QĐ-TTg …"), `on_request` ("Theo chỉ đạo của cơ quan cấp trên", "Theo yêu cầu …",
"Theo kế hoạch do cơ quan chủ trì đề xuất", "Theo quy định, thông báo của cơ quan có
thẩm quyền"), `situational` ("Căn cứ vào tình hình thực tế", "Khi có phát sinh"),
`ongoing` ("Thường xuyên", "Liên tục": due every reporting period), and `other` for a text
no rule knows (kept raw and flagged). A text that says several things ("Hàng năm hoặc theo
tiến độ …") takes the kind that comes first in it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from ...org.names import strip_diacritics
from .drafts import Deadline

_YEAR = r"((?:19|20)\d\d)"
_DOC_NUMBER_RE = re.compile(r"số\s*(\d+[a-z]?\s*/\s*[\w\-Đđ/]+?)(?=[\s,;.)]|$)", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _key(text: str) -> str:
    """Lower case without diacritics, one space: rules match "Hằng năm" and "Hàng năm" alike."""
    return " ".join(strip_diacritics(text).lower().replace("đ", "d").split())


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return (
            f"{year:04d}-{month:02d}-{day:02d}"
            if 1 <= month <= 12 and day >= 1 and (day <= calendar.monthrange(year, month)[1])
            else None
        )
    except (ValueError, calendar.IllegalMonthError):
        return None


def _month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return _iso(year, month, calendar.monthrange(year, month)[1])


Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], str], dict[str, object]]]


def _nothing(match: re.Match[str], raw: str) -> dict[str, object]:
    return {}


def _period(match: re.Match[str], raw: str) -> dict[str, object]:
    start, end = int(match.group("start")), int(match.group("end") or match.group("start"))
    if end < start:
        start, end = end, start
    return {"start_year": start, "end_year": end}


def _date(match: re.Match[str], raw: str) -> dict[str, object]:
    return {"date": _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))}


def _month(match: re.Match[str], raw: str) -> dict[str, object]:
    return {"date": _month_end(int(match.group("y")), int(match.group("m")))}


def _quarter(match: re.Match[str], raw: str) -> dict[str, object]:
    quarter = match.group("q").lower()
    number = int(quarter) if quarter.isdigit() else _ROMAN.get(quarter, 0)
    return {"date": _month_end(int(match.group("y")), number * 3)} if 1 <= number <= 4 else {}


def _document(match: re.Match[str], raw: str) -> dict[str, object]:
    found = _DOC_NUMBER_RE.search(raw)
    return {"document": re.sub(r"\s+", "", found.group(1)) if found else None}


# Patterns run on _key(text). Order matters only between rules that match at one position.
_RULES: list[Rule] = [
    (
        "per_document",
        re.compile(
            r"\b(thuc hien )?theo (quy dinh tai |tien do tai |noi dung )?"
            r"(quyet dinh|ke hoach|chi thi|nghi quyet|nghi dinh|thong tu|cong van|de an"
            r"|chuong trinh)"
            r" so \d"
        ),
        _document,
    ),
    (
        "on_request",
        re.compile(
            r"\btheo (chi dao|yeu cau|de nghi|huong dan|ke hoach (do|cua)|quy dinh, thong bao"
            r"|thong bao|quy dinh cua|lich)"
            r"|\bkhi (co )?yeu cau\b|\bkhi duoc (yeu cau|giao)\b"
        ),
        _nothing,
    ),
    (
        "situational",
        re.compile(
            r"\bcan cu (vao )?tinh hinh\b|\btinh hinh thuc te\b|\bkhi (co )?phat sinh\b"
            r"|\bdot xuat\b|\bkhi can thiet\b"
        ),
        _nothing,
    ),
    ("ongoing", re.compile(r"\bthuong xuyen\b|\blien tuc\b"), _nothing),
    (
        "annual",
        re.compile(
            r"\b(hang|hang) nam\b|\bmoi nam\b|\bdinh ky (hang |hang )?nam\b"
            r"|\btung nam\b"
        ),
        _nothing,
    ),
    (
        "date",
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>{_YEAR[1:-1]})"
        ),
        _date,
    ),
    (
        "date",
        re.compile(rf"\bngay (?P<d>\d{{1,2}}) thang (?P<m>\d{{1,2}}) nam (?P<y>{_YEAR[1:-1]})"),
        _date,
    ),
    (
        "date",
        re.compile(rf"\bquy (?P<q>iv|iii|ii|i|[1-4])\s*(/|nam)\s*(?P<y>{_YEAR[1:-1]})"),
        _quarter,
    ),
    ("date", re.compile(rf"\bthang (?P<m>\d{{1,2}})\s*(/|nam)\s*(?P<y>{_YEAR[1:-1]})"), _month),
    (
        "period",
        re.compile(
            rf"(?<![\d/])(?P<start>{_YEAR[1:-1]})\s*(-|den|toi|–)\s*(nam )?(?P<end>{_YEAR[1:-1]})"
        ),
        _period,
    ),
    ("period", re.compile(rf"\bnam (?P<start>{_YEAR[1:-1]})(?P<end>)(?![\d/])"), _period),
    ("period", re.compile(rf"^(?P<start>{_YEAR[1:-1]})(?P<end>)$"), _period),
]


def parse_deadline(text: str) -> Deadline | None:
    """None for an empty cell; otherwise a Deadline, `other` when no rule knows the text."""
    raw = " ".join(text.split())
    if not raw:
        return None
    key = _key(raw)
    best: tuple[int, int, Rule, re.Match[str]] | None = None
    for order, rule in enumerate(_RULES):
        match = rule[1].search(key)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, rule, match)
    if best is None:
        return Deadline(kind="other", raw=raw)
    kind, _, extract = best[2]
    values = extract(best[3], raw)
    return Deadline(kind=kind, raw=raw, **values)  # type: ignore[arg-type]
