"""Notifications of the reporting loop, in dondoc and by e-mail: a report submitted (to the
plan's focal officers), returned or accepted (to the reporting agency's officers), and a
submission left waiting for review more than REVIEW_WAIT_WORKING_DAYS working days.

Each notice has a key, so each is made once per user (a resent form, two runs of the daily
command). The e-mail copy is owed when the user has an address and goes out with
`reminders.emails_send_pending` (queued at once after the write commits, and by the daily run),
with an absolute link: settings.SITE_URL (DONDOC_SITE_URL), else the address the actor's
browser used.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from dondoc.core.dates import working_days_after
from dondoc.org.models import Membership, Role, User
from dondoc.plans.models import Document, TaskRequest

from .models import AgencyReport, ProgressReport, ReportingSchedule
from .reminders import notify, officers_of

REVIEW_WAIT_WORKING_DAYS = 2


def site_url_of(request: Any) -> str:
    """dondoc's address for links in e-mails: settings.SITE_URL (DONDOC_SITE_URL), else the
    request's."""
    configured = settings.SITE_URL
    if configured:
        return str(configured).rstrip("/")
    return str(request.build_absolute_uri("/")).rstrip("/")


def holidays() -> frozenset[datetime.date]:
    """settings.DONDOC_HOLIDAYS: days off the Government gives that the `holidays` package of
    core.dates does not know yet, as ISO dates."""
    days = getattr(settings, "DONDOC_HOLIDAYS", ())
    return frozenset(
        d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d) for d in days
    )


def focal_officers_of(document: Document) -> list[User]:
    """The officers who review the plan's reports: the focal officers of its schedule's focal
    agency (or that agency's parent); without one, the focal officers of the plan's unit."""
    schedule = (
        ReportingSchedule.objects.filter(document=document).select_related("focal_agency").first()
    )
    focal = schedule.focal_agency if schedule else None
    memberships = Membership.objects.filter(role=Role.FOCAL_OFFICER, user__is_active=True)
    found: list[Membership] = []
    if focal is not None:
        found = list(
            memberships.filter(Q(agency=focal) | Q(agency_id=focal.parent_id or 0)).select_related(
                "user"
            )
        )
    if not found:
        found = list(memberships.filter(agency__unit_id=document.unit_id).select_related("user"))
    users: dict[int, User] = {}
    for membership in sorted(found, key=lambda m: m.user_id):
        users.setdefault(membership.user_id, membership.user)
    return list(users.values())


def emails_after_commit() -> None:
    """Queue the e-mails owed for the worker (`dondoc db_worker`) once the write commits."""

    def enqueue() -> None:
        from .tasks import send_emails

        send_emails.enqueue()

    transaction.on_commit(enqueue)


def tell(
    users: Iterable[User],
    *,
    key: str,
    subject: str,
    body: str,
    url: str,
    site_url: str,
    skip: int | None = None,
) -> int:
    """One notice each to `users` (but `skip`: the one who acted knows), the e-mails sent once
    the transaction commits; how many were told."""
    made = sum(
        notify(user=user, key=key, subject=subject, body=body, url=url, site_url=site_url)
        for user in users
        if user.pk != skip
    )
    if made:
        emails_after_commit()
    return made


def _task_line(report: ProgressReport) -> str:
    task = report.assignment.task
    return f"mục {task.path} — {report.period.title}"


def notify_submitted(*, report: ProgressReport, site_url: str = "") -> int:
    """Tell the plan's focal officers that a report came in; how many were told."""
    task = report.assignment.task
    return tell(
        focal_officers_of(report.period.document),
        skip=report.submitted_by_id,
        key=f"submitted:{report.pk}:{report.version}",
        subject=f"Báo cáo chờ tiếp nhận: {report.agency.name}, {_task_line(report)}",
        body=f"{report.agency.name} đã gửi báo cáo về nhiệm vụ “{task.title[:200]}” "
        f"({report.period.document.label}, {report.period.title}).\n"
        "Đề nghị xem và tiếp nhận hoặc trả lại để bổ sung.",
        url=reverse("web:report_detail", args=[report.pk]),
        site_url=site_url,
    )


def notify_returned(*, report: ProgressReport, site_url: str = "") -> int:
    """Tell the agency's officers that the focal agency returned a report, and why."""
    task = report.assignment.task
    return tell(
        officers_of({report.agency_id})[report.agency_id],
        key=f"returned:{report.pk}:{report.version}",
        subject=f"Báo cáo bị trả lại: {_task_line(report)}",
        body=f"Cơ quan đầu mối trả lại báo cáo về nhiệm vụ “{task.title[:200]}”.\n"
        f"Nội dung cần bổ sung, chỉnh sửa: {report.review_comment}",
        url=reverse("web:report_edit", args=[report.period_id, report.assignment_id]),
        site_url=site_url,
    )


def notify_accepted(*, report: ProgressReport, site_url: str = "") -> int:
    """Tell the agency's officers that their report was accepted."""
    task = report.assignment.task
    comment = (
        f"\nÝ kiến của cơ quan đầu mối: {report.review_comment}" if report.review_comment else ""
    )
    return tell(
        officers_of({report.agency_id})[report.agency_id],
        key=f"accepted:{report.pk}:{report.version}",
        subject=f"Báo cáo đã được tiếp nhận: {_task_line(report)}",
        body=f"Cơ quan đầu mối đã tiếp nhận báo cáo về nhiệm vụ “{task.title[:200]}”." + comment,
        url=reverse("web:report_detail", args=[report.pk]),
        site_url=site_url,
    )


def _agency_report_url(report: AgencyReport) -> str:
    return reverse("web:agency_report", args=[report.period_id, report.agency_id])


def notify_agency_submitted(*, report: AgencyReport, site_url: str = "") -> int:
    """One notice per focal officer when an agency sends its report (all its sections)."""
    period = report.period
    return tell(
        focal_officers_of(period.document),
        skip=report.submitted_by_id,
        key=f"agency-submitted:{report.pk}:{report.version}",
        subject=f"Báo cáo chờ tiếp nhận: {report.agency.name}, {period.title}",
        body=f"{report.agency.name} đã gửi báo cáo {period.title} về "
        f"{period.document.label}.\nĐề nghị xem và tiếp nhận hoặc trả lại để bổ sung.",
        url=_agency_report_url(report),
        site_url=site_url,
    )


def notify_agency_returned(*, report: AgencyReport, site_url: str = "") -> int:
    """One notice per officer of the agency when the focal agency returns its report."""
    period = report.period
    flagged = [s for s in report.sections.select_related("assignment__task") if s.return_comment]
    lines = "".join(f"\n- Mục {s.assignment.task.path}: {s.return_comment}" for s in flagged)
    return tell(
        officers_of({report.agency_id})[report.agency_id],
        key=f"agency-returned:{report.pk}:{report.version}",
        subject=f"Báo cáo bị trả lại: {period.title}, {period.document.label}"[:200],
        body="Cơ quan đầu mối trả lại báo cáo của cơ quan.\n"
        f"Nội dung cần bổ sung, chỉnh sửa: {report.review_comment}{lines}",
        url=_agency_report_url(report),
        site_url=site_url,
    )


def notify_agency_accepted(*, report: AgencyReport, site_url: str = "") -> int:
    """One notice per officer of the agency when its report is accepted."""
    period = report.period
    comment = (
        f"\nÝ kiến của cơ quan đầu mối: {report.review_comment}" if report.review_comment else ""
    )
    return tell(
        officers_of({report.agency_id})[report.agency_id],
        key=f"agency-accepted:{report.pk}:{report.version}",
        subject=f"Báo cáo đã được tiếp nhận: {period.title}, {period.document.label}"[:200],
        body="Cơ quan đầu mối đã tiếp nhận báo cáo của cơ quan." + comment,
        url=_agency_report_url(report),
        site_url=site_url,
    )


def leaders_of(agency_id: int) -> list[User]:
    memberships = Membership.objects.filter(
        role=Role.LEADER, user__is_active=True, agency_id=agency_id
    ).select_related("user")
    return sorted({m.user for m in memberships}, key=lambda u: u.pk)


def notify_agency_awaiting_approval(*, report: AgencyReport, site_url: str = "") -> int:
    """Tell the agency's leaders that its report waits for their approval."""
    period = report.period
    return tell(
        leaders_of(report.agency_id),
        key=f"agency-approval:{report.pk}:{report.version}",
        subject=f"Báo cáo chờ lãnh đạo duyệt: {period.title}, {period.document.label}"[:200],
        body=f"Báo cáo {period.title} của {report.agency.name} chờ lãnh đạo duyệt trước khi "
        "gửi cơ quan đầu mối.",
        url=_agency_report_url(report),
        site_url=site_url,
    )


def waiting_reports(*, on: datetime.date) -> list[tuple[AgencyReport, int]]:
    """Agency reports sent and not reviewed after more than REVIEW_WAIT_WORKING_DAYS working
    days (core.dates calendar, with settings.DONDOC_HOLIDAYS), with the working days waited,
    oldest first. A report counts once, whatever its number of sections."""
    from django.utils import timezone

    off = holidays()
    found = []
    submitted = AgencyReport.objects.filter(
        state=AgencyReport.State.SUBMITTED, submitted_at__isnull=False
    ).select_related("period__document", "agency")
    for report in submitted.order_by("submitted_at", "id"):
        sent_on = timezone.localdate(report.submitted_at)
        waited = working_days_after(sent_on, on, off)
        if waited > REVIEW_WAIT_WORKING_DAYS:
            found.append((report, waited))
    return found


def review_waits_send(*, on: datetime.date, dry_run: bool = False) -> list[str]:
    """Tell the plan's focal officers, once per sending of an agency report, that it waits
    too long for review; the lines `dondoc remind` prints (registered in OTHER_REMINDERS)."""
    lines = []
    officers: dict[int, list[User]] = {}
    for report, waited in waiting_reports(on=on):
        period = report.period
        if period.document_id not in officers:
            officers[period.document_id] = focal_officers_of(period.document)
        what = f"báo cáo {period.title} của {report.agency.name}"
        for user in officers[period.document_id]:
            if dry_run:
                lines.append(f"Sẽ nhắc {user.username}: {what} chờ {waited} ngày làm việc")
                continue
            made = notify(
                user=user,
                # the version sent: a resubmission that waits again is a new notice
                key=f"agency-review-wait:{report.pk}:{report.version}",
                subject=f"Báo cáo chờ tiếp nhận đã {waited} ngày làm việc: {report.agency.name}, "
                f"{period.title}"[:200],
                body=f"Báo cáo {period.title} của {report.agency.name} về {period.document.label}"
                f" gửi ngày {timezone_date(report.submitted_at):%d/%m/%Y} vẫn chờ tiếp nhận (quá "
                f"{REVIEW_WAIT_WORKING_DAYS} ngày làm việc).",
                url=_agency_report_url(report),
            )
            if made:
                lines.append(
                    f"Đã nhắc {user.get_full_name() or user.username}: {what} chờ tiếp nhận "
                    f"{waited} ngày làm việc"
                )
    return lines


def timezone_date(moment: Any) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(moment)


# --- Requests about a task (plans.services.requests) ------------------------------------------


def _request_line(request: TaskRequest) -> str:
    return f"{request.get_kind_display().lower()} mục {request.task.path}"


def notify_request_made(*, request: TaskRequest, site_url: str = "") -> int:
    """Tell the plan's focal officers and its unit's leaders that an agency asks to extend,
    re-assign or withdraw a task; how many were told."""
    document = request.task.document
    leaders = Membership.objects.filter(
        role=Role.LEADER, user__is_active=True, agency__unit_id=document.unit_id
    ).select_related("user")
    told = {u.pk: u for u in focal_officers_of(document)}
    told.update({m.user_id: m.user for m in leaders})
    return tell(
        told.values(),
        skip=request.made_by_id,
        key=f"request:{request.pk}",
        subject=f"Đề nghị {_request_line(request)}: {request.agency.name}",
        body=f"{request.agency.name} đề nghị {_request_line(request)} "
        f"(“{request.task.title[:200]}”, {document.label}).\nLý do: {request.reason}\n"
        "Đề nghị xem và quyết định chấp nhận hoặc không chấp nhận.",
        url=reverse("web:task_request_detail", args=[request.pk]),
        site_url=site_url,
    )


def notify_request_decided(*, request: TaskRequest, site_url: str = "") -> int:
    """Tell the requesting agency's officers the decision and its comment."""
    outcome = request.get_state_display().lower()
    comment = f"\nÝ kiến: {request.decision_comment}" if request.decision_comment else ""
    return tell(
        officers_of({request.agency_id})[request.agency_id],
        key=f"request-decided:{request.pk}",
        subject=f"Đề nghị {_request_line(request)}: {outcome}",
        body=f"Đề nghị {_request_line(request)} của {request.agency.name} "
        f"({request.task.document.label}) {outcome}." + comment,
        url=reverse("web:task_request_detail", args=[request.pk]),
        site_url=site_url,
    )
