"""What the focal agency's consolidated report says, from the accepted reports of a period.

The content only (plain data); reports.consolidated lays it out as an administrative
document (DOCX) and a table annex (XLSX). The body follows the plan's sections; each task
gets its lead agency, the results reported by its lead and coordinators, and a status; then
what was not done and why, the difficulties and the proposals, each with the agency that
wrote it; agencies that have not reported are named. A unit above can take in the
consolidated results of the units below (`include_lower`): for each of its tasks, what the
lower plans' tasks linked to it (the plan cascade) reported in the period of the same label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from dondoc.org.models import Agency
from dondoc.plans.models import Assignment, Document, Task
from dondoc.plans.selectors import lower_documents as lower_plans

from .agency_reports import breakdown_label
from .handover import focal_agency_for
from .models import ProgressReport, ReportingPeriod, ReportingSchedule, TaskStatus
from .selectors import due_assignments

NOT_REPORTED = "Chưa báo cáo"
NOT_ACCEPTED = "Chưa được tiếp nhận"


@dataclass(frozen=True)
class FigureLine:
    """One figure an agency reported: what it counts, the number, its unit; `target_id` and
    `indicator_id` link it to the plan's target or indicator it measures, `breakdown` names the
    disaggregation it stands for ({"sex": "female"}; empty for a total)."""

    label: str
    value: Any
    unit: str = ""
    target_id: int | None = None
    indicator_id: int | None = None
    breakdown: dict[str, str] = field(default_factory=dict)


@dataclass
class AgencyResult:
    agency: Agency
    role: str  # lead / coordinating
    report: ProgressReport | None  # accepted reports only
    state: str  # the report's state, or "not_started"

    @property
    def figures(self) -> list[FigureLine]:
        """The figures of the accepted section: those its agency's report ties to it
        (ReportFigure), else the legacy single figure of a section not yet migrated."""
        if self.report is None:
            return []
        stored = list(self.report.figures.all())  # prefetched by consolidate()
        if stored:
            return [
                FigureLine(
                    # a part names its group, so the annex gives it its own column
                    label=f"{f.label} ({breakdown_label(f.breakdown)})" if f.breakdown else f.label,
                    value=f.value,
                    unit=f.unit,
                    target_id=f.target_id,
                    indicator_id=f.indicator_id,
                    breakdown=dict(f.breakdown),
                )
                for f in stored
            ]
        if self.report.figure is None:
            return []
        return [FigureLine(label="Số liệu", value=self.report.figure, unit=self.report.figure_note)]

    @property
    def status_label(self) -> str:
        if self.report is not None:
            return self.report.get_task_status_display()
        return NOT_ACCEPTED if self.state in ("submitted", "returned", "draft") else NOT_REPORTED


@dataclass
class LowerResult:
    """What a lower unit's task (carrying out this task) reported in the same period."""

    document: Document
    task: Task
    results: list[AgencyResult]


@dataclass
class TaskSection:
    task: Task
    due: bool  # reported on in this period
    leads: list[str]  # as assigned (agencies or collective mentions)
    results: list[AgencyResult] = field(default_factory=list)
    lower: list[LowerResult] = field(default_factory=list)

    @property
    def lead_result(self) -> AgencyResult | None:
        for result in self.results:
            if result.role == Assignment.Role.LEAD and result.report is not None:
                return result
        return None

    @property
    def status(self) -> str:
        """The task's status: its lead's accepted report, else the best of its coordinators'."""
        lead = self.lead_result
        if lead is not None and lead.report is not None:
            return lead.report.task_status
        reported = [r.report.task_status for r in self.results if r.report is not None]
        if not reported:
            return ""
        for status in (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED):
            if status in reported:
                return status
        return TaskStatus.CANNOT

    @property
    def status_label(self) -> str:
        return TaskStatus(self.status).label if self.status else NOT_REPORTED


@dataclass
class Note:
    agency: Agency
    task: Task | None
    text: str


@dataclass
class Consolidation:
    document: Document
    period: ReportingPeriod
    schedule: ReportingSchedule | None
    sections: list[TaskSection]  # every task of the plan, groups included, in order
    missing: dict[int, tuple[Agency, list[Task]]]  # agencies with due reports not accepted
    not_done: list[tuple[TaskSection, list[Note]]]  # tasks not started or not possible, why
    difficulties: list[Note]
    proposals: list[Note]
    lower_documents: list[tuple[Document, ReportingPeriod | None, dict[str, int]]]
    collective: list[Assignment]

    @property
    def focal_agency(self) -> Agency | None:
        return focal_agency_for(schedule=self.schedule, period=self.period)

    @property
    def counts(self) -> dict[str, int]:
        leaves = [s for s in self.sections if s.due and s.task.is_leaf]
        counts = {status: 0 for status in TaskStatus.values}
        counts[""] = 0
        for section in leaves:
            counts[section.status] += 1
        counts["total"] = len(leaves)
        return counts


def _results(
    assignments: list[Assignment], reports: dict[int, ProgressReport]
) -> dict[int, list[AgencyResult]]:
    by_task: dict[int, list[AgencyResult]] = defaultdict(list)
    for assignment in assignments:
        report = reports.get(assignment.pk)
        accepted = report if report and report.state == ProgressReport.State.ACCEPTED else None
        by_task[assignment.task_id].append(
            AgencyResult(
                assignment.agency,  # type: ignore[arg-type]
                assignment.role,
                accepted,
                report.state if report else "not_started",
            )
        )
    return by_task


def _period_reports(period: ReportingPeriod) -> dict[int, ProgressReport]:
    return {
        r.assignment_id: r
        for r in ProgressReport.objects.filter(period=period)
        .select_related("agency")
        .prefetch_related("figures")
    }


def consolidate(
    *, user: Any, document: Document, period: ReportingPeriod, include_lower: bool = False
) -> Consolidation:
    """The content of the consolidated report (called after the caller checked access to
    `document`); the lower plans taken in are those of the units below that `user` sees
    (None: the command line, which reads every lower plan)."""
    schedule = (
        ReportingSchedule.objects.filter(document=document)
        .select_related("focal_agency__unit", "focal_agency__parent")
        .first()
    )
    assignments = Assignment.objects.select_related("agency").order_by("role", "position")
    tasks = list(
        document.tasks.prefetch_related(Prefetch("assignments", queryset=assignments)).order_by(
            "position"
        )
    )
    due = due_assignments(period=period)
    due_tasks = {a.task_id for a in due}
    reports = _period_reports(period)
    results = _results(due, reports)
    sections = []
    missing: dict[int, tuple[Agency, list[Task]]] = {}
    difficulties, proposals = [], []
    not_done = []
    for task in tasks:
        leads = [
            a.agency.name if a.agency else a.mention
            for a in task.assignments.all()
            if a.role == Assignment.Role.LEAD
        ]
        section = TaskSection(task, task.pk in due_tasks, leads, results.get(task.pk, []))
        sections.append(section)
        reasons = []
        for result in section.results:
            if result.report is None:
                missing.setdefault(result.agency.pk, (result.agency, []))[1].append(task)
                continue
            if result.report.difficulties:
                difficulties.append(Note(result.agency, task, result.report.difficulties))
            if result.report.proposals:
                proposals.append(Note(result.agency, task, result.report.proposals))
            if result.report.task_status in (TaskStatus.NOT_STARTED, TaskStatus.CANNOT):
                reasons.append(Note(result.agency, task, result.report.reason))
        if section.due and section.status in (TaskStatus.NOT_STARTED, TaskStatus.CANNOT):
            not_done.append((section, reasons))
    lower_documents = []
    if include_lower:
        lower_documents = _roll_up(lower_plans(user=user, document=document), period, sections)
    collective = [
        a for t in tasks for a in t.assignments.all() if a.agency_id is None and a.collective
    ]
    return Consolidation(
        document,
        period,
        schedule,
        sections,
        missing,
        not_done,
        difficulties,
        proposals,
        lower_documents,
        collective,
    )


def _roll_up(
    lowers: list[Document], period: ReportingPeriod, sections: list[TaskSection]
) -> list[tuple[Document, ReportingPeriod | None, dict[str, int]]]:
    """Attach the lower plans' accepted results to the tasks they carry out."""
    by_task = {s.task.pk: s for s in sections}
    found = []
    for lower in lowers:
        lower_period = lower.periods.filter(label=period.label).first()
        counts = {"tasks": 0, "accepted": 0, "reports": 0}
        if lower_period is not None:
            due = due_assignments(period=lower_period)
            reports = _period_reports(lower_period)
            results = _results(due, reports)
            lower_tasks = {a.task_id: a.task for a in due}
            counts["tasks"] = len(lower_tasks)
            counts["reports"] = len(due)
            counts["accepted"] = sum(
                1 for r in reports.values() if r.state == ProgressReport.State.ACCEPTED
            )
            for task_id, task in lower_tasks.items():
                section = by_task.get(task.upper_task_id) if task.upper_task_id else None
                if section is not None:
                    section.lower.append(LowerResult(lower, task, results.get(task_id, [])))
        found.append((lower, lower_period, counts))
    return found
