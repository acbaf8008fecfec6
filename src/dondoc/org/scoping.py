"""The one place that decides what a user may see: administrative units and agencies in scope.

Rules (DESIGN.md §2):
- an agency officer sees its own agencies (and their sub-units, e.g. the departments of a
  provincial police) and the units those agencies belong to;
- a focal officer, leader, inspector or administrator sees the whole subtree of its
  agency's unit: a district sees its communes, a province its districts and communes;
- a unit of the 2025 map also covers the units of the earlier map it succeeded at the same
  level, so the officers of the new Tuyên Quang province see the plans of the old Sơn Dương
  district and of the old Hà Giang province;
- a superuser sees everything; an anonymous or inactive user sees nothing.

Every selector and every access_* function takes the acting user; "not found" and "not in
scope" answer alike (NotFound) so that an outsider learns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from dondoc.core.exceptions import NotFound
from dondoc.core.paths import subtree_q

from .lifecycle import not_switched_off
from .models import (
    PLANNING_ROLES,
    WIDE_SCOPE_ROLES,
    AdminUnit,
    Agency,
    ExportGrant,
    Membership,
    Role,
    User,
)
from .names import normalize_text


@dataclass(frozen=True)
class Scope:
    """What one user may see, computed once per request from its memberships."""

    everything: bool
    unit_paths: frozenset[str]  # roots of the subtrees seen in full
    agency_ids: frozenset[int]  # agencies seen individually (agency officers)
    managed_paths: frozenset[str] = frozenset()  # subtrees the user administers
    planning_paths: frozenset[str] = frozenset()  # subtrees whose plans the user imports
    # (agency id, role) of each membership, in agencies not switched off: acting_for_q.
    memberships: frozenset[tuple[int, str]] = frozenset()

    @property
    def administrator(self) -> bool:
        return self.everything or bool(self.managed_paths)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.unit_paths and not self.agency_ids


_NOTHING = Scope(everything=False, unit_paths=frozenset(), agency_ids=frozenset())


def scope_for(user: Any) -> Scope:
    """Compute the scope of `user` (two queries, cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOTHING
    cached: Scope | None = getattr(user, "_dondoc_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True, unit_paths=frozenset(), agency_ids=frozenset())
    else:
        scope = _compute_scope(user)
    user._dondoc_scope = scope
    return scope


def _compute_scope(user: User) -> Scope:
    # An ended agency's officers keep reading its history (org.lifecycle); what they may still
    # write is decided per period (tracking.selectors.is_due).
    memberships = Membership.objects.filter(not_switched_off("agency__"), user=user).select_related(
        "agency__unit"
    )
    wide_units: list[AdminUnit] = []
    agency_ids: set[int] = set()
    managed: set[str] = set()
    planning: set[str] = set()
    held: set[tuple[int, str]] = set()
    for membership in memberships:
        held.add((membership.agency_id, membership.role))
        if membership.role == Role.ADMINISTRATOR:
            managed.add(membership.agency.unit.path)
        if membership.role in PLANNING_ROLES:
            planning.add(membership.agency.unit.path)
        if membership.role in WIDE_SCOPE_ROLES:
            wide_units.append(membership.agency.unit)
        else:
            agency_ids.add(membership.agency_id)
    if agency_ids:
        # Sub-units of an officer's agency (the departments of a provincial police) are its own.
        agency_ids |= set(
            Agency.objects.filter(parent_id__in=agency_ids).values_list("id", flat=True)
        )
    paths = {unit.path for unit in wide_units}
    if wide_units:
        # Units of the earlier map that the user's units succeeded, at the same level.
        predecessors = AdminUnit.objects.filter(
            successions_out__successor__in=wide_units,
        ).values_list("path", "level", "successions_out__successor__level")
        paths |= {path for path, level, successor_level in predecessors if level == successor_level}
    return Scope(
        everything=False,
        unit_paths=frozenset(paths),
        agency_ids=frozenset(agency_ids),
        managed_paths=frozenset(managed),
        planning_paths=frozenset(planning),
        memberships=frozenset(held),
    )


def unit_subtree_q(unit: AdminUnit, field: str = "unit__path") -> Q:
    """Rows whose `field` (an administrative unit's path) is `unit` or a unit below it."""
    return subtree_q([unit.path], field)


def invalidate_scope(user: Any) -> None:
    """Forget the cached scope after the user's memberships changed."""
    # … and what is read from it for the request (registry.selectors: the records' scope).
    for cached in (
        "_dondoc_scope",
        "_dondoc_record_scope",
        "_dondoc_recording_ids",
        "_dondoc_record_provinces",
    ):
        if hasattr(user, cached):
            delattr(user, cached)


# --- Selectors --------------------------------------------------------------------------------


def units_visible(*, user: Any) -> QuerySet[AdminUnit]:
    """Administrative units `user` may see."""
    scope = scope_for(user)
    units = AdminUnit.objects.all()
    if scope.everything:
        return units
    if scope.empty:
        return units.none()
    condition = subtree_q(scope.unit_paths)
    if scope.agency_ids:
        condition |= Q(id__in=Agency.objects.filter(id__in=scope.agency_ids).values("unit_id"))
    return units.filter(condition)


def agencies_visible(*, user: Any) -> QuerySet[Agency]:
    """Agencies `user` may see."""
    scope = scope_for(user)
    agencies = Agency.objects.all()
    if scope.everything:
        return agencies
    if scope.empty:
        return agencies.none()
    return agencies.filter(subtree_q(scope.unit_paths, "unit__path") | Q(id__in=scope.agency_ids))


SEARCH_MAX_LENGTH = 100


def search_text(text: str) -> str:
    """What a search box sent, normalised like the stored names and bounded."""
    return normalize_text(text)[:SEARCH_MAX_LENGTH]


def agencies_search(*, user: Any, text: str = "") -> QuerySet[Agency]:
    """Agencies `user` may see whose name, short name, alias or unit name contains `text`."""
    agencies = agencies_visible(user=user)
    text = search_text(text)
    if not text:
        return agencies
    return agencies.filter(
        Q(name__icontains=text)
        | Q(short_name__icontains=text)
        | Q(aliases__name__icontains=text)
        | Q(unit__name__icontains=text)
    ).distinct()


def agencies_managed(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose directory and members `user` may edit: administrators, in their subtree."""
    return Agency.objects.filter(unit__in=units_managed(user=user))


def users_managed(*, user: Any) -> QuerySet[User]:
    """Users `user` may change (names, password, roles, deactivation): those with at least one
    membership, every one of them in an agency `user` manages, and no superuser. A user with
    one role elsewhere is changed by an administrator of both places, or by a superuser."""
    scope = scope_for(user)
    if scope.everything:
        return User.objects.all()
    if not scope.managed_paths:
        return User.objects.none()
    managed = agencies_managed(user=user)
    inside = Membership.objects.filter(agency__in=managed).values("user_id")
    outside = Membership.objects.exclude(agency__in=managed).values("user_id")
    return User.objects.filter(pk__in=inside, is_superuser=False).exclude(pk__in=outside)


def agencies_exportable(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose records' personal data `user` may export: an explicit grant in force for
    that very agency (given by an administrator, org.services.exports), and the agency still in
    the user's sight. Seeing records is not enough; a superuser needs a grant too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    granted = ExportGrant.objects.filter(user=user, revoked_at__isnull=True).values("agency_id")
    return agencies_visible(user=user).filter(pk__in=granted)


def can_export_personal_data(user: Any, agency: Agency) -> bool:
    """Whether `user` may export the personal data of `agency`'s records (agencies_exportable)."""
    return agencies_exportable(user=user).filter(pk=agency.pk).exists()


def units_overseen(*, user: Any) -> QuerySet[AdminUnit]:
    """Units whose whole work `user` oversees: the subtrees of focal officers, leaders,
    inspectors and administrators (an agency officer oversees none: it sees its agencies)."""
    scope = scope_for(user)
    if scope.everything:
        return AdminUnit.objects.all()
    if not scope.unit_paths:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(subtree_q(scope.unit_paths))


def agencies_acting_for(*, user: Any, roles: frozenset[str]) -> QuerySet[Agency]:
    """Agencies `user` works for in one of `roles`, with their sub-units (the departments of a
    provincial police act for it): whose reports the user writes."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    own = Membership.objects.filter(not_switched_off("agency__"), user=user, role__in=roles)
    return Agency.objects.filter(_acting_for(own.values("agency_id")))


def acting_for_q(scope: Scope, roles: frozenset[str]) -> Q:
    """The condition on an agency that its scope's user works for it in one of `roles`:
    agencies_acting_for's rows, from the memberships the scope already read (a filter on
    a few ids, where agencies_acting_for's subqueries of the memberships cost a caller
    that holds the scope ~3 ms of compiling each: registry.selectors._record_scope)."""
    return _acting_for(
        sorted({agency_id for agency_id, role in scope.memberships if role in roles})
    )


def _acting_for(agency_ids: Any) -> Q:
    """An agency a member of `agency_ids` (ids, or a subquery of them) acts for: one of them,
    or a sub-unit of one (the departments of a provincial police act for it), not switched
    off. The one rule of agencies_acting_for and acting_for_q."""
    return not_switched_off() & (Q(id__in=agency_ids) | Q(parent_id__in=agency_ids))


def units_managed(*, user: Any) -> QuerySet[AdminUnit]:
    """Units whose directory `user` may edit: administrators, in their subtree."""
    scope = scope_for(user)
    if scope.everything:
        return AdminUnit.objects.all()
    if not scope.managed_paths:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(subtree_q(scope.managed_paths))


def units_planned(*, user: Any) -> QuerySet[AdminUnit]:
    """Units whose plans `user` may import and edit: focal officers and administrators."""
    scope = scope_for(user)
    if scope.everything:
        return AdminUnit.objects.all()
    if not scope.planning_paths:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(subtree_q(scope.planning_paths))


def access_unit(*, user: Any, unit_id: Any) -> AdminUnit:
    """The unit with this id if `user` may see it, else NotFound (the same for "absent")."""
    try:
        return units_visible(user=user).get(pk=unit_id)
    except (AdminUnit.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def access_agency(*, user: Any, agency_id: Any) -> Agency:
    """The agency with this id if `user` may see it, else NotFound (the same for "absent")."""
    try:
        return agencies_visible(user=user).select_related("unit", "parent").get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound from error


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships, for the home page and /api/me/."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("agency__unit__parent__parent")
        .order_by("agency__unit__path", "agency__name")
    )
