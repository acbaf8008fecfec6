"""Head paragraphs + table rows → PlanDraft with the cross-checks a reviewer must see. Pure."""

from __future__ import annotations

import datetime
import re

from dondoc.core.dates import vn_date

from .drafts import DocumentHeader, ParseWarning, PlanDraft, PlanParseError
from .header import HARD_WRAPPED_LINES, find_appendix_reference, parse_header
from .markup import is_page_furniture, one_line
from .narrative import ITEM_START_RE, parse_narrative
from .regulation import is_regulation, parse_regulation
from .schedule import parse_schedule
from .table import Row, parse_table
from .targets import parse_targets


def build_plan(
    paragraphs: list[str],
    rows: list[Row],
    *,
    file: str = "",
    source_format: str = "",
    header: DocumentHeader | None = None,
) -> PlanDraft:
    """`header` is given by formats that carry it as fields (the XLSX template). Without
    `rows` (no task table), the tasks are read from the text (importers.narrative)."""
    paragraphs = [
        "\n".join(line for line in p.split("\n") if not is_page_furniture(line)) for p in paragraphs
    ]
    header = header if header is not None else parse_header(paragraphs)
    if rows:
        table = parse_table(rows, file=file)
        tasks, task_warnings = table.tasks, table.warnings
    else:
        wrapped = any(p.count("\n") >= HARD_WRAPPED_LINES for p in paragraphs)
        lines = [line for p in paragraphs for line in (reflowed(p) if wrapped else p.split("\n"))]
        lines = lines[attached_document_start(lines) :]
        read = parse_regulation if is_regulation(lines) else parse_narrative
        tasks, task_warnings = read(lines)
        if not any(task.leaf for task in tasks):
            raise no_table_error(paragraphs, file=file)
    draft = PlanDraft(document=header, tasks=tasks, source_format=source_format)
    lines = [one_line(p) for p in paragraphs]
    draft.appendix = find_appendix_reference(lines)
    if not header.type and not header.symbol and not header.title:
        if not rows:
            raise PlanParseError(
                "không nhận ra phần đầu của văn bản (số, ký hiệu, loại văn bản, trích yếu)",
                file=file,
            )
        # An appendix sent on its own: its table is read; the officer completes the header.
        draft.warn(
            "header_missing",
            "Không thấy phần đầu của văn bản (số, ký hiệu, loại văn bản, trích yếu): có thể là "
            "phụ lục tách riêng; hãy nhập số, ngày và cơ quan ban hành khi rà soát.",
        )
    draft.schedule = parse_schedule(paragraphs, header=header, tasks=draft.tasks)
    draft.targets = parse_targets(paragraphs)
    _number_from_attachment(draft)
    draft.warnings.extend(_header_warnings(draft))
    draft.warnings.extend(task_warnings)
    draft.warnings.extend(_reading_warnings(draft, paragraphs, table_read=bool(rows)))
    return draft


_SENTENCE_END = (".", ":", ";", "!", "?")


def reflowed(paragraph: str) -> list[str]:
    """The lines of a paragraph of a hard-wrapped text (one with no blank line, cut every sixty
    characters: "1. Thường trực" / "Hội đồng nhân dân tỉnh:"), joined back into the sentences
    and items they were cut from: a line goes on from the one before unless that one ends a
    sentence or the line starts an item."""
    parts = paragraph.split("\n")
    out: list[str] = []
    for line in parts:
        text = line.strip()
        if not text:
            continue
        ended = not out or out[-1].rstrip(" *").endswith(_SENTENCE_END)
        if not ended and not ITEM_START_RE.match(text):
            out[-1] = f"{out[-1].rstrip()} {text}"
        else:
            out.append(text)
    return out


# "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …", "Phê duyệt Chương trình hành động …".
_ISSUES_ATTACHED_RE = re.compile(
    r"^\W*Điều\s+1\s*[.:]?.*?\b(?:ban hành|phê duyệt)\b.*?\b(?:kế hoạch|chương trình|đề án"
    r"|phương án)\b",
    re.IGNORECASE,
)
_ATTACHED_TITLE_RE = re.compile(r"^\W*(KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN)(?:\s|$|\W)")


def attached_document_start(lines: list[str]) -> int:
    """Where the plan or programme a decision issues begins (its own title line, printed after
    the decision's Điều 1-3 and signature), or 0. The document stays the decision (its number,
    date, issuer); the tasks are the attached plan's, not the decision's articles."""
    issuing = next(
        (i for i, line in enumerate(lines) if _ISSUES_ATTACHED_RE.match(one_line(line))), None
    )
    if issuing is None:
        return 0
    for index in range(issuing + 1, len(lines)):
        text = one_line(lines[index])
        if _ATTACHED_TITLE_RE.match(text) and text[:12] == text[:12].upper():
            return index
    return 0


_APPENDIX_HEADING_RE = re.compile(r"^\W*(PHỤ LỤC|DANH MỤC NHIỆM VỤ|BẢNG PHÂN CÔNG)\b")
_MANY_WITHOUT_LEAD = 1 / 3  # a larger share of tasks without a lead is worth a warning


def _reading_warnings(
    draft: PlanDraft, paragraphs: list[str], *, table_read: bool
) -> list[ParseWarning]:
    """What the officer must know about the reading itself: an appendix dondoc did not read as
    a table, and a plan where many tasks came out without a lead."""
    warnings: list[ParseWarning] = []
    if not table_read:
        heading = next(
            (one_line(p) for p in paragraphs if _APPENDIX_HEADING_RE.match(one_line(p))), None
        )
        if heading:
            warnings.append(
                ParseWarning(
                    "appendix_not_read",
                    f"Văn bản có “{heading[:80]}” nhưng không đọc được bảng nhiệm vụ trong đó; "
                    "các nhiệm vụ được đọc từ phần nội dung: hãy đối chiếu với phụ lục.",
                )
            )
    leaves = draft.leaves
    without = [t for t in leaves if not any(a.role == "lead" for a in t.assignments)]
    if len(leaves) >= 3 and len(without) > len(leaves) * _MANY_WITHOUT_LEAD:
        warnings.append(
            ParseWarning(
                "many_without_lead",
                f"{len(without)}/{len(leaves)} nhiệm vụ không có cơ quan chủ trì: hãy chỉ định "
                "khi rà soát.",
            )
        )
    return warnings


def _vn(iso: str) -> str:
    """ "2022-08-09" → "09/8/2022", as dates are written in the documents."""
    return vn_date(datetime.date.fromisoformat(iso))


def _number_from_attachment(draft: PlanDraft) -> None:
    """A regulation printed after the decision that issues it (seed 003) has no "Số:" line of
    its own; the decision's number is in "(Kèm theo Quyết định số 1320/QĐ-UBND …)"."""
    header, appendix = draft.document, draft.appendix
    if header.number is not None or appendix is None or not appendix.number:
        return
    if header.type_name and appendix.kind.lower() != header.type_name.lower():
        return
    header.number = appendix.number
    header.symbol = header.symbol or appendix.number.split("/", 1)[-1]
    header.type = header.type or header.symbol.split("-")[0]
    header.type_name = header.type_name or appendix.kind
    taken = f"số {appendix.number}"
    if header.year is None and appendix.date:
        # A decision whose header block is lost (773/QĐ-TTg): its date stands in the caption too.
        header.date = appendix.date
        header.year, header.month, header.day = (int(p) for p in appendix.date.split("-"))
        taken += f" và ngày {_vn(appendix.date)}"
    draft.warn(
        "number_from_attachment",
        f"Văn bản không có dòng “Số:”; {taken} lấy từ dòng “{appendix.raw}”.",
    )


def _header_warnings(draft: PlanDraft) -> list[ParseWarning]:
    header, appendix = draft.document, draft.appendix
    warnings: list[ParseWarning] = []
    if header.number is None:
        warnings.append(
            ParseWarning(
                "number_missing",
                "Văn bản chưa có số"
                + (f" (“Số: /{header.symbol}”)" if header.symbol else "")
                + ": có thể là bản dự thảo.",
            )
        )
    if header.year is None:
        warnings.append(ParseWarning("date_missing", "Không tìm thấy ngày ban hành."))
    elif header.date is None:
        missing = "ngày" if header.day is None else "tháng" if header.month is None else "ngày"
        warnings.append(
            ParseWarning(
                "date_incomplete",
                f"Ngày ban hành để trống {missing} (tháng {header.month or '…'} năm "
                f"{header.year}): có thể là bản dự thảo.",
            )
        )
    if not header.issuer:
        warnings.append(ParseWarning("issuer_missing", "Không xác định được cơ quan ban hành."))
    if appendix is not None:
        if appendix.number and header.number and appendix.number != header.number:
            warnings.append(
                ParseWarning(
                    "appendix_number_mismatch",
                    f"Phụ lục ghi “kèm theo {appendix.kind} số {appendix.number}” nhưng văn bản "
                    f"có số {header.number}.",
                )
            )
        if appendix.date and header.date and appendix.date != header.date:
            warnings.append(
                ParseWarning(
                    "appendix_date_mismatch",
                    f"Dòng “Kèm theo …” ghi ngày {_vn(appendix.date)} nhưng văn bản ghi ngày "
                    f"{_vn(header.date)}.",
                )
            )
    return warnings


def no_table_error(paragraphs: list[str], *, file: str = "") -> PlanParseError:
    """Why a file without a task table is refused: not a plan at all, or a narrative plan."""
    header = parse_header(paragraphs)
    if not header.symbol and not header.type:
        return PlanParseError(
            "tệp không phải là kế hoạch: không có số, ký hiệu và tên loại văn bản (Kế hoạch, "
            "Quyết định …) cũng không có bảng phân công nhiệm vụ",
            file=file,
        )
    kind = header.type_name or "văn bản"
    return PlanParseError(
        f"{kind} {header.number or ''} không có bảng phân công nhiệm vụ (các cột STT, Nhiệm vụ, "
        "Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn) và không tìm thấy nhiệm vụ trong nội dung "
        "(các mục “1. …” với các hoạt động “a) …” hoặc “(1) …” và phần “Phân công”)".replace(
            "  ", " "
        ),
        file=file,
    )
