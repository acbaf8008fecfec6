"""An assigned agency's requests about its task, and their decision: extend the deadline,
re-assign the task, withdraw it ("lùi, giãn thời gian hoặc rút nhiệm vụ", as national task
follow-up runs it). The agency asks with a reason; the plan's focal officer or leader accepts
or refuses with a comment. An accepted request changes the plan through plans.amendments, so
the change is one more PlanChange of the plan's history (the earlier deadline, who decided,
when, why) and the deadlines are written in one place only.

Notifications (tracking.notify) are sent by the caller after the write: tracking sits below
plans (DESIGN.md §4)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dondoc.core.actors import Actor, SystemActor, actor_user, require_actor
from dondoc.core.audit import audit_record
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import Agency, Membership, Role
from dondoc.org.scoping import agencies_acting_for, units_planned

from ..importers.drafts import Deadline
from ..models import Assignment, Document, Task, TaskRequest
from .amendments import (
    _allowed,
    task_amend,
    task_assignment_add,
    task_assignment_remove,
    task_withdraw,
)

# Who writes for an agency writes its requests too (tracking.selectors.WRITER_ROLES).
REQUESTER_ROLES = frozenset({Role.AGENCY_OFFICER, Role.FOCAL_OFFICER})


class RequestDecided(DomainError):
    """The request was decided already (another officer, another tab)."""

    status_code = 409


# --- Who may ---------------------------------------------------------------------------------


def _documents_decided_q(user: Any) -> Q:
    """Plans whose requests `user` decides: those of the units he plans for (focal officers,
    administrators) and of the units whose people's committee he leads."""
    led = Membership.objects.filter(user=user, role=Role.LEADER, user__is_active=True).values(
        "agency__unit_id"
    )
    return Q(unit__in=units_planned(user=user)) | Q(unit_id__in=led)


def may_decide(user: Any, document: Document) -> bool:
    if isinstance(user, SystemActor):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Document.objects.filter(_documents_decided_q(user), pk=document.pk).exists()


def check_may_decide(actor: Actor, document: Document) -> None:
    if not may_decide(actor, document):
        raise NotAllowed("Chỉ cán bộ đầu mối hoặc lãnh đạo của kế hoạch quyết định đề nghị này.")


def agencies_requesting(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose requests `user` makes: those he writes reports for."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Agency.objects.filter(is_active=True)
    return agencies_acting_for(user=user, roles=REQUESTER_ROLES)


# --- Selectors -------------------------------------------------------------------------------


def requests_visible(*, user: Any) -> QuerySet[TaskRequest]:
    """The requests of the agencies `user` writes for, and those he decides."""
    found = TaskRequest.objects.select_related(
        "task__document", "agency", "to_agency", "assignment", "made_by", "decided_by"
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return found.none()
    decided = Document.objects.filter(_documents_decided_q(user)).values("pk")
    return found.filter(
        Q(agency__in=agencies_requesting(user=user)) | Q(task__document_id__in=decided)
    )


def requests_to_decide(*, user: Any) -> QuerySet[TaskRequest]:
    """Open requests waiting for `user`'s decision, oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return TaskRequest.objects.none()
    decided = Document.objects.filter(_documents_decided_q(user)).values("pk")
    return (
        TaskRequest.objects.filter(state=TaskRequest.State.OPEN, task__document_id__in=decided)
        .select_related("task__document", "agency", "to_agency", "made_by")
        .order_by("made_at", "id")
    )


def access_request(*, user: Any, request_id: Any) -> TaskRequest:
    try:
        return requests_visible(user=user).get(pk=request_id)
    except (TaskRequest.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def access_assignment_to_request(*, user: Any, assignment_id: Any) -> Assignment:
    """An assignment of one of the user's agencies on an active task: what he may ask about."""
    try:
        return Assignment.objects.select_related("task__document__unit", "agency").get(
            pk=assignment_id,
            agency__in=agencies_requesting(user=user),
            task__status=Task.Status.ACTIVE,
            withdrawn_on__isnull=True,
        )
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


# --- Services --------------------------------------------------------------------------------


def _shown(task: Task) -> str:
    return task.deadline_raw or "—"


@transaction.atomic
def task_request_make(
    *,
    actor: Actor,
    assignment: Assignment,
    kind: str,
    reason: str,
    proposed_date: datetime.date | None = None,
    to_agency: Agency | None = None,
    on: datetime.date | None = None,
    token: str = "",
) -> TaskRequest:
    """The agency of `assignment` asks to extend, re-assign or withdraw its task."""
    require_actor(actor)
    on = on or timezone.localdate()
    assignment = access_assignment_to_request(user=actor, assignment_id=assignment.pk)
    task = assignment.task
    agency: Agency = assignment.agency  # type: ignore[assignment]  # a named agency
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Lý do đề nghị: bắt buộc.")
    if kind not in TaskRequest.Kind.values:
        raise InvalidInput("Nội dung đề nghị: chọn gia hạn, điều chỉnh cơ quan hoặc rút nhiệm vụ.")
    if kind == TaskRequest.Kind.EXTEND:
        if not task.is_leaf:
            raise InvalidInput(f"Mục {task.path} là nhóm nhiệm vụ: đề nghị gia hạn từng nhiệm vụ.")
        if proposed_date is None:
            raise InvalidInput("Thời hạn đề nghị: ghi ngày, ví dụ 30/06/2027.")
        if proposed_date <= on or (task.deadline_date and proposed_date <= task.deadline_date):
            raise InvalidInput(
                "Thời hạn đề nghị phải sau hôm nay"
                + (
                    f" và sau thời hạn hiện nay ({task.deadline_date:%d/%m/%Y})."
                    if task.deadline_date
                    else "."
                )
            )
        to_agency = None
    elif kind == TaskRequest.Kind.REASSIGN:
        proposed_date = None
        if to_agency is None and assignment.role != Assignment.Role.COORDINATING:
            raise InvalidInput(
                "Cơ quan chủ trì đề nghị điều chỉnh phải chọn cơ quan đề nghị giao nhiệm vụ."
            )
        if to_agency is not None:
            if to_agency.pk == agency.pk:
                raise InvalidInput("Cơ quan đề nghị giao phải là cơ quan khác.")
            _allowed(task.document, to_agency)
            if task.assignments.filter(agency=to_agency, withdrawn_on__isnull=True).exists():
                raise InvalidInput(
                    f"{to_agency.name} đã được phân công trong nhiệm vụ {task.path}."
                )
    else:
        proposed_date, to_agency = None, None
        if assignment.role != Assignment.Role.LEAD:
            raise InvalidInput(
                "Chỉ cơ quan chủ trì đề nghị rút nhiệm vụ; cơ quan phối hợp đề nghị thôi phối hợp."
            )
    submission = submission_claim(actor=actor, token=token, action="plan.request")
    if TaskRequest.objects.filter(assignment=assignment, state=TaskRequest.State.OPEN).exists():
        raise InvalidInput(f"Nhiệm vụ {task.path} đã có đề nghị đang chờ quyết định.")
    try:
        with transaction.atomic():
            request = TaskRequest(
                task=task,
                assignment=assignment,
                agency=agency,
                kind=kind,
                reason=reason,
                proposed_date=proposed_date,
                to_agency=to_agency,
                made_by=actor_user(actor),
                made_at=timezone.now(),
                deadline_before=_shown(task)[:255],
            )
            request.full_clean(validate_constraints=False)
            request.save()
    except IntegrityError as error:  # two forms at once: the constraint keeps one open
        raise InvalidInput(f"Nhiệm vụ {task.path} đã có đề nghị đang chờ quyết định.") from error
    audit_record(
        actor=actor,
        action="plan.request_make",
        target=task.document,
        data={"request": request.pk, "task": task.pk, "kind": kind},
    )
    submission_done(submission, result_id=request.pk)
    return request


def _locked_open(request: TaskRequest) -> TaskRequest:
    request = (
        TaskRequest.objects.select_for_update(of=("self",))
        .select_related("task__document", "assignment", "agency", "to_agency")
        .get(pk=request.pk)
    )
    if not request.is_open:
        raise RequestDecided(
            f"Đề nghị này đã được quyết định ({request.get_state_display().lower()})."
        )
    return request


def _why(request: TaskRequest, comment: str) -> str:
    made = timezone.localtime(request.made_at)
    text = f"Theo đề nghị của {request.agency.name} ngày {made:%d/%m/%Y}: {request.reason}"
    return f"{text}. Ý kiến: {comment}" if comment else text


@transaction.atomic
def task_request_accept(
    *, actor: Actor, request: TaskRequest, comment: str = "", on: datetime.date | None = None
) -> TaskRequest:
    """Accept: the plan changes as asked (plans.amendments), the change kept with the request."""
    require_actor(actor)
    check_may_decide(actor, request.task.document)
    request = _locked_open(request)
    on = on or timezone.localdate()
    comment = comment.strip()
    why = _why(request, comment)
    task = Task.objects.get(pk=request.task_id)
    assignment = request.assignment
    if assignment is None or assignment.withdrawn_on is not None:
        raise InvalidInput("Không thực hiện được đề nghị: cơ quan đã thôi phân công nhiệm vụ này.")

    def version() -> int:
        return Document.objects.values_list("version", flat=True).get(pk=task.document_id)

    changes = []
    try:
        if request.kind == TaskRequest.Kind.EXTEND:
            day: datetime.date = request.proposed_date  # type: ignore[assignment]  # constraint
            first = task.deadline_extended_from or (
                f"{task.deadline_date:%d/%m/%Y}" if task.deadline_date else task.deadline_raw
            )
            changes.append(
                task_amend(
                    actor=actor,
                    task=task,
                    version=version(),
                    title=task.title,
                    expected_result=task.expected_result,
                    deadline=Deadline(kind="date", raw=f"{day:%d/%m/%Y}", date=day.isoformat()),
                    reason=why,
                    on_request=True,
                )
            )
            Task.objects.filter(pk=task.pk).update(deadline_extended_from=first[:255])
        elif request.kind == TaskRequest.Kind.REASSIGN:
            if request.to_agency is not None:
                changes.append(
                    task_assignment_add(
                        actor=actor,
                        task=task,
                        version=version(),
                        agency=request.to_agency,
                        role=assignment.role,
                        reason=why,
                        on_request=True,
                    )
                )
            changes.append(
                task_assignment_remove(
                    actor=actor,
                    assignment=assignment,
                    version=version(),
                    on=on,
                    reason=why,
                    on_request=True,
                )
            )
        else:
            changes.append(
                task_withdraw(
                    actor=actor, task=task, version=version(), on=on, reason=why, on_request=True
                )
            )
    except InvalidInput as problem:  # the plan moved since the request (withdrawn, assigned)
        raise InvalidInput(f"Không thực hiện được đề nghị: {problem.message}") from problem
    request.state = TaskRequest.State.ACCEPTED
    _decided(actor, request, comment)
    request.changes.set(changes)
    return request


@transaction.atomic
def task_request_refuse(*, actor: Actor, request: TaskRequest, comment: str) -> TaskRequest:
    """Refuse, saying why: the plan stays as it is."""
    require_actor(actor)
    check_may_decide(actor, request.task.document)
    comment = comment.strip()
    if not comment:
        raise InvalidInput("Ý kiến: ghi lý do không chấp nhận để cơ quan đề nghị biết.")
    request = _locked_open(request)
    request.state = TaskRequest.State.REFUSED
    _decided(actor, request, comment)
    return request


def _decided(actor: Actor, request: TaskRequest, comment: str) -> None:
    request.decided_by, request.decided_at = actor_user(actor), timezone.now()
    request.decision_comment = comment
    # The assignment may be gone (a re-assignment deletes one that never reported): the
    # database emptied the column already, and it is not saved here.
    request.full_clean(exclude=["assignment"], validate_constraints=False)
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    audit_record(
        actor=actor,
        action=f"plan.request_{'accept' if request.state == 'accepted' else 'refuse'}",
        target=request.task.document,
        data={"request": request.pk, "task": request.task_id, "kind": request.kind},
    )
