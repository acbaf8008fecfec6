"""Reads of tracking, for an acting user: periods, what is owed, the follow-up board."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dondoc.core.exceptions import NotFound
from dondoc.core.text import cut
from dondoc.org.lifecycle import expected_in, life_label, share_of
from dondoc.org.models import Agency, Role
from dondoc.org.scoping import (
    agencies_acting_for,
    scope_for,
    units_overseen,
    units_planned,
)
from dondoc.plans.models import Assignment, Document, Task
from dondoc.plans.selectors import assignments_shared, documents_visible

from .models import ProgressReport, ReportingPeriod, ReportingSchedule, TaskStatus
from .periods import task_due_in

WRITER_ROLES = frozenset({Role.AGENCY_OFFICER, Role.FOCAL_OFFICER})

# Board states, in the order the board shows them; "overdue" is a state of the follow-up:
# past the due date and not yet submitted.
BOARD_STATES = ("not_started", "draft", "returned", "overdue", "submitted", "accepted")
BOARD_STATE_LABELS = {
    "not_started": "Chưa báo cáo",
    "draft": "Đang soạn",
    "submitted": "Đã gửi, chờ tiếp nhận",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
    "overdue": "Quá hạn",
}
OPEN_STATES = ("not_started", "draft", "returned")


def today() -> datetime.date:
    return timezone.localdate()


# --- Permissions ----------------------------------------------------------------------------


def agencies_writing(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose progress reports `user` writes: its agencies as officer or focal officer."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Agency.objects.filter(is_active=True)
    return agencies_acting_for(user=user, roles=WRITER_ROLES)


def can_write(*, user: Any, agency_id: int) -> bool:
    return agencies_writing(user=user).filter(pk=agency_id).exists()


def can_review(*, user: Any, document: Document) -> bool:
    """Focal officers (and administrators) of the plan's unit accept, return, remind and
    consolidate; so do those of the unit of its focal agency, which after a hand-over (issue 15)
    is the body that took the plan over from an ended one."""
    focal_units = ReportingSchedule.objects.filter(document=document).values("focal_agency__unit")
    return units_planned(user=user).filter(Q(pk=document.unit_id) | Q(pk__in=focal_units)).exists()


# --- Periods --------------------------------------------------------------------------------


def document_periods(*, document: Document) -> QuerySet[ReportingPeriod]:
    return document.periods.order_by("due_on", "label")


def current_period(
    *,
    document: Document,
    on: datetime.date | None = None,
    periods: list[ReportingPeriod] | None = None,
) -> ReportingPeriod | None:
    """The period being reported now: the first whose due date has not passed, else the last
    (`periods`: the plan's periods in document_periods' order, when the caller has read them)."""
    on = on or today()
    if periods is not None:
        return next((p for p in periods if p.due_on >= on), periods[-1] if periods else None)
    ordered = document_periods(document=document)
    return ordered.filter(due_on__gte=on).first() or ordered.last()


def access_period(*, user: Any, period_id: Any) -> ReportingPeriod:
    try:
        return ReportingPeriod.objects.select_related("document__unit").get(
            pk=period_id, document__in=documents_visible(user=user)
        )
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def _named_assignments(document_id: int, *, shared: bool = False) -> list[Assignment]:
    """Assignments of named agencies of one plan, in the plan's order: one query, or with
    `shared` three (the assignments, the plan's tasks, their agencies: assignments_shared)."""
    assignments = Assignment.objects.filter(
        task__document_id=document_id, agency__isnull=False
    ).order_by("task__position", "role", "position")
    if not shared:
        return list(assignments.select_related("task", "agency"))
    return assignments_shared(
        list(assignments), Task.objects.filter(document_id=document_id), ordered=True
    )


def agencies_assignments(*, agencies: list[int], document_ids: set[int]) -> list[Assignment]:
    """The assignments of `agencies` in the plans `document_ids`, in the plans' order, their
    tasks and agencies set (what is owed: reports_owed, the worklist): the agencies' own by
    their index, then their tasks among those plans and the agencies, each read once
    (assignments_shared). Three queries. (Joining the agencies built an Agency per assignment:
    1,080 of them for a province's focal officer, a fifth of Báo cáo kỳ này's CPU.)"""
    return assignments_shared(
        list(Assignment.objects.filter(agency_id__in=agencies).order_by()),
        Task.objects.filter(document_id__in=document_ids),
    )


def due_assignments(
    *, period: ReportingPeriod, among: list[Assignment] | None = None
) -> list[Assignment]:
    """Assignments of named agencies that report in `period`, in the plan's order (`among`:
    the plan's named assignments, read once by a caller going over several periods)."""
    assignments = _named_assignments(period.document_id) if among is None else among
    due = DueIn(period)
    return [a for a in assignments if due(a)]


def is_due(*, assignment: Assignment, period: ReportingPeriod) -> bool:
    """Whether one assignment reports in `period`: by its task's deadline (periods.task_due_in);
    in an ad hoc period or the final review, every assignment of a named agency does; a task or
    agency withdrawn by an amendment only in the periods that ended before its withdrawal. An
    agency that did not exist on any day of the period (ended before it starts, created after it
    ends) owes nothing for it, and may not write for it (org.lifecycle.expected_in)."""
    return DueIn(period)(assignment)


class DueIn:
    """is_due's rule for one period, over many assignments: what depends on the task alone (its
    plan, its withdrawal, its deadline) is decided once per task, and whether the agency is
    expected once per agency; a 500-task plan's 1,500 assignments ask it for a few agencies and
    500 tasks (it was a sixth of the board's CPU, decided afresh for each assignment)."""

    def __init__(self, period: ReportingPeriod) -> None:
        self.period = period
        self._tasks: dict[int, bool] = {}
        self._agencies: dict[int, bool] = {}

    def __call__(self, assignment: Assignment) -> bool:
        period = self.period
        if assignment.agency_id is None:
            return False
        # Withdrawn by an amendment (plans.amendments): owed for the periods that ended before.
        if assignment.withdrawn_on is not None and period.ends_on >= assignment.withdrawn_on:
            return False
        if not assignment.reports_due_on(period.due_on):
            return False  # handed over (issue 15): the other side of the hand-over reports
        task_due = self._tasks.get(assignment.task_id)
        if task_due is None:
            task_due = self._tasks[assignment.task_id] = self._task_due(assignment.task)
        if not task_due:
            return False
        expected = self._agencies.get(assignment.agency_id)
        if expected is None:
            agency: Agency = assignment.agency  # type: ignore[assignment]  # agency_id is set
            expected = expected_in(agency, period.starts_on, period.ends_on)
            self._agencies[assignment.agency_id] = expected
        return expected

    def _task_due(self, task: Task) -> bool:
        period = self.period
        if task.document_id != period.document_id:
            return False
        if task.withdrawn_on is not None and period.ends_on >= task.withdrawn_on:
            return False
        if period.kind in ("ad_hoc", "whole"):
            return True
        return task_due_in(
            deadline_kind=task.deadline_kind,
            start_year=task.deadline_start_year,
            end_year=task.deadline_end_year,
            deadline_date=task.deadline_date,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            work_starts_on=task.deadline_starts_on,
        )


# --- Reports --------------------------------------------------------------------------------


def reports_visible(*, user: Any) -> QuerySet[ProgressReport]:
    """Reports of the agencies `user` writes for, and of the plans of the units it oversees.

    An agency officer sees its own agency's reports only; another agency's draft stays its own.
    """
    scope = scope_for(user)
    reports = ProgressReport.objects.select_related(
        "period__document__unit", "assignment__task", "agency"
    )
    if scope.everything:
        return reports
    if scope.empty:
        return reports.none()
    return reports.filter(
        Q(agency__in=agencies_writing(user=user))
        | Q(period__document__unit__in=units_overseen(user=user))
        | Q(agency_id__in=scope.agency_ids)
    )


def access_report(*, user: Any, report_id: Any) -> ProgressReport:
    try:
        report = reports_visible(user=user).get(pk=report_id)
    except (ProgressReport.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    if report.state == ProgressReport.State.DRAFT and not can_write(
        user=user, agency_id=report.agency_id
    ):
        raise NotFound  # a draft is its agency's own until it is sent
    return report


def access_assignment_to_report(
    *, user: Any, assignment_id: Any, period_id: Any
) -> tuple[Assignment, ReportingPeriod]:
    """An assignment of one of the user's agencies, and a period in which it reports."""
    period = access_period(user=user, period_id=period_id)
    try:
        assignment = Assignment.objects.select_related("task__document", "agency").get(
            pk=assignment_id,
            task__document_id=period.document_id,
            agency__in=agencies_writing(user=user),
        )
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    if not is_due(assignment=assignment, period=period):
        raise NotFound("Nhiệm vụ này không phải báo cáo trong kỳ này.")
    return assignment, period


@dataclass
class Owed:
    """One report an agency owes: the assignment, the period, and the report if started."""

    assignment: Assignment
    period: ReportingPeriod
    report: ProgressReport | None
    state: str  # a BOARD_STATES value
    href: str = ""  # its agency's report of the period, set by the page that shows it


def _state(report: ProgressReport | None, period: ReportingPeriod, on: datetime.date) -> str:
    state = report.state if report is not None else "not_started"
    if state in OPEN_STATES and period.due_on < on:
        return "overdue"
    return state


def reports_owed(
    *, user: Any, on: datetime.date | None = None, within_days: int = 60
) -> list[Owed]:
    """What the user's agencies owe: reports of the current periods (due within `within_days`)
    and every earlier period not yet sent or returned to them, across the plans they see."""
    on = on or today()
    agencies = list(agencies_writing(user=user).values_list("id", flat=True))
    if not agencies:
        return []
    # The periods of every plan the user sees: the assignments below are his agencies' alone
    # (a plan assigning none owes nothing); "the plans that assign them" made PostgreSQL walk
    # every task of every plan (111 ms at 100,000 tasks).
    periods = list(
        ReportingPeriod.objects.filter(
            document__in=documents_visible(user=user),
            due_on__lte=on + datetime.timedelta(days=within_days),
        )
        .select_related("document")
        .order_by("due_on", "document_id")
    )
    reports = {
        (r.assignment_id, r.period_id): r
        for r in ProgressReport.objects.filter(agency_id__in=agencies, period__in=periods).only(
            "id", "assignment_id", "period_id", "agency_id", "state", "version", "submitted_at",
            "review_comment",
        )  # the fields the page shows; not the report's texts
    }  # fmt: skip
    owed = []
    # The agencies' own assignments of each plan, read once for all its periods: theirs by
    # the agency index, then the tasks of the periods' plans among them.
    by_document: dict[int, list[Assignment]] = {}
    for assignment in agencies_assignments(
        agencies=agencies, document_ids={p.document_id for p in periods}
    ):
        by_document.setdefault(assignment.task.document_id, []).append(assignment)
    for period in periods:
        for assignment in due_assignments(
            period=period, among=by_document.get(period.document_id, [])
        ):
            report = reports.get((assignment.pk, period.pk))
            state = _state(report, period, on)
            if state == "accepted" or (state == "submitted" and period.due_on < on):
                continue
            # A report never sent stays owed however late ("overdue" from its due day).
            owed.append(Owed(assignment, period, report, state))
    return owed


# --- Follow-up board ------------------------------------------------------------------------


TIP_CHARACTERS = 120  # a section's task title in its chip's tooltip


@dataclass
class BoardCell:
    assignment: Assignment
    report: ProgressReport | None
    state: str
    href: str = ""  # the report's page, set by the page that shows the cell

    @property
    def opens(self) -> bool:
        """Whether the cell links to its report: one the agency has sent (a draft is its own)."""
        return self.report is not None and self.report.state != "draft"

    @property
    def tip(self) -> str:
        """ "Nhiệm vụ … — Chủ trì": the task's title, cut to TIP_CHARACTERS, and the role."""
        title = cut(self.assignment.task.title, TIP_CHARACTERS)
        return f"{title} — {self.assignment.get_role_display()}"


@dataclass
class BoardRow:
    agency: Agency
    cells: list[BoardCell]
    counts: Counter[str] = field(default_factory=Counter)
    # The agency's weight in the period's completeness: the share of the period's days it
    # existed (1 for an agency that existed throughout; org.lifecycle.share_of).
    weight: Fraction = Fraction(1)

    @property
    def done(self) -> int:
        return self.counts["accepted"]

    @property
    def life_note(self) -> str:
        """ "tồn tại đến hết 28/02/2025; tính 25% kỳ" for an agency that existed for part of
        the period; "" otherwise."""
        if self.weight == 1:
            return ""
        return f"tồn tại {life_label(self.agency)}; tính {_percent(self.weight)} kỳ"

    @property
    def received(self) -> bool:
        """The agency's one report for the period counts as received when every section it
        owes has been sent (submitted or accepted)."""
        return all(c.state in ("submitted", "accepted") for c in self.cells)


@dataclass
class Board:
    document: Document
    period: ReportingPeriod
    on: datetime.date
    rows: list[BoardRow]
    totals: Counter[str]
    collective: list[Assignment]  # "UBND các xã, thị trấn": named as a group, report outside
    unresolved: list[Assignment]  # a mention no agency was chosen for: nobody is asked

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def completeness(self) -> Completeness:
        return completeness_of(self.rows)


@dataclass(frozen=True)
class Completeness:
    """Reports expected vs received for a period, one per agency (DESIGN §6: one report per plan
    and period). An agency that existed for part of the period is expected once and weighs, in
    the rate, the share of the period's days it existed; one that did not exist in it at all is
    not expected (cf. DHIS2's reporting rates, which count a closed org unit only for the
    periods it was open)."""

    expected: int  # agencies asked for a report
    received: int  # of them, those whose report was sent
    expected_weight: Fraction
    received_weight: Fraction

    @property
    def rate(self) -> Fraction | None:
        """Received weight / expected weight; None when nobody is expected."""
        if not self.expected_weight:
            return None
        return self.received_weight / self.expected_weight

    @property
    def percent(self) -> str:
        """ "87,5%" (Vietnamese decimal comma), "—" when nobody is expected."""
        rate = self.rate
        return "—" if rate is None else _percent(rate)


def _percent(share: Fraction) -> str:
    return f"{float(share) * 100:.1f}".replace(".", ",").removesuffix(",0") + "%"


def completeness_of(rows: list[BoardRow]) -> Completeness:
    received = [r for r in rows if r.received]
    return Completeness(
        expected=len(rows),
        received=len(received),
        expected_weight=sum((r.weight for r in rows), Fraction(0)),
        received_weight=sum((r.weight for r in received), Fraction(0)),
    )


def named_assignments(*, document: Document) -> list[Assignment]:
    """The plan's assignments of named agencies, in its order: read once by a page that builds
    the board and the follow-up list (board_for, follow_up_list), its tasks and agencies
    shared (three queries whatever the plan's size)."""
    return _named_assignments(document.pk, shared=True)


def board_for(
    *,
    document: Document,
    period: ReportingPeriod,
    on: datetime.date | None = None,
    assignments: list[Assignment] | None = None,
) -> Board:
    """Agencies × their reports for one period (called after the caller checked access);
    `assignments`: named_assignments, when the caller has read them already."""
    others = Assignment.objects.filter(
        task__document_id=document.pk, agency__isnull=True
    ).select_related("task")
    collective = [a for a in others if a.collective]
    unresolved = [a for a in others if not a.collective]
    return _board(
        document,
        period,
        on or today(),
        _named_assignments(document.pk) if assignments is None else assignments,
        _reports_by_assignment([period]).get(period.pk, {}),
        collective,
        unresolved,
    )


def _reports_by_assignment(
    periods: list[ReportingPeriod],
) -> dict[int, dict[int, ProgressReport]]:
    """period id → assignment id → its report, for several periods in one query."""
    found: dict[int, dict[int, ProgressReport]] = {}
    reports = ProgressReport.objects.filter(period__in=periods).only(
        "id", "assignment_id", "state", "task_status", "version", "agency_id", "period_id"
    )
    for report in reports:
        found.setdefault(report.period_id, {})[report.assignment_id] = report
    return found


def _board(
    document: Document,
    period: ReportingPeriod,
    on: datetime.date,
    assignments: list[Assignment],
    reports: dict[int, ProgressReport],
    collective: list[Assignment],
    unresolved: list[Assignment],
) -> Board:
    rows: dict[int, BoardRow] = {}
    totals: Counter[str] = Counter()
    for assignment in due_assignments(period=period, among=assignments):
        report = reports.get(assignment.pk)
        state = _state(report, period, on)
        agency: Agency = assignment.agency  # type: ignore[assignment]  # named: due_assignments
        row = rows.get(agency.pk)
        if row is None:
            weight = share_of(agency, period.starts_on, period.ends_on)
            row = rows[agency.pk] = BoardRow(agency, [], weight=weight)
        row.cells.append(BoardCell(assignment, report, state))
        row.counts[state] += 1
        totals[state] += 1
    ordered = sorted(
        rows.values(),
        key=lambda r: (-(r.counts["overdue"] + r.counts["returned"]), r.agency.name),
    )
    return Board(document, period, on, ordered, totals, collective, unresolved)


BOARD_CELLS_PER_PAGE = 100  # report sections (agency × task) on one page of the board


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters, from its address: a state of the sections, one agency."""

    state: str = ""
    agency_id: int | None = None

    @property
    def narrowing(self) -> bool:
        return bool(self.state or self.agency_id)


@dataclass
class BoardRowPart:
    """The cells of one agency's row that fall on one page of the board: `row` keeps the whole
    row's counts, `continued` tells that its first cells are on the page before."""

    row: BoardRow
    cells: list[BoardCell]
    continued: bool = False


def board_cells(board: Board, filters: BoardFilters) -> list[tuple[BoardRow, BoardCell]]:
    """The board's cells in its order (agencies most late first, then the plan's order), each
    with its row, narrowed by `filters`: the list a page of the board is cut from."""
    return [
        (row, cell)
        for row in board.rows
        if filters.agency_id is None or row.agency.pk == filters.agency_id
        for cell in row.cells
        if not filters.state or cell.state == filters.state
    ]


def board_page_rows(
    cells: list[tuple[BoardRow, BoardCell]], *, before: BoardRow | None = None
) -> list[BoardRowPart]:
    """One page's cells grouped back into their agencies' rows; `before`: the row of the last
    cell of the page before, whose row this page continues when its first cell is of it."""
    parts: list[BoardRowPart] = []
    for row, cell in cells:
        if parts and parts[-1].row is row:
            parts[-1].cells.append(cell)
        else:
            parts.append(BoardRowPart(row, [cell], continued=not parts and row is before))
    return parts


FOLLOW_UP_PATHS = 12  # the sections a follow-up line names; the rest on the board's filter


@dataclass
class FollowUp:
    period: ReportingPeriod
    agency: Agency
    assignments: list[Assignment]
    state: str  # overdue, or the open state of a report due soon
    days: int  # days left (negative: days late)

    @property
    def paths(self) -> str:
        """ "I/1, I/5, II/2": the first sections not sent, in the plan's order."""
        return ", ".join(a.task.path for a in self.assignments[:FOLLOW_UP_PATHS])

    @property
    def more(self) -> int:
        """How many sections not sent the line does not name."""
        return max(0, len(self.assignments) - FOLLOW_UP_PATHS)


def follow_up_list(
    *,
    document: Document,
    on: datetime.date | None = None,
    within_days: int = 7,
    assignments: list[Assignment] | None = None,
    periods: list[ReportingPeriod] | None = None,
) -> list[FollowUp]:
    """Per period and agency: what is overdue, then what is due within `within_days`
    (`assignments`: named_assignments, `periods`: the plan's periods in document_periods'
    order, when the caller has read them already)."""
    on = on or today()
    until = on + datetime.timedelta(days=within_days)
    if periods is None:
        periods = list(document_periods(document=document).filter(due_on__lte=until))
    else:
        periods = [p for p in periods if p.due_on <= until]
    found: list[FollowUp] = []
    if assignments is None:
        assignments = _named_assignments(document.pk)  # read once for every period
    reports = _reports_by_assignment(periods)
    for period in periods:
        board = _board(document, period, on, assignments, reports.get(period.pk, {}), [], [])
        for row in board.rows:
            late = [c.assignment for c in row.cells if c.state in ("overdue", *OPEN_STATES)]
            if late:
                state = "overdue" if period.due_on < on else "due_soon"
                found.append(FollowUp(period, row.agency, late, state, (period.due_on - on).days))
    return sorted(found, key=lambda f: (f.days, f.agency.name))


def can_follow(*, user: Any, document: Document) -> bool:
    """Whether `access_board` opens this (visible) plan's follow-up board to `user`: the
    plan page shows its button only then."""
    return units_overseen(user=user).filter(pk=document.unit_id).exists()


def access_board(*, user: Any, document_id: Any) -> Document:
    """A plan whose follow-up `user` may see: focal officers, leaders and inspectors of its
    unit or a unit above; an agency officer sees its own reports, not the others'."""
    try:
        return documents_visible(user=user).get(pk=document_id, unit__in=units_overseen(user=user))
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


# --- Agency reports -------------------------------------------------------------------------


@dataclass
class AgencyReportAccess:
    """Who the user is to one agency's report of a period."""

    period: ReportingPeriod
    agency: Agency
    report: Any  # AgencyReport | None (none saved yet)
    writes: bool  # an officer of the agency
    leads: bool  # a leader of the agency (approves when the plan asks)
    reviews: bool  # a focal officer of the plan


def access_agency_report(*, user: Any, period_id: Any, agency_id: Any) -> AgencyReportAccess:
    """The agency's report of a period for `user`: its officers and leaders always; the plan's
    focal officers and those overseeing its unit once it was sent (a draft is the agency's)."""
    from .models import AgencyReport

    period = access_period(user=user, period_id=period_id)
    try:
        agency = Agency.objects.get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error
    report = (
        AgencyReport.objects.filter(period=period, agency=agency)
        .select_related("submitted_by", "reviewed_by", "approved_by", "signed_by")
        .first()
    )
    writes = can_write(user=user, agency_id=agency.pk)
    leads = agencies_acting_for(user=user, roles=frozenset({Role.LEADER})).filter(pk=agency.pk)
    reviews = can_review(user=user, document=period.document)
    sent = report is not None and report.state not in ("draft", "awaiting_approval")
    oversees = units_overseen(user=user).filter(pk=period.document.unit_id).exists()
    if not (writes or leads.exists() or ((reviews or oversees) and sent)):
        raise NotFound
    return AgencyReportAccess(period, agency, report, writes, leads.exists(), reviews and sent)


def agencies_leading(*, user: Any) -> QuerySet[Agency]:
    """Agencies `user` heads (a leader's membership): whose reports he approves."""
    return agencies_acting_for(user=user, roles=frozenset({Role.LEADER}))


def approvals_waiting(*, user: Any) -> list[Any]:
    """The agency reports waiting for this leader's approval, oldest first."""
    from .models import AgencyReport

    agencies = agencies_acting_for(user=user, roles=frozenset({Role.LEADER}))
    return list(
        AgencyReport.objects.filter(state="awaiting_approval", agency__in=agencies)
        .select_related("period__document", "agency")
        .order_by("updated_at", "pk")
    )


def tasks_late(tasks: QuerySet[Any], *, on: datetime.date | None = None) -> QuerySet[Any]:
    """Of `tasks`, those past their completion date (a date deadline before `on`) that no
    report sent or accepted says are done: the plan page's "quá hạn" filter."""
    on = on or today()
    done = ProgressReport.objects.filter(
        assignment__task=OuterRef("pk"),
        state__in=(ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED),
        task_status=TaskStatus.DONE,
    )
    return tasks.filter(deadline_date__lt=on, status=Task.Status.ACTIVE).exclude(Exists(done))
