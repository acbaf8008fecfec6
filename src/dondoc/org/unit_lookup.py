"""Finding an administrative unit from the way documents write it, and its 2025 successor."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc.core.exceptions import InvalidInput

from .models import AdminUnit
from .names import match_key

# Kinds as match keys, longest first, and the abbreviations documents use ("TP. Trà Vinh").
_KIND_KEYS = [
    ("thanh pho", "thành phố"),
    ("thi tran", "thị trấn"),
    ("thi xa", "thị xã"),
    ("dac khu", "đặc khu"),
    ("phuong", "phường"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("tinh", "tỉnh"),
    ("xa", "xã"),
]
_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận"}


class AmbiguousUnit(InvalidInput):
    """Several units answer to the text; the message lists them so the user can be precise."""


@dataclass(frozen=True)
class _Part:
    kind: str | None
    key: str


def _parse(part: str) -> _Part:
    key = match_key(part)
    head, _, rest = key.partition(" ")
    if head in _ABBREVIATIONS and rest:
        return _Part(_ABBREVIATIONS[head], rest)
    for kind_key, kind in _KIND_KEYS:
        if key.startswith(kind_key + " "):
            return _Part(kind, key[len(kind_key) + 1 :])
    return _Part(None, key)


def _matches(unit: AdminUnit, part: _Part) -> bool:
    return match_key(unit.short_name) == part.key and part.kind in (None, unit.kind)


def unit_find(text: str, *, map: str | None = None, level: str | None = None) -> AdminUnit | None:
    """ "Huyện Sơn Dương, tỉnh Tuyên Quang", "TP. Trà Vinh", "Đắk Nông" → the unit, or None.

    Case, diacritics and tone placement do not matter. Later parts name ancestors. When
    several units still answer (a "Xã Tân Thành" in many provinces), AmbiguousUnit lists them.
    """
    parts = [_parse(p) for p in text.split(",") if p.strip()]
    if not parts or not parts[0].key:
        return None
    candidates = AdminUnit.objects.select_related("parent__parent").filter(
        pk__in=_name_index().get(parts[0].key, [])
    )
    if map:
        candidates = candidates.filter(map=map)
    if level:
        candidates = candidates.filter(level=level)
    found = [unit for unit in candidates if _matches(unit, parts[0])]
    for ancestor in parts[1:]:
        found = [unit for unit in found if any(_matches(a, ancestor) for a in _ancestors(unit))]
    if not found:
        return None
    if len(found) > 1 and map is None:
        # Without a map, prefer the current one: "tỉnh Tuyên Quang" today is the 2025 unit.
        found = [unit for unit in found if unit.map == AdminUnit.Map.V2025] or found
    if len(found) > 1 and parts[0].kind is None:
        # A bare name means the largest unit: "Đắk Nông" is the province, not the commune.
        top = min(_LEVEL_RANK[unit.level] for unit in found)
        found = [unit for unit in found if _LEVEL_RANK[unit.level] == top]
    if len(found) > 1:
        listed = "; ".join(unit.full_name + f" ({unit.get_map_display()})" for unit in found[:10])
        raise AmbiguousUnit(
            f"«{text}» ứng với nhiều đơn vị hành chính: {listed}. Hãy ghi rõ cấp trên."
        )
    return found[0]


_LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}
_INDEX: dict[tuple[int, int], dict[str, list[int]]] = {}


def _name_index() -> dict[str, list[int]]:
    """Short-name key → unit ids, rebuilt when the table changes (load_units), else cached."""
    stamp = (
        AdminUnit.objects.count(),
        AdminUnit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )
    if stamp not in _INDEX:
        index: dict[str, list[int]] = {}
        for pk, short_name in AdminUnit.objects.values_list("pk", "short_name"):
            index.setdefault(match_key(short_name), []).append(pk)
        _INDEX.clear()
        _INDEX[stamp] = index
    return _INDEX[stamp]


def _ancestors(unit: AdminUnit) -> list[AdminUnit]:
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain


def unit_current(unit: AdminUnit) -> AdminUnit:
    """The unit of the 2025 map that carries on `unit` (itself when it is current)."""
    if unit.map == AdminUnit.Map.V2025:
        return unit
    successor = (
        AdminUnit.objects.filter(successions_in__predecessor=unit, successions_in__is_default=True)
        .order_by("level", "path")
        .first()
    )
    return successor or unit
