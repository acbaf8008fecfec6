"""An agency's report of a period: one page with a section per task (lead tasks first),
the figures table, difficulties, proposals; the leader's approval, the focal officer's
review, the signed copy, and the agency's own DOCX."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput, NotFound
from dondoc.core.idempotency import Duplicate, new_token
from dondoc.core.locks import BUSY_MESSAGE, is_lock_timeout
from dondoc.tracking import agency_reports as services
from dondoc.tracking import selectors
from dondoc.tracking.models import AgencyReport, ProgressReport, TaskStatus
from dondoc.tracking.notify import site_url_of

from .forms_agency_report import ActionForm, DecisionForm, ReportPartsForm, SectionForm

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
        services.report_save(
            actor=actor,
            period=access.period,
            agency=access.agency,
            version=parts.cleaned_data["version"],
            difficulties=parts.cleaned_data["difficulties"],
            proposals=parts.cleaned_data["proposals"],
            figures=parts.figure_rows(),
        )
        messages.success(request, "Đã lưu số liệu, khó khăn và đề xuất.")
        return "chung"
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


@login_required
def agency_report(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    access = _access(request, period_id, agency_id)
    error, status = "", 200
    if request.method == "POST":
        try:
            anchor = _post(request, access)
            url = reverse("web:agency_report", args=[period_id, agency_id])
            return redirect(f"{url}#{anchor}")
        except DomainError as problem:
            error, status = problem.message, problem.status_code
        except OperationalError as problem:
            if not is_lock_timeout(problem):
                raise
            error, status = BUSY_MESSAGE, 503
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
    for assignment in services.section_assignments(period=access.period, agency=access.agency):
        section = saved.get(assignment.pk)
        open_ = editable and (
            report is None or report.state != "returned" or not flagged
            or assignment.pk in flagged
        )  # fmt: skip
        sections.append({"assignment": assignment, "section": section, "editable": open_})
    state = report.state if report else None
    context: dict[str, Any] = {
        "access": access,
        "period": access.period,
        "agency": access.agency,
        "report": report,
        "sections": sections,
        "editable": editable,
        "statuses": TaskStatus.choices,
        "figures": list(report.figures.select_related("section__assignment__task"))
        if report
        else [],
        "events": report.events.select_related("actor") if report else [],
        "can_submit": access.writes and report is not None and state in services.EDITABLE,
        "can_approve": access.leads and state == AgencyReport.State.AWAITING_APPROVAL,
        "can_review": access.reviews and state == AgencyReport.State.SUBMITTED,
        "can_sign": access.writes and state in ("submitted", "accepted"),
        "token": new_token(),
        "error": error,
        "blank_rows": range(3),
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
