"""The consolidated report of a period: a DOCX in the layout of administrative documents
(Decree 30/2020/NĐ-CP) and a table annex in XLSX, from tracking.consolidation."""

from __future__ import annotations

import datetime
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from dondoc.core.dates import vn_date
from dondoc.core.renderers.docx import AdministrativeDocument, Block, render_docx
from dondoc.core.renderers.xlsx import Sheet, render_xlsx
from dondoc.org.letterhead import full_name, letterhead, superior_of
from dondoc.org.models import AdminUnit, Agency
from dondoc.plans.models import Task
from dondoc.tracking.consolidation import AgencyResult, Consolidation, Note, TaskSection
from dondoc.tracking.models import TaskStatus
from dondoc.tracking.office import check_issuable, document_date, recipient_for

from .options import STANDARD_SECTIONS, ReportOptions, Signer
from .reintegration import figures_for, reintegration_blocks, reintegration_sheet

ROLE_LABELS = {"lead": "chủ trì", "coordinating": "phối hợp"}


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _symbol(agency: Agency) -> str:
    """ "Công an huyện Sơn Dương" → "BC-CAH": the report's symbol, initials of the agency's
    name without its place."""
    name = agency.name.replace(agency.unit.short_name, "")
    words = [w for w in name.split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in words)
    plain = unicodedata.normalize("NFD", initials.replace("Đ", "D").replace("đ", "d"))
    letters = "".join(c for c in plain if unicodedata.category(c) != "Mn").upper()
    return f"BC-{letters}" if letters else "BC"


def _signer(agency: Agency) -> tuple[str, str]:
    """(authority, title) of the signature block; the officer corrects it before signing."""
    name = agency.name.lower()
    if agency.kind == Agency.Kind.PEOPLES_COMMITTEE:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if agency.kind == Agency.Kind.POLICE and agency.unit.level == AdminUnit.Level.PROVINCE:
        return "", "GIÁM ĐỐC" if agency.parent is None else "TRƯỞNG PHÒNG"
    if name.startswith("sở ") or name.startswith("ban "):
        return "", "GIÁM ĐỐC" if name.startswith("sở ") else "TRƯỞNG BAN"
    if name.startswith("phòng "):
        return "", "TRƯỞNG PHÒNG"
    return "", _upper(
        f"Trưởng {agency.name}" if agency.kind == Agency.Kind.POLICE else "Thủ trưởng"
    )


def _plan_reference(c: Consolidation) -> str:
    document = c.document
    kind = document.type_name or "Văn bản"
    number = f" số {document.number}" if document.number else " (chưa có số)"
    day = f" ngày {vn_date(document.issued_on)}" if document.issued_on else ""
    return f"{kind}{number}{day}"


def _plan_subject(c: Consolidation) -> str:
    """ "về phòng, chống tra tấn …" from the plan's title (its own "về" kept once)."""
    title = " ".join(c.document.title.split()).rstrip(".")
    return "về " + _lower_first(title).removeprefix("về ").strip() if title else ""


def _period_phrase(c: Consolidation) -> str:
    return _lower_first(c.period.title)


def _report_phrase(period: str) -> str:
    """ "báo cáo năm 2024", but "báo cáo đột xuất cuối năm" once, not "báo cáo báo cáo …"."""
    return period if period.startswith("báo cáo") else f"báo cáo {period}"


def printed_number(task: Task) -> str:
    """The task's number as the plan prints it, its groups' numbers before it: "B.V.2"; a code
    that already carries its group's ("1.1" under "1") is not prefixed twice: "A.II.1.1"."""
    codes: list[str] = []
    current: Task | None = task
    while current is not None:
        code = (current.code or "").strip().rstrip(".)")
        if code and not (codes and codes[-1].startswith(f"{code}.")):
            codes.append(code)
        current = current.parent
    return ".".join(reversed(codes)) if codes else task.path.replace("/", ".")


def _link_parents(c: Consolidation) -> None:
    """Give each task of the plan its parent from the same list, so that walking up the plan's
    tree (printed numbers, sections) reads no row twice; and each agency its unit."""
    by_pk = {s.task.pk: s.task for s in c.sections}
    for section in c.sections:
        parent_id = section.task.parent_id
        if parent_id in by_pk and not Task.parent.is_cached(section.task):
            section.task.parent = by_pk[parent_id]
    # The agencies' units too (full names): one query, not one per row of the annex.
    agencies = [r.agency for s in c.sections for r in s.results]
    agencies += [agency for agency, _ in c.missing.values()]
    prefetch_related_objects([a for a in agencies if not Agency.unit.is_cached(a)], "unit")


def top_of(task: Task, level: int = 0) -> Task:
    """The plan's section at `level` (0: the top) a task belongs to (itself when shallower)."""
    chain = [task]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    chain.reverse()
    return chain[min(level, len(chain) - 1)]


def section_level(tasks: list[Task]) -> int:
    """The level of the plan's sections a report groups by: the top, or the level below when
    every task sits in one top section ("II. NHIỆM VỤ TRỌNG TÂM")."""
    for level in range(4):
        anchors = {top_of(t, level).pk for t in tasks}
        if len(anchors) > 1 or any(top_of(t, level).pk == t.pk for t in tasks):
            return level
    return 3


def owed_items(tasks: list[Task], due_by_top: Counter[int], level: int) -> str:
    """ "toàn bộ mục B (18 nhiệm vụ); mục C: C.I, C.III" — an agency's outstanding tasks by the
    plan's top sections: a whole section named once, a few items listed, many counted."""
    by_top: dict[int, tuple[Task, list[Task]]] = {}
    for task in tasks:
        top = top_of(task, level)
        by_top.setdefault(top.pk, (top, []))[1].append(task)
    shown = []
    for top, owed in by_top.values():
        if top.pk == owed[0].pk:  # a task at the top level
            shown.append(printed_number(top))
        elif len(owed) == due_by_top[top.pk] and len(owed) > 1:
            shown.append(f"toàn bộ mục {printed_number(top)} ({len(owed)} nhiệm vụ)")
        elif len(owed) <= 4:
            shown.append(", ".join(printed_number(t) for t in owed))
        else:
            shown.append(f"{len(owed)}/{due_by_top[top.pk]} nhiệm vụ của mục {printed_number(top)}")
    return "; ".join(shown)


def _items(tasks: list[Task], *, limit: int = 12) -> str:
    """ "A.I.1, A.I.2 và B.V.2" (the plan's items; the rest counted)."""
    numbers = [printed_number(t) for t in tasks]
    if len(numbers) > limit:
        return ", ".join(numbers[:limit]) + f" và {len(numbers) - limit} mục khác"
    if len(numbers) > 1:
        return ", ".join(numbers[:-1]) + " và " + numbers[-1]
    return "".join(numbers)


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
    else:
        text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def _figures(result: AgencyResult) -> str:
    """ "3 văn bản; nữ: 12 người" (the figures of one accepted report)."""
    shown = []
    for line in result.figures:
        label = "" if line.label in ("", "Số liệu") else f"{_lower_first(line.label)}: "
        unit = f" {line.unit}" if line.unit else ""
        shown.append(f"{label}{_number(line.value)}{unit}")
    return "; ".join(shown)


def _sentence(text: str) -> str:
    """One agency's text as a clause: its spaces joined, no final stop."""
    return " ".join(text.split()).rstrip(" .;")


def _what_was_done(section: TaskSection) -> str:
    """ "Phòng Tư pháp (chủ trì) đã rà soát …, số liệu: 3 văn bản; Công an huyện (phối hợp) …
    (mục A.I.1)" — the accepted reports of one task."""
    said = []
    for result in sorted(section.results, key=lambda r: r.role != "lead"):
        report = result.report
        if report is None:
            continue
        text = _sentence(report.done_text) or _lower_first(report.get_task_status_display())
        clause = f"{result.agency.name}: {text}"  # the agency's words as it wrote them
        figures = _figures(result)
        if figures:
            clause += f" (số liệu: {figures})"
        said.append(clause)
    for lower in section.lower:
        reported = [r for r in lower.results if r.report is not None]
        if reported:
            texts = "; ".join(
                _sentence(r.report.done_text) or _lower_first(r.status_label)
                for r in reported
                if r.report is not None
            )
            said.append(f"{lower.document.unit.full_name}: {texts}")
    if not said:
        return ""
    status = _lower_first(section.status_label)
    return f"{'; '.join(said)} (mục {printed_number(section.task)}, {status})"


def _groups(c: Consolidation) -> list[tuple[Task | None, list[TaskSection]]]:
    """The plan's sections (`section_level`) and the tasks due under each, in the plan's
    order; the tasks at that level themselves (a plan without sections) under None."""
    due = [s for s in c.sections if s.due and s.task.is_leaf]
    level = section_level([s.task for s in due])
    groups: dict[int | None, tuple[Task | None, list[TaskSection]]] = {}
    for section in due:
        top = top_of(section.task, level)
        key = None if top.pk == section.task.pk else top.pk
        groups.setdefault(key, (None if key is None else top, []))[1].append(section)
    return list(groups.values())


def _group_paragraphs(top: Task | None, sections: list[TaskSection]) -> list[Block]:
    """One paragraph per section of the plan: how many tasks, how far they are, what the
    agencies did (with their figures), how many have no accepted report."""
    statuses = Counter(s.status for s in sections)
    reported = [s for s in sections if s.status]
    where = f"Mục {printed_number(top)} của Kế hoạch" if top is not None else "Kế hoạch"
    parts = [f"{where} có {len(sections)} nhiệm vụ phải báo cáo trong kỳ"]
    if reported:
        shown = [
            f"{statuses[status]} {TaskStatus(status).label.lower()}"
            for status in TaskStatus.values
            if statuses[status]
        ]
        parts.append("; ".join(shown))
    if statuses[""]:
        missing = [s.task for s in sections if not s.status]
        parts.append(
            f"{statuses['']} nhiệm vụ chưa có báo cáo được tiếp nhận (mục {_items(missing)})"
            if len(missing) < len(sections)
            else "chưa nhiệm vụ nào có báo cáo được tiếp nhận"
        )
    blocks = [
        Block(kind="paragraph", text=", ".join(parts[:1]) + ": " + "; ".join(parts[1:]) + ".")
    ]
    done = [_what_was_done(s) for s in reported]
    done += [_what_was_done(s) for s in sections if not s.status and s.lower]
    done = [d for d in done if d]
    if done:
        blocks.append(Block(kind="paragraph", text="Kết quả cụ thể: " + "; ".join(done) + "."))
    return blocks


def _not_done_blocks(c: Consolidation) -> list[Block]:
    counts = c.counts
    blocks = []
    if c.not_done:
        for section, reasons in c.not_done:
            why = "; ".join(f"{n.agency.name}: {_sentence(n.text)}" for n in reasons if n.text)
            title = " ".join(section.task.title.split())
            if len(title) > 160:
                title = title[:157].rstrip() + "…"
            blocks.append(
                Block(
                    kind="bullet",
                    text=f"- Mục {printed_number(section.task)} của Kế hoạch ({title}): "
                    f"{_lower_first(section.status_label)}"
                    + (f"; nguyên nhân: {why}." if why else "; chưa nêu nguyên nhân."),
                )
            )
    else:
        blocks.append(
            Block(
                kind="paragraph",
                text="Trong các báo cáo đã được tiếp nhận, không có nhiệm vụ nào chưa triển khai "
                "hoặc không thể thực hiện.",
            )
        )
    if counts[""]:
        blocks.append(
            Block(
                kind="paragraph",
                text=f"Có {counts['']}/{counts['total']} nhiệm vụ chưa có báo cáo được tiếp nhận, "
                "chưa đánh giá được kết quả thực hiện.",
            )
        )
    return blocks


def missing_table(c: Consolidation) -> Block | None:
    """The agencies whose due reports are not accepted, one row each: how many tasks, which
    items of the plan."""
    if not c.missing:
        return None
    leaves = [s.task for s in c.sections if s.due and s.task.is_leaf]
    level = section_level(leaves)
    due_by_top: Counter[int] = Counter(top_of(t, level).pk for t in leaves)
    rows: list[tuple[str, ...]] = [
        ("STT", "Cơ quan, đơn vị", "Số nhiệm vụ", "Nhiệm vụ chưa báo cáo (mục của Kế hoạch)")
    ]
    for number, (agency, tasks) in enumerate(c.missing.values(), start=1):
        rows.append(
            (str(number), full_name(agency), str(len(tasks)), owed_items(tasks, due_by_top, level))
        )
    return Block(kind="table", cells=tuple(rows), widths=(1.4, 5.0, 2.4, 7.7))


def _text_blocks(text: str) -> list[Block]:
    """The officer's (or the generated) text of a standard section: a paragraph per line,
    "- " lines as bullets."""
    blocks = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        blocks.append(
            Block(kind="bullet" if line.startswith(("- ", "+ ")) else "paragraph", text=line)
        )
    return blocks


def _superior_name(focal: Agency, day: datetime.date) -> str:
    """The focal agency's governing body by its full name (the letterhead abbreviates it)."""
    line = superior_of(focal, day)
    return "Ủy ban nhân dân " + line.removeprefix("UBND ") if line.startswith("UBND ") else line


def signature(signer: Signer) -> tuple[str, str, str]:
    """(authority line, title line, name) of the signature block: "KT. GIÁM ĐỐC" over
    "PHÓ GIÁM ĐỐC"; the head signing alone has no authority line."""
    mode = signer.mode.strip()
    authority = _upper(signer.authority.strip())
    line = f"{mode} {authority}".strip() if mode and authority else ""
    return line, _upper(signer.title.strip()), signer.name.strip()


def default_signer(focal: Agency | None) -> Signer:
    """The signature worked out from the focal agency (`_signer`); the officer corrects it."""
    if focal is None:
        return Signer(title="THỦ TRƯỞNG CƠ QUAN")
    authority, title = _signer(focal)
    mode, _, body = authority.partition(" ")
    return Signer(mode=mode, authority=body, title=title) if authority else Signer(title=title)


def issue_year(c: Consolidation, options: ReportOptions) -> int:
    """The year printed in the date line: the date of issue's, else the year the report is
    written (today), or the period's due date's when later (a report prepared ahead)."""
    if options.issued_on is not None:
        return options.issued_on.year
    return max(timezone.localdate().year, c.period.due_on.year)


def _lines(values: tuple[str, ...]) -> list[str]:
    return [" ".join(v.split()) for v in values if v.strip()]


def consolidated_document(
    c: Consolidation, options: ReportOptions | None = None
) -> AdministrativeDocument:
    """The report, in the name of the agency in office on its date (tracking.office): raises
    HandoverNeeded, with the reason, when the plan's focal agency had ended by then."""
    options = options or ReportOptions()
    focal = check_issuable(c.document, c.period)
    _link_parents(c)
    day = document_date(c.period)
    head = letterhead(focal, day) if focal else None
    texts = {**draft_texts(c), **{k: v for k, v in options.texts.items() if v.strip()}}
    focal_name = full_name(focal) if focal else "Cơ quan đầu mối"
    # A plan imported without its issuer line: its unit's People's Committee, as the reminder
    # letter says (reports.reminder_letter), rather than "cấp có thẩm quyền".
    unit = c.document.unit
    committee = f"Ủy ban nhân dân {unit.kind.lower()} {unit.short_name}"
    issuer = c.document.issuer or committee
    reported_to = recipient_for(c.document, c.period, focal) if c.document.issuer else committee
    blocks = [
        Block(
            kind="paragraph",
            text=f"Thực hiện {_plan_reference(c)} của {issuer} {_plan_subject(c)}, "
            f"{focal_name} báo cáo kết quả thực hiện {_period_phrase(c)} (số liệu từ ngày "
            f"{vn_date(c.period.starts_on)} đến ngày {vn_date(c.period.ends_on)}) như sau:",
        ),
        Block(kind="heading1", text=f"I. {_upper(STANDARD_SECTIONS['direction'])}"),
        *_text_blocks(texts["direction"]),
        Block(kind="heading1", text="II. KẾT QUẢ THỰC HIỆN"),
    ]
    counts = c.counts
    reported = counts["total"] - counts[""]
    summary = [f"Trong kỳ có {counts['total']} nhiệm vụ phải báo cáo"]
    if reported:
        shown = ", ".join(
            f"{counts[status]} {TaskStatus(status).label.lower()}"
            for status in TaskStatus.values
            if counts[status]
        )
        summary.append(f"{reported} nhiệm vụ đã có báo cáo được tiếp nhận ({shown})")
    summary.append(f"{counts['']} nhiệm vụ chưa có báo cáo được tiếp nhận")
    blocks.append(Block(kind="paragraph", text=summary[0] + ": " + "; ".join(summary[1:]) + "."))
    number = 1
    blocks.append(Block(kind="heading2", text=f"{number}. Kết quả thực hiện các nhiệm vụ"))
    for letter, (top, sections) in zip("abcdefghiklmnopqrstuvxy", _groups(c), strict=False):
        if top is not None:
            title = " ".join(top.title.split()).rstrip(".")
            blocks.append(Block(kind="heading3", text=f"{letter}) {title}"))
        blocks += _group_paragraphs(top, sections)
    target_blocks = _target_blocks(c)
    if target_blocks:
        number += 1
        blocks.append(Block(kind="heading2", text=f"{number}. Kết quả thực hiện các chỉ tiêu"))
        blocks += target_blocks
    figures = figures_for(c.document, c.period)
    if figures is not None:
        number += 1
        found = reintegration_blocks(figures)
        found[0] = Block(kind="heading2", text=f"{number}. {found[0].text}")
        blocks += found
    number += 1
    blocks.append(
        Block(kind="heading2", text=f"{number}. Những nhiệm vụ chưa thực hiện và nguyên nhân")
    )
    blocks += _not_done_blocks(c)
    table = missing_table(c)
    if table is not None:
        number += 1
        tasks = sum(len(t) for _, t in c.missing.values())
        blocks.append(Block(kind="heading2", text=f"{number}. Cơ quan, đơn vị chưa báo cáo"))
        blocks.append(
            Block(
                kind="paragraph",
                text=f"Đến ngày lập báo cáo, {len(c.missing)} cơ quan, đơn vị còn nhiệm vụ chưa "
                f"gửi báo cáo hoặc báo cáo chưa được tiếp nhận ({tasks} lượt nhiệm vụ):",
            )
        )
        blocks.append(table)
    if c.collective:
        shared = sorted({a.task for a in c.collective if a.task_id}, key=lambda t: t.position)
        blocks.append(
            Block(
                kind="note",
                text=f"Phần giao chung cho nhiều cơ quan, đơn vị của {len(shared)} nhiệm vụ (mục "
                f"{_items(shared)}) không được theo dõi riêng từng cơ quan.",
            )
        )
    if c.lower_documents:
        number += 1
        blocks.append(Block(kind="heading2", text=f"{number}. Kết quả của các đơn vị cấp dưới"))
        for document, period, numbers in c.lower_documents:
            if period is None:
                text = (
                    f"- {document.unit.full_name} ({document.label}): chưa có kỳ {c.period.label}."
                )
            else:
                text = (
                    f"- {document.unit.full_name} ({document.label}): {numbers['tasks']} nhiệm vụ, "
                    f"{numbers['accepted']}/{numbers['reports']} báo cáo đã được tiếp nhận."
                )
            blocks.append(Block(kind="bullet", text=text))
    blocks.append(Block(kind="heading1", text="III. ĐÁNH GIÁ CHUNG"))
    for index, key in enumerate(("strengths", "weaknesses", "causes"), start=1):
        blocks.append(Block(kind="heading2", text=f"{index}. {STANDARD_SECTIONS[key]}"))
        blocks += _text_blocks(texts[key])
    blocks.append(Block(kind="heading1", text=f"IV. {_upper(STANDARD_SECTIONS['next_steps'])}"))
    blocks += _text_blocks(texts["next_steps"])
    blocks.append(Block(kind="heading1", text=f"V. {_upper(STANDARD_SECTIONS['proposals'])}"))
    blocks += _text_blocks(texts["proposals"])
    closing = f"Trên đây là báo cáo kết quả thực hiện {_period_phrase(c)} của {focal_name}./."
    blocks.append(Block(kind="paragraph", text=closing))

    addressees = _lines(options.addressees) if options.addressees is not None else [reported_to]
    if options.recipients is not None:
        recipients = _lines(options.recipients)
    else:
        recipients = ["Như trên;"]
        superior = _superior_name(focal, day) if focal else ""
        if superior and superior not in addressees:
            recipients.append(f"{superior};")
        drafting = options.drafting_unit.strip() or (
            _symbol(focal).removeprefix("BC-").removeprefix("BC") if focal else ""
        )
        recipients.append(f"Lưu: VT, {drafting}." if drafting else "Lưu: VT.")
    authority, title, name = signature(options.signer or default_signer(focal))
    return AdministrativeDocument(
        superior=_upper(head.superior) if head else "",
        issuer=_upper(head.issuer) if head else "CƠ QUAN ĐẦU MỐI",
        symbol=_symbol(focal) if focal else "BC",
        number_value=options.number,
        place=(head.place if head else c.document.place) or c.document.place,
        date=options.issued_on,
        year=issue_year(c, options),
        type_name="BÁO CÁO",
        summary=f"Kết quả {_period_phrase(c)} thực hiện {_plan_reference(c)} của {issuer} "
        f"{_plan_subject(c)}",
        addressees=addressees,
        blocks=blocks,
        recipients=recipients,
        signer_authority=authority,
        signer_title=title,
        signer_name=name,
    )


def _target_blocks(c: Consolidation) -> list[Block]:
    """ "Kết quả thực hiện các chỉ tiêu": each target of the plan, its value and attainment."""
    from dondoc.indicators.services import target_rows
    from dondoc.plans.contracts import targets_of

    if not targets_of(c.document):
        return []
    label = c.period.label
    year = int(label[:4]) if label[:4].isdigit() else c.period.due_on.year
    blocks = []
    for index, row in enumerate(target_rows(user=None, document=c.document, year=year), start=1):
        value = row.value.value if row.value is not None else None
        shown = f"{value:g}" if value is not None else "chưa có số liệu"
        if row.baseline_text:
            base = f"{row.baseline:g}" if row.baseline is not None else "chưa có số liệu"
            shown += f" (mốc so sánh: {row.baseline_text}, {base})"
        blocks.append(
            Block(
                kind="bullet",
                text=f"- Chỉ tiêu {index} ({row.target.raw[:200]}): {shown}; "
                f"{row.result.label.lower()} — {row.result.reason}",
            )
        )
    return blocks


def _agencies(results: list[AgencyResult]) -> dict[int, Agency]:
    return {r.agency.pk: r.agency for r in results}


def _notes_text(notes: list[Note]) -> list[str]:
    """ "- Phòng Tư pháp: thiếu cán bộ …" one line per agency, its notes joined."""
    by_agency: dict[int, tuple[Agency, list[str]]] = {}
    for note in notes:
        text = _sentence(note.text)
        if text:
            entry = by_agency.setdefault(note.agency.pk, (note.agency, []))
            if text not in entry[1]:
                entry[1].append(text)
    return [f"- {agency.name}: {'; '.join(texts)}." for agency, texts in by_agency.values()]


def draft_texts(c: Consolidation) -> dict[str, str]:
    """The generated first version of each standard section (reports.options.STANDARD_SECTIONS),
    written from the period's data, for the officer to edit in the stored consolidated report."""
    counts = c.counts
    due = [s for s in c.sections if s.due and s.task.is_leaf]
    results = [r for s in due for r in s.results]
    agencies = _agencies(results)
    leads = {r.agency.pk for r in results if r.role == "lead"}
    accepted = [r for r in results if r.report is not None]
    reporting = _agencies(accepted)
    focal = c.focal_agency
    focal_name = full_name(focal) if focal else "Cơ quan đầu mối"
    period = _period_phrase(c)
    direction = (
        f"{focal_name} đã giao {counts['total']} nhiệm vụ của Kế hoạch phải "
        f"{_report_phrase(period)} cho {len(agencies)} cơ quan, đơn vị ({len(leads)} cơ quan "
        "chủ trì), hướng dẫn "
        f"báo cáo với hạn ngày {vn_date(c.period.due_on)}; đến ngày lập báo cáo đã tiếp nhận "
        f"{len(accepted)}/{len(results)} báo cáo của {len(reporting)}/{len(agencies)} cơ quan, "
        "đơn vị."
    )
    done = counts[TaskStatus.DONE]
    progress = counts[TaskStatus.IN_PROGRESS]
    if done or progress:
        shown = [
            text
            for count, text in (
                (done, f"{done} nhiệm vụ đã hoàn thành"),
                (progress, f"{progress} nhiệm vụ đang được triển khai theo kế hoạch"),
            )
            if count
        ]
        strengths = f"Trong số nhiệm vụ đã có báo cáo, {', '.join(shown)}."
        complete = [a.name for pk, a in agencies.items() if pk not in c.missing and pk in reporting]
        if complete:
            strengths += f" Các cơ quan đã báo cáo đầy đủ, đúng yêu cầu: {', '.join(complete)}."
    else:
        strengths = "Chưa có nhiệm vụ nào được báo cáo hoàn thành hoặc đang triển khai trong kỳ."
    weaknesses_lines = []
    if c.missing:
        weaknesses_lines.append(
            f"{len(c.missing)}/{len(agencies)} cơ quan, đơn vị còn nhiệm vụ chưa gửi báo cáo hoặc "
            "báo cáo chưa được tiếp nhận, nên "
            + (
                f"kết quả của {counts['']}/{counts['total']} nhiệm vụ chưa được đánh giá."
                if counts[""]
                else "phần phối hợp của các cơ quan này chưa được tổng hợp."
            )
        )
    stalled = counts[TaskStatus.NOT_STARTED] + counts[TaskStatus.CANNOT]
    if stalled:
        weaknesses_lines.append(f"{stalled} nhiệm vụ chưa triển khai hoặc không thể thực hiện.")
    if c.difficulties:
        weaknesses_lines.append("Khó khăn, vướng mắc các cơ quan nêu:")
        weaknesses_lines += _notes_text(c.difficulties)
    if not weaknesses_lines:
        weaknesses_lines.append("Các cơ quan không nêu khó khăn, vướng mắc.")
    reasons = [n for _, notes in c.not_done for n in notes if n.text]
    causes_lines = (
        ["Nguyên nhân các cơ quan nêu đối với nhiệm vụ chưa thực hiện:", *_notes_text(reasons)]
        if reasons
        else ["Các cơ quan chưa nêu nguyên nhân của những hạn chế trên."]
    )
    next_steps_lines = []
    remaining = progress + stalled + counts[""]
    if remaining:
        next_steps_lines.append(
            f"- Tiếp tục chỉ đạo triển khai {remaining} nhiệm vụ chưa hoàn thành của Kế hoạch."
        )
    if c.missing:
        next_steps_lines.append(
            f"- Đôn đốc {len(c.missing)} cơ quan, đơn vị chưa báo cáo (danh sách tại phần II) gửi "
            f"{_report_phrase(period)}."
        )
    following = (
        c.document.periods.filter(due_on__gt=c.period.due_on).order_by("due_on").first()
        if c.document.pk
        else None
    )
    if following is not None:
        next_steps_lines.append(
            f"- Tổng hợp báo cáo {_lower_first(following.title)} (hạn ngày "
            f"{vn_date(following.due_on)})."
        )
    if not next_steps_lines:
        next_steps_lines.append("- Duy trì kết quả đã đạt được của Kế hoạch.")
    proposals_lines = (
        ["Đề xuất, kiến nghị của các cơ quan:", *_notes_text(c.proposals)]
        if c.proposals
        else ["Không có đề xuất, kiến nghị."]
    )
    texts = {
        "direction": direction,
        "strengths": strengths,
        "weaknesses": "\n".join(weaknesses_lines),
        "causes": "\n".join(causes_lines),
        "next_steps": "\n".join(next_steps_lines),
        "proposals": "\n".join(proposals_lines),
    }
    return {key: texts.get(key, "") for key in STANDARD_SECTIONS}


def consolidated_docx(c: Consolidation, options: ReportOptions | None = None) -> bytes:
    return render_docx(consolidated_document(c, options))


ANNEX_COLUMNS = [
    ("Mục", 9),
    ("Nhiệm vụ", 44),
    ("Cơ quan", 26),
    ("Vai trò", 10),
    ("Tình hình thực hiện", 16),
    ("Trạng thái báo cáo", 16),
    ("Kết quả đã thực hiện", 50),
]
REASONS_COLUMN = ("Lý do, khó khăn", 34)
STATE_LABELS = {
    "not_started": "Chưa báo cáo",
    "draft": "Đang soạn",
    "submitted": "Đã gửi, chờ tiếp nhận",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
}


def _figure_columns(c: Consolidation) -> list[tuple[str, str]]:
    """(label, unit) of every figure the accepted reports carry, in the order met: a column
    each."""
    found: dict[tuple[str, str], None] = {}
    for section in c.sections:
        for result in section.results:
            for line in result.figures:
                found.setdefault((line.label, line.unit), None)
    return list(found)


def _figure_header(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def consolidated_xlsx(c: Consolidation) -> bytes:
    """The annex: every task of the plan with its printed number, each agency's status in the
    period (one row per agency, the task's cells merged over them), a column per figure, a
    totals row; printed A4 landscape, fit to width, the header row on every page."""
    _link_parents(c)
    figure_keys = _figure_columns(c)
    columns = [
        *ANNEX_COLUMNS,
        *((_figure_header(label, unit), 12) for label, unit in figure_keys),
        REASONS_COLUMN,
    ]
    blank = [""] * len(figure_keys)
    rows: list[tuple[list[object], bool]] = []
    merges: list[tuple[int, int, tuple[int, ...]]] = []
    sums: list[float | None] = [None] * len(figure_keys)
    accepted = owed = 0
    for section in c.sections:
        task = section.task
        number = printed_number(task)
        title = " ".join(task.title.split())
        if not task.is_leaf:
            rows.append(([number, title, "", "", "", "", "", *blank, ""], True))
            continue
        if not section.due:
            leads = ", ".join(section.leads)
            rows.append(
                ([number, title, leads, "", "Không thuộc kỳ này", "", "", *blank, ""], False)
            )
            continue
        if not section.results:
            rows.append(
                (
                    [
                        number,
                        title,
                        ", ".join(section.leads) or "Chưa phân công",
                        "chủ trì",
                        section.status_label,
                        "Không có cơ quan cụ thể",
                        "",
                        *blank,
                        "",
                    ],
                    False,
                )
            )
            continue
        first = len(rows)
        for result in sorted(section.results, key=lambda r: r.role != "lead"):
            report = result.report
            owed += 1
            accepted += report is not None
            values: list[object] = [None] * len(figure_keys)
            for line in result.figures:
                index = figure_keys.index((line.label, line.unit))
                try:
                    amount = float(line.value)
                except (TypeError, ValueError):
                    values[index] = str(line.value)
                    continue
                values[index] = amount
                sums[index] = (sums[index] or 0) + amount
            rows.append(
                (
                    [
                        number,
                        title,
                        full_name(result.agency),
                        ROLE_LABELS.get(result.role, result.role),
                        result.status_label,
                        STATE_LABELS.get(result.state, result.state),
                        " ".join(report.done_text.split()) if report else "",
                        *values,
                        "\n".join(x.strip() for x in (report.reason, report.difficulties) if x)
                        if report
                        else "",
                    ],
                    False,
                )
            )
        merges.append((first, len(rows) - first, (1, 2)))
    counts = c.counts
    total: list[object] = [
        "",
        f"Tổng cộng: {counts['total']} nhiệm vụ phải báo cáo",
        f"{len({r.agency.pk for s in c.sections for r in s.results})} cơ quan",
        "",
        f"{counts['total'] - counts['']} nhiệm vụ có báo cáo",
        f"Đã tiếp nhận {accepted}/{owed}",
        "",
        *sums,
        "",
    ]
    sheet = Sheet(
        name="Phụ lục",
        title=f"PHỤ LỤC: TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ — {_upper(c.period.title)}",
        subtitle=f"(Kèm theo Báo cáo kết quả thực hiện {_plan_reference(c)})",
        columns=columns,
        rows=rows,
        merges=merges,
        total=total,
        wide_groups=True,
    )
    figures = figures_for(c.document, c.period)
    return render_xlsx([sheet] if figures is None else [sheet, reintegration_sheet(figures)])
