"""Reads of plans, always for an acting user: scoping lives in org.scoping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Left

from dondoc.core.exceptions import NotFound
from dondoc.core.jobs import job_of_owner
from dondoc.core.models import Job
from dondoc.org.lifecycle import not_switched_off
from dondoc.org.models import AdminUnit, Agency, UnitSuccession
from dondoc.org.resolve import units_for_agencies
from dondoc.org.scoping import (
    access_agency,
    agencies_visible,
    scope_for,
    units_planned,
    units_visible,
)

from .cascade import Item, suggest
from .models import (
    Assignment,
    Document,
    Handover,
    KeptPlanFile,
    PlanChange,
    PlanUpload,
    Task,
)


def _ancestor_paths(paths: frozenset[str]) -> set[str]:
    """ "pre2025/08/076" → {"pre2025/08"}: the plans of upper units reach the lower ones."""
    found: set[str] = set()
    for path in paths:
        parts = path.split("/")
        found |= {"/".join(parts[:i]) for i in range(2, len(parts))}
    return found


# Province above district above commune: a plan carries out the plans of units ranked lower.
_RANK = {
    AdminUnit.Level.NATIONAL: -1,
    AdminUnit.Level.PROVINCE: 0,
    AdminUnit.Level.DISTRICT: 1,
    AdminUnit.Level.COMMUNE: 2,
}


def upper_unit_ids(unit: AdminUnit) -> frozenset[int]:
    """The units whose plans a plan of `unit` may carry out (four queries).

    Its higher units on its own map (Huyện Sơn Dương → Tỉnh Tuyên Quang of the old map), the
    same units on the other map (the 2025 Tỉnh Tuyên Quang that succeeded it), and the higher
    units of `unit`'s own predecessors or successors: a 2025 commune carries out the plans of
    the old district and province its predecessor belonged to; the old Sơn Dương district
    those of the 2025 province that absorbed it. Never a unit of the same or a lower level,
    never a unit of another province. And the national unit, above every province.
    """
    own = list(
        AdminUnit.objects.filter(
            Q(pk=unit.pk) | Q(predecessors=unit) | Q(successors=unit)
        ).values_list("pk", "path")
    )
    prefixes = {
        "/".join(parts[:i])
        for _, path in own
        for parts in [path.split("/")]
        for i in range(2, len(parts))
    }
    chain = dict(
        AdminUnit.objects.filter(
            Q(pk__in=[pk for pk, _ in own]) | Q(path__in=prefixes)
        ).values_list("pk", "level")
    )
    # Counterparts on the other map at the same level (old and 2025 Tỉnh Tuyên Quang).
    links = UnitSuccession.objects.filter(
        Q(predecessor_id__in=chain) | Q(successor_id__in=chain)
    ).values_list("predecessor_id", "predecessor__level", "successor_id", "successor__level")
    found = dict(chain)
    for before, before_level, after, after_level in links:
        if before_level == after_level:
            found[before], found[after] = before_level, after_level
    rank = _RANK[AdminUnit.Level(unit.level)]
    if rank > _RANK[AdminUnit.Level.NATIONAL]:
        # Every local plan may carry out a plan of the Prime Minister or a ministry.
        found.update(
            AdminUnit.objects.filter(level=AdminUnit.Level.NATIONAL).values_list("pk", "level")
        )
    return frozenset(pk for pk, level in found.items() if _RANK[AdminUnit.Level(level)] < rank)


def is_upper_of(upper: Document, document: Document) -> bool:
    """Whether `upper` is a plan of one of `document`'s higher units (upper_unit_ids)."""
    return upper.pk != document.pk and upper.unit_id in upper_unit_ids(document.unit)


def documents_visible(*, user: Any) -> QuerySet[Document]:
    """Plans of the units `user` sees, of their upper units, and those assigning its agencies."""
    scope = scope_for(user)
    documents = Document.objects.select_related("unit")
    if scope.everything:
        return documents
    if scope.empty:
        return documents.none()
    condition = Q(unit__in=units_visible(user=user))
    if scope.unit_paths:
        condition |= Q(unit__path__in=_ancestor_paths(scope.unit_paths))
    if scope.agency_ids:
        condition |= Q(
            id__in=Assignment.objects.filter(agency_id__in=scope.agency_ids).values(
                "task__document_id"
            )
        )
    return documents.filter(condition)


def access_document(*, user: Any, document_id: Any) -> Document:
    try:
        return documents_visible(user=user).get(pk=document_id)
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def document_tasks(*, document: Document) -> QuerySet[Task]:
    """The document's tasks in order with their assignments and agencies (two queries)."""
    assignments = Assignment.objects.select_related("agency").order_by("position")
    return document.tasks.select_related("upper_task").prefetch_related(
        Prefetch("assignments", queryset=assignments)
    )


# The plan page shows this many rows (sections and tasks) at a time: a 500-task plan is not
# rendered in one response (issue 18).
TASKS_PER_PAGE = 50


@dataclass(frozen=True)
class Section:
    """A top-level group of the plan's task table (I, II …) and the tasks it holds."""

    pk: int
    path: str
    title: str
    start: int  # the section's own position; its tasks follow it up to `end` (excluded)
    end: int | None
    leaves: int

    def holds(self, position: int) -> bool:
        """Whether the row at `position` is the section's (its own row or one of its tasks)."""
        return position >= self.start and (self.end is None or position < self.end)


@dataclass(frozen=True)
class Outline:
    """The plan's sections and its totals, read from the task table in two small queries."""

    sections: list[Section]
    leaves: int
    rows: int
    # Each task's position, and the position of the section that holds it (None: none).
    positions: dict[int, tuple[int, int | None]]

    def section(self, pk: int | None) -> Section | None:
        return next((s for s in self.sections if s.pk == pk), None)

    def section_at(self, position: int) -> Section | None:
        return next((s for s in self.sections if s.start == position), None)

    def rows_in(self, section: Section | None) -> int:
        """The rows of `section` (its own and its tasks'), or of the whole table."""
        if section is None:
            return self.rows
        return sum(1 for position, _ in self.positions.values() if section.holds(position))


def document_outline(*, document: Document) -> Outline:
    """The sections of the plan (top-level groups), with the number of tasks (leaves) each
    holds. The table is in document order (a preorder of the tree): a task belongs to the
    last top-level group above it."""
    # One query: the sections' numbers and titles come with the rows, the other rows' are left
    # out (a 500-task plan's titles are most of its table).
    heading = Q(depth=0, is_leaf=False)
    rows = (
        document.tasks.order_by("position")
        .annotate(
            heading_path=Case(When(heading, then=F("path")), default=Value("")),
            heading_title=Case(When(heading, then=Left("title", 300)), default=Value("")),
        )
        .values_list("pk", "position", "depth", "is_leaf", "heading_path", "heading_title")
    )
    starts: list[tuple[int, int]] = []  # (pk, position) of each section
    titles: dict[int, tuple[str, str]] = {}
    leaves: dict[int, int] = {}
    positions: dict[int, tuple[int, int | None]] = {}
    current: int | None = None
    total = count = 0
    for pk, position, depth, is_leaf, path, title in rows:
        count += 1
        if depth == 0:
            current = None if is_leaf else position
            if current is not None:
                starts.append((pk, position))
                titles[pk] = (path, title)
                leaves[position] = 0
        positions[pk] = (position, current)
        if is_leaf:
            total += 1
            if current is not None:
                leaves[current] += 1
    sections = [
        Section(
            pk=pk,
            path=titles[pk][0],
            title=titles[pk][1],
            start=start,
            end=starts[n + 1][1] if n + 1 < len(starts) else None,
            leaves=leaves[start],
        )
        for n, (pk, start) in enumerate(starts)
    ]
    return Outline(sections=sections, leaves=total, rows=count, positions=positions)


@dataclass(frozen=True)
class TaskFilters:
    """What the officer asked the plan page for (all in the query string)."""

    section: Section | None = None
    status: str = ""  # a Task.Status value, or "" for every task
    agency_id: int | None = None
    query: str = ""

    @property
    def narrowing(self) -> bool:
        """Whether rows are picked one by one (the groups are then left out)."""
        return bool(self.status or self.agency_id or self.query)


def document_tasks_filtered(*, document: Document, filters: TaskFilters) -> QuerySet[Task]:
    """The document's tasks the filters pick, in order, with assignments (document_tasks)."""
    tasks = document_tasks(document=document).order_by("position")
    section = filters.section
    if section is not None:
        tasks = tasks.filter(position__gte=section.start)
        if section.end is not None:
            tasks = tasks.filter(position__lt=section.end)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.agency_id:
        tasks = tasks.filter(
            Exists(Assignment.objects.filter(task=OuterRef("pk"), agency_id=filters.agency_id))
        )
    if filters.query:
        words = filters.query
        tasks = tasks.filter(
            Q(title__icontains=words) | Q(expected_result__icontains=words) | Q(path=words)
        )
    if filters.narrowing:
        tasks = tasks.filter(is_leaf=True)
    return tasks


def document_agencies_named(*, document: Document, user: Any) -> QuerySet[Agency]:
    """The agencies the plan names (lead or coordinating), for the page's agency filter, each
    with `openable`: whether `user` sees the agency, so its inbox may be linked (one query)."""
    named = Assignment.objects.filter(task__document=document, agency__isnull=False)
    visible = agencies_visible(user=user).filter(pk=OuterRef("pk"))
    return (
        Agency.objects.filter(pk__in=named.values("agency_id"))
        .annotate(openable=Exists(visible))
        .order_by("name")
    )


# The long texts of a task (expected result, notes, the raw deadline) that no list of
# assignments shows (the board, what is owed, the worklist): not read with them.
TASK_TEXTS_UNSHOWN = (
    "expected_result", "notes", "deadline_raw", "deadline_document", "withdrawn_reason",
    "source_row", "upper_confirmed_at", "deadline_extended_from",
)  # fmt: skip


def assignments_shared(
    found: list[Assignment],
    tasks: QuerySet[Task],
    *,
    ordered: bool = False,
    texts: bool = False,
) -> list[Assignment]:
    """`found` with their tasks (of `tasks`, read once, their long texts left out unless
    `texts`: a page that shows them) and their agencies (read once) set on them, each shared
    by its assignments; those whose task is not among `tasks` left out; in the plans' order
    (task, role, position) unless `ordered` already. A 500-task plan's 1,500 assignments
    name 500 tasks and a few agencies: an instance of each per row (select_related) was half
    of its board's CPU; and joining the tasks let PostgreSQL hash every task of every plan a
    user sees (102,054 rows, 98 ms) to keep the 1,030 of one agency's assignments (issue 18).
    Two queries: the tasks, the agencies."""
    ids = {a.task_id for a in found}
    if not ids:
        return []
    # One array of ids (core.lookups), not an IN list of a thousand placeholders.
    read = tasks.filter(pk__any=list(ids))
    by_id = {t.pk: t for t in (read if texts else read.defer(*TASK_TEXTS_UNSHOWN))}
    kept = [a for a in found if a.task_id in by_id]
    task_field, agency_field = Assignment.task.field, Assignment.agency.field
    named = {a.agency_id for a in kept} - {None}
    agencies = Agency.objects.in_bulk(named) if named else {}
    for assignment in kept:
        task_field.set_cached_value(assignment, by_id[assignment.task_id])
        agency = agencies.get(assignment.agency_id)
        if agency is not None:
            agency_field.set_cached_value(assignment, agency)
    if not ordered:
        kept.sort(key=lambda a: (a.task.position, a.role, a.position))
    return kept


def agency_assignments(*, user: Any, agency_id: Any) -> tuple[Agency, list[Assignment]]:
    """An agency's inbox: its tasks as lead and coordinator across the plans `user` sees, the
    newest plans first, each plan in its order; their tasks (texts included) and plans set.
    The agency's assignments by their index, then their tasks by their keys among the visible
    plans (assignments_shared): joined from the plans, PostgreSQL walked every task of every
    plan the user sees (102,054 for a province's police, 150 ms a query) to keep its 1,030.
    Four queries: the plans' ids, the assignments, their tasks with their plans, the agency."""
    agency = access_agency(user=user, agency_id=agency_id)
    # The plans as their ids (a few hundred), so that the tasks are read by their keys: as a
    # subquery, misjudged at 8 plans for 203, PostgreSQL read every task of every plan.
    visible = list(documents_visible(user=user).order_by().values_list("pk", flat=True))
    tasks = Task.objects.filter(document_id__any=visible).select_related("document")
    # .order_by(): an assignment's own order joins its task and plan (Meta.ordering).
    found = assignments_shared(
        list(Assignment.objects.filter(agency=agency).order_by()), tasks, ordered=True, texts=True
    )
    found.sort(
        key=lambda a: (
            -(a.task.document.issued_year or 0),
            a.task.document_id,
            a.task.position,
            a.role,
            a.position,
        )
    )
    return agency, found


INBOX_PER_PAGE = 100  # an agency's tasks on one page of its inbox (a province police: 1,030)


def inbox_filtered(
    assignments: list[Assignment],
    *,
    document_id: Any = None,
    role: str = "",
    deadline_kind: str = "",
) -> list[Assignment]:
    """Of an agency's inbox (agency_assignments), those of one plan, one role, one kind of
    deadline (each filter left out when empty)."""
    return [
        a
        for a in assignments
        if (not document_id or a.task.document_id == document_id)
        and (not role or a.role == role)
        and (not deadline_kind or a.task.deadline_kind == deadline_kind)
    ]


def agencies_for_assignment(*, unit: AdminUnit) -> QuerySet[Agency]:
    """Agencies that may be picked for a task of a plan of `unit`: its unit's, the upper
    units' ("Công an tỉnh" in a district plan) and the national unit's ("Bộ Công an"), ended
    ones included (an old plan names the bodies of its day; a handed-over plan their
    receivers), never those an administrator switched off. Called after access was checked."""
    return (
        Agency.objects.filter(not_switched_off(), unit__in=units_for_agencies(unit))
        .select_related("unit")
        .order_by("unit__level", "name")
    )


@dataclass
class CascadeRow:
    task: Task
    suggested: Task | None
    score: float | None


@dataclass
class Cascade:
    upper: Document | None
    rows: list[CascadeRow]  # the lower plan's leaf tasks, in order
    uncovered: list[Task]  # upper leaf tasks no lower task carries out (confirmed or suggested)


def _items(tasks: list[Task]) -> list[Item]:
    by_id = {t.pk: t for t in tasks}
    items = []
    for task in tasks:
        if not task.is_leaf:
            continue
        context, parent = [], by_id.get(task.parent_id) if task.parent_id else None
        while parent is not None:
            context.append(parent.title)
            parent = by_id.get(parent.parent_id) if parent.parent_id else None
        items.append(Item(task.pk, f"{task.title} {task.expected_result}", " ".join(context)))
    return items


def _readable(user: Any) -> QuerySet[Document]:
    """Documents a cascade may show `user`; None: the system (a command), which reads all."""
    if user is None:
        return Document.objects.select_related("unit")
    return documents_visible(user=user)


def upper_candidates(*, user: Any, document: Document) -> QuerySet[Document]:
    """The plans `document` may be linked to as its upper plan: those of its higher units
    (upper_unit_ids) that `user` sees."""
    return _readable(user).filter(unit_id__in=upper_unit_ids(document.unit)).exclude(pk=document.pk)


def upper_of(*, user: Any, document: Document) -> Document | None:
    """The upper plan of `document` as `user` may read it: None when there is none, when
    `user` does not see it, or when the stored link is not to a higher unit (a link made
    before links were limited to them is ignored, not followed)."""
    if document.upper_id is None:
        return None
    return upper_candidates(user=user, document=document).filter(pk=document.upper_id).first()


def lower_documents(*, user: Any, document: Document) -> list[Document]:
    """The plans that carry out `document` and that `user` sees, ordered by unit; only plans
    of units below `document`'s (a plan of another province linked by its number is not)."""
    linked = _readable(user).filter(upper=document).order_by("unit__path", "id")
    ids: dict[int, frozenset[int]] = {}
    found = []
    for lower in linked:
        if lower.unit_id not in ids:
            ids[lower.unit_id] = upper_unit_ids(lower.unit)
        if document.unit_id in ids[lower.unit_id]:
            found.append(lower)
    return found


def cascade_for(*, user: Any, document: Document) -> Cascade:
    """Each leaf task with the upper plan's task it carries out: confirmed, else suggested.

    Only the upper plan that `user` may read (upper_of) is shown; without one, no task of any
    other plan appears (confirmed links included)."""
    tasks = list(document.tasks.select_related("upper_task"))
    upper = upper_of(user=user, document=document)
    if upper is None:
        return Cascade(None, [CascadeRow(t, None, None) for t in tasks if t.is_leaf], [])
    upper_tasks = list(upper.tasks.all())
    upper_by_id = {t.pk: t for t in upper_tasks}
    suggestions = {s.lower: s for s in suggest(_items(tasks), _items(upper_tasks))}
    rows = []
    for task in tasks:
        if not task.is_leaf:
            continue
        if task.upper_task_id in upper_by_id:
            rows.append(CascadeRow(task, upper_by_id[task.upper_task_id], None))
        elif task.pk in suggestions:
            found = suggestions[task.pk]
            rows.append(CascadeRow(task, upper_by_id[found.upper], found.score))
        else:
            rows.append(CascadeRow(task, None, None))
    covered = {row.suggested.pk for row in rows if row.suggested is not None}
    uncovered = [t for t in upper_tasks if t.is_leaf and t.pk not in covered]
    return Cascade(upper, rows, uncovered)


def access_upload(*, user: Any, upload_id: Any) -> PlanUpload:
    """An upload is seen only by the officer who sent it."""
    try:
        return PlanUpload.objects.select_related("unit").get(pk=upload_id, created_by=user)
    except (PlanUpload.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def uploads_of(*, user: Any) -> Any:
    """The uploads waiting for review of `user` (only the officer who sent one sees it)."""
    return PlanUpload.objects.filter(created_by_id=getattr(user, "pk", None))


def kept_file_of(*, user: Any, kept_id: Any) -> KeptPlanFile | None:
    """The file `user` chose for an upload that failed, kept for sending again; None once used
    or expired (services.kept_file_keep), or for anyone else."""
    if not isinstance(kept_id, int):
        return None
    return KeptPlanFile.objects.filter(pk=kept_id, created_by_id=getattr(user, "pk", None)).first()


def access_plan_parse_job(*, user: Any, job_id: Any) -> Job:
    """A plan file being read in the background (plans.jobs), for its owner only."""
    job = job_of_owner(user=user, job_id=job_id)
    if job.kind != Job.Kind.PLAN_PARSE:
        raise NotFound
    return job


def access_assignment(*, user: Any, assignment_id: Any) -> Assignment:
    try:
        return Assignment.objects.select_related("task__document__unit", "agency").get(
            pk=assignment_id, task__document__in=documents_visible(user=user)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def access_task(*, user: Any, task_id: Any) -> Task:
    try:
        return Task.objects.select_related("document__unit").get(
            pk=task_id, document__in=documents_visible(user=user)
        )
    except (Task.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def documents_plannable(*, user: Any) -> QuerySet[Document]:
    """Documents whose assignments and links `user` may edit."""
    return Document.objects.filter(unit__in=units_planned(user=user)).select_related("unit")


def document_changes(*, document: Document) -> QuerySet[PlanChange]:
    """The plan's history of amendments, newest first (called after access_document)."""
    return document.changes.select_related("changed_by").order_by("-changed_at", "-id")


def plan_handover(*, document: Document) -> Handover | None:
    """The plan's confirmed hand-over to the bodies in office after the 2025 reform (issue 15),
    with its lines and their agencies (called after the caller checked access)."""
    return (
        Handover.objects.filter(document=document, state=Handover.State.CONFIRMED)
        .prefetch_related("lines__to_agency")
        .first()
    )
