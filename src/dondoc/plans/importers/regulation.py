"""Regulations in articles (seed 003: a decision with its attached "Quy chế"): duties. Pure.

Layout read:
- The attached regulation starts at its own title ("QUY CHẾ …", "QUY ĐỊNH …") when the
  decision that issues it comes first; the decision's own articles are not duties.
- "Điều 6. …" articles, "1. …" clauses, "a) …" points; Markdown heading marks and bold are
  ignored. Paths: "Điều 6/1/a"; a clause without points is itself the task ("Điều 6/2").
- An article assigns duties when its clauses name agencies: either the clause is only an
  agency's name ("1. Công an tỉnh", "10. Đề nghị Tòa án nhân dân tỉnh") and its points (or its
  text) are that agency's duties, or the clause's sentence starts with the agency that does
  it ("1. Công an tỉnh chủ trì, thanh tra …"): the agency leads, those it "phối hợp với"
  coordinate. Articles of scope, principles, forms, reporting and organisation hold no tasks
  (the reporting article becomes the schedule, importers.schedule).
- A letter skipped in a list of points (c) → đ)) keeps the printed letter, with a warning.
"""

from __future__ import annotations

import re

from dondoc.org.mentions import clean_mention

from .deadlines import parse_deadline
from .drafts import AssignmentDraft, ParseWarning, TaskDraft
from .narrative import (
    inline_deadline,
    is_agency_heading,
    join_wrapped,
    own_subject,
    sentence_assignments,
)
from .table import assignments_from_cells

_ARTICLE_RE = re.compile(r"^#*\s*Điều\s+(\d{1,3})\s*[.:]\s*(.*)$", re.IGNORECASE)
_CHAPTER_RE = re.compile(r"^#*\s*(?:Chương|CHƯƠNG)\s+[IVXLC\d]+\b")
_CLAUSE_RE = re.compile(r"^#*\s*(\d{1,2})\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^#*\s*([a-zđ])\)\s*(\S.*)$")
_REGULATION_TITLE_RE = re.compile(r"^#*\s*(QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ)\b")
_NO_DUTIES_RE = re.compile(
    r"phạm vi|đối tượng áp dụng|giải thích|nguyên tắc|hình thức|nội dung phối hợp|báo cáo"
    r"|tổ chức thực hiện|hiệu lực|điều khoản|khen thưởng|kinh phí|sửa đổi",
    re.IGNORECASE,
)
_LEAD_IN_RE = re.compile(r"^(?:căn cứ|trên cơ sở|khi|trường hợp)[^,]{0,250},\s*", re.IGNORECASE)
LETTERS = "abcdđeghiklmnopqrstuvxy"
# An article's lead sentence that gives its clauses to a body: "Ủy ban thường vụ Quốc hội yêu
# cầu Chính phủ, Thủ tướng Chính phủ tập trung thực hiện một số nhiệm vụ và giải pháp sau đây:".
_ARTICLE_ADDRESSEE_RE = re.compile(
    r"\b(?:yêu cầu|đề nghị|giao)\s+(?P<body>(?-i:[A-ZĐÀ-Ỹ])[^:;.]{2,120}?)\s+"
    r"(?:(?:tập trung|quan tâm)\s+)?"
    r"(?:thực hiện|triển khai|chỉ đạo)\b[^:]*\b(?:sau|như sau)(?:\s+đây)?\s*:\s*$",
    re.IGNORECASE,
)
# A clause that opens with its time: "Kết thúc năm 2013, Chính phủ báo cáo …".
_LEADING_TIME_RE = re.compile(
    r"^(?P<when>(?:kết thúc|hết|đến hết|cuối|trong|trước)\s+(?:năm|quý\s+[IV]{1,3}(?:\s*/\s*|"
    r"\s+năm\s+))\s*\d{4})\s*,\s*",
    re.IGNORECASE,
)
# The clause every resolution and decision carries on who executes or supervises it: "Ủy ban
# thường vụ Quốc hội, Hội đồng dân tộc, … giám sát việc thực hiện Nghị quyết này": not a task.
_STANDING_CLAUSE_RE = re.compile(
    r"\b(?:giám sát|thi hành|chịu trách nhiệm thi hành|trách nhiệm thực hiện)\s+"
    r"(?:việc\s+(?:thực hiện|thi hành)\s+)?(?:Nghị quyết|Quyết định|Chỉ thị|Thông tư)"
    r"(?:\s+này\b|\s*[.;]?\s*$)",
    re.IGNORECASE,
)


# A body the article's addressee is asked to direct does the duty: "Chỉ đạo Sở Tài nguyên và
# Môi trường: …", "Đề nghị UBND tỉnh chỉ đạo Bộ Chỉ huy Quân sự tỉnh phối hợp với …".
_DIRECTED_RE = re.compile(
    r"^(?:(?:đề nghị|yêu cầu)\s+[^:;]{2,60}?\s+)?chỉ\s+đạo\s+(?P<rest>(?-i:[A-ZĐÀ-Ỹ]).*)$",
    re.IGNORECASE,
)
# A clause that is a field heading, its duties after the colon or on the lines below: "1. Về
# lĩnh vực Tài nguyên Môi trường:", "4. Về lĩnh vực Tư pháp: Đề nghị UBND tỉnh chỉ đạo …:".
_FIELD_RE = re.compile(r"^Về\s+[^:]{2,120}:\s*(?P<rest>.*)$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?P<mark>[-–•+])\s*(?P<text>\S.*)$")


def _directed(text: str) -> list[AssignmentDraft]:
    """The assignments of a duty the addressee is asked to direct ("Chỉ đạo X: …"), or []."""
    found = _DIRECTED_RE.match(text.strip())
    if not found:
        return []
    rest = found.group("rest")
    if assignments := sentence_assignments(rest):
        return assignments
    head = rest.split(":", 1)[0].strip()
    return assignments_from_cells(head, "") if ":" in rest and is_agency_heading(head) else []


def _copied(assignments: list[AssignmentDraft]) -> list[AssignmentDraft]:
    return [AssignmentDraft(**vars(a)) for a in assignments]


def is_regulation(paragraphs: list[str]) -> bool:
    """Two or more "Điều N." lines: a text in articles."""
    articles = 0
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            if _ARTICLE_RE.match(line.replace("*", "").strip()):
                articles += 1
                if articles >= 2:
                    return True
    return False


def parse_regulation(paragraphs: list[str]) -> tuple[list[TaskDraft], list[ParseWarning]]:
    lines = join_wrapped([line for p in paragraphs for line in p.split("\n")])
    start = 0
    for index, (_, text) in enumerate(lines):
        if _REGULATION_TITLE_RE.match(text) and index > 0:
            start = index  # the regulation attached to a decision: its articles only
    tasks: list[TaskDraft] = []
    warnings: list[ParseWarning] = []
    article: TaskDraft | None = None
    article_tasks: list[TaskDraft] = []
    clause: TaskDraft | None = None  # the current clause (a group or a task)
    agency = ""  # the clause's agency when the clause is an agency's heading
    heading_only = False  # the clause so far is only that heading, its duty text to come
    point: TaskDraft | None = None
    last_letter = ""
    addressee = ""  # the body the article's lead sentence gives its clauses to
    field_pending = False  # the clause is a field heading: its duty and lead follow below
    dash: TaskDraft | None = None  # the current "- " item (its "+" items are its parts)
    item: TaskDraft | None = None  # the current "- " or "+" item, for its wrapped lines
    items: list[TaskDraft] = []

    def close_article() -> None:
        if article is not None and any(t.leaf for t in article_tasks):
            tasks.append(article)
            tasks.extend(article_tasks)

    for row, text in lines[start:]:
        text = text.strip()
        if text.lower().startswith(("nơi nhận", "noi nhận")):
            break
        heading = _ARTICLE_RE.match(text)
        if heading:
            close_article()
            number, title = heading.group(1), heading.group(2).strip(" *")
            article, article_tasks, clause, point, agency = None, [], None, None, ""
            addressee = _article_addressee(title)
            if not _NO_DUTIES_RE.search(title):
                path = f"Điều {number}"
                article = TaskDraft(path, path, None, False, title, "", [], None, row)
            continue
        if article is not None and clause is None and not article_tasks and not addressee:
            addressee = _article_addressee(text)  # "Điều 2." alone, its sentence on the next line
        if article is None or _CHAPTER_RE.match(text):
            if _CHAPTER_RE.match(text):
                close_article()
                article, article_tasks = None, []
            continue
        found = _CLAUSE_RE.match(text)
        if found:
            code, body = found.group(1), found.group(2).strip(" *")
            path = f"{article.path}/{code}"
            point, last_letter, dash, item, field_pending = None, "", None, None, False
            if any(t.path == path for t in article_tasks):  # "3." printed twice
                warnings.append(
                    ParseWarning(
                        "clause_repeated",
                        f"{path}: khoản {code}. được đánh số hai lần; khoản sau ghi là {code}-2.",
                        path=f"{path}-2",
                    )
                )
                path, code = f"{path}-2", f"{code}-2"
            if is_agency_heading(body.rstrip(" :")):  # "1. Thường trực HĐND tỉnh:" then a), b)
                agency, heading_only = clean_mention(body.rstrip(" :")), True
                clause = TaskDraft(path, code, article.path, True, body, "", [], None, row)
                clause.assignments = assignments_from_cells(body, "")
                article_tasks.append(clause)
                continue
            agency, heading_only = "", False
            # "Căn cứ tình hình thực tế …, Công an tỉnh có trách nhiệm …": the agency leads.
            clause = TaskDraft(path, code, article.path, True, body, "", [], None, row)
            field = _FIELD_RE.match(body)
            duty = _LEAD_IN_RE.sub("", field.group("rest") if field else body)
            field_pending = field is not None and not duty.strip()
            if when := _LEADING_TIME_RE.match(duty):
                clause.deadline = parse_deadline(when.group("when"))
                duty = duty[when.end() :]
            elif inline := inline_deadline(body, years=True):
                clause.deadline = parse_deadline(inline)
            clause.assignments = _directed(duty) or sentence_assignments(duty)
            if not clause.assignments and (subject := own_subject(duty)):
                clause.assignments = assignments_from_cells(subject, "")  # "Chính phủ báo cáo …"
            if not clause.assignments and addressee:
                clause.assignments = assignments_from_cells(addressee, "")
            if _STANDING_CLAUSE_RE.search(body):
                clause = None  # who executes or supervises the text itself: not a duty
            elif clause.assignments:
                article_tasks.append(clause)
            else:
                clause = None  # a rule, not a duty of a named agency
            continue
        found = _POINT_RE.match(text)
        if found and clause is not None:
            letter = found.group(1)
            if last_letter and LETTERS.find(letter) > LETTERS.find(last_letter) + 1:
                skipped = LETTERS[LETTERS.find(last_letter) + 1 : LETTERS.find(letter)]
                warnings.append(
                    ParseWarning(
                        "point_skipped",
                        f"{clause.path}: sau điểm {last_letter}) là điểm {letter}), thiếu "
                        f"{', '.join(f'{s})' for s in skipped)}; giữ nguyên ký hiệu như văn bản.",
                        path=f"{clause.path}/{letter}",
                    )
                )
            last_letter, dash, item = letter, None, None
            clause.leaf, heading_only = False, False
            point = TaskDraft(
                f"{clause.path}/{letter}", letter, clause.path, True, found.group(2), "", [],
                None, row,
            )  # fmt: skip
            point.assignments = (
                assignments_from_cells(agency, "")
                if agency
                else _directed(found.group(2)) or _copied(clause.assignments)
            )
            article_tasks.append(point)
            continue
        # "- " items of a clause or point that introduces them ("…: "), "+" items of a "- " item
        # that does: each its own duty, done by the body it is directed to or the parent's.
        bullet = _BULLET_RE.match(text)
        if bullet and clause is not None:
            parent = dash if bullet.group("mark") == "+" and dash is not None else point or clause
            if parent.title.rstrip(" *").endswith(":"):
                parent.leaf, heading_only = False, False
                number = sum(1 for t in article_tasks if t.parent == parent.path) + 1
                body = bullet.group("text")
                item = TaskDraft(
                    f"{parent.path}/{number}", str(number), parent.path, True, body, "", [],
                    None, row,
                )  # fmt: skip
                item.assignments = _directed(body) or _copied(parent.assignments)
                article_tasks.append(item)
                items.append(item)
                if bullet.group("mark") != "+":
                    dash = item
                continue
        # Text under a clause or a point: the duty of an agency heading, or its continuation.
        if item is not None:
            item.title += "\n" + text
        elif point is not None:
            point.title += "\n" + text
        elif clause is not None:
            if heading_only:  # "2. Sở Thông tin và Truyền thông" then its duty
                clause.title, heading_only = text, False
            else:
                clause.title += "\n" + text
            if field_pending:  # "2. Về lĩnh vực Văn hóa - Xã hội:" then "Chỉ đạo Sở …"
                clause.assignments = (
                    _directed(text) or sentence_assignments(text) or clause.assignments
                )
                field_pending = False
    close_article()
    for done in items:  # its time is often at the end of its last wrapped line
        if inline := inline_deadline(" ".join(done.title.split("\n")), years=True):
            done.deadline = parse_deadline(inline)
    for task in tasks:
        if not task.leaf:
            task.assignments = []  # a clause with points: its points carry the assignments
    return tasks, warnings


def _article_addressee(text: str) -> str:
    found = _ARTICLE_ADDRESSEE_RE.search(text.strip(" *"))
    return found.group("body").strip(" ,") if found else ""
