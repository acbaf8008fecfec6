"""The consolidated report of a period: a DOCX in the layout of administrative documents
(Decree 30/2020/NĐ-CP) and a table annex in XLSX, from tracking.consolidation."""

from __future__ import annotations

import dataclasses
import unicodedata

from dondoc.core.dates import vn_date
from dondoc.core.renderers.docx import AdministrativeDocument, Block, render_docx
from dondoc.core.renderers.xlsx import Sheet, render_xlsx
from dondoc.org.letterhead import full_name, letterhead
from dondoc.org.models import AdminUnit, Agency
from dondoc.tracking.consolidation import AgencyResult, Consolidation, TaskSection
from dondoc.tracking.models import TaskStatus
from dondoc.tracking.office import check_issuable, document_date, recipient_for

from .options import STANDARD_SECTIONS, ReportOptions
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


def _period_phrase(c: Consolidation) -> str:
    return _lower_first(c.period.title)


def _result_line(result: AgencyResult) -> str:
    name = f"{result.agency.name} ({ROLE_LABELS.get(result.role, result.role)})"
    report = result.report
    if report is None:
        return f"{name}: {_lower_first(result.status_label)}."
    parts = [report.done_text or report.get_task_status_display()]
    if report.figure is not None:
        figure = f"{report.figure.normalize():f}".replace(".", ",")
        parts.append(f"số liệu: {figure}{' ' + report.figure_note if report.figure_note else ''}")
    if report.task_status in (TaskStatus.NOT_STARTED, TaskStatus.CANNOT) and report.reason:
        parts.append(f"lý do: {report.reason}")
    return f"{name}: " + "; ".join(p.strip().rstrip(".") for p in parts if p.strip()) + "."


def _task_blocks(section: TaskSection) -> list[Block]:
    task = section.task
    heading = f"{task.code}. {task.title}" if task.code else task.title
    if not task.is_leaf:
        return [Block(kind="heading2" if task.depth == 0 else "heading3", text=heading)]
    if not section.due:
        return []
    blocks = [
        Block(kind="heading3", text=heading),
        Block(
            kind="bullet",
            text=f"- Cơ quan chủ trì: {', '.join(section.leads) or 'chưa phân công'}; "
            f"tình hình thực hiện: {_lower_first(section.status_label)}.",
        ),
    ]
    results = sorted(section.results, key=lambda r: r.role != "lead")
    blocks += [
        Block(kind="bullet", text=f"- {_result_line(r)}") for r in results if r.report is not None
    ]
    waiting = [r.agency.name for r in results if r.report is None]
    if waiting:
        blocks.append(
            Block(kind="bullet", text=f"- Chưa có báo cáo được tiếp nhận: {', '.join(waiting)}.")
        )
    for lower in section.lower:
        said = "; ".join(_result_line(r).rstrip(".") for r in lower.results) or "chưa báo cáo"
        blocks.append(
            Block(
                kind="bullet",
                level=1,
                text=f"+ {lower.document.unit.full_name} (mục {lower.task.path} "
                f"{lower.document.label}): {said}.",
            )
        )
    return blocks


def consolidated_document(c: Consolidation) -> AdministrativeDocument:
    """The report, in the name of the agency in office on its date (tracking.office): raises
    HandoverNeeded, with the reason, when the plan's focal agency had ended by then."""
    focal = check_issuable(c.document, c.period)
    head = letterhead(focal, document_date(c.period)) if focal else None
    counts = c.counts
    blocks = [
        Block(
            kind="paragraph",
            text=f"Thực hiện {_plan_reference(c)} của {c.document.issuer or 'cấp có thẩm quyền'}"
            f" về {_lower_first(c.document.title).removeprefix('về ')}, "
            f"{full_name(focal) if focal else 'cơ quan đầu mối'} báo cáo kết quả thực hiện "
            f"{_period_phrase(c)} (số liệu từ ngày {vn_date(c.period.starts_on)} đến ngày "
            f"{vn_date(c.period.ends_on)}) như sau:",
        ),
        Block(kind="heading1", text="I. KẾT QUẢ THỰC HIỆN"),
        Block(
            kind="paragraph",
            text=f"Trong kỳ có {counts['total']} nhiệm vụ phải báo cáo: "
            f"{counts[TaskStatus.DONE]} nhiệm vụ đã hoàn thành, "
            f"{counts[TaskStatus.IN_PROGRESS]} đang thực hiện, "
            f"{counts[TaskStatus.NOT_STARTED]} chưa triển khai, "
            f"{counts[TaskStatus.CANNOT]} không thể thực hiện, "
            f"{counts['']} chưa có báo cáo được tiếp nhận.",
        ),
    ]
    for section in c.sections:
        blocks += _task_blocks(section)
    blocks.append(Block(kind="heading1", text="II. NHỮNG NHIỆM VỤ CHƯA THỰC HIỆN VÀ NGUYÊN NHÂN"))
    if c.not_done:
        for section, reasons in c.not_done:
            why = "; ".join(f"{n.agency.name}: {n.text}" for n in reasons if n.text)
            blocks.append(
                Block(
                    kind="bullet",
                    text=f"- Mục {section.task.path} ({section.task.title[:160]}): "
                    f"{_lower_first(section.status_label)}"
                    + (f"; nguyên nhân: {why}." if why else "."),
                )
            )
    else:
        blocks.append(
            Block(kind="paragraph", text="Không có nhiệm vụ nào được báo cáo là chưa triển khai.")
        )
    if c.missing:
        blocks.append(
            Block(
                kind="paragraph",
                text=f"Các cơ quan chưa báo cáo hoặc báo cáo chưa được tiếp nhận "
                f"({len(c.missing)} cơ quan):",
            )
        )
        for agency, tasks in c.missing.values():
            paths = ", ".join(t.path for t in tasks)
            blocks.append(Block(kind="bullet", text=f"- {agency.name}: mục {paths}."))
    if c.collective:
        names = sorted({a.mention for a in c.collective})
        blocks.append(
            Block(
                kind="note",
                text="Nhiệm vụ giao chung cho nhóm cơ quan (không theo dõi riêng từng cơ quan): "
                + "; ".join(names)
                + ".",
            )
        )
    blocks.append(Block(kind="heading1", text="III. KHÓ KHĂN, VƯỚNG MẮC"))
    blocks += _notes(c.difficulties, "Các cơ quan không nêu khó khăn, vướng mắc.")
    blocks.append(Block(kind="heading1", text="IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    blocks += _notes(c.proposals, "Các cơ quan không có đề xuất, kiến nghị.")
    blocks += _target_blocks(c)
    figures = figures_for(c.document, c.period)
    if figures is not None:
        blocks += reintegration_blocks(figures)
    if c.lower_documents:
        blocks.append(Block(kind="heading1", text="V. KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ CẤP DƯỚI"))
        for document, period, numbers in c.lower_documents:
            if period is None:
                text = (
                    f"- {document.unit.full_name} ({document.label}): chưa có kỳ {c.period.label}."
                )
            else:
                text = (
                    f"- {document.unit.full_name} ({document.label}): {numbers['tasks']} nhiệm vụ, "
                    f"{numbers['accepted']}/{numbers['reports']} báo cáo của các cơ quan đã được "
                    "tiếp nhận."
                )
            blocks.append(Block(kind="bullet", text=text))
    authority, title = _signer(focal) if focal else ("", "THỦ TRƯỞNG CƠ QUAN")
    return AdministrativeDocument(
        superior=_upper(head.superior) if head else "",
        issuer=_upper(head.issuer) if head else "CƠ QUAN ĐẦU MỐI",
        symbol=_symbol(focal) if focal else "BC",
        place=(head.place if head else c.document.place) or c.document.place,
        date=None,
        year=c.period.due_on.year,
        type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {_plan_reference(c)} {_period_phrase(c)}",
        blocks=blocks,
        recipients=[
            f"{recipient_for(c.document, c.period, focal)} (để báo cáo);",
            "Các cơ quan, đơn vị liên quan;",
            "Lưu: VT.",
        ],
        signer_authority=authority,
        signer_title=title,
    )


def _target_blocks(c: Consolidation) -> list[Block]:
    """ "Kết quả thực hiện các chỉ tiêu": each target of the plan, its value and attainment."""
    from dondoc.indicators.services import target_rows
    from dondoc.plans.contracts import targets_of

    if not targets_of(c.document):
        return []
    label = c.period.label
    year = int(label[:4]) if label[:4].isdigit() else c.period.due_on.year
    blocks = [Block(kind="heading2", text="Kết quả thực hiện các chỉ tiêu")]
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


def _notes(notes: list, empty: str) -> list[Block]:
    if not notes:
        return [Block(kind="paragraph", text=empty)]
    return [
        Block(
            kind="bullet",
            text=f"- {n.agency.name}" + (f" (mục {n.task.path})" if n.task else "") + f": {n.text}",
        )
        for n in notes
    ]


def draft_texts(c: Consolidation) -> dict[str, str]:
    """The generated first version of each standard section (reports.options.STANDARD_SECTIONS),
    for the officer to edit in the stored consolidated report."""
    return {key: "" for key in STANDARD_SECTIONS}


def consolidated_docx(c: Consolidation, options: ReportOptions | None = None) -> bytes:
    document = consolidated_document(c)
    if options is not None and (options.number or options.issued_on):
        # The number and date of issue of the stored report (reports.services.issue).
        document = dataclasses.replace(
            document,
            number_value=options.number,
            date=options.issued_on,
            year=options.issued_on.year if options.issued_on else document.year,
        )
    return render_docx(document)


ANNEX_COLUMNS = [
    ("Mục", 9),
    ("Nhiệm vụ", 48),
    ("Cơ quan", 28),
    ("Vai trò", 10),
    ("Tình hình thực hiện", 18),
    ("Trạng thái báo cáo", 18),
    ("Kết quả đã thực hiện", 60),
    ("Số liệu", 12),
    ("Lý do, khó khăn", 40),
]
STATE_LABELS = {
    "not_started": "Chưa báo cáo",
    "draft": "Đang soạn",
    "submitted": "Đã gửi, chờ tiếp nhận",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
}


def consolidated_xlsx(c: Consolidation) -> bytes:
    """The annex: every task, with each agency's status in the period (one row per agency)."""
    rows: list[tuple[list[object], bool]] = []
    for section in c.sections:
        task = section.task
        if not task.is_leaf:
            rows.append(([task.path, task.title, "", "", "", "", "", "", ""], True))
            continue
        if not section.due:
            rows.append(
                (
                    [
                        task.path,
                        task.title,
                        ", ".join(section.leads),
                        "",
                        "Không thuộc kỳ này",
                        "",
                        "",
                        "",
                        "",
                    ],
                    False,
                )
            )
            continue
        if not section.results:
            rows.append(
                (
                    [
                        task.path,
                        task.title,
                        ", ".join(section.leads) or "Chưa phân công",
                        "chủ trì",
                        section.status_label,
                        "Không có cơ quan cụ thể",
                        "",
                        "",
                        "",
                    ],
                    False,
                )
            )
        for result in section.results:
            report = result.report
            rows.append(
                (
                    [
                        task.path,
                        task.title,
                        result.agency.name,
                        ROLE_LABELS.get(result.role, result.role),
                        result.status_label,
                        STATE_LABELS.get(result.state, result.state),
                        report.done_text if report else "",
                        float(report.figure) if report and report.figure is not None else None,
                        "\n".join(x for x in (report.reason, report.difficulties) if x)
                        if report
                        else "",
                    ],
                    False,
                )
            )
    sheet = Sheet(
        name="Phụ lục",
        title=f"PHỤ LỤC: TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ — {_upper(c.period.title)}",
        subtitle=f"(Kèm theo Báo cáo kết quả thực hiện {_plan_reference(c)})",
        columns=ANNEX_COLUMNS,
        rows=rows,
    )
    figures = figures_for(c.document, c.period)
    return render_xlsx([sheet] if figures is None else [sheet, reintegration_sheet(figures)])
