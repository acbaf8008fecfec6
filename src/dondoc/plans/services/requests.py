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

from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.core.actors import Actor, actor_user, require_actor
from dondoc.core.audit import audit_record
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import Agency

from ..importers.drafts import Deadline
from ..models import Assignment, Document, Task, TaskRequest
from ..requests import access_assignment_to_request, check_may_decide
from .amendments import (
    _allowed,
    task_amend,
    task_assignment_add,
    task_assignment_remove,
    task_withdraw,
)


class RequestDecided(DomainError):
    """The request was decided already (another officer, another tab)."""

    status_code = 409


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
