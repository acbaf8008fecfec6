"""The stored consolidated report of a plan's period ("Báo cáo tổng hợp"): create the draft, edit
its texts, preview it, submit, approve or return it, unlock it, issue it, download its files,
upload the signed copy. Each POST calls one service of reports.services; a GET writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dondoc.core.exceptions import DomainError
from dondoc.org.models import User
from dondoc.reports import selectors, services
from dondoc.reports.consolidated import consolidated_docx
from dondoc.reports.models import ConsolidatedReport, ConsolidatedReportFile
from dondoc.reports.options import STANDARD_SECTIONS
from dondoc.tracking import selectors as tracking_selectors
from dondoc.tracking.office import HandoverNeeded, needs_handover

from .forms_consolidated import CreateForm, EditForm, IssueForm, SignedForm, StepForm
from .views import _error_page
from .views_plans import _found

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    "docx": DOCX,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "signed": "application/pdf",
}


def _page_url(report: ConsolidatedReport) -> str:
    return reverse("web:consolidated_page", args=[report.document_id, report.period_id])


def _edit_initial(report: ConsolidatedReport) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": report.version,
        "addressees": report.addressees,
        "recipients": report.recipients,
        "signer_mode": report.signer_mode,
        "signer_authority": report.signer_authority,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
    }
    for key in STANDARD_SECTIONS:
        initial[f"text_{key}"] = (report.texts or {}).get(key, "")
    return initial


def _render_page(
    request: HttpRequest,
    document: Any,
    period: Any,
    report: ConsolidatedReport | None,
    *,
    edit_form: EditForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    prepares = tracking_selectors.can_review(user=user, document=document)
    context: dict[str, Any] = {
        "document": document,
        "period": period,
        "report": report,
        "prepares": prepares,
        "error": error,
        "handover_needed": needs_handover(document, period),
        "has_lower": document.lower_documents.exists(),
    }
    if report is not None:
        edit_form = edit_form or EditForm(initial=_edit_initial(report))
        context |= {
            "approves": selectors.can_approve(user=user, report=report),
            "files": selectors.report_files(report=report),
            "steps": report.steps.select_related("actor"),
            "edit_form": edit_form,
            "sections": [
                (label, edit_form[f"text_{key}"]) for key, label in STANDARD_SECTIONS.items()
            ],
            "issue_form": IssueForm(initial={"version": report.version}),
            "pdf_retry": prepares and services.pdf_retry_allowed(report),
            "today": tracking_selectors.today(),
        }
    return render(request, "web/tracking/consolidated/page.html", context, status=status)


def _period_of(request: HttpRequest, document_id: int, period_id: int) -> tuple[Any, Any]:
    document = _found(tracking_selectors.access_board, user=request.user, document_id=document_id)
    period = document.periods.filter(pk=period_id).first()
    if period is None:
        raise Http404
    return document, period


@login_required
def consolidated_page(request: HttpRequest, document_id: int, period_id: int) -> HttpResponse:
    """The period's consolidated report (GET), or its draft created (POST)."""
    document, period = _period_of(request, document_id, period_id)
    report = selectors.consolidated_report_of(
        user=request.user, document_id=document.pk, period_id=period.pk
    )
    if request.method == "POST":
        form = CreateForm(request.POST)
        include_lower = bool(form.is_valid() and form.cleaned_data["cap_duoi"])
        try:
            report = services.consolidated_report_create(
                actor=cast(User, request.user), document=document, period=period,
                include_lower=include_lower,
            )  # fmt: skip
        except DomainError as problem:
            return _render_page(
                request, document, period, report, error=problem.message,
                status=problem.status_code,
            )  # fmt: skip
        messages.success(request, "Đã tạo dự thảo báo cáo tổng hợp.")
        return redirect(_page_url(report))
    return _render_page(request, document, period, report)


def _report(request: HttpRequest, report_id: int) -> ConsolidatedReport:
    return cast(
        ConsolidatedReport,
        _found(selectors.access_consolidated_report, user=request.user, report_id=report_id),
    )


def _refused(request: HttpRequest, report: ConsolidatedReport, problem: DomainError,
             edit_form: EditForm | None = None) -> HttpResponse:  # fmt: skip
    report.refresh_from_db()
    return _render_page(
        request, report.document, report.period, report, edit_form=edit_form,
        error=problem.message, status=problem.status_code,
    )  # fmt: skip


def _form_error(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def consolidated_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = EditForm(request.POST)
    if not form.is_valid():
        return _render_page(
            request, report.document, report.period, report, edit_form=form,
            error=_form_error(form), status=400,
        )  # fmt: skip
    data = form.cleaned_data
    try:
        services.consolidated_report_edit(
            actor=cast(User, request.user), report=report, version=data["version"],
            texts=form.texts(), addressees=data["addressees"], recipients=data["recipients"],
            signer_mode=data["signer_mode"] or "", signer_authority=data["signer_authority"],
            signer_title=data["signer_title"], signer_name=data["signer_name"],
        )  # fmt: skip
    except DomainError as problem:
        return _refused(request, report, problem, edit_form=form)
    messages.success(request, "Đã lưu nội dung báo cáo tổng hợp.")
    return redirect(_page_url(report))


STEPS: dict[str, tuple[Callable[..., ConsolidatedReport], str, str]] = {
    "submit": (services.consolidated_report_submit, "comment", "Đã trình lãnh đạo duyệt."),
    "approve": (services.consolidated_report_approve, "comment", "Đã duyệt báo cáo tổng hợp."),
    "return": (services.consolidated_report_return, "comment", "Đã trả lại báo cáo để chỉnh sửa."),
    "unlock": (services.consolidated_report_unlock, "reason", "Đã mở khóa báo cáo."),
}


@login_required
@require_POST
def consolidated_step(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _render_page(
            request, report.document, report.period, report, error=_form_error(form), status=400
        )
    service, argument, done = STEPS[form.cleaned_data["action"]]
    try:
        service(
            actor=cast(User, request.user), report=report,
            version=form.cleaned_data["version"], **{argument: form.cleaned_data["comment"]},
        )  # fmt: skip
    except DomainError as problem:
        return _refused(request, report, problem)
    messages.success(request, done)
    return redirect(_page_url(report))


@login_required
@require_POST
def consolidated_issue(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _render_page(
            request, report.document, report.period, report, error=_form_error(form), status=400
        )
    try:
        report = services.consolidated_report_issue(
            actor=cast(User, request.user), report=report,
            version=form.cleaned_data["version"], number=form.cleaned_data["number"],
            issued_on=form.cleaned_data["issued_on"],
        )  # fmt: skip
    except DomainError as problem:
        return _refused(request, report, problem)
    messages.success(
        request,
        f"Đã ban hành báo cáo số {report.number}: văn bản Word đã có; bản PDF đang được tạo, "
        "trang tự cập nhật khi xong.",
    )
    return redirect(_page_url(report))


@login_required
@require_POST
def consolidated_pdf_retry(request: HttpRequest, report_id: int) -> HttpResponse:
    """Ask the worker again for the issued PDF that failed (or waited too long)."""
    report = _report(request, report_id)
    try:
        services.consolidated_report_pdf_retry(actor=cast(User, request.user), report=report)
    except DomainError as problem:
        return _refused(request, report, problem)
    messages.success(request, "Đã yêu cầu tạo lại bản PDF.")
    return redirect(_page_url(report))


@login_required
@require_POST
def consolidated_signed(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = SignedForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(
            request, report.document, report.period, report, error=_form_error(form), status=400
        )
    upload = form.cleaned_data["file"]
    if upload.size > services.MAX_SIGNED_BYTES:
        problem = DomainError(f"Tệp “{upload.name}” lớn hơn 20 MB.")
        return _refused(request, report, problem)
    try:
        services.consolidated_report_sign(
            actor=cast(User, request.user), report=report,
            version=form.cleaned_data["version"], name=upload.name, data=upload.read(),
        )  # fmt: skip
    except DomainError as problem:
        return _refused(request, report, problem)
    messages.success(request, "Đã lưu bản có chữ ký.")
    return redirect(_page_url(report))


@login_required
def consolidated_preview(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as it stands, in Word: the draft written now from the agencies' reports with
    the officer's texts; from approval on, the frozen content."""
    report = _report(request, report_id)
    try:
        content = services.report_consolidation(report, user=request.user)
        body = consolidated_docx(content, services.report_options(report))
    except HandoverNeeded as problem:
        return _error_page(request, 400, problem.message)
    except DomainError as problem:
        return _error_page(request, problem.status_code, problem.message)
    response = HttpResponse(body, content_type=DOCX)
    name = f"{services.file_stem(report)}-{report.state}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def consolidated_file(request: HttpRequest, report_id: int, kind: str) -> HttpResponse:
    if kind not in ConsolidatedReportFile.Kind.values:
        raise Http404
    item = _found(selectors.access_report_file, user=request.user, report_id=report_id, kind=kind)
    try:
        data = services.read_file(item)
    except DomainError as problem:
        return _error_page(request, 500 if problem.status_code == 400 else 400, problem.message)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{item.name}"'
    return response
