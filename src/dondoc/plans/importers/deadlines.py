"""A deadline cell → Deadline(kind, raw, …). Pure.

Kinds (DESIGN.md §5): `annual` ("Hàng năm", "Hằng năm", "định kỳ hằng năm"), `period`
("2023 - 2025", "Giai đoạn 2021-2025", "Năm 2024"), `date` ("Trước ngày 30/11/2023",
"Tháng 12/2023", "Quý III/2024"), `per_document` ("Thực hiện theo Quyết định số
1252/QĐ-TTg …"), `on_request` ("Theo chỉ đạo của cơ quan cấp trên", "Theo yêu cầu …",
"Theo kế hoạch do cơ quan chủ trì đề xuất", "Theo quy định, thông báo của cơ quan có
thẩm quyền"), `situational` ("Căn cứ vào tình hình thực tế", "Khi có phát sinh"),
`ongoing` ("Thường xuyên", "Liên tục", "Nhiệm vụ thường xuyên": due every reporting period),
`done` ("Đã hoàn thành"), `after_event` ("Sau khi có Nghị định hướng dẫn …": due once
something else has happened), `separate_plan` ("Theo Kế hoạch riêng": a plan of its own sets
it), and `other` for a text no rule knows (kept raw and flagged). A text that says several
things ("Hàng năm hoặc theo tiến độ …") takes the kind that comes first in it.

Dates read: "Trước ngày 30/11/2025", "6/2025" and "Tháng 10/2025" (the month's last day),
"Quý II/2025" (the quarter's last day); ranges "Quý IV/2025 - Quý II/2026", "Từ quý III/2026
đến quý III/2030", "Tháng 5 - tháng 8/2026" are a `period` with its first and last day; "Từ
tháng 5/2026, thường xuyên" and "Từ tháng 11/2013 trở đi" are `ongoing` from `start`; "2025 và
những năm tiếp theo" is `annual` from 2025; "Tháng 12 hằng năm", "Trước ngày 15/12 hằng năm"
are `annual` with the day they fall due each year (`due`, "MM-DD").
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


def _quarter_bounds(text: str, year: str) -> tuple[str | None, str | None]:
    number = int(text) if text.isdigit() else _ROMAN.get(text.lower(), 0)
    if not 1 <= number <= 4:
        return None, None
    return _iso(int(year), number * 3 - 2, 1), _month_end(int(year), number * 3)


def _bounds(unit: str, value: str, year: str) -> tuple[str | None, str | None]:
    """First and last day of "quý II/2025", "tháng 5/2026" or "năm 2026"."""
    if unit == "quy":
        return _quarter_bounds(value, year)
    if unit == "thang":
        month = int(value)
        return (
            (_iso(int(year), month, 1), _month_end(int(year), month))
            if 1 <= month <= 12
            else (
                None,
                None,
            )
        )
    return _iso(int(year), 1, 1), _iso(int(year), 12, 31)


def _range(match: re.Match[str], raw: str) -> dict[str, object]:
    """ "Quý IV/2025 - Quý II/2026", "Từ tháng 5/2026 đến tháng 8/2026": first to last day (year
    ranges, "2023 - 2025", are the plain `period` rule's)."""
    end_year = match.group("y2")
    start_year = match.group("y1") or end_year
    start, _ = _bounds(match.group("u1"), match.group("v1"), start_year)
    _, end = _bounds(match.group("u2") or match.group("u1"), match.group("v2"), end_year)
    if start is None or end is None or end < start:
        return {}
    return {"start_year": int(start_year), "end_year": int(end_year), "start": start, "date": end}


def _from_on(match: re.Match[str], raw: str) -> dict[str, object]:
    """ "Từ tháng 5/2026, thường xuyên", "Từ năm 2025 trở đi": ongoing from the first day."""
    start, _ = _bounds(match.group("u"), match.group("v") or "1", match.group("y"))
    return {"start": start, "start_year": int(match.group("y"))}


def _years_on(match: re.Match[str], raw: str) -> dict[str, object]:
    return {"start_year": int(match.group("y"))}


def _annual(match: re.Match[str], raw: str) -> dict[str, object]:
    """Yearly, and by when each year: "Tháng 12 hằng năm", "Trước ngày 15/12 hằng năm"."""
    key = _key(raw)
    day = re.search(r"\bngay (\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\s*[/.-]\s*\d)", key)
    if day and 1 <= int(day.group(2)) <= 12 and 1 <= int(day.group(1)) <= 31:
        return {"due": f"{int(day.group(2)):02d}-{int(day.group(1)):02d}"}
    month = re.search(r"\bthang (\d{1,2})\b(?!\s*[/.-]\s*\d)", key)
    if month and 1 <= int(month.group(1)) <= 12:
        last = calendar.monthrange(2001, int(month.group(1)))[1]  # a common year: 28 February
        return {"due": f"{int(month.group(1)):02d}-{last:02d}"}
    return {}


def _document(match: re.Match[str], raw: str) -> dict[str, object]:
    found = _DOC_NUMBER_RE.search(raw)
    return {"document": re.sub(r"\s+", "", found.group(1)) if found else None}


_Q = (
    r"(?P<{u}>quy|thang)\s*(?P<{v}>iv|iii|ii|i|\d{{1,2}})?"
    r"\s*(?:(?:/|nam)\s*(?P<{y}>(?:19|20)\d\d))?"
)
_RANGE_RE = re.compile(
    r"(?:\btu\s+)?"
    + _Q.format(u="u1", v="v1", y="y1")
    + r"\s*(?:-|–|den|toi)\s*(?:het\s+)?(?:(?P<u2>quy|thang)\s*)?(?P<v2>iv|iii|ii|i|\d{1,2})"
    r"\s*(?:/|nam)\s*(?P<y2>(?:19|20)\d\d)"
)

# Patterns run on _key(text). Order matters only between rules that match at one position.
_RULES: list[Rule] = [
    ("done", re.compile(r"\bda hoan thanh\b"), _nothing),
    ("after_event", re.compile(r"^sau khi\b"), _document),
    (
        "separate_plan",
        re.compile(r"\btheo (?:ke hoach|chuong trinh|de an|phuong an|lich) rieng\b"),
        _nothing,
    ),
    ("period", _RANGE_RE, _range),
    (
        "ongoing",
        re.compile(
            r"^tu\s+(?P<u>thang|quy|nam)\s*(?P<v>iv|iii|ii|i|\d{1,2})?\s*(?:/|nam)?\s*"
            r"(?P<y>(?:19|20)\d\d)\s*,?\s*(?:va\s+)?(?:thuong xuyen|lien tuc|tro di|tro ve sau)"
        ),
        _from_on,
    ),
    (
        "annual",
        re.compile(r"^(?:nam\s+)?(?P<y>(?:19|20)\d\d)\s+va\s+(?:nhung|cac)\s+nam tiep theo"),
        _years_on,
    ),
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
        _annual,
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
    # "6/2025", "Tháng 11, 12/2013": a month and a year without a day.
    (
        "date",
        re.compile(rf"(?<![\d/.])(?P<m>\d{{1,2}})\s*/\s*(?P<y>{_YEAR[1:-1]})(?![\d/])"),
        _month,
    ),
    (
        "period",
        re.compile(
            rf"(?<![\d/])(?:nam )?(?P<start>{_YEAR[1:-1]})\s*(-|den|toi|–)\s*(nam )?"
            rf"(?P<end>{_YEAR[1:-1]})"
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
