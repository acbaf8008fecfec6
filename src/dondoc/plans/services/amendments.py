"""Amending a saved plan, also after its agencies have reported: a later document "sửa đổi,
bổ sung" or a fix by the focal officer edits tasks (text, deadline, agencies), adds tasks and
withdraws them. Nothing reported is lost: a withdrawn task or agency keeps its rows and its
reports and is owed nothing for the periods from its withdrawal (tracking.selectors.is_due).
Every change is kept as a PlanChange (who, when, before → after, which document), and each
write locks the document and checks the version the form was shown with, so two officers
amending at once cannot overwrite each other unseen."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from dondoc.core.actors import Actor, actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import Agency

from ..corrections import StaleVersion, deadline_fields
from ..importers.drafts import Deadline
from ..models import Assignment, DeadlineKind, Document, PlanChange, Task

_SHIFT = 1_000_000  # positions moved out of the way in two steps (unique per document)


def _deadline_shown(task: Task) -> str:
    if not task.deadline_raw:
        return ""
    kind = DeadlineKind(task.deadline_kind).label if task.deadline_kind else ""
    return f"{task.deadline_raw} ({kind})" if kind else task.deadline_raw


class _Amendment:
    """One amendment: the document locked at the version the form showed, the token claimed,
    the source (an amending document, else the reason of a fix) required."""

    def __init__(
        self,
        actor: Actor,
        document: Document,
        version: int,
        token: str,
        action: str,
        amending_document: str,
        reason: str,
        on_request: bool = False,
    ) -> None:
        from ..requests import check_may_decide
        from . import _check_plans_unit

        require_actor(actor, system=True)
        if on_request:  # an agency's request decided: its plan's focal officer or leader
            check_may_decide(actor, document)
        else:
            _check_plans_unit(actor, document.unit)
        self.actor, self.action = actor, action
        self.source, self.reason = " ".join(amending_document.split()), reason.strip()
        if not self.source and not self.reason:
            raise InvalidInput(
                "Ghi văn bản sửa đổi, bổ sung (ví dụ “Kế hoạch số 20/KH-UBND ngày 05/3/2026”) "
                "hoặc lý do sửa: mỗi thay đổi được lưu vào lịch sử của kế hoạch."
            )
        self.document = (
            Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
        )
        if self.document.version != version:
            raise StaleVersion("Kế hoạch")
        self.submission = submission_claim(actor=actor, token=token, action=f"plan.{action}")

    def record(self, task: Task, before: dict[str, Any], after: dict[str, Any]) -> PlanChange:
        change = PlanChange.objects.create(
            document=self.document,
            task=task,
            task_path=task.path,
            action=self.action,
            before=before,
            after=after,
            amending_document=self.source[:255],
            reason=self.reason,
            changed_by=actor_user(self.actor),
            changed_at=timezone.now(),
        )
        self.document.version += 1
        self.document.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=self.actor,
            action=f"plan.{self.action}",
            target=self.document,
            data={"task": task.pk, "path": task.path, "source": self.source},
        )
        submission_done(self.submission, result_id=task.pk)
        return change


def _allowed(document: Document, agency: Agency) -> None:
    if agency.unit_id not in {document.unit_id, *(u.pk for u in document.unit.ancestors())}:
        raise InvalidInput(
            f"{agency.name} không thuộc danh mục cơ quan của {document.unit.full_name} hoặc cấp "
            "trên."
        )


def _active(task: Task) -> None:
    if task.is_withdrawn:
        raise InvalidInput(f"Nhiệm vụ {task.path} đã bãi bỏ: không sửa được nữa.")


@transaction.atomic
def task_amend(
    *,
    actor: Actor,
    task: Task,
    version: int,
    title: str,
    deadline: Deadline | None,
    expected_result: str,
    amending_document: str = "",
    reason: str = "",
    token: str = "",
    on_request: bool = False,
) -> PlanChange:
    """A task's text, deadline and expected result changed; its reports stay attached."""
    require_actor(actor, system=True)
    amendment = _Amendment(
        actor, task.document, version, token, "task_edit", amending_document, reason, on_request
    )
    task = Task.objects.select_for_update().get(pk=task.pk)
    _active(task)
    if not title.strip():
        raise InvalidInput(f"Nhiệm vụ {task.path}: nội dung nhiệm vụ bắt buộc.")
    before = {
        "title": task.title,
        "deadline": _deadline_shown(task),
        "expected_result": task.expected_result,
    }
    task.title, task.expected_result = title.strip(), expected_result.strip()
    if task.is_leaf:
        for name, value in deadline_fields(deadline).items():
            setattr(task, name, value)
    after = {
        "title": task.title,
        "deadline": _deadline_shown(task),
        "expected_result": task.expected_result,
    }
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        raise InvalidInput(f"Nhiệm vụ {task.path}: không có gì thay đổi.")
    with acting_as(actor):
        task.full_clean()
        task.save()
    return amendment.record(task, {k: before[k] for k in changed}, {k: after[k] for k in changed})


@transaction.atomic
def task_add(
    *,
    actor: Actor,
    document: Document,
    version: int,
    after: Task | None,
    title: str,
    deadline: Deadline | None,
    expected_result: str,
    leads: Sequence[Agency] = (),
    coordinators: Sequence[Agency] = (),
    amending_document: str = "",
    reason: str = "",
    token: str = "",
) -> PlanChange:
    """A task added to the plan: right after task `after` (and what it holds), at its level,
    or at the end of the plan; from the next period on it is owed like the others."""
    require_actor(actor, system=True)
    amendment = _Amendment(actor, document, version, token, "task_add", amending_document, reason)
    document = amendment.document
    if not title.strip():
        raise InvalidInput("Nội dung nhiệm vụ: bắt buộc.")
    for agency in [*leads, *coordinators]:
        _allowed(document, agency)
    tasks = list(document.tasks.order_by("position"))
    parent, at = None, len(tasks)
    if after is not None:
        if after.document_id != document.pk:
            raise InvalidInput("Nhiệm vụ được chọn không thuộc kế hoạch này.")
        index = next(i for i, t in enumerate(tasks) if t.pk == after.pk)
        at = index + 1
        while at < len(tasks) and tasks[at].depth > after.depth:
            at += 1
        parent = tasks[index].parent
    siblings = [t for t in tasks if t.parent_id == (parent.pk if parent else None)]
    numbers = [int(t.code) for t in siblings if t.code.isdigit()]
    code = str(max(numbers, default=0) + 1)
    position = (
        tasks[at].position
        if at < len(tasks)
        else ((document.tasks.aggregate(m=Max("position"))["m"] or -1) + 1)
    )
    later = document.tasks.filter(position__gte=position)
    later.update(position=F("position") + _SHIFT)
    document.tasks.filter(position__gte=_SHIFT).update(position=F("position") - _SHIFT + 1)
    with acting_as(actor):
        task = Task(
            document=document,
            parent=parent,
            position=position,
            depth=parent.depth + 1 if parent else 0,
            code=code,
            path=f"{parent.path}/{code}" if parent else code,
            is_leaf=True,
            title=title.strip(),
            expected_result=expected_result.strip(),
            **deadline_fields(deadline),
        )
        task.full_clean()
        task.save()
        seen: set[int] = set()
        for role, agencies in (("lead", leads), ("coordinating", coordinators)):
            for agency in agencies:
                if agency.pk in seen:
                    continue
                seen.add(agency.pk)
                Assignment.objects.create(
                    task=task,
                    role=role,
                    position=len(seen) - 1,
                    raw=agency.name,
                    mention=agency.name[:255],
                    agency=agency,
                    confidence=1.0,
                    corrected_by=actor_user(actor),
                )
    names = [a.name for a in leads]
    return amendment.record(
        task, {}, {"title": task.title, "deadline": _deadline_shown(task), "leads": names}
    )


@transaction.atomic
def task_withdraw(
    *,
    actor: Actor,
    task: Task,
    version: int,
    on: datetime.date,
    amending_document: str = "",
    reason: str = "",
    token: str = "",
    on_request: bool = False,
) -> PlanChange:
    """A task withdrawn (with what it holds) from day `on`: kept with its reports, no longer
    owed for the periods that end on or after that day."""
    require_actor(actor, system=True)
    amendment = _Amendment(
        actor, task.document, version, token, "task_withdraw", amending_document, reason, on_request
    )
    task = Task.objects.select_for_update().get(pk=task.pk)
    _active(task)
    subtree = [task]
    for candidate in task.document.tasks.filter(position__gt=task.position).order_by("position"):
        if candidate.depth <= task.depth:
            break
        subtree.append(candidate)
    why = amendment.reason or amendment.source
    with acting_as(actor):
        for item in subtree:
            if item.is_withdrawn:
                continue
            item.status, item.withdrawn_on, item.withdrawn_reason = Task.Status.WITHDRAWN, on, why
            item.full_clean()
            item.save(update_fields=["status", "withdrawn_on", "withdrawn_reason"])
    return amendment.record(
        task,
        {"status": Task.Status.ACTIVE.label},
        {"status": Task.Status.WITHDRAWN.label, "on": f"{on:%d/%m/%Y}", "tasks": len(subtree)},
    )


@transaction.atomic
def task_assignment_add(
    *,
    actor: Actor,
    task: Task,
    version: int,
    agency: Agency,
    role: str,
    amending_document: str = "",
    reason: str = "",
    token: str = "",
    on_request: bool = False,
) -> PlanChange:
    """One more lead or coordinating agency of a task (an agency taken off earlier returns)."""
    require_actor(actor, system=True)
    amendment = _Amendment(
        actor,
        task.document,
        version,
        token,
        "assignment_add",
        amending_document,
        reason,
        on_request,
    )
    _active(task)
    if role not in Assignment.Role.values:
        raise InvalidInput("Vai trò: chọn “Chủ trì” hoặc “Phối hợp”.")
    _allowed(amendment.document, agency)
    existing = Assignment.objects.select_for_update().filter(task=task, agency=agency).first()
    if existing is not None and existing.withdrawn_on is None:
        raise InvalidInput(f"{agency.name} đã được phân công trong nhiệm vụ {task.path}.")
    with acting_as(actor):
        if existing is not None:
            existing.withdrawn_on, existing.role = None, role
            existing.save(update_fields=["withdrawn_on", "role"])
        else:
            last = task.assignments.aggregate(m=Max("position"))["m"]
            Assignment.objects.create(
                task=task,
                role=role,
                position=(last or 0) + 1,
                raw=agency.name,
                mention=agency.name[:255],
                agency=agency,
                confidence=1.0,
                corrected_by=actor_user(actor),
            )
    label = Assignment.Role(role).label
    return amendment.record(task, {}, {"agency": agency.name, "role": label})


@transaction.atomic
def task_assignment_remove(
    *,
    actor: Actor,
    assignment: Assignment,
    version: int,
    on: datetime.date,
    amending_document: str = "",
    reason: str = "",
    token: str = "",
    on_request: bool = False,
) -> PlanChange:
    """An agency taken off a task: deleted if it never reported, else kept with its reports
    and owed nothing from day `on`."""
    require_actor(actor, system=True)
    task = assignment.task
    amendment = _Amendment(
        actor,
        task.document,
        version,
        token,
        "assignment_remove",
        amending_document,
        reason,
        on_request,
    )
    _active(task)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=assignment.pk)
    )
    if assignment.withdrawn_on is not None:
        raise InvalidInput(f"{assignment.mention} đã được bỏ khỏi nhiệm vụ {task.path}.")
    before = {
        "agency": assignment.agency.name if assignment.agency else assignment.mention,
        "role": assignment.get_role_display(),
    }
    reported = Assignment.objects.filter(
        pk=assignment.pk, progress_reports__isnull=False
    ).exists()  # reports (tracking) are kept: the row stays, withdrawn
    with acting_as(actor):
        if reported:
            assignment.withdrawn_on = on
            assignment.save(update_fields=["withdrawn_on"])
        else:
            assignment.delete()
    return amendment.record(task, before, {"on": f"{on:%d/%m/%Y}", "kept": reported})


# --- A new text of a plan that has reports: amended, not rebuilt ------------------------------


def _draft_agencies(
    item: Any, index: int, overrides: dict[tuple[int, int], int | None], allowed: dict[int, Agency]
) -> list[tuple[str, int | None, Any]]:
    """(role, agency id, drafted assignment) of a draft task, the reviewer's choices applied."""
    found, seen = [], set()
    for position, drafted in enumerate(item.assignments):
        agency_id = overrides.get((index, position), drafted.agency_id)
        if agency_id is not None and (agency_id not in allowed or agency_id in seen):
            continue
        if agency_id is not None:
            seen.add(agency_id)
        found.append((drafted.role, agency_id, drafted))
    return found


def plan_amend_from_draft(
    *,
    actor: Actor,
    document: Document,
    draft: Any,
    overrides: dict[tuple[int, int], int | None],
    allowed: dict[int, Agency],
    source: str,
) -> int:
    """Bring a plan whose agencies have reported in line with a new text of it (`dondoc plan
    import --replace`, "Thay thế" on the review screen), called inside plan_import's locked
    transaction. Tasks are matched by their printed path: a matched task is edited in place
    (its reports stay attached), a new one added, one the new text no longer has withdrawn
    from today. Each change is kept in the plan's history; returns how many."""
    require_actor(actor, system=True)
    today = timezone.localdate()
    user = actor_user(actor)
    label = f"Văn bản thay thế ({source})" if source else "Văn bản thay thế"
    now = timezone.now()
    changes: list[PlanChange] = []

    def change(task: Task, action: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        changes.append(
            PlanChange(
                document=document,
                task=task,
                task_path=task.path,
                action=action,
                before=before,
                after=after,
                amending_document=label[:255],
                changed_by=user,
                changed_at=now,
            )
        )

    old = list(document.tasks.order_by("position"))
    by_path: dict[str, list[Task]] = {}
    for task in old:
        by_path.setdefault(task.path, []).append(task)
    document.tasks.update(position=F("position") + _SHIFT)  # out of the way of the new order
    kept: list[Task] = []
    new_by_path: dict[str, Task] = {}
    for index, item in enumerate(draft.tasks):
        parent = new_by_path.get(item.parent) if item.parent else None
        matches = by_path.get(item.path) or []
        matches_found = bool(matches)
        fields = {
            "title": item.title or "(không có nội dung)",
            "expected_result": item.expected_result,
            **deadline_fields(item.deadline),
        }
        if matches:
            task = matches.pop(0)
            before = {
                "title": task.title,
                "deadline": _deadline_shown(task),
                "expected_result": task.expected_result,
            }
            for name, value in fields.items():
                setattr(task, name, value)
            after = {
                "title": task.title,
                "deadline": _deadline_shown(task),
                "expected_result": task.expected_result,
            }
            edited = [k for k in before if before[k] != after[k]]
            if edited:
                change(
                    task,
                    PlanChange.Action.TASK_EDIT,
                    {k: before[k] for k in edited},
                    {k: after[k] for k in edited},
                )
            task.position, task.parent, task.is_leaf = index, parent, item.leaf
            task.save()
        else:
            task = Task.objects.create(
                document=document,
                parent=parent,
                position=index,
                depth=item.path.count("/"),
                code=item.code[:40],
                path=item.path[:255],
                is_leaf=item.leaf,
                notes=item.notes,
                source_row=item.row,
                **fields,
            )
            change(
                task,
                PlanChange.Action.TASK_ADD,
                {},
                {"title": task.title, "deadline": _deadline_shown(task)},
            )
        new_by_path[item.path] = task
        kept.append(task)
        _sync_assignments(
            task,
            _draft_agencies(item, index, overrides, allowed),
            today,
            change if matches_found else None,
        )
    position = len(draft.tasks)
    for task in old:
        if task in kept:
            continue
        task.position, position = position, position + 1
        if not task.is_withdrawn:
            task.status, task.withdrawn_on = Task.Status.WITHDRAWN, today
            task.withdrawn_reason = f"Không còn trong {label[0].lower()}{label[1:]}"
            change(
                task,
                PlanChange.Action.TASK_WITHDRAW,
                {"status": Task.Status.ACTIVE.label},
                {"status": Task.Status.WITHDRAWN.label, "on": f"{today:%d/%m/%Y}"},
            )
        task.save()
    PlanChange.objects.bulk_create(changes)
    return len(changes)


def _sync_assignments(
    task: Task, wanted: list[tuple[str, int | None, Any]], today: datetime.date, change: Any
) -> None:
    """The task's agencies as the new text names them; `change` records each (None: a task
    the new text adds, whose agencies its own change lists)."""
    current = list(task.assignments.select_related("agency"))
    by_agency = {a.agency_id: a for a in current if a.agency_id is not None}
    by_mention = {a.mention: a for a in current if a.agency_id is None}
    keep: set[int] = set()
    for position, (role, agency_id, drafted) in enumerate(wanted):
        found = (
            by_agency.get(agency_id)
            if agency_id is not None
            else by_mention.get(drafted.mention[:255])
        )
        if found is not None:
            keep.add(found.pk)
            if found.role != role or found.withdrawn_on is not None or found.position != position:
                found.role, found.withdrawn_on, found.position = role, None, position
                found.save(update_fields=["role", "withdrawn_on", "position"])
            continue
        added = Assignment.objects.create(
            task=task,
            role=role,
            position=position,
            raw=drafted.raw,
            mention=drafted.mention[:255],
            agency_id=agency_id,
            collective=drafted.collective and agency_id is None,
            confidence=drafted.confidence,
        )
        keep.add(added.pk)
        if change is not None:
            change(
                task,
                PlanChange.Action.ASSIGNMENT_ADD,
                {},
                {"agency": added.mention, "role": added.get_role_display()},
            )
    for assignment in current:
        if assignment.pk in keep or assignment.withdrawn_on is not None:
            continue
        assert change is not None  # noqa: S101 - a new task has no agencies before
        change(
            task,
            PlanChange.Action.ASSIGNMENT_REMOVE,
            {
                "agency": assignment.agency.name if assignment.agency else assignment.mention,
                "role": assignment.get_role_display(),
            },
            {"on": f"{today:%d/%m/%Y}"},
        )
        if Assignment.objects.filter(pk=assignment.pk, progress_reports__isnull=False).exists():
            assignment.withdrawn_on = today
            assignment.save(update_fields=["withdrawn_on"])
        else:
            assignment.delete()
