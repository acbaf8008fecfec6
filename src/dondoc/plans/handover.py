"""A plan's assignments across a hand-over (issue 15): the ended agency keeps the periods due
up to its last day, the receiver reports from the next day on. The hand-over as a whole
(which lines, who confirmed, its reversal) is dondoc.handover; this module writes the plan."""

from __future__ import annotations

import datetime

from django.db.models import Max

from dondoc.core.actors import Actor, require_actor
from dondoc.org.models import Agency

from .models import Assignment


def assignment_hand_over(
    *, actor: Actor, assignment: Assignment, to_agency: Agency, effective: datetime.date
) -> tuple[Assignment, bool]:
    """End `assignment` on the day before `effective` and give its task to `to_agency` from
    `effective`, in the same role. Returns the receiver's assignment and whether it already
    had one on this task (then it is kept as it is, nothing new is created)."""
    require_actor(actor, system=True)
    assignment.active_until = effective - datetime.timedelta(days=1)
    assignment.save(update_fields=["active_until"])
    existing = Assignment.objects.filter(task_id=assignment.task_id, agency=to_agency).first()
    if existing is not None:
        return existing, True
    last = Assignment.objects.filter(task_id=assignment.task_id).aggregate(Max("position"))
    receiver = Assignment(
        task_id=assignment.task_id,
        role=assignment.role,
        position=(last["position__max"] or 0) + 1,
        raw=assignment.raw,
        mention=to_agency.name,
        agency=to_agency,
        confidence=1.0,
        active_from=effective,
        handed_over_from=assignment,
    )
    receiver.full_clean(exclude=["task", "agency", "handed_over_from"])  # rows just read
    receiver.save()
    return receiver, False


def assignment_hand_back(
    *, actor: Actor, assignment: Assignment, receiver: Assignment | None, merged: bool
) -> None:
    """Undo assignment_hand_over: the receiver's new assignment goes (it has no report: the
    caller checked), the ended agency's is whole again."""
    require_actor(actor, system=True)
    if receiver is not None and not merged:
        receiver.delete()
    assignment.active_until = None
    assignment.save(update_fields=["active_until"])
