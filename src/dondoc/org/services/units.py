"""Loading the administrative map (both editions) and the successions into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dondoc.core.audit import acting_as

from ..models import MAP_2025_START, MAP_PRE2025_END, AdminUnit, UnitSuccession
from ..units import iter_successions, iter_units

BATCH = 2000
_UNIT_FIELDS = ["name", "short_name", "kind", "valid_from", "valid_to"]


@dataclass
class UnitLoadResult:
    created: dict[tuple[str, str], int] = field(default_factory=dict)  # (map, level) → count
    updated: dict[tuple[str, str], int] = field(default_factory=dict)
    unchanged: dict[tuple[str, str], int] = field(default_factory=dict)
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values())
            or sum(self.updated.values())
            or self.successions_created
            or self.successions_updated
        )


def _count(counter: dict[tuple[str, str], int], key: tuple[str, str]) -> None:
    counter[key] = counter.get(key, 0) + 1


@transaction.atomic
def unit_map_load(*, actor: Any = None) -> UnitLoadResult:
    """Create or update every unit of both maps and their successions; a second run changes nothing.

    Bulk data from official lists: the audit log records nothing per row (AdminUnit is not
    registered with auditlog), and units are never deleted, so old plans keep their issuer.
    """
    result = UnitLoadResult()
    with acting_as(actor):
        ids = _load_units(result)
        _load_successions(result, ids)
    return result


def _load_units(result: UnitLoadResult) -> dict[str, int]:
    existing = {unit.path: unit for unit in AdminUnit.objects.all()}
    ids = {path: unit.pk for path, unit in existing.items()}
    to_update: list[AdminUnit] = []
    # Parents come before children in iter_units, so each level's ids are known in time.
    pending: list[tuple[AdminUnit, str | None]] = []

    def flush() -> None:
        units = [unit for unit, _ in pending]
        for unit, parent_path in pending:
            unit.parent_id = ids[parent_path] if parent_path else None
        AdminUnit.objects.bulk_create(units, batch_size=BATCH)
        if units and units[0].pk is None:  # backends without RETURNING on bulk insert
            fetched = dict(
                AdminUnit.objects.filter(path__in=[u.path for u in units]).values_list("path", "id")
            )
            for unit in units:
                unit.pk = fetched[unit.path]
        ids.update({unit.path: unit.pk for unit in units})
        pending.clear()

    level = None
    for record in iter_units():
        key = (record.map, record.level)
        if level != key:
            flush()
            level = key
        valid_from = MAP_2025_START if record.map == AdminUnit.Map.V2025 else None
        valid_to = MAP_PRE2025_END if record.map == AdminUnit.Map.PRE2025 else None
        values = {
            "name": record.name,
            "short_name": record.short_name,
            "kind": record.kind,
            "valid_from": valid_from,
            "valid_to": valid_to,
        }
        unit = existing.get(record.path)
        if unit is None:
            pending.append(
                (
                    AdminUnit(
                        map=record.map,
                        level=record.level,
                        code=record.code,
                        path=record.path,
                        **values,
                    ),
                    record.parent_path,
                )
            )
            _count(result.created, key)
        elif any(getattr(unit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(unit, name, value)
            to_update.append(unit)
            _count(result.updated, key)
        else:
            _count(result.unchanged, key)
    flush()
    AdminUnit.objects.bulk_update(to_update, _UNIT_FIELDS, batch_size=BATCH)
    return ids


def _load_successions(result: UnitLoadResult, ids: dict[str, int]) -> None:
    existing = {
        (link.predecessor_id, link.successor_id): link for link in UnitSuccession.objects.all()
    }
    to_create, to_update = [], []
    for record in iter_successions():
        pair = (ids[record.predecessor_path], ids[record.successor_path])
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
            existing[pair] = to_create[-1]
            result.successions_created += 1
        elif (link.kind, link.is_default) != (record.kind, record.is_default):
            link.kind, link.is_default = record.kind, record.is_default
            to_update.append(link)
            result.successions_updated += 1
        else:
            result.successions_unchanged += 1
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
    UnitSuccession.objects.bulk_update(to_update, ["kind", "is_default"], batch_size=BATCH)
