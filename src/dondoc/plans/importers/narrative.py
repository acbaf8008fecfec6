"""Narrative plans, without a task table (seed 002): tasks and assignments from the text. Pure.

Layout read:
- Roman sections ("II. CÔNG TÁC TRỌNG TÂM"); the objectives and the organisation sections
  (mục tiêu, yêu cầu, chỉ tiêu; tổ chức thực hiện, kinh phí) hold no tasks.
- Numbered sections ("2. Công tác tuyên truyền …") are groups; their lettered items ("a) …")
  or numbered activities ("(1) …") are the tasks. The wrappers "a) Nội dung hoạt động" and
  "b) Phân công" are not tasks: the first holds the activities, the second their assignments.
- Paths as printed without punctuation, skipping the wrappers: activity (3) of section II.2
  is "II/2/3", item đ) of section II.1 is "II/1/đ".
- Assignments: each "Phân công" sentence is cut after each reference to activities ("thực
  hiện tiết (1), (2)"); in each piece the subject (inherited from the previous piece when the
  piece starts with a verb) leads, whether or not it says "chủ trì"; the agencies after
  "phối hợp (với)", "chỉ đạo", "hướng dẫn" coordinate. A piece without reference applies to
  every activity of the section ("Công an các địa phương chủ động phối hợp thực hiện": a
  collective coordinator). A section without "Phân công" takes its lead from the sentence
  that names it ("Công an tỉnh giao Phòng Cảnh sát hình sự là đơn vị chủ trì … phối hợp Công
  an các đơn vị, địa phương thực hiện nội dung này").
- An activity that no sentence gives a lead keeps none, with a warning naming it.
- Lines hard-wrapped in the source (a paragraph starting in lower case) are joined back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from dondoc.core.paths import below, within
from dondoc.org.mentions import is_collective
from dondoc.org.names import match_key

from .deadlines import parse_deadline
from .drafts import AssignmentDraft, ParseWarning, TaskDraft
from .markup import one_line
from .table import assignments_from_cells

_ROMAN_RE = re.compile(r"^([IVX]{1,5})\.\s+(\S.*)$")
# Parts of a long plan: "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG, NHIỆM VỤ …", "D. TỔ CHỨC THỰC HIỆN".
_PART_RE = re.compile(r"^([A-HK-UYĐ])\.\s+(\S.*)$")
# Numbered headings of a section that are fields of its tasks, not tasks: "1. Nội dung, biện
# pháp" (the tasks follow as a), b) …), "2. Cơ quan chủ trì, phối hợp" (a) Cơ quan chủ trì /
# b) Cơ quan phối hợp, then "- " lines), "3. Thời gian thực hiện: Từ năm 2013 …".
_CONTENT_FIELD_RE = re.compile(
    r"^nội dung(?:\s*(?:,|và)?\s*(?:biện pháp|nhiệm vụ|giải pháp|công việc|hoạt động))*\s*:?$",
    re.IGNORECASE,
)
_ASSIGN_FIELD_RE = re.compile(
    r"^(?:(?:cơ quan|đơn vị)\s+)?chủ trì(?:\s*,?\s*(?:phối hợp|thực hiện))*"
    r"\s*(?::\s*(?P<value>.*))?$",
    re.IGNORECASE,
)
_TIME_FIELD_RE = re.compile(
    r"^(?:thời gian|thời hạn|tiến độ)(?:\s+(?:thực hiện|hoàn thành|hoàn tất))?"
    r"\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_ROLE_LABEL_RE = re.compile(
    r"^(?:(?:cơ quan|đơn vị)\s+)?(?P<role>chủ trì|phối hợp|thực hiện)\s*(?::\s*(?P<value>.*))?$",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_LETTER_RE = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_ACTIVITY_RE = re.compile(r"^\((\d{1,2})\)\.?\s*(\S.*)$")
_CONTENT_WRAPPER_RE = re.compile(
    r"^nội dung(?: hoạt động| công việc| thực hiện)?\s*[:.]?$", re.IGNORECASE
)
_ASSIGN_WRAPPER_RE = re.compile(
    r"^phân công(?: (?:thực hiện|nhiệm vụ|trách nhiệm))?\s*[:.]?$", re.IGNORECASE
)
# Sections whose text is not work to follow up: aims, targets, organisation, funding.
_NOT_TASKS_RE = re.compile(
    r"^(?:mục (?:tiêu|đích)|yêu cầu|quan điểm|chỉ tiêu|căn cứ|tình hình|đánh giá|kết quả"
    r"|tổ chức thực hiện|kinh phí|hiệu lực|điều khoản)",
    re.IGNORECASE,
)
# The same, compared without diacritics, which OCR loses ("TO CHỨC THỰC HIỆN").
_NOT_TASKS_KEY_RE = re.compile(
    r"^(?:muc (?:tieu|dich)|yeu cau|quan diem|chi tieu|can cu|tinh hinh|danh gia|ket qua"
    r"|to chuc thuc hien|kinh phi|hieu luc|dieu khoan)\b"
)


def _not_tasks(title: str) -> bool:
    return bool(_NOT_TASKS_RE.match(title) or _NOT_TASKS_KEY_RE.match(match_key(title)))


_REFERENCE_RE = re.compile(
    r"thực hiện\s+(?:các\s+)?(?:tiết|nội dung|hoạt động|điểm)\s*"
    r"((?:\(?\s*\d{1,2}\s*\)?(?:\s*,\s*|\s+và\s+|\s*;\s*(?=\())?)+)",
    re.IGNORECASE,
)
_NUMBERS_RE = re.compile(r"\d{1,2}")
_VERBS = r"chủ trì|phối hợp|chỉ đạo|hướng dẫn|thực hiện|tham mưu|có kế hoạch|chủ động|triển khai"
# "tham mưu" ends an object but not a subject: "Phòng Tham mưu chủ trì".
_SUBJECT_VERBS = (
    rf"{_VERBS}|tiến hành|có trách nhiệm|kịp thời|thường xuyên|theo dõi|thông báo|ban hành|tiếp tục"
)
_SUBJECT_RE = re.compile(rf"^(.*?)\s*(?:,\s*)?(?<!phòng )\b(?:{_SUBJECT_VERBS})\b", re.IGNORECASE)
# Verbs that end a list of agencies when written in lower case; capitalised they start names
# ("Phòng Quản lý đô thị", "Trung tâm Hỗ trợ …").
_LOWER_VERBS = (
    "(?-i:bố trí|rà soát|kiểm tra|tuyên truyền|hỗ trợ|giải quyết|cung cấp|tham gia|đề xuất"
    "|nghiên cứu|quản lý|giám sát|tiếp nhận|đánh giá|thẩm định|tập huấn|tổng hợp|báo cáo"
    "|cập nhật|lập|phát động|thành lập)"
)
_OBJECT_RE = re.compile(
    rf"\b(?:phối hợp(?: chặt chẽ)?(?: với)?|chỉ đạo|hướng dẫn)\s+(.+?)"
    rf"(?=\s*(?:,\s*)?\b(?:{_VERBS}|để|có|theo chức năng|xây dựng|trình|thường xuyên"
    rf"|trao đổi|tiến hành|nhằm|{_LOWER_VERBS})\b|$)",
    re.IGNORECASE,
)
_AGENCY_START_RE = re.compile(
    r"^(?:các |những )?(?:công an|sở|phòng|ủy ban|uỷ ban|ubnd|ban|hội|văn phòng|bộ|tòa|toà|"
    r"viện|cục|đoàn|mặt trận|lực lượng|cơ quan|đơn vị|tỉnh đoàn|huyện đoàn)",
    re.IGNORECASE,
)
_ENUMERATION_RE = re.compile(r"^.*?\bnhư\s*:\s*", re.IGNORECASE)
_WHOLE_SECTION_RE = re.compile(
    r"giao\s+(.+?)\s+là\s+(?:đơn vị|cơ quan)\s+(?:chủ trì|thường trực)", re.IGNORECASE
)


@dataclass
class _Section:
    path: str
    tasks: list[TaskDraft] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # "Phân công" and closing sentences
    # From field headings ("2. Cơ quan chủ trì, phối hợp", "3. Thời gian thực hiện: …"):
    leads: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    deadline: str = ""


_OPEN_EMPHASIS_LINES = 4  # bold opened on one line is closed within this many lines, or not
_CONNECTIVE_END_RE = re.compile(r"(?:\s(?:và|của|với|các|về|cho|tại|trong|thuộc)|[-–,])$")
_CONNECTIVE_WORD_END_RE = re.compile(r"\s(?:và|của|với|các|về|cho|tại|trong|thuộc)$")
ITEM_START_RE = re.compile(
    r"^(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|\(\d{1,2}\)|[-+•]\s|\*\s|Điều\s)"
)


def _rejoin(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Lines a conversion broke inside one heading or name, joined whatever letter starts the
    next line: a bold run opened and closed on different lines ("**III. TỔ CHỨC" / "THỰC HIỆN**"),
    or a short heading ending on a connective ("1. Sở Lao động - Thương binh và" / "Xã hội")."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(paragraphs):
        start, text = index, paragraphs[index]
        index += 1
        if text.count("**") % 2 == 1:
            joined, end = text, index
            while end < len(paragraphs) and end - index < _OPEN_EMPHASIS_LINES:
                joined, end = f"{joined}\n{paragraphs[end]}", end + 1
                if joined.count("**") % 2 == 0:
                    text, index = joined, end
                    break
        plain = one_line(text).replace("**", "").strip()
        while (
            index < len(paragraphs)
            and ITEM_START_RE.match(plain)
            and len(plain) <= 120
            and _CONNECTIVE_END_RE.search(plain)
            and not ITEM_START_RE.match(one_line(paragraphs[index]).replace("**", "").strip())
        ):
            text = f"{text}\n{paragraphs[index]}"
            plain = one_line(text).replace("**", "").strip()
            index += 1
        out.append((start, text))
    return out


def join_wrapped(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Paragraphs as one line each, a paragraph starting in lower case joined to the one before
    (text pasted from web pages and PDFs breaks lines inside sentences); (index, text)."""
    lines: list[tuple[int, str]] = []
    for index, paragraph in _rejoin(paragraphs):
        text = one_line(paragraph).replace("**", "").strip()
        if not text:
            continue
        # A line that ends on a connective ("… Giám đốc các sở, ngành: Nông nghiệp và") goes
        # on on the next, whatever letter starts it ("Phát triển nông thôn; …").
        continues = lines and (
            (text[0].islower() and not _LETTER_RE.match(text))
            or (_CONNECTIVE_WORD_END_RE.search(lines[-1][1]) and not ITEM_START_RE.match(text))
        )
        if continues:
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {text}")
        else:
            lines.append((index, text))
    return lines


def _mentions(text: str) -> list[str]:
    """The agencies a phrase names: "các sở, ban, ngành như: A, B" → the enumeration."""
    text = _ENUMERATION_RE.sub("", text).strip(" ,;:.")
    return [text] if text and _AGENCY_START_RE.match(text) else []


@dataclass
class _Piece:
    lead: str
    coordinating: list[str]
    targets: list[str] | None  # activity codes; None: the whole section


def read_assignment(sentence: str, *, collective_lead: bool = False) -> list[_Piece]:
    """One "Phân công" sentence → pieces, each with its lead, coordinators and activities.
    `collective_lead`: the sentence is a task's own text, so a collective subject ("Các sở,
    ban, ngành …; UBND các huyện …") does the task rather than helping with a section."""
    sentence = re.sub(r"^(?:[-+•]\s*|\*\s+)", "", sentence).strip()
    cuts = [m.end() for m in _REFERENCE_RE.finditer(sentence)]
    bounds = [0, *cuts]
    if not cuts or cuts[-1] < len(sentence.rstrip(" .")):
        bounds.append(len(sentence))
    pieces: list[_Piece] = []
    subject = ""
    for start, end in pairwise(bounds):
        text = sentence[start:end].strip(" ;,.")
        if not text:
            continue
        reference = None
        for match in _REFERENCE_RE.finditer(text):
            reference = match
        targets = _NUMBERS_RE.findall(reference.group(1)) if reference else None
        found = _SUBJECT_RE.match(text)
        own_subject = found.group(1).strip(" ,;:") if found else ""
        if own_subject and _AGENCY_START_RE.match(own_subject):
            subject = own_subject
        elif own_subject and not pieces:
            subject = own_subject  # a subject dondoc does not recognise: kept, to be reviewed
        coordinating: list[str] = []
        for match in _OBJECT_RE.finditer(text[len(own_subject) :] if own_subject else text):
            coordinating += _mentions(match.group(1))
        if not subject or (targets is None and not own_subject):
            continue  # no one named, or the tail of a sentence ("… ở khu vực biên giới")
        if targets is None and is_collective(subject) and not collective_lead:
            # "Công an các địa phương chủ động phối hợp thực hiện", "Công an các đơn vị, địa
            # phương chủ trì, phối hợp thực hiện tại địa phương": helps with every activity;
            # a collective never becomes the lead of a whole section by such a sentence.
            pieces.append(_Piece("", [subject, *coordinating], None))
        else:
            pieces.append(_Piece(subject, coordinating, targets))
    return pieces


def _whole_section(sentence: str) -> _Piece | None:
    """ "Công an tỉnh giao Phòng Cảnh sát hình sự là đơn vị chủ trì … phối hợp Công an các đơn
    vị, địa phương thực hiện nội dung này" → lead and coordinators of the whole section."""
    found = _WHOLE_SECTION_RE.search(sentence)
    if not found:
        return None
    coordinating = []
    for match in _OBJECT_RE.finditer(sentence[found.end() :]):
        coordinating += _mentions(match.group(1))
    return _Piece(found.group(1).strip(), coordinating, None)


def _assign(section: _Section, warnings: list[ParseWarning]) -> None:
    by_code = {task.code: task for task in section.tasks}
    pieces: list[_Piece] = []
    for sentence in section.sentences:
        whole = _whole_section(sentence)
        pieces += [whole] if whole else read_assignment(sentence)
    for piece in pieces:
        targets = list(by_code.values()) if piece.targets is None else []
        for code in piece.targets or []:
            if code in by_code:
                targets.append(by_code[code])
            else:
                warnings.append(
                    ParseWarning(
                        "activity_missing",
                        f"Phân công nhắc tới tiết ({code}) của mục {section.path} nhưng mục "
                        "không có hoạt động này.",
                        path=section.path,
                    )
                )
        for task in targets:
            _add(task, assignments_from_cells(piece.lead, "\n".join(piece.coordinating)))
    for task in section.tasks:
        if not any(a.role == "lead" for a in task.assignments):
            warnings.append(
                ParseWarning(
                    "activity_unassigned",
                    f"Hoạt động {task.path} không được phân công cho đơn vị chủ trì nào: "
                    "cần chỉ định.",
                    path=task.path,
                )
            )


def _add(task: TaskDraft, found: list[AssignmentDraft]) -> None:
    """Add assignments, a named agency once per task (as lead when any piece says so)."""
    for item in found:
        same = next((a for a in task.assignments if a.mention == item.mention), None)
        if same is None:
            task.assignments.append(item)
        elif item.role == "lead" and same.role != "lead":
            same.role = "lead"
    task.assignments.sort(key=lambda a: a.role != "lead")


_FIELD_RE = re.compile(
    r"^[-+•]?\s*(cơ quan (?:thực hiện|chủ trì|phối hợp)|đơn vị (?:thực hiện|chủ trì|phối hợp)"
    r"|thời gian(?: thực hiện| hoàn thành| hoàn tất)?|thời hạn(?:\s+[^\s:]+){0,2}"
    r"|tiến độ(?: thực hiện)?|kết quả(?: dự kiến| đầu ra)?|sản phẩm(?: đầu ra)?)\s*:\s*(.+)$",
    re.IGNORECASE,
)
# One task written as lettered fields: "a) Nhiệm vụ: …", "b) Cơ quan thực hiện:" (then
# "- Đơn vị chủ trì: …", "- Đơn vị phối hợp: …"), "c) Thời gian thực hiện: …".
_LETTERED_FIELD_RE = re.compile(
    r"^(?P<name>nhiệm vụ|nội dung(?: nhiệm vụ)?|cơ quan (?:thực hiện|chủ trì|phối hợp)"
    r"|đơn vị (?:thực hiện|chủ trì|phối hợp)|thời gian(?: thực hiện| hoàn thành| hoàn tất)?"
    r"|thời hạn(?:\s+[^\s:]+){0,2}|tiến độ(?: thực hiện)?|kết quả(?: dự kiến| đầu ra)?"
    r"|sản phẩm(?: đầu ra)?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_BODY_START_RE = re.compile(r"^(?:[IVX]{1,4}|1)\.\s")


def _apply_field(task: TaskDraft, name: str, value: str) -> None:
    """ "- Cơ quan thực hiện: Sở X chủ trì, phối hợp với …", "- Thời gian thực hiện: …"."""
    name = name.lower()
    if name.startswith(("cơ quan", "đơn vị")):
        if "phối hợp" in name:
            _add(task, assignments_from_cells("", value))
        elif "chủ trì" in name:
            _add(task, assignments_from_cells(value, ""))
        else:
            for piece in read_assignment(value) or [_Piece(value, [], None)]:
                _add(task, assignments_from_cells(piece.lead, "\n".join(piece.coordinating)))
    elif name.startswith(("thời", "tiến độ")):
        task.deadline = parse_deadline(value)
    else:
        task.expected_result = value


def _repeated_lines(lines: list[tuple[int, str]]) -> set[str]:
    """A web page's title repeated before each section: short lines seen three times or more."""
    counts: dict[str, int] = {}
    for _, text in lines:
        # Numbered headings and "- " lines repeat by design ("1. Nội dung, biện pháp" in every
        # section, "- Ban Chỉ đạo quốc gia." under every "Cơ quan chủ trì"): never noise.
        # A title in capitals repeated at each chunk of a split text is noise however long.
        short = len(text) <= 100 or (text == text.upper() and len(text) <= 400)
        if short and not ITEM_START_RE.match(text):
            counts[text] = counts.get(text, 0) + 1
    return {text for text, count in counts.items() if count >= 3}


# OCR reads the "I" of a roman heading as "l" or "1": "Il. TỔ CHỨC THỰC HIỆN", "1. TINH THẦN …".
_MISREAD_ROMAN_RE = re.compile(r"^([IVXl1]{1,5})\.\s+(\S.*)$")


def _roman_misread(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Roman headings misread by OCR, given back their numeral: a heading in capitals whose
    numeral holds "l" ("Il.", "IIl."), or "1." in capitals before a "II." heading where no
    "I." heading stands, read as the roman numeral they are."""
    romans = [m.group(1) for _, t in lines if (m := _ROMAN_RE.match(t))]
    out: list[tuple[int, str]] = []
    previous = 0  # the value of the last roman heading
    for index, (row, text) in enumerate(lines):
        found = _MISREAD_ROMAN_RE.match(text)
        title = found.group(2) if found else ""
        misread = ""
        if found and title == title.upper() and any(c.isalpha() for c in title):
            numeral = found.group(1)
            later = [t for _, t in lines[index + 1 :]]
            if "l" in numeral and set(numeral) <= set("Il"):
                misread = numeral  # "Il." for "III.": the heading after the last one
            elif numeral == "1" and "I" not in romans and any(t.startswith("II. ") for t in later):
                misread = numeral
        if text.startswith("©)"):
            text = "c)" + text[2:]  # OCR reads "c)" as the copyright sign
        if misread:
            previous += 1
            text = f"{_ROMANS[previous - 1]}. {title}" if previous <= len(_ROMANS) else text
        elif heading := _ROMAN_RE.match(text):
            previous = _ROMANS.index(heading.group(1)) + 1 if heading.group(1) in _ROMANS else 0
        out.append((row, text))
    return out


# "Mục III. TỔ CHỨC THỰC HIỆN" (a chunker's heading, or the word printed): the roman section.
_SECTION_WORD_RE = re.compile(r"^Mục\s+(?=[IVX]{1,5}\.\s)")

_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _free_code(code: str, section: _Section, tasks: list[TaskDraft] | None = None) -> str:
    """The code an item keeps, or, when OCR read the same letter twice in a section ("đ)" for
    "d)" then "đ)"), the letter after the last one used, so that no two tasks share a path."""
    used = {t.code for t in (tasks if tasks is not None else section.tasks)
            if t.parent == section.path}  # fmt: skip
    used |= {t.code for t in section.tasks if t.parent == section.path}
    if code not in used or code not in _LETTERS:
        return code
    last = max((c for c in used if c in _LETTERS), key=_LETTERS.index)
    following = _LETTERS.index(last) + 1
    return _LETTERS[following] if following < len(_LETTERS) else code


_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


_ORGANISATION_RE = re.compile(r"^tổ chức thực hiện\b", re.IGNORECASE)


def parse_narrative(paragraphs: list[str]) -> tuple[list[TaskDraft], list[ParseWarning]]:
    """Tasks and warnings, see `_read`. A plan whose work sections name no body ("II. NHIỆM VỤ
    VÀ GIẢI PHÁP" states the aims and means) assigns the work in its "Tổ chức thực hiện" section,
    by body ("1. Bộ Lao động - Thương binh và Xã hội" then its duties, or "1.1. Ủy ban nhân dân
    Thành phố:" and its "- " duties): when the first reading leaves any task without a lead and
    that section names bodies, it is read as tasks, and the items elsewhere that name no body
    are the description of that work or its criteria (who qualifies, what a scheme must hold,
    standards), not tasks. A plan whose items all name their body keeps its organisation
    section out."""
    tasks, warnings = _read(paragraphs)
    tasks, warnings = _without_decisions(tasks, warnings)
    leaves = [task for task in tasks if task.leaf]
    unled = [task for task in leaves if not any(a.role == "lead" for a in task.assignments)]
    if leaves and not unled:
        return tasks, warnings
    roots: set[str] = set()
    by_body, by_body_warnings = _read(paragraphs, organisation=roots)
    if not roots:
        return tasks, warnings
    inside = {task.path for task in by_body if task.path.split("/")[0] in roots}
    kept = [
        task
        for task in by_body
        if task.path in inside or not task.leaf or any(a.role == "lead" for a in task.assignments)
    ]
    leaves_kept = [task.path for task in kept if task.leaf]
    kept = [
        task for task in kept if task.leaf or any(below(path, task.path) for path in leaves_kept)
    ]
    if not any(task.leaf for task in kept if task.path in inside):
        return tasks, warnings
    paths = {task.path for task in kept}
    return kept, [w for w in by_body_warnings if not w.path or w.path in paths]


def _led(task: TaskDraft) -> bool:
    return any(a.role == "lead" for a in task.assignments)


def _without_decisions(
    tasks: list[TaskDraft], warnings: list[ParseWarning]
) -> tuple[list[TaskDraft], list[ParseWarning]]:
    """A letter or directive without sections whose numbered items each give a body its work,
    but one of them decides and gives no one anything ("1. Điều chỉnh mức trợ cấp … như sau: a)
    Từ ngày 01 tháng 01 năm 2009, điều chỉnh tăng thêm 15% …", then "2. Bộ Quốc phòng chủ trì
    …"): that item is what the issuer decided, not a task; a warning says so."""
    top = [task for task in tasks if task.parent is None]
    if len(top) < 2 or not all(task.code.isdigit() for task in top):
        return tasks, warnings

    def under(head: TaskDraft) -> list[TaskDraft]:
        return [t for t in tasks if within(t.path, head.path)]

    named = {h.path: any(t.assignments for t in under(h) if t.leaf) for h in top}
    led = {h.path: all(_led(t) for t in under(h) if t.leaf) for h in top}
    deciding = [h for h in top if not named[h.path]]
    if not deciding or not all(led[h.path] for h in top if h not in deciding):
        return tasks, warnings
    dropped = {t.path for h in deciding for t in under(h)}
    kept = [t for t in tasks if t.path not in dropped]
    if not any(t.leaf for t in kept):
        return tasks, warnings
    notes = [w for w in warnings if w.path not in dropped or not w.path]
    for head in deciding:
        notes.append(
            ParseWarning(
                "decision_not_task",
                f"Mục {head.path} (“{one_line(head.title)[:60]}…”) không giao việc cho cơ quan "
                "nào: đọc là nội dung quyết định, không phải nhiệm vụ; hãy thêm nếu cần.",
                path=head.path,
            )
        )
    return kept, notes


def _by_body(lines: list[tuple[int, str]], start: int) -> bool:
    """The section whose heading is at `start` assigns its work by body: most of its numbered
    headings are a body's name ("1. Bộ Quốc phòng", "12. Đài Truyền hình …: Chủ trì …")."""
    numbered = []
    for _, text in lines[start + 1 :]:
        if _ROMAN_RE.match(text) or text.lower().startswith(("nơi nhận", "noi nhận")):
            break
        # "1.1. Ủy ban nhân dân Thành phố:" under "1. Đối với Ủy ban nhân dân các cấp": the
        # sub-headings name the bodies as well as the headings do.
        if number := _NUMBER_RE.match(text) or _SUB_NUMBER_RE.match(text):
            title = number.group(2).strip()
            numbered.append(title.partition(":")[0].strip() if ":" in title else title)
    bodies = [title for title in numbered if is_agency_heading(title.rstrip(" :.")) or
              AGENCY_HEADING_RE.match(title)]  # fmt: skip
    return len(numbered) >= 2 and len(bodies) * 2 > len(numbered)


def _read(
    paragraphs: list[str], *, organisation: set[str] | None = None
) -> tuple[list[TaskDraft], list[ParseWarning]]:
    """Tasks (groups and activities, in order) and warnings; no tasks when none are found.

    Without roman sections (a directive, a short programme), the numbered headings are the
    sections from the first "1." on. A numbered heading that is only an agency's name ("2. Sở
    Y tế:") gives that agency the lead of its items; a numbered heading without items is
    itself a task. "- Cơ quan thực hiện: …", "- Thời gian thực hiện: …" and "- Kết quả: …"
    lines under a task (or a section) set its assignments, deadline and expected result.
    """
    tasks: list[TaskDraft] = []
    warnings: list[ParseWarning] = []
    lines = _roman_misread(
        [(row, _SECTION_WORD_RE.sub("", text)) for row, text in join_wrapped(paragraphs)]
    )
    noise = _repeated_lines(lines)
    has_roman = any(_ROMAN_RE.match(text) for _, text in lines)
    parts = [m.group(1) for _, t in lines if (m := _PART_RE.match(t)) and t == t.upper()]
    has_parts = len(parts) >= 2 and parts[:2] == ["A", "B"]
    part: str | None = None  # the task-holding part ("A." … "D."), when the plan has parts
    roman: str | None = None  # the task-holding roman section ("" without roman sections)
    roman_section: _Section | None = None  # a roman section whose tasks come under field headings
    field_role = ""  # in "2. Cơ quan chủ trì, phối hợp": "lead" or "coordinating"
    section: _Section | None = None
    heads: dict[str, TaskDraft] = {}  # section path → its heading task
    agencies: dict[str, str] = {}  # section path → the agency its heading names
    sections: list[_Section] = []
    mode = "content"
    last: TaskDraft | None = None
    addressee = ""  # "Thủ tướng Chính phủ yêu cầu Chủ tịch UBND các tỉnh …:" before the items
    # A lettered item that is only an agency's name ("a) Tổ đảng ở Thường trực Ủy ban …") with
    # "- " or "* " duties under it: the group of those duties, and its agency.
    group: TaskDraft | None = None
    group_agency = ""
    # A numbered sub-heading ("2.1. …, Đảng đoàn Quốc hội xác định các nhiệm vụ sau:") whose
    # sentence names the body that does the "- " items under it.
    bullet_lead = ""
    body_heading = False  # the sub-heading is only the name of the body that does its items
    steps: set[str] = set()  # tasks read from "2.1.a." items and "2.2. Bước 2: …" steps
    previous = ""
    sent_to = _sent_to(lines)
    numbered_rows = [row for row, text in lines if _NUMBER_RE.match(text)]
    last_numbered = numbered_rows[-1] if numbered_rows else None
    for position, (row, text) in enumerate(lines):
        if text.lower().startswith(("nơi nhận", "noi nhận")):
            break
        if text in noise:
            continue
        part_heading = _PART_RE.match(text) if has_parts and text == text.upper() else None
        if part_heading:
            title = part_heading.group(2).strip()
            part = None if _not_tasks(title) else part_heading.group(1)
            roman, section, last, mode, roman_section = part, None, None, "content", None
            if part:
                tasks.append(TaskDraft(part, part, None, False, title, "", [], None, row))
            continue
        heading = _ROMAN_RE.match(text)
        if heading:
            title = heading.group(2).strip()
            roman = None if _not_tasks(title) else heading.group(1)
            if (
                roman is None
                and organisation is not None
                and _ORGANISATION_RE.match(title)
                and _by_body(lines, lines.index((row, text)))
            ):
                roman = heading.group(1)
                organisation.add(f"{part}/{roman}" if has_parts and part else roman)
            if has_parts and roman:
                roman = f"{part}/{roman}" if part else None
            section, last, mode, roman_section = None, None, "content", None
            if roman:
                code = heading.group(1)
                tasks.append(TaskDraft(roman, code, part, False, title, "", [], None, row))
            continue
        if roman is None and not has_roman and _BODY_START_RE.match(text):
            roman = ""  # a text without roman sections: its numbered headings are sections
            found = _ADDRESSEE_RE.search(previous)
            addressee = found.group(1).strip() if found else ""
            if _GENERIC_ADDRESSEE_RE.match(addressee) and sent_to:
                # "… yêu cầu các địa phương thực hiện như sau:": the bodies the letter is sent to
                addressee = sent_to
        previous = text
        if roman is None:
            continue
        number = _NUMBER_RE.match(text)
        in_roman = bool(roman) and _ROMAN_RE.match(roman.split("/")[-1] + ". x") is not None
        if number and in_roman and roman is not None:
            label = number.group(2).strip().rstrip(".")
            if _CONTENT_FIELD_RE.match(label):
                if roman_section is None:
                    roman_section = _Section(roman)
                    sections.append(roman_section)
                    heads[roman] = next(t for t in reversed(tasks) if t.path == roman)
                section, last, mode = roman_section, None, "content"
                continue
            assign = _ASSIGN_FIELD_RE.match(label)
            if assign and roman_section is not None:
                section, last, mode, field_role = roman_section, None, "fields", "lead"
                if assign.group("value"):
                    roman_section.leads.append(assign.group("value"))
                continue
            when = _TIME_FIELD_RE.match(number.group(2).strip())
            if when and roman_section is not None:
                roman_section.deadline = when.group("value").strip()
                section, last, mode = roman_section, None, "done"
                continue
        if mode == "fields" and roman_section is not None and not number:
            letter = _LETTER_RE.match(text)
            role = _ROLE_LABEL_RE.match(letter.group(2)) if letter else None
            if role:  # "a) Cơ quan chủ trì", "b) Cơ quan phối hợp: …", "b) Đơn vị thực hiện: …"
                field_role = "lead" if role.group("role").lower() == "chủ trì" else "coordinating"
                value = role.group("value") or ""
            elif text.startswith("("):
                continue  # a remark on the agencies, not one of them
            else:
                bullet = _BULLET_RE.match(text)
                value = bullet.group(1) if bullet else text
            if value.strip():
                target = roman_section.leads if field_role == "lead" else roman_section.coordinating
                target.append(value.strip(" .;"))
            continue
        if mode == "done" and not number:
            continue
        if number:
            group, bullet_lead = None, ""
            code, title = number.group(1), number.group(2).strip()
            path = f"{roman}/{code}" if roman else code
            section = _Section(path)
            sections.append(section)
            named, _, duty = title.partition(":")
            if duty.strip() and is_agency_heading(named.strip()):
                # "4. Sở Tư pháp: Phối hợp với Công an tỉnh …": the agency, then its duty
                title = duty.strip()
                agencies[path] = named.strip()
            head = TaskDraft(path, code, roman or None, False, title, "", [], None, row)
            heads[path] = head
            if is_agency_heading(title.rstrip(" :")):
                agencies[path] = title.rstrip(" :")
            tasks.append(head)
            last, mode = None, "content"
            continue
        if section is None:
            continue
        field = _FIELD_RE.match(text)
        if field:
            _apply_field(last or heads[section.path], field.group(1), field.group(2))
            continue
        letter = _LETTER_RE.match(text)
        lettered = _LETTERED_FIELD_RE.match(letter.group(2)) if letter else None
        if lettered and last is None:  # a field of the numbered task, not a task of its own
            head = heads[section.path]
            name, value = lettered.group("name"), lettered.group("value").strip()
            if name.lower().startswith(("nhiệm vụ", "nội dung")):
                head.title = f"{head.title}\n{value}".strip() if value else head.title
            elif value:
                _apply_field(head, name, value)
            continue
        if letter and _CONTENT_WRAPPER_RE.match(letter.group(2)):
            mode, last = "content", None
            continue
        if letter and _ASSIGN_WRAPPER_RE.match(letter.group(2)):
            mode, last = "assign", None
            continue
        if mode == "assign":
            section.sentences.append(text)
            continue
        if (step := _SUB_LETTER_RE.match(text)) and step.group(1) == section.path.split("/")[-1]:
            # "2.1.a. Thành lập Ban Chỉ đạo …:", "4.1.a. Sở Xây dựng nghiên cứu …": a lettered
            # item of the section, under the "2.1." heading that groups it.
            code = _free_code(step.group(2), section)
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, step.group(3), "", [], None,
                row,
            )  # fmt: skip
            group, bullet_lead = None, ""
            steps.add(last.path)
            section.tasks.append(last)
            tasks.append(last)
            continue
        sub = _SUB_NUMBER_RE.match(text)
        if (
            sub
            and sub.group(1) == section.path.split("/")[-1]
            and not bullet_lead
            and position + 1 < len(lines)
            and not ITEM_START_RE.match(lines[position + 1][1])
            and not _FIELD_RE.match(lines[position + 1][1])
            and not is_agency_heading(sub.group(2).strip().rstrip(" :."))
            and not _directed_body(heads[section.path].title)
            and not _acting_body(sub.group(2))
        ):
            # "2.2. Bước 2: Kiểm tra hiện trạng nhà ở …" then its paragraph (and "Thời gian
            # hoàn tất: …"): a step of the section, not a heading of items.
            code = _free_code(text.split(".")[1].strip(), section)
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, sub.group(2), "", [], None,
                row,
            )  # fmt: skip
            group = None
            steps.add(last.path)
            section.tasks.append(last)
            tasks.append(last)
            continue
        if sub and sub.group(1) == section.path.split("/")[-1]:
            # "2.1. …", "2.2. …" inside "2.": headings of the items that follow, not tasks
            named = sub.group(2).strip().rstrip(" :.")
            # "1.1. Ủy ban nhân dân Thành phố:", "2.2. Sở Xây dựng:": the body's own heading.
            bullet_lead = named if is_agency_heading(named) else _acting_body(sub.group(2))
            group, last, body_heading = None, None, bullet_lead == named
            head = heads[section.path]
            doer = _directed_body(head.title) if not bullet_lead else ""
            if doer:
                # "2. UBND các tỉnh chỉ đạo Sở LĐTBXH phối hợp với … thực hiện các nội dung
                # sau:" then "2.1. Tiến hành xem xét lại …": each sub-item is a task of the body
                # item 2 puts to work; the "- " lines under it are its points.
                code = text.split(".")[1].strip()
                last = TaskDraft(
                    f"{section.path}/{code}", code, section.path, True, sub.group(2), "",
                    assignments_from_cells(doer, ""), None, row,
                )  # fmt: skip
                section.tasks.append(last)
                tasks.append(last)
                continue
            head.notes = f"{head.notes}\n{text}".strip()
            continue
        if (
            roman == ""
            and last_numbered is not None
            and row > last_numbered
            and _CLOSING_REQUEST_RE.match(text)
            and (asked := sentence_assignments(text))
        ):
            # The closing request after the last numbered item of a letter: "Đề nghị Ủy ban
            # nhân dân các tỉnh chỉ đạo các Sở, ngành có liên quan … tăng cường kiểm tra …".
            code = str(1 + max(int(t.code) for t in tasks if t.parent is None and t.code.isdigit()))
            last = TaskDraft(code, code, None, True, text, "", asked, None, row)
            section = _Section(code)
            sections.append(section)
            heads[code] = last
            section.tasks.append(last)
            tasks.append(last)
            continue
        if (
            bullet_lead
            and last is not None
            and text.startswith("+")
            and _LISTS_PARTS_RE.search(last.title.split("\n")[0])
        ):
            # "- Lập hồ sơ hoàn công …, bao gồm:" then "+ Đơn đề nghị …": what the duty's file
            # holds, not duties of their own.
            last.title += "\n" + text
            continue
        if bullet_lead and body_heading and last is None and not (letter or _BULLET_RE.match(text)):
            # "2.4. Sở Kế hoạch và Đầu tư:" then one paragraph: that paragraph is its duty.
            code = str(1 + sum(1 for task in section.tasks if task.code.isdigit()))
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, text, "",
                assignments_from_cells(bullet_lead, ""), None, row,
            )  # fmt: skip
            section.tasks.append(last)
            tasks.append(last)
            continue
        if bullet_lead and not letter and (duty := _BULLET_RE.match(text)):
            code = str(1 + sum(1 for task in section.tasks if task.code.isdigit()))
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, duty.group(1), "",
                assignments_from_cells(bullet_lead, ""), None, row,
            )  # fmt: skip
            section.tasks.append(last)
            tasks.append(last)
            continue
        if group is not None and not letter and (duty := _BULLET_RE.match(text)):
            code = str(1 + sum(1 for task in tasks if task.parent == group.path))
            last = TaskDraft(
                f"{group.path}/{code}", code, group.path, True, duty.group(1), "",
                assignments_from_cells(group_agency, ""), None, row,
            )  # fmt: skip
            section.tasks.append(last)
            tasks.append(last)
            continue
        if letter and is_agency_heading(letter.group(2).rstrip(" :")):
            code = _free_code(letter.group(1), section, tasks)
            group = TaskDraft(
                f"{section.path}/{code}", code, section.path, False, letter.group(2), "", [],
                None, row,
            )  # fmt: skip
            group_agency, last, bullet_lead = letter.group(2).rstrip(" :"), None, ""
            tasks.append(group)
            continue
        if letter:
            group, bullet_lead = None, ""
        if (
            section.path not in agencies
            and not section.tasks
            and text.endswith(":")
            and (subject := own_subject(text))
        ):
            # "Bộ Lao động - Thương binh và Xã hội chủ trì, … các vấn đề sau:" then "- " items:
            # the agency the sentence names does each item.
            agencies[section.path] = subject
            head = heads[section.path]
            head.notes = f"{head.notes}\n{text}".strip()
            continue
        bullet = _BULLET_RE.match(text) if section.path in agencies else None
        if bullet and (last is None or last.code.isdigit()) and not letter:
            # "1. Công an tỉnh" then "- Đôn đốc …", "- Chủ trì …": each bullet is a duty
            code = str(1 + sum(1 for task in section.tasks if task.code.isdigit()))
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, bullet.group(1), "", [], None,
                row,
            )  # fmt: skip
            section.tasks.append(last)
            tasks.append(last)
            continue
        item = _ACTIVITY_RE.match(text) or letter
        if item:
            code = _free_code(item.group(1), section)
            last = TaskDraft(
                f"{section.path}/{code}", code, section.path, True, item.group(2), "", [], None, row
            )
            section.tasks.append(last)
            tasks.append(last)
        elif last is not None and last.path in steps:
            last.title += "\n" + text  # a step's own sentences, whoever they name
        elif _whole_section(text) or (section.tasks and re.search(r"chủ trì", text, re.I)):
            section.sentences.append(text)
        elif last is not None:
            last.title += "\n" + text
        else:
            head = heads[section.path]
            head.notes = f"{head.notes}\n{text}".strip()  # the heading's own text
    for section in sections:
        head = heads[section.path]
        agency = agencies.get(section.path)
        if not section.tasks and not agency:
            section.tasks = _duties_in_notes(head, tasks)
        if not section.tasks:  # a numbered heading without items is itself the task
            if agency and head.notes:
                head.title, head.notes = head.notes, ""
            elif (
                not agency
                and "\n" not in head.notes
                and _CLOSING_REQUEST_RE.match(head.notes)
                # "…, Thành Đoàn... phát động": the list's dots end it, not the sentence
                and (asker := own_subject(re.sub(r"\.{3}|…", "", head.notes)))
            ):
                # "3. Đối với các tổ chức khác" then one paragraph "Đề nghị Ủy ban Mặt trận Tổ
                # quốc … phát động …": the heading says to whom, the paragraph is the task.
                head.title, head.notes = head.notes, ""
                _add(head, assignments_from_cells(asker, ""))
            elif not agency and not head.assignments:
                _add(head, sentence_assignments(head.title))  # "4. Giao Sở X theo dõi …"
                if not head.assignments:  # "… (Giao Công an tỉnh chủ trì, phối hợp với …)"
                    for given in _GIVEN_RE.finditer(head.title):
                        _add(head, sentence_assignments(given.group(1)))
            section.tasks = [head]
        if section.leads or section.coordinating or section.deadline:
            for task in section.tasks:
                if not any(a.role == "lead" for a in task.assignments):
                    _add(
                        task,
                        assignments_from_cells(
                            "\n".join(section.leads), "\n".join(section.coordinating)
                        ),
                    )
                if task.deadline is None and section.deadline:
                    task.deadline = parse_deadline(section.deadline)
        if agency or (addressee and not section.path.count("/")):
            for task in section.tasks:
                if not any(a.role == "lead" for a in task.assignments):
                    _add(task, assignments_from_cells(agency or addressee, ""))
        _assign(section, warnings)
    for task in tasks:
        # "c) Bộ Thông tin và Truyền thông tập trung nghiên cứu …": its own subject leads.
        unled = task.leaf and not any(a.role == "lead" for a in task.assignments)
        if unled and (subject := own_subject(task.title)):
            _add(task, assignments_from_cells(subject, ""))
        elif unled and task.path in steps and (subject := _acting_in_sentences(task.title)):
            _add(task, [a for name in _names(subject) for a in assignments_from_cells(name, "")])
    has_tasks = {task.parent for task in tasks}
    for task in tasks:
        if task.deadline is None and (timing := _LEADING_TIMING_RE.match(task.title)):
            task.deadline = parse_deadline(timing.group(1))
        elif (
            task.deadline is None
            and task.path not in has_tasks
            and (inline := inline_deadline(task.title))
        ):
            # (a numbered heading without items is itself a task: its sentence sets its date)
            # "… báo cáo Thủ tướng Chính phủ trong tháng 3 năm 2020", "… gửi Bộ Tài chính trước
            # ngày 15 tháng 3 năm 2020": the date the sentence sets is the task's deadline.
            task.deadline = parse_deadline(inline)
    has_tasks = {task.parent for task in tasks}
    for task in tasks:
        task.leaf = task.path not in has_tasks
    if not tasks and (request := _letter_request(lines)):
        tasks.append(request)
    return tasks, warnings


# A letter ("Kính gửi: …") without numbered items asks for its work in one paragraph, after the
# background: "Văn phòng Chính phủ đề nghị quý Bộ khẩn trương có báo cáo …", "Phó Thủ tướng …
# yêu cầu Bộ … khẩn trương hoàn thành … trước ngày 30 tháng 5 năm 2013".
_KINH_GUI_RE = re.compile(r"^\|?\s*Kính gửi\s*:\s*\|?\s*(.+?)\s*\|?\s*$", re.IGNORECASE)
_REQUEST_RE = re.compile(r"\b(?:đề nghị|yêu cầu)\s+(?=\S)", re.IGNORECASE)
_YOUR_BODY_RE = re.compile(r"^quý\s+(?:Bộ|Sở|cơ quan|Ủy ban|đơn vị|Ban)\b", re.IGNORECASE)


def _letter_request(lines: list[tuple[int, str]]) -> TaskDraft | None:
    """The request of a letter without numbered items: its last paragraph that asks a body (the
    paragraphs before it recall what was asked earlier), led by the body it names, or by the
    addressee when it asks "quý Bộ"; None when the text is not a letter or asks nothing."""
    addressee, request = "", None
    for row, text in lines:
        if text.lower().startswith(("nơi nhận", "noi nhận")) or text.startswith("| Nơi nhận"):
            break
        if not addressee and (sent := _KINH_GUI_RE.match(text)):
            names = (re.sub(r"^-\s*", "", n.strip()).strip(" .") for n in sent.group(1).split(";"))
            addressee = "\n".join(name for name in names if name)
            continue
        if addressee and (asked := _REQUEST_RE.search(text)):
            request = (row, text, text[asked.end() :])
    if request is None:
        return None
    row, text, asked_text = request
    if _YOUR_BODY_RE.match(asked_text):
        assignments = assignments_from_cells(addressee, "")
    else:
        subject = own_subject(asked_text)
        assignments = sentence_assignments(asked_text) or (
            assignments_from_cells(subject, "") if subject else []
        )
    if not assignments:
        return None
    inline = [m.group(1) for m in _INLINE_DEADLINE_RE.finditer(one_line(text))]
    deadline = parse_deadline(inline[-1]) if inline else None
    return TaskDraft("1", "1", None, True, text, "", assignments, deadline, row)


# The agency a directive or a letter addresses before its numbered items ("… yêu cầu Chủ tịch
# Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:"): it does every item that names
# no one else.
_ADDRESSEE_RE = re.compile(
    r"\b(?:yêu cầu|đề nghị|giao|chỉ thị)\s+((?:Chủ tịch|Giám đốc|Thủ trưởng|Bộ trưởng|các|Ủy ban"
    r"|UBND|Sở|Công an)[^:;.]{3,160}?)\s*(?:thực hiện (?:tốt )?(?:các|những) (?:nội dung|nhiệm vụ)"
    r"[^:]*)?:\s*$"
)
# A task text that opens with when it is done: "Định kỳ hàng năm gửi báo cáo …".
_LEADING_TIMING_RE = re.compile(
    r"^((?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng)|trước ngày\s+\d{1,2}\s*/\s*\d{1,2}"
    r"(?:\s*/\s*\d{4})?)\b",
    re.IGNORECASE,
)
# A Markdown list item ("*   Chủ trì …", never "**bold**") is a bullet like "- ".
# OCR may leave a stroke before the dash ("__ - Trình Chính phủ …").
_INLINE_DEADLINE_RE = re.compile(
    r"\b((?:trong|trước|chậm nhất(?: là)?|hoàn thành trong|xong trước)\s+"
    r"(?:ngày\s+\d{1,2}\s*(?:/|tháng)\s*\d{1,2}\s*(?:/|năm)\s*\d{4}"
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|quý\s+(?:[IV]{1,3}|[1-4])\s*(?:/|năm)\s*\d{4}"
    # a date that recurs: "… gửi về Bộ Xây dựng trước ngày 25 hàng tháng"
    r"|ngày\s+\d{1,2}(?:\s*/\s*\d{1,2})?\s+(?:hằng|hàng)\s+(?:tháng|quý|năm)))",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^(?:_{1,3}\s*)?(?:[-+•]\s*|\*\s+)(\S.*)$")
_GIVEN_RE = re.compile(r"\(\s*(Giao\s[^()]+)\)", re.IGNORECASE)
_GIVE_RE = re.compile(r"^(?:giao(?: cho)?|đề nghị|yêu cầu)\s+", re.IGNORECASE)


# "… trong năm 2012": a year as the date, in a resolution's clauses (a plan's sentences name
# years as their horizon: "hoàn thành việc hỗ trợ … trong năm 2013" is its purpose).
_INLINE_YEAR_RE = re.compile(
    r"\b((?:trong|trước|chậm nhất(?: là)?)\s+năm\s+\d{4})\b(?!\s*(?:-|–|đến))", re.IGNORECASE
)


def inline_deadline(text: str, *, years: bool = False) -> str:
    """The last date a duty's sentence sets ("… trình Thủ tướng Chính phủ trong quý 1/2019"),
    or ""; with `years`, a year alone too ("… trong năm 2012")."""
    line = one_line(text)
    found = [(m.start(), m.group(1)) for m in _INLINE_DEADLINE_RE.finditer(line)]
    if years:
        found += [(m.start(), m.group(1)) for m in _INLINE_YEAR_RE.finditer(line)]
    return max(found)[1] if found else ""


def sentence_assignments(sentence: str) -> list[AssignmentDraft]:
    """A sentence whose subject is the agency that does it ("Công an tỉnh chủ trì …", "Giao
    Sở Tư pháp theo dõi …"): that agency leads, those it works with coordinate."""
    pieces = read_assignment(_GIVE_RE.sub("", sentence.strip()), collective_lead=True)
    leads = [p for p in pieces if p.lead and AGENCY_HEADING_RE.match(p.lead)]
    if not leads:
        return []
    coordinating = [c for p in pieces for c in p.coordinating]
    # The lead is the body's name, not the duty after it: "Bộ Lao động - Thương binh và Xã hội
    # khẩn trương rà soát …", "Bộ Quốc phòng chủ trì" end where the sentence's verb starts.
    lead = own_subject(leads[0].lead) or leads[0].lead
    return assignments_from_cells(lead, "\n".join(coordinating))


# The verbs that end the subject of a duty written as a sentence ("Bộ Tài chính chỉ đạo …",
# "Thanh tra Chính phủ, Thanh tra các Bộ … thực hiện nghiêm …", "… tập trung nghiên cứu …").
_OWN_SUBJECT_RE = re.compile(
    # "Ban Chỉ đạo …": the verb capitalised inside a name does not end the subject
    rf"^(?:đề nghị\s+)?(?P<subject>[^:;.]{{3,160}}?)\s*,?\s+(?!(?-i:Chỉ đạo))"
    rf"(?:{_VERBS}|tập trung|đẩy mạnh"
    r"|khẩn trương|tiếp tục|tăng cường|theo thẩm quyền|có trách nhiệm|chịu trách nhiệm|xác định"
    # adverbs that open a duty, never a word of a name: "Công an tỉnh ngay sau khi …"
    r"|ngay|sớm|kịp thời|chủ động|thường xuyên|nghiêm túc"
    # what it works from, before its verb: "Các Ban của HĐND tỉnh căn cứ vào Chương trình …"
    r"|căn cứ"
    # a duty's verb in lower case ends the names before it: "Bộ Tài chính, Bộ … bố trí vốn …"
    rf"|{_LOWER_VERBS})\b",
    re.IGNORECASE,
)


_SUB_NUMBER_RE = re.compile(r"^(\d{1,2})\.\d{1,2}\.?\s+(\S.*)$")
# A duty that lists the parts of what it makes ("Lập hồ sơ …, bao gồm:"): its "+ " lines are
# those parts.
_SUB_LETTER_RE = re.compile(r"^(\d{1,2})\.\d{1,2}\.([a-zđ])\.?\s+(\S.*)$")
_LISTS_PARTS_RE = re.compile(r"\b(?:bao gồm|gồm có|gồm)\s*:\s*$", re.IGNORECASE)


_GENERIC_ADDRESSEE_RE = re.compile(
    r"^(?:các\s+)?(?:địa phương|đơn vị|quý\s+(?:Bộ|Sở|cơ quan|Ủy ban|đơn vị|địa phương))"
    r"(?:\s+(?:thực hiện|triển khai)\b.*)?$",
    re.IGNORECASE,
)
_CLOSING_REQUEST_RE = re.compile(r"^(?:Đề nghị|Yêu cầu)\s+(?-i:[A-ZĐÀ-Ỹ])", re.IGNORECASE)
_DIRECTED_RE = re.compile(
    r"\bchỉ đạo\s+(?P<body>[^,;:]{3,120}?)\s+(?:phối hợp|chủ trì|thực hiện|triển khai|tiến hành)\b"
    r".*:\s*$"
)


def _directed_body(title: str) -> str:
    """The body a numbered item puts to work before its sub-items: "UBND các tỉnh … chỉ đạo Sở
    Lao động - Thương binh và Xã hội phối hợp với … thực hiện các nội dung sau:" → the Sở."""
    found = _DIRECTED_RE.search(one_line(title))
    body = found.group("body").strip() if found else ""
    return body if body and AGENCY_HEADING_RE.match(body) else ""


def _sent_to(lines: list[tuple[int, str]]) -> str:
    """The bodies after "Kính gửi:", one a line, or ""."""
    for _, text in lines:
        if text.lower().startswith(("nơi nhận", "noi nhận")):
            break
        if sent := _KINH_GUI_RE.match(text):
            names = (re.sub(r"^-\s*", "", n.strip()).strip(" .") for n in sent.group(1).split(";"))
            return "\n".join(name for name in names if name)
    return ""


def _acting_body(text: str) -> str:
    """The body a sub-heading's sentence names as acting, after any opening clause ("Để thể chế
    hoá …, Đảng đoàn Quốc hội xác định các nhiệm vụ trọng tâm sau:"), or ""."""
    pieces = text.split(", ")
    for start in range(len(pieces)):
        if subject := own_subject(", ".join(pieces[start:])):
            return subject
    return ""


_SENTENCE_END_RE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])|\n")
_THEN_RE = re.compile(r"\bthì\s+(?=\S)")


def _acting_in_sentences(text: str) -> str:
    """The body acting in a step written as sentences after its heading ("Bước 2: Kiểm tra …"
    then "Ban Chỉ đạo … tổ chức kiểm tra …"; "Trên cơ sở đề nghị của …, Sở Xây dựng chủ trì
    …"; "Trường hợp … thì Ủy ban nhân dân xã … có trách nhiệm …"): the first sentence that
    names one as its subject, or ""."""
    for sentence in _SENTENCE_END_RE.split(text):
        sentence = re.sub(r"\.{3}|…", "", sentence).strip()
        # "… thì Ủy ban nhân dân xã … có trách nhiệm …": the body after "thì" acts.
        for clause in (*(sentence[m.end() :] for m in _THEN_RE.finditer(sentence)), sentence):
            body = _acting_body(clause)
            if body[:1].isupper() and not body.lower().startswith("trường hợp"):
                return body
    return ""


def _names(subject: str) -> list[str]:
    """ "Trưởng thôn ấp, Tổ Trưởng các Tổ dân phố" → its two names; a piece that does not start
    a name ("Ủy ban nhân dân xã, phường, thị trấn") stays with the name before it."""
    names: list[str] = []
    for piece in subject.split(", "):
        if names and not AGENCY_HEADING_RE.match(piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def _duties_in_notes(head: TaskDraft, tasks: list[TaskDraft]) -> list[TaskDraft]:
    """A numbered heading followed only by "- " items, some of them naming the body that does
    them ("- Đảng đoàn Quốc hội phối hợp với …"): each item is a task, led by the body it names.
    Items that name none stay without a lead, to be assigned on review."""
    items = [b.group(1) for line in head.notes.split("\n") if (b := _BULLET_RE.match(line))]
    if len(items) < 2 or not any(own_subject(item) for item in items):
        return []
    found = []
    for number, item in enumerate(items, start=1):
        subject = own_subject(item)
        task = TaskDraft(
            f"{head.path}/{number}", str(number), head.path, True, item, "",
            assignments_from_cells(subject, "") if subject else [], None, head.row,
        )  # fmt: skip
        found.append(task)
    position = tasks.index(head) + 1
    tasks[position:position] = found
    head.notes = ""
    return found


def own_subject(text: str) -> str:
    """The agency a sentence opens with, when it is the one that acts, or ""."""
    found = _OWN_SUBJECT_RE.match(text.strip())
    subject = found.group("subject").strip(" ,") if found else ""
    return subject if subject and AGENCY_HEADING_RE.match(subject) else ""


def is_agency_heading(text: str) -> bool:
    """ "Công an tỉnh", "Đề nghị Tòa án nhân dân tỉnh": a heading that is only a name."""
    return (
        bool(AGENCY_HEADING_RE.match(text))
        and len(text) <= 90
        and not re.search(
            r"\b(chủ trì|phối hợp|thực hiện|có trách nhiệm|tham mưu|chỉ đạo|công tác)\b|[.;:]$",
            text,
            re.IGNORECASE,
        )
    )


AGENCY_HEADING_RE = re.compile(
    r"^(?:đề nghị\s+)?(?:công an|sở|phòng|ủy ban|uỷ ban|ubnd|ban|hội|văn phòng|bộ|tòa án|toà án"
    r"|viện kiểm sát|cục|đoàn|mặt trận|liên đoàn|báo|đài|trường|bệnh viện|kho bạc|thanh tra"
    r"|chi cục|trung tâm|bảo hiểm|ngân hàng|tỉnh đoàn|huyện đoàn|các sở|các cơ quan|các ban"
    # Party bodies and their cells: "Đảng đoàn Quốc hội", "Tổ đảng ở Thường trực Ủy ban …",
    # "Đảng ủy cơ quan …", "Ban cán sự đảng …"; a body's leadership: "Lãnh đạo Ban Dân nguyện".
    r"|đảng đoàn|đảng ủy|đảng uỷ|tổ đảng|ban cán sự đảng|chi bộ|các đoàn đại biểu|các bộ"
    r"|chính phủ|thủ tướng chính phủ)\b"
    r"|^(?:đề nghị\s+)?lãnh đạo\s+(?-i:[A-ZĐ])"
    # A council's standing body and its groups of deputies: "Thường trực Hội đồng nhân dân
    # tỉnh", "Các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh".
    r"|^(?:đề nghị\s+)?thường trực\s+(?-i:[A-ZĐ])|^(?:các\s+)?tổ đại biểu\b"
    # An office-holder named for the body: "Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND
    # các xã, phường", "Giám đốc Sở Y tế", "Chủ tịch Ủy ban nhân dân các huyện".
    r"|^(?:đề nghị\s+)?(?:thủ trưởng|chủ tịch|giám đốc|bộ trưởng|chánh văn phòng|người đứng đầu)"
    r"\s+(?:các\s|(?-i:[A-ZĐ]))"
    # the heads of hamlets and residential groups: "Trưởng thôn ấp, Tổ Trưởng các Tổ dân phố"
    r"|^(?:trưởng (?:thôn|ấp|khu phố|bản)|tổ trưởng)\b"
    # "Cơ quan Lao động - Thương binh và Xã hội ở địa phương": a named body, not "cơ quan, …"
    r"|^(?:đề nghị\s+)?cơ quan\s+(?-i:[A-ZĐ])",
    re.IGNORECASE,
)
