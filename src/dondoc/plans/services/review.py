"""Writes of a draft under review (PlanUpload): the officer corrects what was read, or enters
a plan by hand, before it is saved. Each correction is one transaction that locks the upload,
checks the version the form was shown with (a second tab or a resent form cannot undo a later
change unseen), claims the form's token (core.idempotency) and raises the version."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Any

from django.db import transaction

from dondoc.core.actors import require_actor
from dondoc.core.audit import audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import AdminUnit, Agency, User
from dondoc.org.scoping import units_managed, units_planned
from dondoc.org.services.names import agency_name_adopt

from ..corrections import StaleVersion
from ..importers.drafts import (
    AssignmentDraft,
    Deadline,
    DocumentHeader,
    PlanDraft,
    TaskDraft,
    draft_from_dict,
    draft_to_dict,
)
from ..importers.header import DOCUMENT_TYPES
from ..models import AgencyNameRejection, PlanUpload
from ..resolution import draft_name_proposals

# --- The upload, locked -----------------------------------------------------------------------


def _locked(actor: User, upload: PlanUpload, version: int) -> PlanUpload:
    require_actor(actor)
    locked = PlanUpload.objects.select_for_update().select_related("unit").filter(pk=upload.pk)
    found = locked.first()
    if found is None:
        raise InvalidInput(
            "Bản rà soát này vừa được lưu thành kế hoạch hoặc đã hủy: hãy mở danh sách kế hoạch."
        )
    if found.created_by_id != actor.pk:
        raise NotAllowed("Tệp này do người khác tải lên.")
    if found.version != version:
        raise StaleVersion()
    return found


def _store(actor: User, upload: PlanUpload, draft: PlanDraft, action: str, **data: Any) -> None:
    upload.draft = draft_to_dict(draft)
    upload.version += 1
    upload.save(update_fields=["draft", "version"])
    audit_record(actor=actor, action=f"plan_draft.{action}", target=upload, data=data)


class _Edit:
    """One correction: lock, check version, claim token; `done()` stores it."""

    def __init__(self, actor: User, upload: PlanUpload, version: int, token: str, action: str):
        self.actor, self.action = actor, action
        self.upload = _locked(actor, upload, version)
        self.submission = submission_claim(actor=actor, token=token, action=f"plan_draft.{action}")
        self.draft = draft_from_dict(self.upload.draft)

    def task(self, index: int) -> TaskDraft:
        if not 0 <= index < len(self.draft.tasks):
            raise InvalidInput("Nhiệm vụ này không còn trong bản rà soát: hãy tải lại trang.")
        return self.draft.tasks[index]

    def done(self, **data: Any) -> PlanUpload:
        _store(self.actor, self.upload, self.draft, self.action, **data)
        submission_done(self.submission, result_id=self.upload.pk)
        return self.upload


def _depth(task: TaskDraft) -> int:
    return task.path.count("/")


def _subtree_end(tasks: list[TaskDraft], index: int) -> int:
    """The index after `tasks[index]` and its descendants (the draft is in tree order)."""
    depth, end = _depth(tasks[index]), index + 1
    while end < len(tasks) and _depth(tasks[end]) > depth:
        end += 1
    return end


def _free_code(tasks: list[TaskDraft], parent: str | None, wanted: str) -> str:
    """`wanted`, or `wanted` with a letter ("2a", "2b") when a sibling already has it."""
    taken = {t.code for t in tasks if t.parent == parent}
    if wanted not in taken:
        return wanted
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if f"{wanted}{letter}" not in taken:
            return f"{wanted}{letter}"
    return f"{wanted}+{len(taken)}"


def _new_task(tasks: list[TaskDraft], parent: str | None, code: str, **fields: Any) -> TaskDraft:
    code = _free_code(tasks, parent, code)
    path = f"{parent}/{code}" if parent else code
    return TaskDraft(path=path, code=code, parent=parent, leaf=True, **fields)


def _next_code(tasks: list[TaskDraft], parent: str | None) -> str:
    numbers = [int(t.code) for t in tasks if t.parent == parent and t.code.isdigit()]
    return str(max(numbers, default=0) + 1)


def _allowed_agency(unit: AdminUnit, agency: Agency) -> None:
    if agency.unit_id not in {unit.pk, *(u.pk for u in unit.ancestors())}:
        raise InvalidInput(
            f"{agency.name} không thuộc danh mục cơ quan của {unit.full_name} hoặc cấp trên."
        )


def _assignment(agency: Agency, role: str) -> AssignmentDraft:
    return AssignmentDraft(
        role=role,
        raw=agency.name,
        mention=agency.name,
        collective=False,
        agency=agency.name,
        confidence=1.0,
        agency_id=agency.pk,
    )


# --- The services -------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^\d+[a-z]?$", re.IGNORECASE)


@transaction.atomic
def plan_draft_start(
    *, actor: User, unit: AdminUnit, type_code: str, token: str = ""
) -> PlanUpload:
    """A plan entered by hand, without a file: an empty draft of `unit` to fill in on the
    review screen (header, then tasks) and save as any upload."""
    from . import _check_plans_unit

    require_actor(actor)
    _check_plans_unit(actor, unit)
    if type_code not in DOCUMENT_TYPES:
        raise InvalidInput(f"Loại văn bản “{type_code}” không có trong danh sách.")
    submission = submission_claim(actor=actor, token=token, action="plan_draft.start")
    header = DocumentHeader(type=type_code, type_name=DOCUMENT_TYPES[type_code])
    draft = PlanDraft(document=header, tasks=[], source_format="manual")
    upload = PlanUpload.objects.create(
        created_by=actor, unit=unit, source_name="", source_sha256="", draft=draft_to_dict(draft)
    )
    audit_record(actor=actor, action="plan_draft.start", target=upload)
    submission_done(submission, result_id=upload.pk)
    return upload


@transaction.atomic
def plan_draft_header_set(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    number: str,
    symbol: str,
    issued_on: datetime.date | None,
    issuer: str,
    title: str,
    token: str = "",
) -> PlanUpload:
    """The document's number ("284") and symbol ("KH-UBND"), date, issuer and title. An empty
    number keeps the plan a draft without number, as the text may be."""
    edit = _Edit(actor, upload, version, token, "header")
    number, symbol = number.strip(), symbol.strip().strip("/")
    if number and not _NUMBER_RE.match(number):
        raise InvalidInput(
            f"Số văn bản: “{number}”: cần số thứ tự, ví dụ “284” (ký hiệu ghi riêng ở ô Ký hiệu)."
        )
    if number and not symbol:
        raise InvalidInput("Ký hiệu: bắt buộc khi có số văn bản, ví dụ “KH-UBND”.")
    if not title.strip():
        raise InvalidInput("Trích yếu: bắt buộc.")
    header = edit.draft.document
    header.number = f"{number}/{symbol}" if number else None
    header.symbol = symbol
    code = symbol.split("-")[0] if symbol else header.type
    if code in DOCUMENT_TYPES:
        header.type, header.type_name = code, DOCUMENT_TYPES[code]
    header.issuer, header.title = " ".join(issuer.split()), " ".join(title.split())
    if issued_on is not None:
        header.date = issued_on.isoformat()
        header.year, header.month, header.day = issued_on.year, issued_on.month, issued_on.day
    elif header.date:  # a date cleared: the year and month as printed stay unknown too
        header.date, header.year, header.month, header.day = None, None, None, None
    return edit.done(number=header.number or "")


@transaction.atomic
def plan_draft_task_set(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    index: int,
    title: str,
    deadline: Deadline | None,
    expected_result: str,
    token: str = "",
) -> PlanUpload:
    """A task's text, deadline (typed_deadline) and expected result as the officer corrects
    them."""
    edit = _Edit(actor, upload, version, token, "task")
    task = edit.task(index)
    if not title.strip():
        raise InvalidInput(f"Nhiệm vụ {task.path}: nội dung nhiệm vụ bắt buộc.")
    task.title, task.expected_result = title.strip(), expected_result.strip()
    task.deadline = deadline if task.leaf else task.deadline
    return edit.done(path=task.path)


@transaction.atomic
def plan_draft_assignment_add(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    index: int,
    role: str,
    agency: Agency,
    token: str = "",
) -> PlanUpload:
    """Name one more lead or coordinating agency of a task."""
    edit = _Edit(actor, upload, version, token, "assignment_add")
    task = edit.task(index)
    if role not in ("lead", "coordinating"):
        raise InvalidInput("Vai trò: chọn “Chủ trì” hoặc “Phối hợp”.")
    _allowed_agency(edit.upload.unit, agency)
    if any(a.agency_id == agency.pk for a in task.assignments):
        raise InvalidInput(f"{agency.name} đã được phân công trong nhiệm vụ {task.path}.")
    added = _assignment(agency, role)
    leads = [a for a in task.assignments if a.role == "lead"]
    at = len(leads) if role == "lead" else len(task.assignments)
    task.assignments.insert(at, added)
    return edit.done(path=task.path, agency=agency.pk, role=role)


@transaction.atomic
def plan_draft_assignment_remove(
    *, actor: User, upload: PlanUpload, version: int, index: int, position: int, token: str = ""
) -> PlanUpload:
    """Take a lead or coordinating agency (or a name read wrongly) off a task."""
    edit = _Edit(actor, upload, version, token, "assignment_remove")
    task = edit.task(index)
    if not 0 <= position < len(task.assignments):
        raise InvalidInput(f"Nhiệm vụ {task.path}: cơ quan này không còn trong danh sách.")
    removed = task.assignments.pop(position)
    return edit.done(path=task.path, mention=removed.mention)


@transaction.atomic
def plan_draft_task_split(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    index: int,
    first: str,
    second: str,
    token: str = "",
) -> PlanUpload:
    """One task read where the plan has two: it keeps `first`; a new task right after it, with
    the same agencies, deadline and expected result, takes `second`."""
    edit = _Edit(actor, upload, version, token, "split")
    task = edit.task(index)
    if not task.leaf:
        raise InvalidInput(f"Mục {task.path} là nhóm nhiệm vụ: chỉ tách được một nhiệm vụ.")
    if not first.strip() or not second.strip():
        raise InvalidInput(f"Tách nhiệm vụ {task.path}: cần nội dung cho cả hai nhiệm vụ.")
    task.title = first.strip()
    tasks = edit.draft.tasks
    twin = _new_task(
        tasks,
        task.parent,
        task.code,
        title=second.strip(),
        expected_result=task.expected_result,
        assignments=[replace(a) for a in task.assignments],
        deadline=replace(task.deadline) if task.deadline else None,
        row=task.row,
        notes=task.notes,
    )
    tasks.insert(index + 1, twin)
    return edit.done(path=task.path, new=twin.path)


@transaction.atomic
def plan_draft_task_merge(
    *, actor: User, upload: PlanUpload, version: int, index: int, token: str = ""
) -> PlanUpload:
    """Two tasks read where the plan has one: the task and the next one of its level become
    one (texts joined, agencies of both; its own deadline, else the next one's)."""
    edit = _Edit(actor, upload, version, token, "merge")
    tasks = edit.draft.tasks
    task = edit.task(index)
    after = _subtree_end(tasks, index)
    if not task.leaf or after >= len(tasks) or tasks[after].parent != task.parent:
        raise InvalidInput(f"Nhiệm vụ {task.path}: không có nhiệm vụ cùng cấp ngay sau để gộp.")
    other = tasks[after]
    if not other.leaf:
        raise InvalidInput(f"Mục {other.path} là nhóm nhiệm vụ: không gộp được vào {task.path}.")
    task.title = f"{task.title}\n{other.title}".strip()
    if other.expected_result and other.expected_result not in task.expected_result:
        task.expected_result = f"{task.expected_result}\n{other.expected_result}".strip()
    task.deadline = task.deadline or other.deadline
    names = {(a.agency_id or a.mention) for a in task.assignments}
    for item in other.assignments:
        if (item.agency_id or item.mention) not in names:
            task.assignments.append(item)
    del tasks[after]
    return edit.done(path=task.path, merged=other.path)


@transaction.atomic
def plan_draft_task_add(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    after: int | None,
    title: str,
    deadline: Deadline | None,
    expected_result: str,
    token: str = "",
) -> PlanUpload:
    """A task the reading missed (or of a plan entered by hand): after task `after`, at its
    level, or at the end of the plan when `after` is None."""
    edit = _Edit(actor, upload, version, token, "task_add")
    if not title.strip():
        raise InvalidInput("Nội dung nhiệm vụ: bắt buộc.")
    tasks = edit.draft.tasks
    parent, at = None, len(tasks)
    if after is not None:
        parent, at = edit.task(after).parent, _subtree_end(tasks, after)
    task = _new_task(
        tasks,
        parent,
        _next_code(tasks, parent),
        title=title.strip(),
        expected_result=expected_result.strip(),
        assignments=[],
        deadline=deadline,
    )
    tasks.insert(at, task)
    return edit.done(path=task.path)


@transaction.atomic
def plan_draft_task_delete(
    *, actor: User, upload: PlanUpload, version: int, index: int, token: str = ""
) -> PlanUpload:
    """A row read as a task that is none (a heading, a note): removed with what it holds."""
    edit = _Edit(actor, upload, version, token, "task_delete")
    tasks = edit.draft.tasks
    task = edit.task(index)
    end = _subtree_end(tasks, index)
    del tasks[index:end]
    if task.parent and not any(t.parent == task.parent for t in tasks):
        for group in tasks:  # a group left without tasks is a task itself
            if group.path == task.parent:
                group.leaf = True
    return edit.done(path=task.path, removed=end - index)


# --- Names the plan gives its agencies ----------------------------------------------------------


@transaction.atomic
def plan_draft_name_decide(
    *,
    actor: User,
    upload: PlanUpload,
    version: int,
    token: str,
    agency_id: int,
    name: str,
    accept: bool,
) -> PlanUpload:
    """The officer adopts (org.services.names.agency_name_adopt: the old name stays an alias)
    or declines the name the plan uses for one of its unit's agencies, as proposed on the
    review screen (resolution.draft_name_proposals). Adopted: the draft shows the new name.
    Declined: kept, so it is not proposed again. Both audited, with the document's number."""
    edit = _Edit(actor, upload, version, token, "name_accept" if accept else "name_reject")
    proposal = next(
        (
            p
            for p in draft_name_proposals(upload=edit.upload, draft=edit.draft)
            if p.agency.pk == agency_id and p.name == name
        ),
        None,
    )
    if proposal is None:
        raise InvalidInput("Đề xuất tên cơ quan này không còn: hãy tải lại trang rà soát.")
    header = edit.draft.document
    source = " ".join(
        part for part in (header.type_name, header.number or edit.upload.source_name) if part
    )
    agency = proposal.agency
    if accept:
        agency = agency_name_adopt(actor=actor, agency=agency, name=name, source=source)
        for task in edit.draft.tasks:
            for item in task.assignments:
                if item.agency_id == agency.pk:
                    item.agency = agency.name
    else:
        if not _may_decide(actor, agency):
            raise NotAllowed("Bạn không có quyền sửa danh mục cơ quan của địa bàn này.")
        AgencyNameRejection.objects.get_or_create(
            agency=agency, name=name, defaults={"rejected_by": actor, "source": source[:300]}
        )
        audit_record(
            actor=actor,
            action="agency.name_reject",
            target=agency,
            data={"name": name, "kept": agency.name, "source": source},
        )
    return edit.done(agency=agency.pk, name=name, accepted=accept)


def _may_decide(actor: User, agency: Agency) -> bool:
    """Who may adopt a name (org.services.names): the unit's administrators and planners."""
    return (
        units_managed(user=actor).filter(pk=agency.unit_id).exists()
        or units_planned(user=actor).filter(pk=agency.unit_id).exists()
    )
