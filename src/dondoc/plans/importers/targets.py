"""Numeric targets stated in a plan's text ("chỉ tiêu"): percentages, fractions of units,
reduction ranges, with the year they are due. Pure.

Read from the section of aims and targets when the plan has one ("I. MỤC TIÊU, YÊU CẦU VÀ
CHỈ TIÊU"), else from the whole text, clause by clause (split at ";" and sentence ends):
- "15/15 huyện, thành phố tổ chức tuyên truyền …" → fraction 15 of 15;
- "75% báo cáo viên … được cập nhật", "tỷ lệ giải quyết … đạt trên 95%" → percent, with the
  comparison the words give ("trên", "hơn": >; otherwise at least: ≥);
- "kiềm chế và kéo giảm từ 5% đến 7% tội phạm …" → reduction_range 5 to 7;
- "đến năm 2025, 100% …", and every target of a sentence opened by "Đến năm 2025:" → the
  target year.
"""

from __future__ import annotations

import re

from .drafts import TargetDraft
from .markup import one_line

_SECTION_RE = re.compile(r"^(?:[IVX]{1,4}|\d{1,2})\.\s+(.*)$")
_TARGET_HEADING_RE = re.compile(r"chỉ tiêu|mục tiêu", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^[IVX]{1,4}\.\s")
_ITEM_RE = re.compile(r"^\s*(?:[-+•]\s|[a-zđ]\)|\d{1,2}\.\s)")
_CLAUSE_SPLIT_RE = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ])")
_NUMBER = r"(\d{1,3}(?:[,.]\d{1,2})?)"
_RANGE_RE = re.compile(
    rf"(?:giảm|kiềm chế)[^;%]{{0,60}}?từ\s*{_NUMBER}\s*%?\s*(?:đến|tới|-|–)\s*{_NUMBER}\s*%",
    re.IGNORECASE,
)
_REDUCTION_RE = re.compile(rf"giảm\s*(?:ít nhất\s*|tối thiểu\s*)?{_NUMBER}\s*%", re.IGNORECASE)
_FRACTION_RE = re.compile(
    r"\b(\d{1,3})\s*/\s*(\d{1,3})\s+(?=(?:các\s+)?(?:huyện|xã|phường|tỉnh|thành phố|đơn vị|"
    r"địa phương|cơ quan|trường|cơ sở|quận|thị xã|thị trấn|sở|ban|ngành))",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    rf"(?:(trên|hơn|vượt|ít nhất|tối thiểu|không dưới|không thấp hơn|đạt)\s+)?{_NUMBER}\s*%",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:đến|trong|vào|tới)\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_OPENING_YEAR_RE = re.compile(
    r"^\s*(?:[-+•]\s*)?(?:đến|tới)\s+năm\s+((?:19|20)\d{2})\s*[:,]", re.IGNORECASE
)
# A ceiling ("dưới 24%", "giảm … xuống còn 7,3%", "không quá 5%") is a target of another sense
# than "at least": dondoc's attainment rules know floors only, so a ceiling is not read as one.
_CEILING_RE = re.compile(
    r"(?:dưới|không quá|tối đa|thấp hơn|xuống còn|xuống dưới|còn dưới|còn)\s*$", re.IGNORECASE
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _subject(clause: str, start: int, end: int) -> str:
    """What the figure counts: the words after it, or before it ("tỷ lệ … đạt trên 95%")."""
    after = clause[end:].strip(" ,.:")
    before = re.sub(r"\s*(?:đạt|là|bằng)?\s*(?:khoảng|trên|hơn)?\s*$", "", clause[:start])
    before = before.strip(" ,.:")
    text = after if len(after) >= 12 else before
    text = _OPENING_YEAR_RE.sub("", text)
    text = re.sub(r"^(?:đến|tới)\s+năm\s+\d{4}\s*[:,]?\s*", "", text, flags=re.IGNORECASE)
    return text[:240].strip()


def _scope(paragraphs: list[str]) -> list[str]:
    """The paragraphs of the aims-and-targets section, or every paragraph."""
    lines = [one_line(p).replace("**", "") for p in paragraphs]
    inside, found, scoped = False, False, []
    for line in lines:
        heading = _SECTION_RE.match(line)
        if heading and _ROMAN_RE.match(line):
            inside = bool(_TARGET_HEADING_RE.search(heading.group(1)))
            found = found or inside
            continue
        if inside:
            scoped.append(line)
    return scoped if found else lines


def parse_targets(paragraphs: list[str]) -> list[TargetDraft]:
    targets: list[TargetDraft] = []
    # Lines broken inside a sentence ("100% các" / "vụ có dấu hiệu …") are one text here; a
    # paragraph opened by "- ", "a)" or "1." starts a sentence of its own ("- Đến năm 2025: …").
    text = ""
    for line in _scope(paragraphs):
        text += ("\n" if _ITEM_RE.match(line) else " ") + line
    for sentence in re.split(r"(?<=[.])\s+(?=[A-ZĐÀ-Ỹ])|\n", text.strip()):
        opening = _OPENING_YEAR_RE.match(sentence)
        sentence_year = int(opening.group(1)) if opening else None
        for clause in _CLAUSE_SPLIT_RE.split(sentence):
            clause = clause.strip()
            if not clause:
                continue
            year_match = _YEAR_RE.search(clause)
            year = int(year_match.group(1)) if year_match else sentence_year
            targets.extend(_clause_targets(clause, year))
    return targets


def _clause_targets(clause: str, year: int | None) -> list[TargetDraft]:
    found: list[TargetDraft] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE_RE.finditer(clause):
        found.append(
            TargetDraft(
                kind="reduction_range",
                low=_number(match.group(1)),
                high=_number(match.group(2)),
                subject=_subject(clause, match.start(), match.end()),
                target_year=year,
                raw=clause,
            )
        )
        taken.append(match.span())
    for match in _REDUCTION_RE.finditer(clause):
        if any(a <= match.start() < b for a, b in taken):
            continue
        found.append(
            TargetDraft(
                kind="reduction",
                value=_number(match.group(1)),
                comparison=">=",
                subject=_subject(clause, match.start(), match.end()),
                target_year=year,
                raw=clause,
            )
        )
        taken.append(match.span())
    for match in _FRACTION_RE.finditer(clause):
        part, whole = int(match.group(1)), int(match.group(2))
        if 0 < part <= whole:
            found.append(
                TargetDraft(
                    kind="fraction",
                    value=float(part),
                    of=whole,
                    comparison=">=",
                    subject=_subject(clause, match.start(), match.end()),
                    target_year=year,
                    raw=clause,
                )
            )
    for match in _PERCENT_RE.finditer(clause):
        if any(a <= match.start(2) < b for a, b in taken):
            continue
        if not match.group(1) and _CEILING_RE.search(clause[: match.start()]):
            continue
        word = (match.group(1) or "").lower()
        found.append(
            TargetDraft(
                kind="percent",
                value=_number(match.group(2)),
                comparison=">" if word in ("trên", "hơn", "vượt") else ">=",
                subject=_subject(clause, match.start(), match.end()),
                target_year=year,
                raw=clause,
            )
        )
    return found
