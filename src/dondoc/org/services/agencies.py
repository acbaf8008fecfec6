"""Agencies: the standard directory of a unit, hand-made agencies, and their aliases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from dondoc.core.actors import Actor, SystemActor, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.locks import serialised

from ..directory import render, templates_for
from ..models import AdminUnit, Agency, AgencyAlias, User
from ..names import match_key, normalize_text
from ..scoping import agencies_managed, units_managed


def _check_manages(actor: Actor, unit: AdminUnit) -> None:
    """The system may; an administrator only in its own subtree; anyone else (None too) not."""
    if isinstance(actor, SystemActor):
        return
    if not units_managed(user=actor).filter(pk=unit.pk).exists():
        raise NotAllowed("Bạn không quản trị địa bàn này.")


def _manages_agency(actor: User, agency: Agency) -> bool:
    return agencies_managed(user=actor).filter(pk=agency.pk).exists()


def _check_parent(actor: Actor, agency: Agency | None, parent: Agency | None) -> None:
    """A parent agency widens who sees the child (officers of a parent see its sub-units), so it
    must lie in the actor's subtree too; and an agency is never its own ancestor."""
    if parent is None:
        return
    if not isinstance(actor, SystemActor) and not _manages_agency(actor, parent):
        raise NotAllowed(f"Bạn không quản trị cơ quan cấp trên «{parent.name}».")
    ancestor: Agency | None = parent
    while ancestor is not None and agency is not None and agency.pk is not None:
        if ancestor.pk == agency.pk:
            raise InvalidInput(
                "Cơ quan cấp trên không thể là chính cơ quan này hoặc cấp dưới của nó."
            )
        ancestor = ancestor.parent


def _add_aliases(agency: Agency, names: Iterable[str], *, new: bool = False) -> None:
    """Each name whose match key the agency lacks becomes an alias (audited); `new`: the agency
    was just made, so it has none yet (no query)."""
    known = set() if new else set(agency.aliases.values_list("key", flat=True))
    known |= {match_key(agency.name), match_key(agency.short_name)}
    for name in names:
        key = match_key(name)
        if key and key not in known:
            AgencyAlias.objects.create(agency=agency, name=normalize_text(name), key=key)
            known.add(key)


@transaction.atomic
def agency_directory_ensure(*, actor: Actor, unit: AdminUnit) -> list[Agency]:
    """Create the missing agencies of the unit's standard directory; idempotent.

    An agency already there (same unit and template) is left as its administrator made it:
    renamed, deactivated, with its own aliases. A hand-made agency with the template's name
    is adopted rather than duplicated.
    """
    require_actor(actor, system=True)
    _check_manages(actor, unit)
    # Two first plans of a unit read at once both create its directory: the second waits here
    # and then finds the first's agencies (the unique template per unit is the last defence).
    serialised("org.directory", unit.pk)
    by_key = {a.template_key: a for a in unit.agencies.exclude(template_key="")}
    by_name = {a.name: a for a in unit.agencies.filter(template_key="")}
    with acting_as(actor):
        for template in templates_for(unit.map, unit.level, unit.kind):
            if template.key in by_key:
                continue
            name, short, aliases = render(template, kind=unit.kind, unit_name=unit.short_name)
            agency = by_name.get(name)
            if agency is not None:
                agency.template_key = template.key
                agency.save(update_fields=["template_key", "updated_at"])
                _add_aliases(agency, aliases)
            else:
                agency = Agency(
                    name=name,
                    short_name=short,
                    kind=template.kind,
                    unit=unit,
                    parent=by_key.get(template.parent) if template.parent else None,
                    template_key=template.key,
                )
                # The fields are checked; not the unit and parent (the rows in hand), nor the
                # uniqueness, which the directory's lock and `by_key` give (the constraints stay
                # the last defence): ten queries an agency fewer, for a plan's first import,
                # the reforms and the demo (hundreds of agencies).
                agency.full_clean(
                    exclude=["unit", "parent"], validate_unique=False, validate_constraints=False
                )
                agency.save()
                _add_aliases(agency, aliases, new=True)
            by_key[template.key] = agency
    return sorted(by_key.values(), key=lambda a: a.name)


@transaction.atomic
def agency_create(
    *,
    actor: Actor,
    unit: AdminUnit,
    name: str,
    kind: str,
    short_name: str = "",
    parent: Agency | None = None,
    aliases: Iterable[str] = (),
) -> Agency:
    """An agency outside the standard directory (a steering committee, a school…)."""
    require_actor(actor, system=True)
    _check_manages(actor, unit)
    _check_parent(actor, None, parent)
    name = normalize_text(name)
    if not name:
        raise InvalidInput("Tên cơ quan không được để trống.")
    if unit.agencies.filter(name=name).exists():
        raise InvalidInput(f"Địa bàn {unit.full_name} đã có cơ quan «{name}».")
    with acting_as(actor):
        agency = Agency(
            name=name, short_name=normalize_text(short_name), kind=kind, unit=unit, parent=parent
        )
        agency.full_clean()
        agency.save()
        _add_aliases(agency, aliases)
        audit_record(actor=actor, action="agency.create", target=agency, data={"unit_id": unit.pk})
    return agency


_EDITABLE = {"name", "short_name", "kind", "parent", "is_active"}


@transaction.atomic
def agency_update(*, actor: Actor, agency: Agency, **fields: Any) -> Agency:
    """Rename, reclassify, re-parent or (de)activate an agency. Its unit stays: an agency of
    another place is another agency (hand-overs move the work, org handover)."""
    require_actor(actor, system=True)
    # The stored row, not the caller's copy: a form may have set fields on it already.
    given, agency = agency, Agency.objects.select_for_update().get(pk=agency.pk)
    _check_manages(actor, agency.unit)
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if "parent" in fields and getattr(fields["parent"], "pk", None) != agency.parent_id:
        _check_parent(actor, agency, fields["parent"])
    changed = []
    with acting_as(actor):
        for field, value in fields.items():
            value = normalize_text(value) if isinstance(value, str) else value
            if getattr(agency, field) != value:
                setattr(agency, field, value)
                changed.append(field)
        agency.full_clean()
        agency.save()
        if changed:
            audit_record(
                actor=actor, action="agency.update", target=agency, data={"fields": sorted(changed)}
            )
    given.refresh_from_db()
    return given


@transaction.atomic
def agency_alias_add(*, actor: Actor, agency: Agency, name: str) -> Agency:
    """Teach the resolver another way documents write this agency's name."""
    require_actor(actor, system=True)
    _check_manages(actor, agency.unit)
    if not match_key(name):
        raise InvalidInput("Tên gọi khác không được để trống.")
    with acting_as(actor):
        _add_aliases(agency, [name])
        audit_record(
            actor=actor,
            action="agency.alias_add",
            target=agency,
            data={"alias": normalize_text(name)},
        )
    return agency


@transaction.atomic
def agency_alias_remove(*, actor: Actor, alias: AgencyAlias) -> None:
    """Forget a name the resolver matched to this agency."""
    require_actor(actor, system=True)
    agency = alias.agency
    _check_manages(actor, agency.unit)
    with acting_as(actor):
        audit_record(
            actor=actor, action="agency.alias_remove", target=agency, data={"alias": alias.name}
        )
        alias.delete()
