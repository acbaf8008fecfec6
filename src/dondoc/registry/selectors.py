"""Reads of the registry, for an acting user. Scope as everywhere (org.scoping): an agency sees
its own records; a focal officer, leader or inspector those of its unit's subtree. Reading a
record with personal data is audited (who, when, which record)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from dondoc.core.audit import audit_record
from dondoc.core.crypto import lookup_hash
from dondoc.core.exceptions import NotFound
from dondoc.org.models import Agency, Role
from dondoc.org.scoping import agencies_acting_for, scope_for, units_overseen

from .models import Complaint, CrimeReport, Person

WRITER_ROLES = frozenset({Role.AGENCY_OFFICER, Role.FOCAL_OFFICER})
M = TypeVar("M", bound=Model)


def agencies_recording(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose records `user` enters: its own as officer or focal officer."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Agency.objects.filter(is_active=True)
    return agencies_acting_for(user=user, roles=WRITER_ROLES)


def agency_ids_recording(*, user: Any) -> list[int]:
    """The ids of agencies_recording, read once per request (cached on the user, as the
    scope is): the worklist filters by them as a list, which PostgreSQL serves from the
    records' agency index where the subquery made it read the whole table (issue 18)."""
    cached: list[int] | None = getattr(user, "_dondoc_recording_ids", None)
    if cached is None:
        cached = list(agencies_recording(user=user).values_list("pk", flat=True))
        user._dondoc_recording_ids = cached
    return cached


def scope_q(*, user: Any) -> Q | None:
    """The condition on `agency` and `unit` that rows `user` may see must meet (None: every
    row); shared by the records and the statistics built from them."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if scope.empty:
        return Q(pk__in=[])
    # Ids, read once (a few agencies, the units of a subtree), not subqueries: PostgreSQL
    # then serves `agency_id IN (…) OR unit_id IN (…)` from the two columns' indexes, where
    # an OR of two subqueries made it read every record of the table.
    # Cached on the user for the request, as the scope is (org.scoping.scope_for).
    cached: tuple[list[int], list[int]] | None = getattr(user, "_dondoc_record_scope", None)
    if cached is None:
        agencies = {*agency_ids_recording(user=user)}
        units = list(units_overseen(user=user).values_list("pk", flat=True))
        cached = (sorted(agencies | scope.agency_ids), units)
        user._dondoc_record_scope = cached
    return Q(agency_id__in=cached[0]) | Q(unit_id__in=cached[1])


def is_withdrawable(model: type[Model]) -> bool:
    """Whether records of `model` can be withdrawn (registry.models.CaseRecord)."""
    return any(field.name == "withdrawn_at" for field in model._meta.get_fields())


def records_visible(model: type[M], *, user: Any, withdrawn: bool = False) -> QuerySet[M]:
    """Records of `model` that `user` may see; withdrawn ones only when asked (`withdrawn`:
    the record's own page and its history), never in lists or statistics."""
    records = model._default_manager.all()
    if not withdrawn and is_withdrawable(model):
        records = records.filter(withdrawn_at__isnull=True)
    condition = scope_q(user=user)
    return records if condition is None else records.filter(condition)


def _access(
    model: type[M], *, user: Any, record_id: Any, purpose: str, withdrawn: bool = False
) -> M:
    try:
        record = records_visible(model, user=user, withdrawn=withdrawn).get(pk=record_id)
    except (model.DoesNotExist, ValueError, TypeError) as error:  # type: ignore[attr-defined]
        raise NotFound from error
    audit_record(actor=user, action="registry.read", target=record, data={"purpose": purpose})
    return record


def access_person(*, user: Any, person_id: Any, purpose: str = "view") -> Person:
    """A person's record; the read is audited."""
    return _access(Person, user=user, record_id=person_id, purpose=purpose)


def access_crime_report(*, user: Any, report_id: Any, purpose: str = "view") -> CrimeReport:
    return _access(CrimeReport, user=user, record_id=report_id, purpose=purpose)


def access_complaint(*, user: Any, complaint_id: Any, purpose: str = "view") -> Complaint:
    return _access(Complaint, user=user, record_id=complaint_id, purpose=purpose)


def persons_by_identity(*, user: Any, identity_number: str) -> list[Person]:
    """Exact search by identity number through its keyed hash; every match read is audited."""
    digest = lookup_hash(identity_number)
    if not digest:
        return []
    found = list(records_visible(Person, user=user).filter(identity_hash=digest))
    for person in found:
        audit_record(
            actor=user, action="registry.read", target=person, data={"purpose": "identity_search"}
        )
    return found


def access_compensation_claim(*, user: Any, claim_id: Any, purpose: str = "view") -> Any:
    from .models import CompensationClaim

    return _access(CompensationClaim, user=user, record_id=claim_id, purpose=purpose)


def access_record(*, model: type[M], user: Any, record_id: Any, purpose: str = "view") -> M:
    """A record of any kind in the user's scope (not withdrawn); the read is audited."""
    return _access(model, user=user, record_id=record_id, purpose=purpose)
