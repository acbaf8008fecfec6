"""A plan's task table (rows of cells, any source format) → flat list of TaskDraft. Pure.

Every format reduces its table to rows of cell texts; this module does the rest the same way
for all of them:
- finds the header row by its words ("STT", "Nhiệm vụ", "chủ trì", "phối hợp", "Kết quả",
  "Thời hạn"), also when the header takes two rows ("Cơ quan thực hiện" over "Chủ trì |
  Phối hợp");
- skips the header where it is repeated at page breaks, and rows that only number the columns;
- glues continuation rows (empty STT cell) to the row above, cell by cell;
- nests the numbering styles by order of first appearance (A → I → 1 → 1.1 → 1.1.1, or
  whatever order the document uses) and builds each task's path from its ancestors' codes;
- splits the lead and coordinating cells into assignments and parses the deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...org.mentions import clean_mention, is_collective, split_agency_mentions
from ...org.names import match_key
from .deadlines import parse_deadline
from .drafts import AssignmentDraft, ParseWarning, PlanParseError, TaskDraft
from .markup import is_page_furniture, plain_text

COLUMNS = ("code", "title", "lead", "coordinating", "result", "deadline", "notes")
COLUMN_LABELS = {
    "code": "STT",
    "title": "Nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "coordinating": "Cơ quan phối hợp",
    "result": "Kết quả dự kiến",
    "deadline": "Thời hạn hoàn thành",
    "notes": "Ghi chú",
}
# Header words as match keys, tried in this order for each header cell.
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("code", ("stt", "tt", "so tt", "so thu tu", "thu tu", "ma")),
    ("lead", ("chu tri",)),
    ("coordinating", ("phoi hop",)),
    ("deadline", ("thoi han", "thoi gian", "tien do", "thoi diem", "moc thoi gian")),
    ("result", ("ket qua", "san pham", "dau ra")),
    ("notes", ("ghi chu",)),
    ("title", ("nhiem vu", "noi dung", "hoat dong", "giai phap", "cong viec", "ten")),
    ("lead", ("co quan thuc hien", "don vi thuc hien", "co quan", "don vi", "trach nhiem")),
)
_EXACT_ONLY = {"stt", "tt", "ma", "ten"}

_LETTERS = "ABCDĐEGHIKLMNOPQRSTUVXY"
_ROMAN_RE = re.compile(r"^(M{0,3})(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_CODE_RE = re.compile(r"^(?P<code>[IVXLCDM]+|[A-ZĐ]|[a-zđ]|\d+(?:\.\d+)*|\d+[a-zđ])\s*[.):]?\s*$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text: str) -> int:
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


@dataclass
class Row:
    number: int  # line or row number in the source, for messages
    cells: list[str]


@dataclass
class _Node:
    task: TaskDraft
    style: str
    ordinal: int


@dataclass
class TableResult:
    tasks: list[TaskDraft]
    warnings: list[ParseWarning] = field(default_factory=list)


def _header_column(text: str) -> str | None:
    key = match_key(plain_text(text))
    if not key:
        return None
    for column, words in _HEADER_WORDS:
        for word in words:
            if key == word or (word not in _EXACT_ONLY and re.search(rf"\b{word}\b", key)):
                return column
    return None


_HEADER_CELL_WORDS = 10  # header cells are labels; a longer cell is a task's text
_HEADER_CELL_CHARS = 120


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column → index when these cells are a task table's header, else None."""
    found: dict[str, int] = {}
    if any(len(plain_text(cell).split()) > _HEADER_CELL_WORDS for cell in cells):
        return None
    for index, cell in enumerate(cells):
        column = _header_column(cell)
        if column and column not in found:
            found[column] = index
    if "title" in found and ("code" in found or "lead" in found) and len(found) >= 3:
        return found
    return None


def _merge_header(first: list[str], second: list[str]) -> list[str]:
    width = max(len(first), len(second))
    first = first + [""] * (width - len(first))
    second = second + [""] * (width - len(second))
    return [f"{a} {b}".strip() if a != b else a for a, b in zip(first, second, strict=True)]


def find_header(rows: list[Row]) -> tuple[int, dict[str, int], int] | None:
    """(index of the header's first row, columns, rows the header takes) or None."""
    for index, row in enumerate(rows):
        columns = header_columns(row.cells)
        if columns is None:
            continue
        if index + 1 < len(rows):
            below = rows[index + 1].cells
            words = {c for c in (_header_column(cell) for cell in below) if c}
            if words & {"lead", "coordinating"} and not _CODE_RE.match(plain_text(below[0])):
                merged = header_columns(_merge_header(row.cells, below))
                if merged and {"lead", "coordinating"} <= set(merged):
                    return index, merged, 2
        return index, columns, 1
    return None


def _is_repeated_header(texts: list[str], header_keys: list[str]) -> bool:
    """`texts`: the row's cells as plain text. Long cells are task text, never a label."""
    if any(len(t) > _HEADER_CELL_CHARS for t in texts):
        return False
    keys = [match_key(t) for t in texts]
    filled = [k for k in keys if k]
    if not filled:
        return False
    same = sum(1 for a, b in zip(keys, header_keys, strict=False) if a and a == b)
    if same * 2 >= len(filled) and same >= 2:
        return True
    return header_columns(texts) is not None


def _is_column_numbers(texts: list[str]) -> bool:
    """A row "(1) (2) (3) …" or "1 2 3 …" numbering the columns under the header."""
    if any(len(t) > 8 for t in texts):
        return False
    values = [re.sub(r"[()\s]", "", t) for t in texts if t]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _style(code: str, previous: dict[str, str]) -> str:
    """Numbering style of a code; single letters that are also Roman numerals go by sequence."""
    if re.fullmatch(r"\d+", code):
        return "arabic"
    if re.fullmatch(r"\d+(\.\d+)+", code):
        return f"decimal{code.count('.') + 1}"
    if re.fullmatch(r"\d+[a-zđ]", code):
        return "arabic-letter"
    if re.fullmatch(r"[a-zđ]", code):
        return "lower"
    is_roman = bool(_ROMAN_RE.match(code))
    is_letter = len(code) == 1 and code in _LETTERS
    if is_roman and is_letter:
        last_letter, last_roman = previous.get("letter"), previous.get("roman")
        follows_letter = last_letter is not None and _LETTERS.find(last_letter) + 1 == (
            _LETTERS.find(code)
        )
        follows_roman = last_roman is not None and roman_value(last_roman) + 1 == roman_value(code)
        if follows_letter and not follows_roman:
            return "letter"
        if follows_roman and not follows_letter:
            return "roman"
        if follows_letter and follows_roman:
            return "roman" if code in "IVX" else "letter"
        # Neither continues a sequence: "I" opens a Roman one, other letters an alphabetic one.
        return "roman" if code == "I" else "letter"
    if is_roman:
        return "roman"
    if is_letter:
        return "letter"
    return "other"


def _join(above: str, below: str) -> str:
    if not above:
        return below
    if not below:
        return above
    separator = "\n" if re.match(r"^[-+•*]\s", below) else " "
    return above + separator + below


_CONTINUES_RE = re.compile(r"(?:\s(?:và|của|với|thuộc)|[-–])$")
_CONTINUATION_RE = re.compile(r"^(?:và|của|thuộc)\s")


def unwrap_names(cell: str) -> str:
    """A cell's lines broken inside one agency's name joined back ("Sở Văn hóa, Thể thao" /
    "và Du lịch"): a line that opens on a connective or follows one that ends on one. A line
    that starts another name in lower case ("các cơ quan …") stays apart."""
    out: list[str] = []
    for line in cell.split("\n"):
        if out and line and (_CONTINUATION_RE.match(line) or _CONTINUES_RE.search(out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def assignments_from_cells(lead: str, coordinating: str) -> list[AssignmentDraft]:
    """Each agency or collective named in the two cells, in order, lead first."""
    found: list[AssignmentDraft] = []
    lead, coordinating = _split_labelled(unwrap_names(lead), unwrap_names(coordinating))
    for role, cell in (("lead", lead), ("coordinating", coordinating)):
        for raw in split_agency_mentions(cell):
            mention = clean_mention(raw)
            if not mention:
                continue
            found.append(
                AssignmentDraft(
                    role=role,
                    raw=raw,
                    mention=mention,
                    collective=is_collective(mention) or is_collective(raw),
                )
            )
    return found


_LABEL_RE = re.compile(r"(?im)^\s*[-+•]?\s*(chủ trì|phối hợp)\s*:\s*")


def _split_labelled(lead: str, coordinating: str) -> tuple[str, str]:
    """One "Cơ quan thực hiện" cell written as "Chủ trì: X; Phối hợp: Y" → (X, Y)."""
    if coordinating or not _LABEL_RE.search(lead):
        return lead, coordinating
    parts = _LABEL_RE.split(lead)
    lead_parts, coord_parts = [parts[0]], list[str]()
    for label, text in zip(parts[1::2], parts[2::2], strict=True):
        (coord_parts if label.lower().startswith("ph") else lead_parts).append(text)
    return "\n".join(p for p in lead_parts if p.strip()), "\n".join(coord_parts)


def parse_table(rows: list[Row], *, file: str = "") -> TableResult:
    """Rows of a task table (header included) → tasks in document order, with warnings."""
    located = find_header(rows)
    if located is None:
        raise PlanParseError(
            "không tìm thấy bảng nhiệm vụ (cần dòng tiêu đề có các cột “STT”, “Nhiệm vụ”, "
            "“Cơ quan chủ trì” …)",
            file=file,
        )
    start, columns, height = located
    header_keys = [match_key(plain_text(c)) for c in rows[start].cells]
    result = TableResult(tasks=[])
    merged: list[tuple[int, dict[str, str]]] = []  # (row number, column → text)
    for row in rows[start + height :]:
        texts = [plain_text(c) for c in row.cells]
        if not any(texts):
            continue
        if _is_repeated_header(texts, header_keys) or _is_column_numbers(texts):
            continue
        if sum(1 for t in texts if t) == 1 and any(is_page_furniture(t) for t in texts):
            continue  # a gazette page's running head between two rows
        values = {
            column: texts[index] if index < len(texts) else "" for column, index in columns.items()
        }
        code_cell = values.get("code", "")
        if not code_cell:
            if merged:
                _, above = merged[-1]
                for column, text in values.items():
                    above[column] = _join(above.get(column, ""), text)
                continue
            result.warnings.append(
                ParseWarning(
                    "row_without_number",
                    f"Dòng {row.number}: dòng đầu bảng không có số thứ tự; đã bỏ qua.",
                    row=row.number,
                )
            )
            continue
        merged.append((row.number, values))
    if not merged:
        raise PlanParseError("bảng nhiệm vụ không có dòng nào", file=file, row=rows[start].number)
    _build_tree(merged, result)
    return result


def _build_tree(merged: list[tuple[int, dict[str, str]]], result: TableResult) -> None:
    rank: dict[str, int] = {}  # style → order of first appearance
    last_code: dict[str, str] = {}  # style family → last code seen (letter/roman sequences)
    stack: list[_Node] = []
    seen_paths: dict[str, int] = {}
    for row_number, values in merged:
        code_text = values["code"].split("\n")[0]
        match = _CODE_RE.match(code_text)
        if match:
            code = match.group("code")
        else:
            code = code_text.strip(" .)")
            result.warnings.append(
                ParseWarning(
                    "unrecognised_number",
                    f"Dòng {row_number}: số thứ tự “{code_text}” không theo kiểu đánh số nào "
                    "(A, I, 1, 1.1 …); đã xếp ngang hàng với nhiệm vụ trước.",
                    row=row_number,
                )
            )
        style = _style(code, last_code) if match else (stack[-1].style if stack else "other")
        if match and style in ("letter", "roman"):
            last_code[style] = code
        if style not in rank:
            rank[style] = len(rank)
        while stack and rank[stack[-1].style] >= rank[style]:
            stack.pop()
        parent = stack[-1].task if stack else None
        path = f"{parent.path}/{code}" if parent else code
        if path in seen_paths:
            result.warnings.append(
                ParseWarning(
                    "duplicate_number",
                    f"Dòng {row_number}: số thứ tự “{path}” đã dùng ở dòng {seen_paths[path]}; "
                    "văn bản đánh số trùng, cần rà soát.",
                    path=path,
                    row=row_number,
                )
            )
        else:
            seen_paths[path] = row_number
        title = values.get("title", "")
        if not title:
            result.warnings.append(
                ParseWarning(
                    "task_without_title",
                    f"Dòng {row_number}: nhiệm vụ “{path}” không có nội dung.",
                    path=path,
                    row=row_number,
                )
            )
        task = TaskDraft(
            path=path,
            code=code,
            parent=parent.path if parent else None,
            leaf=True,
            title=title,
            expected_result=values.get("result", ""),
            assignments=assignments_from_cells(
                values.get("lead", ""), values.get("coordinating", "")
            ),
            deadline=parse_deadline(values.get("deadline", "")),
            row=row_number,
            notes=values.get("notes", ""),
        )
        if parent is not None:
            parent.leaf = False
        result.tasks.append(task)
        stack.append(_Node(task, style, len(result.tasks)))
    for task in result.tasks:
        if task.leaf and task.deadline is not None and task.deadline.kind == "other":
            result.warnings.append(
                ParseWarning(
                    "deadline_unrecognised",
                    f"Nhiệm vụ {task.path}: không nhận ra thời hạn “{task.deadline.raw}”.",
                    path=task.path,
                    row=task.row,
                )
            )
        if task.leaf and not task.assignments:
            result.warnings.append(
                ParseWarning(
                    "task_without_lead",
                    f"Nhiệm vụ {task.path}: không có cơ quan chủ trì.",
                    path=task.path,
                    row=task.row,
                )
            )
