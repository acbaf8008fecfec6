"""“Việc của tôi”: the work waiting for one user, read in a bounded number of queries.

- an agency officer: the reports its agencies owe (due soon, overdue, returned), per plan and
  period;
- a focal officer: the reports waiting for review (oldest first), the late agencies and the
  periods closing soon, in the plans of the units he plans for;
- a leader of an agency: its reports waiting for his approval (when the plan asks for it), and
  the consolidated reports submitted to him (added by `with_approvals`);
  a leader or inspector overseeing a unit: what is late in his scope.

Built on today's per-task ProgressReport; the loader `_cells` is the one place that reads the
periods × assignments × reports, so the per-agency report can replace it later.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from dondoc.org.models import Agency, Role
from dondoc.org.scoping import units_overseen, units_planned
from dondoc.plans.models import Assignment, Document, TaskRequest
from dondoc.plans.requests import requests_to_decide
from dondoc.plans.selectors import documents_visible

from .models import AgencyReport, ProgressReport, ReportingPeriod
from .selectors import (
    OPEN_STATES,
    _state,
    agencies_assignments,
    agencies_leading,
    agencies_writing,
    due_assignments,
    today,
)

DUE_SOON_DAYS = 30  # an agency officer sees what is due within a month
CLOSING_SOON_DAYS = 14  # a focal officer sees the periods closing within two weeks
# The sections (agency × task × period) a focal officer's overview of late agencies and
# closing periods reads at most, the most urgent periods first (the oldest late, then the
# nearest due): every annual period of a province's 200 plans falls due in the same weeks,
# and reading them all (300,000 sections) made the home page take 27 s of CPU. Each period
# read is counted exactly; those past the budget are named, with the link to each plan's
# board, which counts them.
OVERVIEW_SECTIONS = 6_000
LATE_LIMIT_DAYS = 365  # older than a year: the board, not the home page
REVIEW_SHOWN = 50


@dataclass
class Cell:
    period: ReportingPeriod
    assignment: Assignment
    report: ProgressReport | None
    state: str  # a BOARD_STATES value


@dataclass
class OwedGroup:
    """What the user's agencies owe in one period of one plan."""

    period: ReportingPeriod
    cells: list[Cell]
    days: int  # days left before the due date (negative: days late)

    @property
    def counts(self) -> Counter[str]:
        return Counter(c.state for c in self.cells)

    @property
    def state_counts(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items())

    @property
    def returned(self) -> list[Cell]:
        return [c for c in self.cells if c.state == "returned"]


@dataclass
class LateAgency:
    period: ReportingPeriod
    agency: Agency
    tasks: list[Assignment]
    days: int  # days late


@dataclass
class ClosingPeriod:
    period: ReportingPeriod
    days: int  # days left
    outstanding: int  # reports not yet sent
    total: int  # reports due


@dataclass
class Worklist:
    writes: bool = False  # the user writes reports for an agency
    reviews: bool = False  # the user reviews the reports of plans (focal officer)
    oversees: bool = False  # the user oversees a unit (leader, inspector) without reviewing
    owed: list[OwedGroup] = field(default_factory=list)
    to_review: list[ProgressReport] = field(default_factory=list)  # sections sent alone
    to_review_reports: list[Any] = field(default_factory=list)  # AgencyReport, oldest first
    to_review_count: int = 0
    late: list[LateAgency] = field(default_factory=list)
    # Periods past their due day whose late agencies the overview did not read
    # (OVERVIEW_SECTIONS): their boards list them.
    late_unread: list[ReportingPeriod] = field(default_factory=list)
    closing: list[ClosingPeriod] = field(default_factory=list)
    closing_unread: list[ReportingPeriod] = field(default_factory=list)  # as late_unread
    to_approve: list[Any] = field(default_factory=list)  # AgencyReport awaiting his approval
    # Consolidated reports submitted for his approval (with_approvals), oldest first.
    to_approve_consolidated: list[Any] = field(default_factory=list)
    referrals: list[Any] = field(default_factory=list)  # overdue referrals (registry)
    claims: list[Any] = field(default_factory=list)  # compensation claims with a step overdue
    # Agencies' requests to extend, re-assign or withdraw a task, for the focal officer or
    # leader who decides them (plans.services.requests), oldest first.
    to_decide: list[TaskRequest] = field(default_factory=list)
    to_decide_count: int = 0

    @property
    def to_review_shown(self) -> int:
        return len(self.to_review) + len(self.to_review_reports)

    @property
    def empty(self) -> bool:
        return not (
            self.owed
            or self.to_review
            or self.to_review_reports
            or self.late
            or self.closing
            or self.to_approve
            or self.to_approve_consolidated
            or self.referrals
            or self.claims
            or self.to_decide
        )


def overdue_referrals(*, user: Any, on: datetime.date) -> list[Any]:
    """The referrals of the user's scope waiting past their clock: no answer from the provider,
    or no feedback after accepting (registry.referrals)."""
    from dondoc.registry.referrals import referrals_overdue

    return referrals_overdue(user=user, today=on, limit=20)


def overdue_claims(*, user: Any, on: datetime.date) -> list[Any]:
    """The state compensation claims of the user's scope whose running step (verification,
    negotiation, decision, payment) is past its statutory deadline (registry.services)."""
    from dondoc.registry.services import compensation_claims_overdue

    return compensation_claims_overdue(user=user, today=on, limit=20)


def _periods(
    *, documents: QuerySet[Document], since: datetime.date, until: datetime.date
) -> list[ReportingPeriod]:
    """The periods of `documents` due between `since` and `until`, in due_on order."""
    return list(
        ReportingPeriod.objects.filter(document__in=documents, due_on__gte=since, due_on__lte=until)
        .select_related("document")
        .order_by("due_on", "document_id", "label")
    )


def _cells(
    *, periods: list[ReportingPeriod], on: datetime.date, agencies: list[int] | None = None
) -> list[Cell]:
    """Every report due in `periods` (of `agencies` only, if given), with its state: the
    same few queries whatever the number of plans (the reports, the assignments)."""
    if not periods:
        return []
    documents_due = {p.document_id for p in periods}
    reports = ProgressReport.objects.filter(period__in=periods)
    if agencies is not None:
        assignments = agencies_assignments(agencies=agencies, document_ids=documents_due)
        reports = reports.filter(agency_id__in=agencies)
    else:
        assignments = list(
            Assignment.objects.filter(task__document_id__in=documents_due, agency__isnull=False)
            .select_related("task", "agency")
            .order_by("task__position", "role", "position")
        )
    by_document: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_document[assignment.task.document_id].append(assignment)
    found = {
        (r.assignment_id, r.period_id): r
        for r in reports.only(
            "id", "assignment_id", "period_id", "state", "version", "submitted_at"
        )
    }
    cells = []
    for period in periods:
        for assignment in due_assignments(period=period, among=by_document[period.document_id]):
            report = found.get((assignment.pk, period.pk))
            # A returned report stays "returned" past the due date: what to correct.
            returned = report is not None and report.state == ProgressReport.State.RETURNED
            state = "returned" if returned else _state(report, period, on)
            cells.append(Cell(period, assignment, report, state))
    return cells


def _within_budget(
    periods: list[ReportingPeriod],
) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
    """`periods` (due_on order) cut where their plans' named assignments pass
    OVERVIEW_SECTIONS (the first period always read), and those left: one query."""
    if not periods:
        return [], []
    sizes = dict(
        Assignment.objects.filter(
            task__document_id__in={p.document_id for p in periods}, agency__isnull=False
        )
        .order_by()
        .values("task__document_id")
        .annotate(n=Count("id"))
        .values_list("task__document_id", "n")
    )
    read = 0
    for index, period in enumerate(periods):
        read += sizes.get(period.document_id, 0)
        if read > OVERVIEW_SECTIONS and index > 0:
            return periods[:index], periods[index:]
    return periods, []


def _owed(*, user: Any, on: datetime.date) -> list[OwedGroup]:
    agencies = list(agencies_writing(user=user).values_list("id", flat=True))
    if not agencies:
        return []
    # The plans the user sees, not only those assigning his agencies: _cells keeps his
    # agencies' assignments alone, and "the plans that assign them" made PostgreSQL walk every
    # task of every plan (96 ms at 100,000 tasks) to find the few.
    periods = _periods(
        documents=documents_visible(user=user),
        since=on - datetime.timedelta(days=LATE_LIMIT_DAYS),
        until=on + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    cells = _cells(periods=periods, on=on, agencies=agencies)
    groups: dict[int, OwedGroup] = {}
    for cell in cells:
        if cell.state not in ("overdue", *OPEN_STATES):
            continue
        group = groups.setdefault(
            cell.period.pk, OwedGroup(cell.period, [], (cell.period.due_on - on).days)
        )
        group.cells.append(cell)
    # Returned reports first, then by due date: what waits on the agency most.
    return sorted(groups.values(), key=lambda g: (not g.returned, g.period.due_on))


def _late_and_closing(
    *, documents: QuerySet[Document], on: datetime.date, work: Worklist, closing: bool
) -> None:
    """`work`'s late agencies of `documents` and (`closing`) its closing periods, read
    within OVERVIEW_SECTIONS, and the periods past it."""
    until = on + datetime.timedelta(days=CLOSING_SOON_DAYS) if closing else on
    periods = _periods(
        documents=documents, since=on - datetime.timedelta(days=LATE_LIMIT_DAYS), until=until
    )
    periods, unread = _within_budget(periods)
    cells = _cells(periods=periods, on=on)
    late: dict[tuple[int, int], LateAgency] = {}
    closes: dict[int, ClosingPeriod] = {}
    for cell in cells:
        period = cell.period
        days = (period.due_on - on).days
        if cell.state == "overdue" or (cell.state == "returned" and days < 0):
            agency: Agency = cell.assignment.agency  # type: ignore[assignment]  # named only
            item = late.setdefault((period.pk, agency.pk), LateAgency(period, agency, [], -days))
            item.tasks.append(cell.assignment)
        elif days >= 0:
            item_c = closes.setdefault(period.pk, ClosingPeriod(period, days, 0, 0))
            item_c.total += 1
            item_c.outstanding += cell.state in OPEN_STATES
    for period in unread:
        (work.closing_unread if period.due_on >= on else work.late_unread).append(period)
    work.late = sorted(late.values(), key=lambda a: (-a.days, a.period.pk, a.agency.name))
    work.closing = sorted(closes.values(), key=lambda c: (c.days, c.period.pk))


def _agency_reports(*, user: Any, documents: Any) -> list[AgencyReport]:
    """In one query: the agency reports waiting for `user`'s approval (a leader of their
    agency) and, given the plans he reviews (`documents`), those waiting for his review."""
    wanted = Q(state="awaiting_approval", agency__in=agencies_leading(user=user))
    if documents is not None:
        wanted |= Q(state="submitted", document__in=documents)
    return list(
        AgencyReport.objects.filter(wanted)
        .select_related("period__document", "agency")
        .annotate(section_count=Count("sections"))
        .order_by("submitted_at", "updated_at", "id")[: REVIEW_SHOWN * 2]
    )


def worklist_for(
    *, user: Any, on: datetime.date | None = None, roles: set[str] | None = None
) -> Worklist:
    """The work waiting for `user` on `on` (today); `roles`, the roles of his memberships when
    the caller read them already, spares the approvals' query for a user who leads nothing."""
    on = on or today()
    work = Worklist()
    work.owed = _owed(user=user, on=on)
    work.writes = bool(work.owed) or agencies_writing(user=user).exists()
    work.referrals = overdue_referrals(user=user, on=on)
    work.claims = overdue_claims(user=user, on=on)
    planned = units_planned(user=user)
    if planned.exists():
        work.reviews = True
        documents = documents_visible(user=user).filter(unit__in=planned)
        # Agency reports count once, whatever their number of sections; a section sent on
        # its own (the per-task form of before) counts alone. A count query only when the
        # list is full.
        waiting = ProgressReport.objects.filter(
            state=ProgressReport.State.SUBMITTED,
            period__document__in=documents,
            agency_report__isnull=True,
        )
        reports = _agency_reports(user=user, documents=documents)
        work.to_approve = [r for r in reports if r.state == "awaiting_approval"]
        work.to_review_reports = [r for r in reports if r.state == "submitted"][:REVIEW_SHOWN]
        room = max(REVIEW_SHOWN - len(work.to_review_reports), 0)
        work.to_review = list(
            waiting.select_related("period__document", "assignment__task", "agency").order_by(
                "submitted_at", "id"
            )[:room]
        )
        work.to_review_count = work.to_review_shown
        if len(work.to_review_reports) >= REVIEW_SHOWN or len(work.to_review) >= room:
            work.to_review_count = (
                AgencyReport.objects.filter(state="submitted", document__in=documents).count()
                + waiting.count()
            )
        _late_and_closing(documents=documents, on=on, work=work, closing=True)
    elif roles is None or Role.LEADER in roles:
        work.to_approve = _agency_reports(user=user, documents=None)
    if not work.reviews and units_overseen(user=user).exists():
        work.oversees = True
        documents = documents_visible(user=user).filter(unit__in=units_overseen(user=user))
        _late_and_closing(documents=documents, on=on, work=work, closing=False)
    _requests(work, user)
    return work


def _requests(work: Worklist, user: Any) -> None:
    """The open requests the user decides: one query (two past REVIEW_SHOWN)."""
    waiting = requests_to_decide(user=user)
    found = list(waiting[: REVIEW_SHOWN + 1])
    work.to_decide = found[:REVIEW_SHOWN]
    work.to_decide_count = len(found) if len(found) <= REVIEW_SHOWN else waiting.count()


def with_approvals(work: Worklist, waiting: list[Any]) -> Worklist:
    """`work` with what waits for the user's approval, oldest first: the consolidated reports
    submitted to him, read by reports.selectors.consolidated_reports_to_approve (tracking does
    not import reports, which sits below it)."""
    work.to_approve_consolidated = list(waiting)
    return work
