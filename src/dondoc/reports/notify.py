"""Notices about a stored consolidated report: to the leaders who approve it when it is
submitted, and to the officer who submitted it when it is approved or returned (in dondoc and by
e-mail, through tracking.notify)."""

from __future__ import annotations

from django.urls import reverse

from dondoc.org.models import Agency, Membership, Role, User
from dondoc.tracking.notify import tell

from .models import ConsolidatedReport, ConsolidatedReportStep
from .selectors import approving_agencies


def _page(report: ConsolidatedReport) -> str:
    return reverse("web:consolidated_page", args=[report.document_id, report.period_id])


def _title(report: ConsolidatedReport) -> str:
    return f"báo cáo tổng hợp {report.period.title}, {report.document.label}"


def approvers_of(report: ConsolidatedReport) -> list[User]:
    """The leaders of the issuing or focal agency: those who may approve it."""
    agencies = Agency.objects.filter(approving_agencies(report)).values("pk")
    memberships = Membership.objects.filter(
        role=Role.LEADER, user__is_active=True, agency__in=agencies
    ).select_related("user")
    return sorted({m.user for m in memberships}, key=lambda u: u.pk)


def notify_consolidated_submitted(*, report: ConsolidatedReport, actor: User) -> int:
    return tell(
        approvers_of(report),
        skip=actor.pk,
        key=f"consolidated-submitted:{report.pk}:{report.version}",
        subject=f"Chờ lãnh đạo duyệt: {_title(report)}"[:200],
        body=f"{actor.get_full_name() or actor.username} trình {_title(report)}.\n"
        "Đề nghị xem, duyệt hoặc trả lại để chỉnh sửa.",
        url=_page(report),
        site_url="",
    )


def notify_consolidated_decided(*, report: ConsolidatedReport, actor: User, comment: str) -> int:
    """Tell whoever submitted it that the leader approved it or sent it back, and why."""
    submitted = (
        report.steps.filter(action=ConsolidatedReportStep.Action.SUBMIT)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if submitted is None:
        return 0
    approved = report.state == ConsolidatedReport.State.APPROVED
    outcome = "đã được duyệt" if approved else "bị trả lại để chỉnh sửa"
    note = f"\nÝ kiến của lãnh đạo: {comment}" if comment else ""
    return tell(
        [submitted.actor],
        skip=actor.pk,
        key=f"consolidated-decided:{report.pk}:{report.version}",
        subject=f"{_title(report)[:1].upper()}{_title(report)[1:]} {outcome}"[:200],
        body=f"{actor.get_full_name() or actor.username}: {_title(report)} {outcome}." + note,
        url=_page(report),
        site_url="",
    )
