"""Tracking pages: what an agency owes this period, the report form, the focal officer's
follow-up board and review, schedules and ad hoc periods, consolidated report downloads."""

from __future__ import annotations

import io
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from dondoc.core.idempotency import Duplicate
from dondoc.org.models import User
from dondoc.reports.consolidated import consolidated_docx, consolidated_xlsx
from dondoc.reports.jobs import consolidated_report_enqueue
from dondoc.reports.reminder_letter import reminder_letter_docx as letter_docx
from dondoc.tracking import agency_reports, evidence_files, selectors
from dondoc.tracking.consolidation import consolidate
from dondoc.tracking.models import (
    Evidence,
    Notification,
    ProgressReport,
    ReportingSchedule,
)
from dondoc.tracking.notify import site_url_of
from dondoc.tracking.office import HandoverNeeded, needs_handover
from dondoc.tracking.reminders import nudges_send, owing_for
from dondoc.tracking.services import (
    InvalidTransition,
    VersionConflict,
    evidence_remove,
    last_change,
    notifications_mark_read,
    period_add,
    progress_report_accept,
    progress_report_return,
    schedule_proposed,
    schedule_update,
)

from .forms_tracking import (
    BackgroundReportForm,
    NotificationsReadForm,
    NudgeForm,
    PeriodForm,
    ReviewForm,
    ScheduleActionForm,
    ScheduleForm,
)
from .paging import paged
from .views import _error_page
from .views_plans import _agency_choices, _found

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Agency officer -------------------------------------------------------------------------

# "Báo cáo kỳ này" shows this many tasks of a period; the rest are counted per agency, each
# with the link to its report, which lists every task (the page is not one row per task of
# a 500-task plan: issue 18).
OWED_SHOWN = 30


@login_required
def reports_owed(request: HttpRequest) -> HttpResponse:
    owed = selectors.reports_owed(user=request.user)
    groups: dict[int, dict[str, Any]] = {}
    hrefs: dict[tuple[int, int | None], str] = {}

    def href(period_id: int, agency_id: int | None) -> str:
        """Each agency's report of a period, its link built once (not a {% url %} a row)."""
        key = (period_id, agency_id)
        if key not in hrefs:
            hrefs[key] = reverse("web:agency_report", args=key)
        return hrefs[key]

    for item in owed:
        group = groups.setdefault(item.period.pk, {"period": item.period, "items": [], "rest": {}})
        if len(group["items"]) < OWED_SHOWN:
            item.href = (
                f"{href(item.period.pk, item.assignment.agency_id)}#muc-{item.assignment.pk}"
            )
            group["items"].append(item)
            continue
        # The rest of a long period (a 500-task plan): each agency's report lists them all.
        rest = group["rest"].setdefault(item.assignment.agency_id, [item.assignment.agency, 0])
        rest[1] += 1
    for group in groups.values():
        group["rest"] = [
            {"agency": agency, "count": count, "href": href(group["period"].pk, agency.pk)}
            for agency, count in group["rest"].values()
        ]
    context = {
        "groups": list(groups.values()),
        "count": len(owed),
        "labels": selectors.BOARD_STATE_LABELS,
        "writes": selectors.agencies_writing(user=request.user).exists(),
    }
    return render(request, "web/tracking/owed.html", context)


@login_required
def report_edit(request: HttpRequest, period_id: int, assignment_id: int) -> HttpResponse:
    """The old per-task report page. A task is now a section of its agency's report: a GET
    (officers' bookmarks, old notices) goes there; a POST (a form left open from before) is
    refused and writes nothing, since saving or sending one task alone would bypass the
    report's life (tracking.agency_reports)."""
    assignment, period = _found(
        selectors.access_assignment_to_report,
        user=request.user,
        assignment_id=assignment_id,
        period_id=period_id,
    )
    page = reverse("web:agency_report", args=[period.pk, assignment.agency_id])
    if request.method in ("GET", "HEAD"):
        return redirect(f"{page}#muc-{assignment.pk}")
    context = {
        "status": 405,
        "title": "Trang này không còn nhận báo cáo",
        "reason": "Nội dung gửi từ trang báo cáo theo từng nhiệm vụ cũ không được ghi: mỗi "
        "nhiệm vụ nay là một mục trong báo cáo của cơ quan.",
        "explanation": "Hãy mở báo cáo của cơ quan, điền lại mục này và bấm «Lưu nháp mục».",
        "link": f"{page}#muc-{assignment.pk}",
    }
    response = render(request, "web/error.html", context, status=405)
    response["Allow"] = "GET, HEAD"
    return response


def _review_whole(request: HttpRequest, section: ProgressReport, asked: dict[str, Any]) -> None:
    """The board's review of one section of an agency's report: accepting accepts the whole
    report; returning returns the whole with this section marked (tracking.agency_reports)."""
    if asked["version"] is not None and asked["version"] != section.version:
        raise VersionConflict(
            f"Báo cáo đã được {last_change(section)}, sau khi bạn mở trang. Ý kiến của bạn chưa "
            "được ghi: hãy tải lại trang."
        )
    whole = section.agency_report
    if whole is None:
        raise InvalidTransition("Phần này không thuộc báo cáo nào của cơ quan.")
    if asked["action"] == "accept":
        agency_reports.report_accept(
            actor=request_actor(request), report=whole, version=None,
            comment=asked["comment"], site_url=site_url_of(request),
        )  # fmt: skip
        messages.success(request, "Đã tiếp nhận báo cáo của cơ quan (tất cả các mục).")
        return
    agency_reports.report_return(
        actor=request_actor(request), report=whole, version=None, comment="",
        section_comments={section.pk: asked["comment"]}, site_url=site_url_of(request),
    )  # fmt: skip
    messages.success(
        request, f"Đã trả lại báo cáo cho cơ quan (mục {section.assignment.task.path})."
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _found(selectors.access_report, user=request.user, report_id=report_id)
    document = report.period.document
    can_review = selectors.can_review(user=request.user, document=document)
    error, status = "", 200
    review = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_review:
            raise Http404
        try:
            if not review.is_valid():
                raise InvalidInput(review.message())
            asked = review.cleaned_data
            if report.agency_report_id is not None:  # a section: the review is of the whole
                _review_whole(request, report, asked)
                board = reverse("web:plan_board", args=[document.pk])
                return redirect(f"{board}?ky={report.period_id}")
            if asked["action"] == "accept":
                progress_report_accept(
                    actor=request_actor(request),
                    report=report,
                    version=asked["version"],
                    comment=asked["comment"],
                    site_url=site_url_of(request),
                )
                messages.success(request, "Đã tiếp nhận báo cáo.")
            else:
                progress_report_return(
                    actor=request_actor(request),
                    report=report,
                    version=asked["version"],
                    comment=asked["comment"],
                    site_url=site_url_of(request),
                )
                messages.success(request, "Đã trả lại báo cáo cho cơ quan.")
            board = reverse("web:plan_board", args=[document.pk])
            return redirect(f"{board}?ky={report.period_id}")
        except DomainError as problem:
            error, status = problem.message, problem.status_code
            report.refresh_from_db()  # show what the other reviewer made of it
    context = {
        "report": report,
        "task": report.assignment.task,
        "period": report.period,
        "document": document,
        "can_review": can_review and report.state == ProgressReport.State.SUBMITTED,
        "can_write": selectors.can_write(user=request.user, agency_id=report.agency_id),
        "evidence": report.evidence.all(),
        "events": report.events.select_related("actor"),
        "error": error,
        "comment": review["comment"].value() or "" if error else "",
    }
    return render(request, "web/tracking/report_detail.html", context, status=status)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        evidence = Evidence.objects.select_related("report").get(pk=evidence_id)
        selectors.access_report(user=request.user, report_id=evidence.report_id)
    except (Evidence.DoesNotExist, NotFound) as error:
        raise Http404 from error
    types = {
        "pdf": "application/pdf",
        "docx": DOCX,
        "xlsx": XLSX,
        "png": "image/png",
        "jpeg": "image/jpeg",
    }
    response = FileResponse(
        io.BytesIO(evidence_files.read(evidence)),  # decrypted for the user in scope only
        as_attachment=True,
        filename=evidence.name,
        content_type=types[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    try:
        evidence = Evidence.objects.select_related("report").get(pk=evidence_id)
        report = selectors.access_report(user=request.user, report_id=evidence.report_id)
        evidence_remove(actor=request_actor(request), evidence=evidence)
    except (Evidence.DoesNotExist, NotFound) as error:
        raise Http404 from error
    except DomainError as problem:
        messages.error(request, problem.message)
        report.refresh_from_db()
    page = reverse("web:agency_report", args=[report.period_id, report.agency_id])
    return redirect(f"{page}#muc-{report.assignment_id}")


# --- Focal officer --------------------------------------------------------------------------


@login_required
def plan_board(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.access_board, user=request.user, document_id=document_id)
    # Made at import; read once with the focal agency the hand-over check needs (tracking.office).
    schedule = (
        ReportingSchedule.objects.filter(document=document)
        .select_related("focal_agency__unit__parent", "focal_agency__parent")
        .first()
    )
    periods = list(selectors.document_periods(document=document))
    picked = queryparams.object_id(request.GET, "ky")
    period = next((p for p in periods if p.pk == picked), None) if picked else None
    period = period or selectors.current_period(document=document, periods=periods)
    within = queryparams.integer(request.GET, "n", low=1, high=90, default=7)
    # The plan's assignments are read once for the board, who owes, and the follow-up list.
    named = selectors.named_assignments(document=document)
    board = (
        selectors.board_for(document=document, period=period, assignments=named) if period else None
    )
    can_review = selectors.can_review(user=request.user, document=document)
    owing = (
        owing_for(document=document, period=board.period, board=board)
        if board and can_review
        else []
    )
    focal = schedule.focal_agency if schedule is not None else None
    filters = selectors.BoardFilters(
        state=queryparams.choice(request.GET, "tinh_trang", selectors.BOARD_STATES),
        agency_id=queryparams.object_id(request.GET, "co_quan"),
    )
    # One page of the board's sections (agency × task), cut as the plan page cuts its rows.
    cells = selectors.board_cells(board, filters) if board else []
    cut = paged(request, cells, selectors.BOARD_CELLS_PER_PAGE)
    first = cut.page.start_index() - 1  # 0-based, -1 on an empty board
    for _, cell in cut.page.object_list:
        if cell.opens:  # the page's links built here, not by a template tag per chip
            cell.href = reverse("web:report_detail", args=[cell.report.pk])
    context = {
        "document": document,
        "schedule": schedule,
        "periods": periods,
        "period": period,
        "board": board,
        "filters": filters,
        "cells_shown": len(cells),
        "page": cut.page,
        "page_numbers": cut.page_numbers,
        "keep": cut.keep,
        "page_rows": selectors.board_page_rows(
            list(cut.page.object_list), before=cells[first - 1][0] if first > 0 else None
        ),
        "board_agencies": sorted((r.agency for r in board.rows), key=lambda a: a.name)
        if board
        else [],
        "within": within,
        "follow_up": selectors.follow_up_list(
            document=document, within_days=within, assignments=named, periods=periods
        ),
        "states": [(s, selectors.BOARD_STATE_LABELS[s]) for s in selectors.BOARD_STATES],
        "can_review": can_review,
        "today": selectors.today(),
        # The report of a period after the focal agency's end waits for the hand-over.
        "handover_needed": needs_handover(document, period, focal=focal) if period else None,
        "has_lower": document.lower_documents.exists(),
        "reachable": {o.agency.pk: o.users for o in owing},
        "no_account": [o for o in owing if not o.users],
        "late": bool(period and period.due_on < selectors.today() and owing),
    }
    return render(request, "web/tracking/board.html", context)


@login_required
@require_POST
def plan_remind(request: HttpRequest, document_id: int) -> HttpResponse:
    """ "Nhắc" on the board: one agency, or every late agency of the period; says what was
    sent to whom, and who has no account (the reminder letter is for them)."""
    document = _found(selectors.access_board, user=request.user, document_id=document_id)
    form = NudgeForm(request.POST, periods=selectors.document_periods(document=document))
    board = reverse("web:plan_board", args=[document.pk])
    if not form.is_valid():
        messages.error(request, form.message())
        return redirect(board)
    period, agency = form.cleaned_data["period"], form.cleaned_data["agency"]
    try:
        results = nudges_send(
            actor=request_actor(request),
            document=document,
            period=period,
            agency_ids=[agency.pk] if agency else None,
            site_url=site_url_of(request),
        )
    except NotAllowed as error:
        raise Http404(error.message) from error
    except DomainError as problem:
        messages.error(request, problem.message)
        return redirect(f"{board}?ky={period.pk}")
    for result in results:
        if result.sent_to:
            names = "; ".join(
                (u.get_full_name() or u.username)
                + (f" ({u.email})" if u.email else " (chỉ trong dondoc)")
                for u in result.sent_to
            )
            messages.success(
                request,
                f"Đã nhắc {result.agency.name} ({result.tasks} nhiệm vụ chưa gửi báo cáo): "
                f"thông báo trong dondoc và thư điện tử tới {names}.",
            )
        elif result.earlier is not None:
            by = result.earlier.sent_by
            who = (by.get_full_name() or by.username) if by else "hệ thống"
            messages.info(
                request,
                f"{result.agency.name} đã được nhắc hôm nay lúc "
                f"{timezone.localtime(result.earlier.sent_at):%H:%M} ({who}): không gửi lại.",
            )
        else:
            messages.warning(
                request,
                f"{result.agency.name} chưa có tài khoản trong dondoc: hãy tải công văn đôn đốc "
                "để gửi bằng văn bản.",
            )
    return redirect(f"{board}?ky={period.pk}")


@login_required
def reminder_letter_docx(request: HttpRequest, document_id: int, period_id: int) -> HttpResponse:
    """The reminder letter (công văn đôn đốc) to the agencies of the period that owe reports and
    have no account in dondoc (or one of them: ?co_quan=id)."""
    document = _found(selectors.access_board, user=request.user, document_id=document_id)
    period = document.periods.filter(pk=period_id).first()
    if period is None or not selectors.can_review(user=request.user, document=document):
        raise Http404
    picked = queryparams.object_id(request.GET, "co_quan")
    owing = [
        o
        for o in owing_for(document=document, period=period)
        if (o.agency.pk == picked if picked else not o.users)
    ]
    if not owing:
        raise Http404("Không có cơ quan nào chưa có tài khoản còn nợ báo cáo trong kỳ này.")
    on = selectors.today()
    try:
        content = letter_docx(document=document, period=period, owing=owing, on=on)
    except HandoverNeeded as problem:  # the focal agency ended: the successor writes it
        return _error_page(request, 400, problem.message)
    response = HttpResponse(content, content_type=DOCX)
    name = f"cong-van-don-doc-{period.label}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def plan_schedule(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.access_board, user=request.user, document_id=document_id)
    if not selectors.can_review(user=request.user, document=document):
        raise Http404
    # A plan imported before schedules were made at import: the form offers the schedule its
    # text gives, and saving it creates it (a GET creates nothing).
    schedule = ReportingSchedule.objects.filter(document=document).first() or schedule_proposed(
        document=document
    )
    agencies = _agency_choices(request.user, document)
    sent = request.POST if request.method == "POST" else None
    adding = sent is not None and ScheduleActionForm(sent).adding()  # which of the two forms
    form = ScheduleForm(None if adding else sent, schedule=schedule, agencies=agencies)
    period_form = PeriodForm(sent if adding else None)
    error, status = "", 200
    if sent is not None:
        try:
            if adding:
                if not period_form.is_valid():
                    raise InvalidInput(period_form.message())
                try:
                    period = period_add(
                        actor=request_actor(request),
                        document=document,
                        token=period_form.token(),
                        **period_form.values(),
                    )
                except Duplicate:  # sent twice: the first one added it
                    messages.info(request, "Kỳ báo cáo đột xuất đã được thêm ở lần bấm trước.")
                    return redirect("web:plan_schedule", document_id=document.pk)
                messages.success(request, f"Đã thêm kỳ báo cáo đột xuất “{period.title}”.")
            else:
                if not form.is_valid():
                    raise InvalidInput(form.message())
                schedule_update(
                    actor=request_actor(request), schedule=schedule, **form.cleaned_data
                )
                messages.success(request, "Đã lưu chế độ báo cáo; các kỳ đã được tạo lại.")
            return redirect("web:plan_schedule", document_id=document.pk)
        except (DomainError, NotAllowed) as problem:
            error, status = problem.message, problem.status_code
    context = {
        "document": document,
        "schedule": schedule,
        "periods": selectors.document_periods(document=document),
        "form": form,
        "period_form": period_form,
        "adding": adding,
        "error": error,
    }
    return render(request, "web/tracking/schedule.html", context, status=status)


def _consolidation(request: HttpRequest, document_id: int, period_id: int) -> Any:
    document = _found(selectors.access_board, user=request.user, document_id=document_id)
    period = document.periods.filter(pk=period_id).first()
    if period is None:
        raise Http404
    return consolidate(
        user=request.user,
        document=document,
        period=period,
        include_lower=request.GET.get("cap_duoi") == "1",
    )


def _filename(content: Any, extension: str) -> str:
    number = (content.document.number or "du-thao").replace("/", "-")
    return f"bao-cao-{number}-{content.period.label}.{extension}"


def _include_lower(form: BackgroundReportForm) -> bool:
    return bool(form.is_valid() and form.cleaned_data["cap_duoi"])


@login_required
def consolidated_report_docx(
    request: HttpRequest, document_id: int, period_id: int
) -> HttpResponse:
    """The report as a download (GET), or rendered by the worker (POST: a province's roll-up
    of its districts is long to write), followed on the job's page."""
    if request.method == "POST":
        document = _found(selectors.access_board, user=request.user, document_id=document_id)
        period = document.periods.filter(pk=period_id).first()
        if period is None:
            raise Http404
        job = consolidated_report_enqueue(
            actor=cast(User, request.user), document=document, period=period,
            include_lower=_include_lower(BackgroundReportForm(request.POST)),
        )  # fmt: skip
        return redirect("web:job_detail", job_id=job.pk)
    content = _consolidation(request, document_id, period_id)
    try:
        body = consolidated_docx(content)
    except HandoverNeeded as problem:  # the plan's focal agency ended: hand the plan over first
        return _error_page(request, 400, problem.message)
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(content, "docx")}"'
    return response


@login_required
def consolidated_report_xlsx(
    request: HttpRequest, document_id: int, period_id: int
) -> HttpResponse:
    content = _consolidation(request, document_id, period_id)
    response = HttpResponse(consolidated_xlsx(content), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(content, "xlsx")}"'
    return response


# --- Notifications --------------------------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications; "Đánh dấu đã đọc" (a POST: a GET never writes) marks those
    shown as read."""
    items = list(Notification.objects.filter(user=cast(User, request.user))[:100])
    unread = [n.pk for n in items if n.read_at is None]
    if request.method == "POST":
        form = NotificationsReadForm(
            request.POST, notifications=Notification.objects.filter(user=cast(User, request.user))
        )
        shown = list(form.cleaned_data["shown"]) if form.is_valid() else []
        notifications_mark_read(actor=request_actor(request), ids=[n.pk for n in shown])
        return redirect("web:notifications")
    return render(
        request, "web/tracking/notifications.html", {"items": items, "unread": set(unread)}
    )
