"""Loading the administrative map (both editions) and the successions into the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import acting_as
from dondoc.core.dbstats import analyse

from ..models import MAP_2025_START, MAP_PRE2025_END, AdminUnit, UnitSuccession
from ..units import UnitRecord, iter_successions, iter_units
from .national import national_unit_ensure

BATCH = 1000
_LEVELS = [AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE]
_UNIT_FIELDS = ["name", "short_name", "kind", "valid_from", "valid_to"]


@dataclass
class UnitLoadResult:
    """What a load did, per (map, level) for units and in total for successions."""

    created: Counter[tuple[str, str]] = field(default_factory=Counter)
    updated: Counter[tuple[str, str]] = field(default_factory=Counter)
    unchanged: Counter[tuple[str, str]] = field(default_factory=Counter)
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0
    # Links in the database that the data does not have (added by hand, or from an older
    # edition of the data): kept unless the load was asked to prune them.
    successions_extra: int = 0
    successions_deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created.total()
            or self.updated.total()
            or self.successions_created
            or self.successions_updated
            or self.successions_deleted
        )


def unit_map_load(*, actor: Actor, prune: bool = False) -> UnitLoadResult:
    """Create or update every unit of both maps and their successions; a second run changes nothing.

    Bulk data from official lists: no audit row per unit (AdminUnit is not registered with
    auditlog, and bulk writes send no signals). Units are never deleted, so old plans keep
    their issuer; with `prune`, succession links the data no longer has are deleted.
    """
    require_actor(actor, system=True)
    result = UnitLoadResult()
    with acting_as(actor), transaction.atomic():
        ids = _load_units(result)
        _load_successions(result, ids, prune=prune)
        # The central level, outside both maps (services/national.py).
        _, created = national_unit_ensure(actor=actor)
        key = (str(AdminUnit.Map.NATIONAL), str(AdminUnit.Level.NATIONAL))
        (result.created if created else result.unchanged)[key] += 1
        if result.changed:  # thousands of rows: the next query is planned on their count
            analyse(AdminUnit, UnitSuccession)
    return result


def _values(record: UnitRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "short_name": record.short_name,
        "kind": record.kind,
        "valid_from": MAP_2025_START if record.map == AdminUnit.Map.V2025 else None,
        "valid_to": MAP_PRE2025_END if record.map == AdminUnit.Map.PRE2025 else None,
    }


def _load_units(result: UnitLoadResult) -> dict[str, int]:
    existing = {unit.path: unit for unit in AdminUnit.objects.all()}
    ids = {path: unit.pk for path, unit in existing.items()}
    records = list(iter_units())
    to_update: list[AdminUnit] = []
    # One level at a time, so that every parent has its id before its children are inserted.
    for level in _LEVELS:
        to_create: list[AdminUnit] = []
        for record in (r for r in records if r.level == level):
            key = (record.map, record.level)
            values = _values(record)
            unit = existing.get(record.path)
            if unit is None:
                to_create.append(
                    AdminUnit(
                        map=record.map,
                        level=record.level,
                        code=record.code,
                        path=record.path,
                        parent_id=ids[record.parent_path] if record.parent_path else None,
                        **values,
                    )
                )
                result.created[key] += 1
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
                result.updated[key] += 1
            else:
                result.unchanged[key] += 1
        AdminUnit.objects.bulk_create(to_create, batch_size=BATCH)
        if to_create and to_create[0].pk is None:  # a backend without RETURNING on insert
            ids.update(AdminUnit.objects.filter(level=level).values_list("path", "id"))
        else:
            ids.update((unit.path, unit.pk) for unit in to_create)
    AdminUnit.objects.bulk_update(to_update, _UNIT_FIELDS, batch_size=BATCH)
    return ids


def _load_successions(result: UnitLoadResult, ids: dict[str, int], *, prune: bool) -> None:
    existing = {
        (link.predecessor_id, link.successor_id): link for link in UnitSuccession.objects.all()
    }
    seen: set[tuple[int, int]] = set()
    to_create, to_update = [], []
    for record in iter_successions():
        pair = (ids[record.predecessor_path], ids[record.successor_path])
        seen.add(pair)
        link = existing.get(pair)
        if link is None:
            to_create.append(
                UnitSuccession(
                    predecessor_id=pair[0],
                    successor_id=pair[1],
                    kind=record.kind,
                    is_default=record.is_default,
                    effective=MAP_2025_START,
                )
            )
            result.successions_created += 1
        elif (link.kind, link.is_default) != (record.kind, record.is_default):
            link.kind, link.is_default = record.kind, record.is_default
            to_update.append(link)
            result.successions_updated += 1
        else:
            result.successions_unchanged += 1
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
    UnitSuccession.objects.bulk_update(to_update, ["kind", "is_default"], batch_size=BATCH)
    extra = [link.pk for pair, link in existing.items() if pair not in seen]
    if prune:
        for start in range(0, len(extra), BATCH):
            UnitSuccession.objects.filter(pk__in=extra[start : start + BATCH]).delete()
        result.successions_deleted = len(extra)
    else:
        result.successions_extra = len(extra)
