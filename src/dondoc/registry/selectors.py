"""Reads of the registry, for an acting user. Scope as everywhere (org.scoping): an agency sees
its own records; a focal officer, leader or inspector those of its unit's subtree. Reading a
record with personal data is audited (who, when, which record)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet

from dondoc.core.audit import audit_record
from dondoc.core.crypto import lookup_hash
from dondoc.core.exceptions import NotFound
from dondoc.core.paths import within_any
from dondoc.org.models import AdminUnit, Agency, Role
from dondoc.org.scoping import acting_for_q, agencies_acting_for, scope_for, units_overseen

from . import partitions
from .models import AgencyRecordProvince, Complaint, CrimeReport, Person

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
        scope = scope_for(user)
        if scope.everything or scope.empty:
            cached = list(agencies_recording(user=user).values_list("pk", flat=True))
            user._dondoc_recording_ids = cached
        else:  # read with the record scope, which needs them too (one query, not two)
            _record_scope(user, scope)
            cached = user._dondoc_recording_ids
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
    # then serves `agency_id = ANY(…) OR unit_id = ANY(…)` from the two columns' indexes, where
    # an OR of two subqueries made it read every record of the table.
    # Each list one array parameter (core.lookups: 1,365 units as an IN list cost 9 ms of
    # CPU a query). Cached on the user for the request, as the scope is (org.scoping.scope_for).
    cached: tuple[list[int], list[int]] | None = getattr(user, "_dondoc_record_scope", None)
    if cached is None:
        cached = _record_scope(user, scope)
    return Q(agency_id__any=cached[0]) | Q(unit_id__any=cached[1])


def _province_path(path: str) -> str:
    """The path of the province (or central unit) a unit's path is under: its first two
    parts ("pre2025/08/076" → "pre2025/08")."""
    return "/".join(path.split("/")[:2])


def _record_scope(user: Any, scope: Any) -> tuple[list[int], list[int]]:
    """The agencies and units of `user`'s record scope, and (on the user, for
    records_visible) the provinces they are in; two queries, as before the provinces."""
    # agencies_recording's rows, as a condition on the agency from the scope's memberships
    # (the user is no superuser here: the scope would be everything): the Agency query then
    # names ids, where subqueries of the memberships (in the filter and in an Exists) cost
    # ~3.5 ms of compiling a request (a province's focal officer, 15 agencies).
    recording = acting_for_q(scope, WRITER_ROLES)
    rows = list(
        Agency.objects.filter(recording | Q(pk__in=scope.agency_ids))
        .annotate(records=ExpressionWrapper(recording, output_field=BooleanField()))
        .order_by()
        .values_list("pk", "unit__path", "records")
    )
    agencies = {pk: path for pk, path, _ in rows}
    user._dondoc_recording_ids = sorted(pk for pk, _, records in rows if records)
    provinces = {_province_path(path) for path in agencies.values() if path}
    provinces |= {_province_path(path) for path in scope.unit_paths}
    if not scope.unit_paths:
        # An agency officer: its agencies' rows, found by their index; no province named
        # (finding where its agencies filed records elsewhere would cost a query of its own).
        cached: tuple[list[int], list[int]] = (sorted(agencies), [])
        user._dondoc_record_scope = cached
        user._dondoc_record_provinces = None
        return cached
    wanted = Q(pk__in=units_overseen(user=user).values("pk")) | Q(path__in=provinces)
    if connection.vendor == "postgresql" and agencies:
        # An agency's record may lie in another province (a referral is filed where the
        # person lives; a record's unit may be anywhere): those provinces too, found in the
        # same query from the pairs the database keeps (AgencyRecordProvince), a few rows
        # by their key, where a subquery per record table cost ~19 ms a request at a
        # million records and grew with the tables.
        wanted |= Q(
            pk__in=AgencyRecordProvince.objects.filter(agency_id__in=list(agencies)).values(
                "province_id"
            )
        )
    units, province_ids = [], []
    in_subtrees = within_any(scope.unit_paths)
    for pk, path in AdminUnit.objects.filter(wanted).values_list("pk", "path"):
        inside = in_subtrees(path)
        if inside:
            units.append(pk)
        if path in provinces or not inside:
            province_ids.append(pk)
    cached = (sorted(agencies), sorted(units))
    user._dondoc_record_scope = cached
    user._dondoc_record_provinces = sorted(province_ids)
    return cached


def record_provinces(*, user: Any) -> list[int] | None:
    """The provinces the records `user` may see are in (None: not named): those of the units
    it oversees, of the agencies it acts for, and (PostgreSQL) every other province where
    those agencies have a record of a partitioned kind (the pairs the database keeps:
    AgencyRecordProvince). None for a user who oversees no unit
    (an agency officer: its few agencies' rows come from their index)."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if scope.empty:
        return []
    if not hasattr(user, "_dondoc_record_provinces"):
        _record_scope(user, scope)
    provinces: list[int] | None = user._dondoc_record_provinces
    return provinces


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
    if condition is None:
        return records
    records = records.filter(condition)
    if partitions.prunes(model) and (provinces := record_provinces(user=user)) is not None:
        # The same rows, said so that PostgreSQL reads only the partitions of the user's
        # provinces (the scope's ids alone cannot tell it which partitions hold them).
        records = records.filter(province_id__in=provinces)
    return records


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
