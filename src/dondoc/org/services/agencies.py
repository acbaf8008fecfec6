"""Agencies: the standard directory of a unit, hand-made agencies, and their aliases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from dondoc.core.audit import acting_as
from dondoc.core.exceptions import InvalidInput, NotAllowed

from ..directory import render, templates_for
from ..models import AdminUnit, Agency, AgencyAlias
from ..names import match_key, normalize_text
from ..scoping import units_managed


def _check_manages(actor: Any, unit: AdminUnit) -> None:
    """The system (actor None) may; an administrator only in its own subtree."""
    if actor is not None and not units_managed(user=actor).filter(pk=unit.pk).exists():
        raise NotAllowed("Bạn không quản trị địa bàn này.")


def _add_aliases(agency: Agency, names: Iterable[str]) -> None:
    known = set(agency.aliases.values_list("key", flat=True)) | {
        match_key(agency.name),
        match_key(agency.short_name),
    }
    for name in names:
        key = match_key(name)
        if key and key not in known:
            AgencyAlias.objects.create(agency=agency, name=normalize_text(name), key=key)
            known.add(key)


@transaction.atomic
def agency_directory_ensure(*, actor: Any, unit: AdminUnit) -> list[Agency]:
    """Create the missing agencies of the unit's standard directory; idempotent.

    An agency already there (same unit and template) is left as its administrator made it:
    renamed, deactivated, with its own aliases. A hand-made agency with the template's name
    is adopted rather than duplicated.
    """
    _check_manages(actor, unit)
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
            else:
                agency = Agency(
                    name=name,
                    short_name=short,
                    kind=template.kind,
                    unit=unit,
                    parent=by_key.get(template.parent) if template.parent else None,
                    template_key=template.key,
                )
                agency.full_clean()
                agency.save()
            _add_aliases(agency, aliases)
            by_key[template.key] = agency
    return sorted(by_key.values(), key=lambda a: a.name)


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    unit: AdminUnit,
    name: str,
    kind: str,
    short_name: str = "",
    parent: Agency | None = None,
    aliases: Iterable[str] = (),
) -> Agency:
    """An agency outside the standard directory (a steering committee, a school…)."""
    _check_manages(actor, unit)
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
    return agency


_EDITABLE = {"name", "short_name", "kind", "parent", "is_active"}


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, **fields: Any) -> Agency:
    """Rename, reclassify, re-parent or (de)activate an agency."""
    _check_manages(actor, agency.unit)
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    with acting_as(actor):
        for field, value in fields.items():
            setattr(agency, field, normalize_text(value) if isinstance(value, str) else value)
        agency.full_clean()
        agency.save()
    return agency


@transaction.atomic
def agency_alias_add(*, actor: Any, agency: Agency, name: str) -> Agency:
    """Teach the resolver another way documents write this agency's name."""
    _check_manages(actor, agency.unit)
    if not match_key(name):
        raise InvalidInput("Tên gọi khác không được để trống.")
    with acting_as(actor):
        _add_aliases(agency, [name])
    return agency
