"""Writes of plans: import a parsed draft, correct assignments, link plans and tasks."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import SYSTEM, Actor, SystemActor, actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.crypto import decrypt_bytes, encrypt_bytes
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.core.locks import serialised
from dondoc.org.models import AdminUnit, Agency, User
from dondoc.org.resolve import units_for_agencies
from dondoc.org.scoping import units_planned
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.org.services.names import agency_alias_learn
from dondoc.org.services.national import national_directory_ensure

from ..contracts import PlanSchedule, PlanTarget
from ..corrections import StaleVersion
from ..importers import PlanParseError, parse_plan
from ..importers.drafts import PlanDraft, draft_from_dict, draft_to_dict
from ..issuing_unit import infer_unit
from ..models import (
    Assignment,
    DeadlineKind,
    Document,
    DocumentReference,
    KeptPlanFile,
    PlanUpload,
    Task,
)
from ..remedies import REPLACE, RemedyError
from ..resolution import resolve_draft
from ..selectors import agencies_for_assignment, is_upper_of, upper_unit_ids
from ..signals import plan_imported
from .amendments import plan_amend_from_draft


class DocumentExists(RemedyError):
    """The same document is already in dondoc; importing again needs an explicit replace."""

    def __init__(self, document: Document) -> None:
        self.document = document
        super().__init__(
            f"{document.label} của {document.unit.full_name} đã có trong hệ thống "
            f"(nhập lúc {timezone.localtime(document.created_at):%d/%m/%Y %H:%M}).",
            REPLACE,
        )


def _check_plans_unit(actor: Actor, unit: AdminUnit) -> None:
    """SYSTEM may (where the service allows it); a focal officer or administrator only in
    the subtree he plans for."""
    if isinstance(actor, SystemActor):
        return
    if not units_planned(user=actor).filter(pk=unit.pk).exists():
        raise NotAllowed("Bạn không có quyền nhập, sửa kế hoạch của địa bàn này.")


def plan_resolve(*, actor: Actor, draft: PlanDraft, unit: AdminUnit) -> PlanDraft:
    """Resolve the draft's agencies against the unit's directory (created if missing)."""
    require_actor(actor, system=True)
    # The national directory too: any plan may assign a ministry ("Bộ Công an").
    national_directory_ensure(actor=SYSTEM)
    for each in units_for_agencies(unit):
        agency_directory_ensure(actor=SYSTEM, unit=each)
    resolve_draft(draft, unit)
    return draft


def _same_document(unit: AdminUnit, draft: PlanDraft, sha256: str) -> Document | None:
    header = draft.document
    documents = Document.objects.select_related("unit").filter(unit=unit)
    if header.number:  # numbers restart each year (Decree 30/2020): the same year's document
        return documents.filter(number=header.number, issued_year=header.year).first()
    same = documents.filter(number="", title=header.title, issued_year=header.year)
    if sha256:
        return (documents.filter(source_sha256=sha256) | same).first()
    return same.first()


def _deadline_fields(task: Any) -> dict[str, Any]:
    deadline = task.deadline
    if deadline is None:
        return {}
    return {
        "deadline_kind": deadline.kind if deadline.kind in DeadlineKind.values else "other",
        "deadline_raw": deadline.raw,
        "deadline_start_year": deadline.start_year,
        "deadline_end_year": deadline.end_year,
        "deadline_date": datetime.date.fromisoformat(deadline.date) if deadline.date else None,
        "deadline_document": deadline.document or "",
        "deadline_starts_on": datetime.date.fromisoformat(deadline.start)
        if deadline.start
        else None,
    }


@transaction.atomic
def plan_import(
    *,
    actor: Actor,
    draft: PlanDraft,
    unit: AdminUnit,
    replace: bool = False,
    source_name: str = "",
    source_sha256: str = "",
    agency_overrides: Mapping[tuple[int, int], int | None] | None = None,
) -> Document:
    """Save a parsed (and resolved) draft as a Document with its tasks, in one transaction.

    `agency_overrides` maps (task index, assignment index) → agency id chosen by the reviewer
    (None: no agency). A document already imported for the unit (same number, or for a draft
    the same title and year) raises DocumentExists unless `replace` is given; replacing keeps
    the document's identity and rebuilds its tasks.
    """
    require_actor(actor, system=True)
    _check_plans_unit(actor, unit)
    header = draft.document
    # Two imports into one unit at once (two officers, a double click, two `plan import
    # --replace`) queue here, so the second sees the first's document; the unique number per
    # unit is the last line of defence.
    serialised("plans.import", unit.pk)
    existing = _same_document(unit, draft, source_sha256)
    if existing is not None and not replace:
        raise DocumentExists(existing)
    if existing is not None:
        existing = Document.objects.select_for_update().select_related("unit").get(pk=existing.pk)
        # A report being saved holds its assignment's lock (tracking.services): the replace
        # waits for it and then sees the report, or takes the locks first and the report's
        # save finds its task gone and says so.
        list(
            Assignment.objects.select_for_update(of=("self",))
            .filter(task__document=existing)
            .values_list("pk", flat=True)
        )
    # Once agencies have reported, a new text amends the plan instead of rebuilding it: the
    # reports stay attached to their tasks, each change goes to the plan's history.
    reported = (
        existing is not None
        and existing.tasks.filter(assignments__progress_reports__isnull=False).exists()
    )
    allowed = {a.pk: a for a in agencies_for_assignment(unit=unit)}
    overrides = dict(agency_overrides or {})
    for agency_id in overrides.values():
        if agency_id is not None and agency_id not in allowed:
            raise InvalidInput("Cơ quan được chọn không thuộc danh mục của địa bàn ban hành.")
    with acting_as(actor):
        document = existing or Document(unit=unit)
        document.number = header.number or ""
        document.symbol = header.symbol
        document.doc_type = header.type
        document.type_name = header.type_name
        document.issuer = header.issuer[:255]
        document.place = header.place[:120]
        document.issued_on = datetime.date.fromisoformat(header.date) if header.date else None
        document.issued_year = header.year
        document.issued_month = header.month
        document.title = header.title or "(không có trích yếu)"
        document.source_name = source_name[:255]
        document.source_format = draft.source_format
        document.source_sha256 = source_sha256
        document.warnings = [
            {"code": w.code, "message": w.message, "path": w.path} for w in draft.warnings
        ]
        schedule = PlanSchedule.from_draft(draft.schedule) if draft.schedule else None
        document.schedule = schedule.to_json() if schedule else {}
        targets = [PlanTarget.from_draft(target) for target in draft.targets]
        document.targets = [target.to_json() for target in targets if target is not None]
        document.imported_by = actor_user(actor)
        if existing is not None:
            document.version += 1
        document.full_clean()
        document.save()
        if existing is not None:
            if not reported:
                document.tasks.all().delete()
            document.references.all().delete()
        DocumentReference.objects.bulk_create(
            DocumentReference(
                document=document,
                position=i,
                number=ref.number or "",
                kind=ref.kind,
                issued_on=datetime.date.fromisoformat(ref.date) if ref.date else None,
                issuer=ref.issuer[:255],
                raw=ref.raw,
            )
            for i, ref in enumerate(header.implements)
        )
        if reported:
            plan_amend_from_draft(
                actor=actor,
                document=document,
                draft=draft,
                overrides=overrides,
                allowed=allowed,
                source=source_name,
            )
        else:
            _save_tasks(document, draft, overrides, allowed)
        _learn_wordings(actor, document, draft, overrides, allowed)
        if document.upper_id is None:
            document.upper = upper_document_for(document)
            if document.upper is not None:
                document.save(update_fields=["upper", "updated_at"])
        plan_imported.send(
            sender=Document, document=document, replaced=existing is not None, actor=actor
        )
        audit_record(
            actor=actor,
            action="plan.amend" if reported else "plan.replace" if existing else "plan.import",
            target=document,
            data={"tasks": len(draft.tasks), "source": source_name},
        )
    return document


def _save_tasks(
    document: Document,
    draft: PlanDraft,
    overrides: dict[tuple[int, int], int | None],
    allowed: dict[int, Agency],
) -> None:
    tasks: list[Task] = []
    by_path: dict[str, Task] = {}  # the latest task printed with that path: parents precede
    for index, item in enumerate(draft.tasks):
        parent = by_path.get(item.parent) if item.parent else None
        task = Task(
            document=document,
            parent=parent,
            position=index,
            depth=item.path.count("/"),
            code=item.code[:40],
            path=item.path[:255],
            is_leaf=item.leaf,
            title=item.title or "(không có nội dung)",
            expected_result=item.expected_result,
            notes=item.notes,
            source_row=item.row,
            **_deadline_fields(item),
        )
        tasks.append(task)
        by_path[item.path] = task
    # Parents first: each depth is saved before the next refers to it.
    for depth in sorted({t.depth for t in tasks}):
        level = [t for t in tasks if t.depth == depth]
        for task in level:
            task.parent_id = task.parent.pk if task.parent is not None else None
        Task.objects.bulk_create(level)
    assignments: list[Assignment] = []
    for index, (item, task) in enumerate(zip(draft.tasks, tasks, strict=True)):
        seen: set[int] = set()
        for position, drafted in enumerate(item.assignments):
            agency_id = drafted.agency_id
            corrected = (index, position) in overrides
            if corrected:
                agency_id = overrides[(index, position)]
            if agency_id is not None and agency_id not in allowed:
                agency_id = None
            if agency_id is not None and agency_id in seen:
                continue  # named twice ("Công an huyện" as lead and coordinator): lead wins
            if agency_id is not None:
                seen.add(agency_id)
            assignments.append(
                Assignment(
                    task=task,
                    role=drafted.role,
                    position=position,
                    raw=drafted.raw,
                    mention=drafted.mention[:255],
                    agency_id=agency_id,
                    collective=drafted.collective and not corrected,
                    confidence=1.0 if corrected else drafted.confidence,
                )
            )
    Assignment.objects.bulk_create(assignments)


def _learn_wordings(
    actor: Actor,
    document: Document,
    draft: PlanDraft,
    overrides: dict[tuple[int, int], int | None],
    allowed: dict[int, Agency],
) -> None:
    """The officer confirmed the plan: a wording that matched only approximately, or that the
    officer pointed at an agency himself, becomes that agency's alias (org.services.names)."""
    source = f"{document.label} của {document.unit.full_name}"
    for index, item in enumerate(draft.tasks):
        for position, drafted in enumerate(item.assignments):
            if (index, position) in overrides:
                agency_id = overrides[(index, position)]
            elif drafted.agency_id is not None and (drafted.confidence or 0) < 1:
                agency_id = drafted.agency_id
            else:
                continue
            agency = allowed.get(agency_id) if agency_id is not None else None
            if agency is None or not drafted.mention.strip():
                continue
            try:
                agency_alias_learn(
                    actor=actor, agency=agency, wording=drafted.mention, source=source
                )
            except NotAllowed:
                continue  # an agency of a unit the officer does not plan for: left as it is


def upper_document_for(document: Document) -> Document | None:
    """The plan this one says it carries out ("Thực hiện Kế hoạch số 125/KH-UBND ngày
    01/6/2023"), when that plan is in dondoc: matched by number among the plans of the
    document's higher units only (upper_unit_ids), so that a number shared with a plan of
    another province links nothing; among several, the one of the date the text gives."""
    references = [r for r in document.references.all() if r.number]
    units = upper_unit_ids(document.unit) if references else frozenset()
    if not units:
        return None
    found = list(
        Document.objects.filter(number__in=[r.number for r in references], unit_id__in=units)
        .exclude(pk=document.pk)
        .order_by("-issued_year", "-id")
    )
    dated = {(r.number, r.issued_on) for r in references if r.issued_on is not None}
    same_day = [d for d in found if (d.number, d.issued_on) in dated]
    chosen = same_day or found
    return chosen[0] if chosen else None


@transaction.atomic
def assignment_set_agency(
    *, actor: User, assignment: Assignment, agency: Agency | None
) -> Assignment:
    """A reviewer names the agency meant by a mention (or clears a wrong one)."""
    require_actor(actor)
    document = assignment.task.document
    _check_plans_unit(actor, document.unit)
    if agency is not None:
        if agency.unit_id not in {u.pk for u in units_for_agencies(document.unit)}:
            raise InvalidInput("Cơ quan được chọn không thuộc danh mục của địa bàn ban hành.")
        twin = assignment.task.assignments.filter(agency=agency).exclude(pk=assignment.pk)
        if twin.exists():
            raise InvalidInput(f"{agency.name} đã được phân công trong nhiệm vụ này.")
    with acting_as(actor):
        assignment.agency = agency
        assignment.collective = False if agency is not None else assignment.collective
        assignment.confidence = 1.0 if agency is not None else 0.0
        assignment.corrected_by = actor
        assignment.full_clean()
        assignment.save()
    return assignment


@transaction.atomic
def document_set_upper(*, actor: User, document: Document, upper: Document | None) -> Document:
    """The focal officer says which plan in dondoc this one carries out."""
    require_actor(actor)
    _check_plans_unit(actor, document.unit)
    if upper is not None and upper.pk == document.pk:
        raise InvalidInput("Một kế hoạch không thể là kế hoạch cấp trên của chính nó.")
    if upper is not None and not is_upper_of(upper, document):
        raise InvalidInput(
            f"{upper.label} ({upper.unit.full_name}) không phải kế hoạch của đơn vị hành chính "
            f"cấp trên của {document.unit.full_name}: chỉ liên kết được với kế hoạch của cấp "
            "trên (hoặc đơn vị trước, sau sắp xếp của cấp trên)."
        )
    with acting_as(actor):
        document.upper = upper
        document.save(update_fields=["upper", "updated_at"])
    return document


@transaction.atomic
def task_link_upper(*, actor: User, task: Task, upper_task: Task | None) -> Task:
    """Confirm (or clear) which task of the upper plan a task carries out."""
    require_actor(actor)
    document = task.document
    _check_plans_unit(actor, document.unit)
    if upper_task is not None and (
        upper_task.document_id != document.upper_id
        or not is_upper_of(upper_task.document, document)
    ):
        raise InvalidInput("Nhiệm vụ cấp trên phải thuộc kế hoạch cấp trên của kế hoạch này.")
    with acting_as(actor):
        task.upper_task = upper_task
        task.upper_confirmed_by = actor if upper_task is not None else None
        task.upper_confirmed_at = timezone.now() if upper_task is not None else None
        task.save(update_fields=["upper_task", "upper_confirmed_by", "upper_confirmed_at"])
    return task


KEPT_HOURS = 24  # a kept file of a failed upload is swept after a day


def kept_file_keep(*, actor: User, data: bytes, name: str) -> KeptPlanFile:
    """Keep the file of a failed upload, encrypted, for "dùng lại tệp vừa chọn"; the user's
    earlier kept files and everyone's older than a day are removed."""
    require_actor(actor)
    with transaction.atomic():
        cutoff = timezone.now() - datetime.timedelta(hours=KEPT_HOURS)
        KeptPlanFile.objects.filter(created_at__lt=cutoff).delete()
        KeptPlanFile.objects.filter(created_by=actor).delete()
        return KeptPlanFile.objects.create(
            created_by=actor,
            name=name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            data=encrypt_bytes(data),
        )


def kept_file_read(*, actor: User, kept_id: int) -> tuple[str, bytes]:
    """The name and bytes of a kept file of `actor` (another user's is not found)."""
    require_actor(actor)
    kept = KeptPlanFile.objects.filter(pk=kept_id, created_by=actor).first()
    if kept is None:
        raise InvalidInput(
            "Tệp vừa chọn không còn được giữ (đã quá một ngày hoặc đã dùng): hãy chọn lại tệp."
        )
    return kept.name, decrypt_bytes(bytes(kept.data))


def kept_file_drop(*, actor: User, kept_id: int) -> None:
    """A kept file used at last: removed."""
    require_actor(actor)
    KeptPlanFile.objects.filter(pk=kept_id, created_by=actor).delete()


def plan_upload_create(
    *,
    actor: User,
    data: bytes,
    source_name: str,
    unit: AdminUnit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PlanUpload:
    """Parse an uploaded file and keep the resolved draft for review; nothing else is saved.

    No transaction around the parse: a 96-page PDF takes seconds to read, and on SQLite an
    open write transaction would hold the database's one write lock all that time.

    Raises InvalidInput with the parser's message for a file that holds no plan, and
    UnitNotInferred when no unit is given and the document does not say which it is.
    `progress(k, n)`: told as each page of a scan is read (the worker's job page shows it).
    """
    require_actor(actor)
    try:
        draft = parse_plan(data, file=source_name, progress=progress)
    except PlanParseError as error:
        raise InvalidInput(error.describe()) from error
    if unit is None:
        unit = infer_unit(draft.document)
    _check_plans_unit(actor, unit)
    plan_resolve(actor=actor, draft=draft, unit=unit)
    return PlanUpload.objects.create(
        created_by=actor,
        unit=unit,
        source_name=source_name[:255],
        source_sha256=hashlib.sha256(data).hexdigest(),
        draft=draft_to_dict(draft),
    )


@transaction.atomic
def plan_upload_save(
    *,
    actor: User,
    upload: PlanUpload,
    agency_overrides: Mapping[tuple[int, int], int | None],
    replace: bool = False,
    token: str = "",
    version: int | None = None,
) -> Document:
    """Save a reviewed upload as a Document; the upload is removed.

    `token` is the review form's (core.idempotency): the same form sent twice ("Lưu kế hoạch"
    clicked twice) saves once, and the second request raises Duplicate naming the document.
    `version`: the draft's as the page showed it; a draft corrected since (another tab) is not
    saved with overrides meant for the older one."""
    require_actor(actor)
    if upload.created_by_id != actor.pk:
        raise NotAllowed("Tệp này do người khác tải lên.")
    submission = submission_claim(actor=actor, token=token, action="plan.save")
    locked = PlanUpload.objects.select_for_update().filter(pk=upload.pk).first()
    if locked is None:
        raise InvalidInput(
            "Tệp này vừa được lưu hoặc hủy ở một yêu cầu khác: hãy mở danh sách kế hoạch."
        )
    if version is not None and locked.version != version:
        raise StaleVersion()
    draft = draft_from_dict(locked.draft)
    if not draft.tasks:
        raise InvalidInput("Kế hoạch chưa có nhiệm vụ nào: hãy thêm nhiệm vụ trước khi lưu.")
    document = plan_import(
        actor=actor,
        draft=draft,
        unit=upload.unit,
        replace=replace,
        source_name=upload.source_name,
        source_sha256=upload.source_sha256,
        agency_overrides=agency_overrides,
    )
    upload.delete()
    submission_done(submission, result_id=document.pk)
    return document


@transaction.atomic
def document_schedule_set(*, actor: Actor, document: Document, schedule: PlanSchedule) -> None:
    """Keep the reporting schedule read from the text (a plan imported before it was read)."""
    require_actor(actor, system=True)
    with acting_as(actor):
        document.schedule = schedule.to_json()
        document.save(update_fields=["schedule", "updated_at"])
