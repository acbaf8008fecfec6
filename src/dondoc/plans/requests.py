"""Who may ask about a task and who decides (plans.services.requests writes), and the reads of
requests for an acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dondoc.core.actors import SystemActor
from dondoc.core.exceptions import NotAllowed, NotFound
from dondoc.org.models import Agency, Membership, Role
from dondoc.org.scoping import agencies_acting_for, scope_for, units_planned

from .models import Assignment, Document, Task, TaskRequest

# Who writes for an agency writes its requests too (tracking.selectors.WRITER_ROLES).
REQUESTER_ROLES = frozenset({Role.AGENCY_OFFICER, Role.FOCAL_OFFICER})


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


def check_may_decide(user: Any, document: Document) -> None:
    if not may_decide(user, document):
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
    scope = scope_for(user)
    if not scope.everything and not scope.unit_paths:
        # Deciders (focal officers, leaders, administrators) see whole units: an agency
        # officer decides nothing, and the home page spends no query to learn it.
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
