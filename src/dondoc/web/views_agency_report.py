"""An agency's report of a period: one page with a section per task (lead tasks first),
the figures table, difficulties, proposals; the leader's approval, the focal officer's
review, the signed copy, and the agency's own DOCX."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput, NotFound
from dondoc.core.idempotency import Duplicate, new_token
from dondoc.core.locks import BUSY_MESSAGE, is_lock_timeout
from dondoc.indicators.models import Indicator, Target
from dondoc.tracking import agency_reports as services
from dondoc.tracking import evidence_files, selectors
from dondoc.tracking.models import AgencyReport, Evidence, ProgressReport, TaskStatus
from dondoc.tracking.notify import site_url_of
from dondoc.tracking.services import VersionConflict

from .forms_agency_report import (
    FIGURE_COLUMNS,
    ActionForm,
    DecisionForm,
    EvidenceRemoveForm,
    ReportPartsForm,
    SectionForm,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _access(request: HttpRequest, period_id: int, agency_id: int) -> selectors.AgencyReportAccess:
    try:
        return selectors.access_agency_report(
            user=request.user, period_id=period_id, agency_id=agency_id
        )
    except NotFound as error:
        raise Http404 from error


def _post(request: HttpRequest, access: selectors.AgencyReportAccess) -> str:
    """Do what the pressed button asks; the anchor to come back to."""
    actor = request_actor(request)
    pressed = ActionForm(request.POST)
    if not pressed.is_valid():
        raise InvalidInput("Thao tác không hợp lệ.")
    action = pressed.cleaned_data["action"]
    site_url = site_url_of(request)
    report = access.report
    if action == "section":
        form = SectionForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(form.message())
        data = form.cleaned_data
        assignments = {
            a.pk: a
            for a in services.section_assignments(period=access.period, agency=access.agency)
        }
        assignment = assignments.get(data["assignment"])
        if assignment is None:
            raise InvalidInput("Nhiệm vụ này không thuộc báo cáo của cơ quan trong kỳ này.")
        files = request.FILES.getlist(f"evidence_{assignment.pk}")
        with contextlib.suppress(Duplicate):  # the same form twice: the first one saved it
            services.section_save(
                actor=actor,
                period=access.period,
                assignment=assignment,
                version=data["version"],
                task_status=data["task_status"],
                done_text=data["done_text"],
                reason=data["reason"],
                evidence=[(f.name or "", f.read()) for f in files],
                token=data["form_token"],
            )
        messages.success(request, f"Đã lưu nháp mục {assignment.task.path}.")
        return f"muc-{assignment.pk}"
    if action == "parts":
        parts = ReportPartsForm(request.POST)
        if not parts.is_valid():
            raise InvalidInput(parts.message())
        files = request.FILES.getlist("report_evidence")
        given = {
            "actor": actor,
            "period": access.period,
            "agency": access.agency,
            "version": parts.cleaned_data["version"],
            "difficulties": parts.cleaned_data["difficulties"],
            "proposals": parts.cleaned_data["proposals"],
            "figures": parts.figure_rows(),
            "evidence": [(f.name or "", f.read()) for f in files],
        }
        if not parts.cleaned_data["then_submit"]:
            services.report_save(**given)
            messages.success(
                request, "Đã lưu số liệu, khó khăn, đề xuất và tài liệu của cả báo cáo."
            )
            return "chung"
        try:
            sent = services.report_save_submit(
                **given, token=parts.cleaned_data["form_token"], site_url=site_url
            )
        except Duplicate:
            return "trang-thai"
        if sent.state == AgencyReport.State.AWAITING_APPROVAL:
            messages.success(request, "Đã lưu và trình lãnh đạo cơ quan duyệt báo cáo.")
        else:
            messages.success(request, "Đã lưu và gửi báo cáo tới cơ quan đầu mối.")
        return "trang-thai"
    if action == "evidence_remove":
        removed = EvidenceRemoveForm(request.POST)
        if not removed.is_valid():
            raise InvalidInput(removed.message())
        found = (
            Evidence.objects.filter(
                pk=removed.cleaned_data["evidence"], agency_report=report
            ).first()
            if report
            else None
        )
        if found is None:
            raise InvalidInput("Tệp này không thuộc báo cáo của cơ quan.")
        services.report_evidence_remove(actor=actor, evidence=found)
        messages.success(request, f"Đã xóa tệp “{found.name}”.")
        return "tai-lieu"
    decision = DecisionForm(request.POST)
    if not decision.is_valid():
        raise InvalidInput(decision.message())
    asked = decision.cleaned_data
    if report is None:
        raise InvalidInput("Báo cáo chưa được lập: hãy lưu nháp từng mục trước.")
    if action == "submit":
        try:
            report = services.report_submit(
                actor=actor, report=report, version=asked["version"],
                token=asked["form_token"], site_url=site_url,
            )  # fmt: skip
        except Duplicate:
            return "trang-thai"
        if report.state == AgencyReport.State.AWAITING_APPROVAL:
            messages.success(request, "Đã trình lãnh đạo cơ quan duyệt báo cáo.")
        else:
            messages.success(request, "Đã gửi báo cáo tới cơ quan đầu mối.")
    elif action == "approve":
        services.report_approve(
            actor=actor, report=report, version=asked["version"], site_url=site_url
        )
        messages.success(request, "Đã duyệt và gửi báo cáo tới cơ quan đầu mối.")
    elif action == "refuse":
        services.report_refuse(
            actor=actor, report=report, version=asked["version"], comment=asked["comment"]
        )
        messages.success(request, "Đã chuyển lại báo cáo cho cán bộ sửa.")
    elif action == "accept":
        services.report_accept(
            actor=actor, report=report, version=asked["version"],
            comment=asked["comment"], site_url=site_url,
        )  # fmt: skip
        messages.success(request, "Đã tiếp nhận báo cáo.")
    elif action == "return":
        chosen = decision.section_comments(list(report.sections.values_list("pk", flat=True)))
        services.report_return(
            actor=actor, report=report, version=asked["version"], comment=asked["comment"],
            section_comments=chosen, site_url=site_url,
        )  # fmt: skip
        messages.success(request, "Đã trả lại báo cáo cho cơ quan.")
    elif action == "signed":
        upload = request.FILES.get("signed")
        if upload is None:
            raise InvalidInput("Bản có chữ ký: hãy chọn một tệp PDF.")
        services.signed_copy_upload(
            actor=actor, report=report, name=upload.name or "", data=upload.read()
        )
        messages.success(request, "Đã tải lên bản có chữ ký.")
    else:
        raise InvalidInput("Thao tác không hợp lệ.")
    return "trang-thai"


@dataclass
class Refused:
    """A refused form, shown again as the user typed it, with the error next to its field."""

    action: str
    message: str
    assignment_id: int | None = None  # the section whose form was refused
    section: dict[str, str] = field(default_factory=dict)  # task_status, done_text, reason
    parts: dict[str, str] = field(default_factory=dict)  # difficulties, proposals
    rows: list[dict[str, str]] = field(default_factory=list)  # the figures table as typed
    row: int | None = None  # the figures row refused (1-based)
    problems: dict[int, list[str]] = field(default_factory=dict)  # by assignment, on submit
    conflict: bool = False  # someone saved after the page was opened
    files: list[str] = field(default_factory=list)  # chosen files, not kept: to choose again


def _refused(request: HttpRequest, problem: DomainError) -> Refused:
    data = request.POST
    action = str(data.get("action", ""))
    refused = Refused(
        action=action, message=problem.message, conflict=isinstance(problem, VersionConflict)
    )
    if action == "section":
        assignment = str(data.get("assignment", ""))
        refused.assignment_id = int(assignment) if assignment.isdigit() else None
        refused.section = {n: str(data.get(n, "")) for n in ("task_status", "done_text", "reason")}
        chosen = request.FILES.getlist(f"evidence_{assignment}")
        refused.files = [f.name or "" for f in chosen]
    elif action == "parts":
        refused.parts = {n: str(data.get(n, "")) for n in ("difficulties", "proposals")}
        refused.rows = ReportPartsForm(data).typed_rows()
        refused.files = [f.name or "" for f in request.FILES.getlist("report_evidence")]
        refused.row = problem.row if isinstance(problem, services.FigureRowError) else None
    if isinstance(problem, services.ReportIncomplete):
        refused.problems = problem.problems
    return refused


def _figure_rows(report: AgencyReport | None) -> list[dict[str, str]]:
    """The saved figures as the table's rows: a total with its parts typed back."""
    if report is None:
        return []
    figures = list(report.figures.select_related("target", "indicator").prefetch_related("parts"))
    rows = []
    for figure in figures:
        if figure.part_of_id is not None:
            continue
        measure = (
            f"t{figure.target_id}"
            if figure.target_id
            else (f"i{figure.indicator_id}" if figure.indicator_id else "")
        )
        rows.append(
            {
                "label": figure.label,
                "value": services.number_text(figure.value),
                "unit": figure.unit,
                "measure": measure,
                "breakdown": services.breakdown_text(list(figure.parts.all()))
                or services.breakdown_label(figure.breakdown),
                "section": str(figure.section_id or ""),
                "measure_label": f"Chỉ tiêu: {str(figure.target)[:70]}"
                if figure.target
                else (f"Chỉ số: {figure.indicator.name[:70]}" if figure.indicator else ""),
            }
        )
    return rows


def _measures(access: selectors.AgencyReportAccess) -> list[tuple[str, str, str]]:
    """The choices of the column “Chỉ tiêu, chỉ số”: the plan's targets, then the indicators
    agencies report; (value, label, what its breakdown needs)."""
    needs = {
        key: f"{services.BREAKDOWN_LABELS[key]}: {', '.join(services.BREAKDOWNS[key].values())}"
        for key in services.BREAKDOWNS
    }

    def need(indicator: Indicator | None) -> str:
        if indicator is None:
            return ""
        return "; ".join(needs[k] for k in indicator.disaggregations if k in needs)

    choices = [
        (f"t{t.pk}", f"Chỉ tiêu: {str(t)[:70]}", need(t.indicator))
        for t in Target.objects.filter(document_id=access.period.document_id).select_related(
            "indicator"
        )
    ]
    choices += [
        (f"i{i.pk}", f"Chỉ số: {i.name[:70]}", need(i))
        for i in Indicator.objects.filter(source=Indicator.Source.REPORTED)
    ]
    return choices


@login_required
def agency_report(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    access = _access(request, period_id, agency_id)
    status = 200
    refused: Refused | None = None
    if request.method == "POST":
        try:
            anchor = _post(request, access)
            url = reverse("web:agency_report", args=[period_id, agency_id])
            return redirect(f"{url}#{anchor}")
        except DomainError as problem:
            status = problem.status_code
            refused = _refused(request, problem)
        except OperationalError as problem:
            if not is_lock_timeout(problem):
                raise
            status = 503
            refused = _refused(request, DomainError(BUSY_MESSAGE))
        access = _access(request, period_id, agency_id)
    report = access.report
    saved = {
        s.assignment_id: s
        for s in (
            ProgressReport.objects.filter(
                period=access.period, agency=access.agency
            ).prefetch_related("evidence")
        )
    }
    editable = access.writes and (report is None or report.state in services.EDITABLE)
    flagged = {s.assignment_id for s in saved.values() if s.return_comment} if report else set()
    sections = []
    due = services.section_assignments(period=access.period, agency=access.agency)
    for assignment in due:
        section = saved.get(assignment.pk)
        open_ = editable and (
            report is None or report.state != "returned" or not flagged
            or assignment.pk in flagged
        )  # fmt: skip
        values = {
            "task_status": section.task_status if section else TaskStatus.IN_PROGRESS,
            "done_text": section.done_text if section else "",
            "reason": section.reason if section else "",
        }
        mine = refused is not None and refused.assignment_id == assignment.pk
        sections.append(
            {
                "assignment": assignment,
                "section": section,
                "editable": open_,
                "values": {**values, **refused.section} if mine and refused else values,
                "error": refused.message if mine and refused else "",
                "files_dropped": refused.files if mine and refused else [],
                "saved_values": values if mine and refused and refused.conflict else None,
                "problems": refused.problems.get(assignment.pk, []) if refused else [],
            }
        )
    shown = {a.pk for a in due}
    orphan = (
        refused.section
        if refused and refused.assignment_id and refused.assignment_id not in shown
        else {}
    )  # the task was replaced meanwhile: what was typed is still shown, to copy
    state = report.state if report else None
    parts_refused = refused is not None and refused.action == "parts"
    saved_rows = _figure_rows(report)
    rows = refused.rows if parts_refused and refused else saved_rows
    blank = dict.fromkeys(FIGURE_COLUMNS, "")
    rows = [*rows, *([blank] * 2)]
    parts = {
        "difficulties": report.difficulties if report else "",
        "proposals": report.proposals if report else "",
    }
    context: dict[str, Any] = {
        "access": access,
        "period": access.period,
        "agency": access.agency,
        "report": report,
        "sections": sections,
        "editable": editable,
        "statuses": TaskStatus.choices,
        "figure_rows": [
            {**row, "error": parts_refused and refused is not None and refused.row == n}
            for n, row in enumerate(rows, start=1)
        ],
        "saved_rows": saved_rows,
        "measures": _measures(access) if editable else [],
        "parts": {**parts, **refused.parts} if parts_refused and refused else parts,
        "parts_error": refused.message if parts_refused and refused else "",
        "parts_files_dropped": refused.files if parts_refused and refused else [],
        "parts_saved": parts if parts_refused and refused and refused.conflict else None,
        "report_evidence": list(report.evidence.all()) if report else [],
        "events": report.events.select_related("actor") if report else [],
        "can_submit": access.writes and report is not None and state in services.EDITABLE,
        "can_approve": access.leads and state == AgencyReport.State.AWAITING_APPROVAL,
        "can_review": access.reviews and state == AgencyReport.State.SUBMITTED,
        "can_sign": access.writes and state in ("submitted", "accepted"),
        "token": new_token(),
        "error": refused.message if refused else "",
        "orphan": orphan,
        "decision_error": refused.message
        if refused and refused.action not in ("section", "parts")
        else "",
    }
    return render(request, "web/tracking/agency_report.html", context, status=status)


@login_required
def agency_report_docx(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    from dondoc.reports.agency_report import agency_report_docx as build

    access = _access(request, period_id, agency_id)
    if access.report is None:
        raise Http404
    content = build(report=access.report)
    response = HttpResponse(content, content_type=DOCX)
    name = f"bao-cao-{access.period.label}-{access.agency.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def agency_report_signed(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    access = _access(request, period_id, agency_id)
    if access.report is None or not access.report.signed_file:
        raise Http404
    response = HttpResponse(
        services.signed_copy_read(access.report), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{access.report.signed_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def agency_report_evidence(
    request: HttpRequest, period_id: int, agency_id: int, evidence_id: int
) -> FileResponse:
    """A file of the whole report, decrypted for a user in the report's scope only."""
    access = _access(request, period_id, agency_id)
    found = (
        Evidence.objects.filter(pk=evidence_id, agency_report=access.report).first()
        if access.report
        else None
    )
    if found is None:
        raise Http404
    response = FileResponse(
        io.BytesIO(evidence_files.read(found)),
        as_attachment=True,
        filename=found.name,
        content_type=EVIDENCE_TYPES[found.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "docx": DOCX,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
