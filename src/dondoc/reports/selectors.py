"""Reads of stored consolidated reports, for an acting user, and who may do what to them.

- see: whoever sees the plan's follow-up board (tracking.selectors.access_board: focal officers,
  leaders and inspectors of its unit or a unit above);
- prepare (create, edit, submit, issue, upload the signed copy): the plan's focal officers
  (tracking.selectors.can_review, which follows the plan to its focal agency after a hand-over);
- approve, return, unlock: a leader of the agency that issues it (the plan's focal agency in
  office for the period, or the focal agency that took the plan over).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dondoc.core.exceptions import NotFound
from dondoc.org.models import Agency, Role
from dondoc.org.scoping import agencies_acting_for, units_overseen
from dondoc.plans.selectors import documents_visible
from dondoc.tracking.models import ReportingSchedule
from dondoc.tracking.selectors import can_review

from .models import ConsolidatedReport, ConsolidatedReportFile

LEADER_ROLES = frozenset({Role.LEADER})


def agencies_led(*, user: Any) -> QuerySet[Agency]:
    """Agencies `user` leads (with their departments)."""
    return agencies_acting_for(user=user, roles=LEADER_ROLES)


def consolidated_reports_visible(*, user: Any) -> QuerySet[ConsolidatedReport]:
    return ConsolidatedReport.objects.select_related(
        "document__unit", "period", "unit", "issuer"
    ).filter(
        document__in=documents_visible(user=user), document__unit__in=units_overseen(user=user)
    )


def access_consolidated_report(*, user: Any, report_id: Any) -> ConsolidatedReport:
    try:
        return consolidated_reports_visible(user=user).get(pk=report_id)
    except (ConsolidatedReport.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def consolidated_report_of(
    *, user: Any, document_id: int, period_id: int
) -> ConsolidatedReport | None:
    return (
        consolidated_reports_visible(user=user)
        .filter(document_id=document_id, period_id=period_id)
        .first()
    )


def can_prepare(*, user: Any, report: ConsolidatedReport) -> bool:
    return can_review(user=user, document=report.document)


def approving_agencies(report: ConsolidatedReport) -> Q:
    focal = ReportingSchedule.objects.filter(document_id=report.document_id).values(
        "focal_agency_id"
    )
    return Q(pk=report.issuer_id) | Q(pk__in=focal)


def can_approve(*, user: Any, report: ConsolidatedReport) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return agencies_led(user=user).filter(approving_agencies(report)).exists()


def consolidated_reports_to_approve(
    *, user: Any, roles: set[str] | None = None
) -> list[ConsolidatedReport]:
    """The reports submitted to `user` for approval, oldest first ("Việc của tôi"); `roles`,
    the roles of his memberships when the caller read them already, spares the query for a
    user who leads nothing (as tracking.worklist.worklist_for's)."""
    if roles is not None and Role.LEADER not in roles:
        return []
    led = agencies_led(user=user)
    focal_docs = ReportingSchedule.objects.filter(focal_agency__in=led).values("document_id")
    waiting = consolidated_reports_visible(user=user).filter(
        Q(issuer__in=led) | Q(document_id__in=focal_docs),
        state=ConsolidatedReport.State.SUBMITTED,
    )
    return list(waiting.order_by("updated_at", "id")[:50])


def report_files(*, report: ConsolidatedReport) -> dict[str, ConsolidatedReportFile]:
    """The report's present file of each kind (the latest not superseded by an unlock)."""
    found: dict[str, ConsolidatedReportFile] = {}
    for item in report.files.filter(superseded=False).order_by("-created_at", "-id"):
        found.setdefault(item.kind, item)
    return found


def access_report_file(*, user: Any, report_id: Any, kind: str) -> ConsolidatedReportFile:
    report = access_consolidated_report(user=user, report_id=report_id)
    item = report_files(report=report).get(kind)
    if item is None:
        raise NotFound("Báo cáo chưa có tệp này.")
    return item
