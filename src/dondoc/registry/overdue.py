"""Which records are overdue ("quá hạn"), in Python and as a query: one definition for the
statistics, the lists and their filters, and any board or reminder over the records.

The rule itself is deadlines.is_overdue (not done, due day passed). What "done" means for
each kind of record lives here: a crime report is done once it has a decision other than
"đang giải quyết" (its day is `decided_on`); a complaint or denunciation once its current
round (the latest) is resolved (`resolved_on`). The queryset conditions below say the same
as the functions, so a list filtered on them and a table counted with the functions agree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q

from . import deadlines
from .models import ComplaintRound, CrimeReport

PENDING = CrimeReport.Decision.PENDING


def crime_report_done_on(*, decision: str, decided_on: datetime.date | None) -> Any:
    """The day a crime report was decided, or None while it is pending."""
    return decided_on if decision != PENDING else None


def crime_report_overdue(
    *, decision: str, due_on: datetime.date, decided_on: datetime.date | None, today: datetime.date
) -> bool:
    if decision != PENDING:
        return False
    return deadlines.is_overdue(due_on, today=today, done_on=None)


def crime_report_status(report: CrimeReport, *, today: datetime.date) -> str:
    """The report against its deadline (deadlines.STATUS_LABELS)."""
    done_on = crime_report_done_on(decision=report.decision, decided_on=report.decided_on)
    if report.decision != PENDING and done_on is None:
        return "done_on_time"  # decided, day not recorded: not overdue
    return deadlines.status(report.due_on, today=today, done_on=done_on)


def crime_reports_overdue_q(*, today: datetime.date) -> Q:
    """The crime reports overdue on `today`, as a condition on CrimeReport."""
    return Q(decision=PENDING, due_on__lt=today)


def complaint_round_overdue(
    *, due_on: datetime.date, resolved_on: datetime.date | None, today: datetime.date
) -> bool:
    """A complaint's (or denunciation's) current round, overdue on `today`."""
    return deadlines.is_overdue(due_on, today=today, done_on=resolved_on)


def complaint_round_status(round: ComplaintRound, *, today: datetime.date) -> str:
    return deadlines.status(round.due_on, today=today, done_on=round.resolved_on)


def complaints_overdue_q(*, today: datetime.date) -> Q:
    """The complaints whose current round is overdue on `today`, as a condition on Complaint
    (a later round is opened only once the one before is resolved)."""
    late = ComplaintRound.objects.filter(
        complaint=OuterRef("pk"), resolved_on__isnull=True, due_on__lt=today
    )
    later = ComplaintRound.objects.filter(
        complaint=OuterRef("complaint"), number__gt=OuterRef("number")
    )
    return Q(Exists(late.exclude(Exists(later))))
