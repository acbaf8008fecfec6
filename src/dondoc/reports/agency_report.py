"""The agency's own report of a period as a Decree 30/2020/NĐ-CP document: the letterhead of
the agency, "BÁO CÁO" with its summary, "Kính gửi" the plan's focal agency in office, a
section per task (those it leads, then those it coordinates), its figures, difficulties and
proposals, the signature block (reports.options.Signer) and "Nơi nhận". The agency prints and
signs it, or sends it through its document system, then uploads the signed copy."""

from __future__ import annotations

from dondoc.core.renderers.docx import AdministrativeDocument, Block, render_docx
from dondoc.org.letterhead import full_name, letterhead
from dondoc.tracking.agency_reports import (
    breakdown_label,
    breakdown_text,
    number_text,
    section_assignments,
)
from dondoc.tracking.handover import focal_agency_for
from dondoc.tracking.models import AgencyReport, ReportFigure, ReportingSchedule

from .consolidated import _lower_first, _signer, _symbol, _upper
from .options import Signer


def _figure_line(figure: ReportFigure) -> str:
    """ "- Số người được trợ giúp pháp lý: 20 người (Nam: 12; Nữ: 8); chỉ tiêu: … (nhiệm vụ
    mục I/2)." """
    text = f"- {figure.label}: {number_text(figure.value)} {figure.unit}".rstrip()
    parts = breakdown_text(list(figure.parts.all()))
    if parts:
        text += f" ({parts})"
    elif figure.breakdown:
        text += f" ({breakdown_label(figure.breakdown)})"
    if figure.target is not None:
        text += f"; chỉ tiêu: {str(figure.target).rstrip('.')}"
    elif figure.indicator is not None:
        text += f"; chỉ số: {figure.indicator.name}"
    if figure.section is not None:
        text += f" (nhiệm vụ mục {figure.section.assignment.task.path})"
    return text + "."


def _attachments(report: AgencyReport) -> list[str]:
    """The files sent with the report: those of the whole report, then each section's."""
    lines = [f"- {e.name}." for e in report.evidence.all()]
    sections = report.sections.select_related("assignment__task").prefetch_related("evidence")
    for section in sections.order_by("assignment__task__position", "assignment__position"):
        path = section.assignment.task.path
        lines += [f"- {e.name} (nhiệm vụ mục {path})." for e in section.evidence.all()]
    return lines


def agency_report_document(
    *, report: AgencyReport, signer: Signer | None = None
) -> AdministrativeDocument:
    period, agency, document = report.period, report.agency, report.document
    on = report.submitted_at.date() if report.submitted_at else period.due_on
    head = letterhead(agency, on)
    schedule = ReportingSchedule.objects.filter(document=document).first()
    focal = focal_agency_for(schedule=schedule, period=period)
    focal_name = full_name(focal) if focal else (schedule.focal_mention if schedule else "")
    sections = {s.assignment_id: s for s in report.sections.all()}
    figures = list(
        report.figures.select_related(
            "section__assignment__task", "target", "indicator"
        ).prefetch_related("parts")
    )
    blocks = []
    if focal_name:
        blocks.append(Block(kind="paragraph", text=f"Kính gửi: {focal_name}."))
    blocks.append(
        Block(
            kind="paragraph",
            text=f"Thực hiện {document.label} về {_lower_first(document.title).removeprefix('về ')}"
            f", {head.issuer} báo cáo kết quả thực hiện {_lower_first(period.title)} (số liệu từ "
            f"ngày {period.starts_on:%d/%m/%Y} đến ngày {period.ends_on:%d/%m/%Y}) như sau:",
        )
    )
    blocks.append(Block(kind="heading1", text="I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"))
    assignments = section_assignments(period=period, agency=agency)
    leads = [a for a in assignments if a.role == "lead"]
    groups = [("Các nhiệm vụ chủ trì", leads), ("Các nhiệm vụ phối hợp", assignments[len(leads) :])]
    for number, (title, items) in enumerate([g for g in groups if g[1]], start=1):
        blocks.append(Block(kind="heading2", text=f"{number}. {title}"))
        for assignment in items:
            task = assignment.task
            section = sections.get(assignment.pk)
            blocks.append(
                Block(kind="heading3", text=f"Nhiệm vụ mục {task.path}: {task.title.strip()[:300]}")
            )
            if section is None:
                blocks.append(Block(kind="paragraph", text="Chưa có nội dung báo cáo."))
                continue
            status = section.get_task_status_display()
            blocks.append(
                Block(kind="bullet", text=f"- Tình hình thực hiện: {_lower_first(status)}.")
            )
            label = "Kết quả" if assignment.role == "lead" else "Nội dung phối hợp"
            if section.done_text:
                blocks.append(Block(kind="bullet", text=f"- {label}: {section.done_text}"))
            if section.reason:
                blocks.append(Block(kind="bullet", text=f"- Lý do: {section.reason}"))
    blocks.append(Block(kind="heading1", text="II. SỐ LIỆU"))
    totals = [f for f in figures if f.part_of_id is None]
    for figure in totals:
        blocks.append(Block(kind="bullet", text=_figure_line(figure)))
    if not totals:
        blocks.append(Block(kind="paragraph", text="Không có số liệu trong kỳ."))
    blocks.append(Block(kind="heading1", text="III. KHÓ KHĂN, VƯỚNG MẮC"))
    blocks.append(Block(kind="paragraph", text=report.difficulties or "Không."))
    blocks.append(Block(kind="heading1", text="IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    blocks.append(Block(kind="paragraph", text=report.proposals or "Không."))
    attached = _attachments(report)
    if attached:
        blocks.append(Block(kind="heading1", text="V. TÀI LIỆU KÈM THEO"))
        blocks.extend(Block(kind="bullet", text=line) for line in attached)
    blocks.append(Block(kind="paragraph", text=f"Trên đây là báo cáo của {head.issuer}./."))
    authority, title = _signer(agency)
    signer = signer or Signer(mode="", authority=authority, title=title)
    signed_for = f"{signer.mode} {signer.authority}".strip() if signer.mode else signer.authority
    return AdministrativeDocument(
        superior=_upper(head.superior),
        issuer=_upper(head.issuer),
        symbol=_symbol(agency),
        place=head.place or document.place,
        date=None,
        year=on.year,
        type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {document.label}, {_lower_first(period.title)}",
        blocks=blocks,
        recipients=[
            f"{focal_name} (để tổng hợp);" if focal_name else "Cơ quan đầu mối (để tổng hợp);",
            "Lưu: VT.",
        ],
        signer_authority=signed_for,
        signer_title=signer.title,
        signer_name=signer.name,
    )


def agency_report_docx(*, report: AgencyReport, signer: Signer | None = None) -> bytes:
    return render_docx(agency_report_document(report=report, signer=signer))
