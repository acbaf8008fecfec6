"""Reporting across a hand-over (issue 15): which focal agency issues a period's consolidated
report, moving the focal duty to a receiver, and whether reports exist under the successor."""

from __future__ import annotations

import datetime

from dondoc.core.actors import Actor, require_actor
from dondoc.org.models import Agency
from dondoc.plans.models import Document, HandoverLine

from .models import ProgressReport, ReportingPeriod, ReportingSchedule


def focal_agency_for(
    *, schedule: ReportingSchedule | None, period: ReportingPeriod
) -> Agency | None:
    """The focal agency in office for `period`: the schedule's present one, unless a confirmed
    hand-over moved the duty after the period's due date; then the one that held it then
    (the 2024 report of 284/KH-UBND stays Công an huyện Sơn Dương's)."""
    if schedule is None:
        return None
    lines = (
        HandoverLine.objects.filter(
            handover__document_id=schedule.document_id,
            handover__state="confirmed",
            kind=HandoverLine.Kind.FOCAL,
            effective__gt=period.due_on,
        )
        .exclude(decision=HandoverLine.Decision.DROPPED)
        .select_related("from_agency__unit", "from_agency__parent")
        .order_by("effective")
    )
    first = lines.first()
    return first.from_agency if first is not None else schedule.focal_agency


def schedule_focal_hand_over(
    *, actor: Actor, document: Document, to_agency: Agency | None
) -> Agency | None:
    """Make `to_agency` the plan's focal agency (a hand-over or its reversal); returns the one
    before. The earlier periods keep theirs through focal_agency_for."""
    require_actor(actor, system=True)
    schedule = ReportingSchedule.objects.select_for_update().filter(document=document).first()
    if schedule is None:
        return None
    before = schedule.focal_agency
    schedule.focal_agency = to_agency
    schedule.save(update_fields=["focal_agency", "updated_at"])
    return before


def reports_since(*, document: Document, due_from: datetime.date) -> bool:
    """Whether any agency has started a report for a period of `document` due on or after
    `due_from`: the first report under the successor, after which a hand-over stays."""
    return ProgressReport.objects.filter(
        period__document=document, period__due_on__gte=due_from
    ).exists()
