"""Reading the administrative map data (both editions) and the successions, as plain records."""

from __future__ import annotations

import json
import lzma
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .names import normalize_text

DATA = Path(__file__).resolve().parent / "data"

# Name prefixes → the unit's kind, longest first ("Thành phố" before "Thị trấn"…).
_KINDS = [
    ("Thành phố", "thành phố"),
    ("Thị trấn", "thị trấn"),
    ("Thị xã", "thị xã"),
    ("Đặc khu", "đặc khu"),
    ("Phường", "phường"),
    ("Huyện", "huyện"),
    ("Quận", "quận"),
    ("Tỉnh", "tỉnh"),
    ("Xã", "xã"),
]


@dataclass(frozen=True)
class UnitRecord:
    map: str  # "pre2025" or "2025"
    level: str  # "province", "district", "commune"
    code: str
    name: str
    short_name: str
    kind: str
    path: str
    parent_path: str | None


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor_path: str
    successor_path: str
    kind: str
    is_default: bool


def split_kind(name: str) -> tuple[str, str]:
    """ "Huyện Sơn Dương" → ("huyện", "Sơn Dương"); the prefix in any case ("Thành Phố")."""
    for prefix, kind in _KINDS:
        if name.lower().startswith(kind + " "):
            return kind, name[len(prefix) + 1 :]
    return "", name


def canonical_name(name: str) -> str:
    """ "Thành Phố Bắc Kạn" (as one source writes it) → "Thành phố Bắc Kạn"."""
    name = normalize_text(name)
    kind, short = split_kind(name)
    return f"{kind[0].upper()}{kind[1:]} {short}" if kind else name


def _read_xz(name: str) -> Any:
    return json.loads(lzma.decompress((DATA / name).read_bytes()).decode("utf-8"))


def _unit(map_: str, level: str, code: str, name: str, parent: str | None) -> UnitRecord:
    name = canonical_name(name)
    kind, short = split_kind(name)
    path = f"{parent}/{code}" if parent else f"{map_}/{code}"
    return UnitRecord(map_, level, code, name, short, kind, path, parent)


def province_name_2025(name: str, division_type: str) -> str:
    """The 2025 package writes "Tuyên Quang" but "Thành phố Hà Nội": give both a full name."""
    name = normalize_text(name)
    return name if split_kind(name)[0] else f"Tỉnh {name}"


@cache
def _pre2025() -> list[UnitRecord]:
    units = []
    for p_code, p_name, districts in _read_xz("units-pre2025.json.xz"):
        province = _unit("pre2025", "province", f"{p_code:02d}", p_name, None)
        units.append(province)
        for d_code, d_name, wards in districts:
            district = _unit("pre2025", "district", f"{d_code:03d}", d_name, province.path)
            units.append(district)
            units.extend(
                _unit("pre2025", "commune", f"{w_code:05d}", w_name, district.path)
                for w_code, w_name in wards
            )
    return units


@cache
def _v2025() -> list[UnitRecord]:
    from vietnam_provinces import Province, Ward

    units = []
    for p in Province.iter_all():
        name = province_name_2025(p.name, p.division_type.value)
        units.append(_unit("2025", "province", f"{int(p.code):02d}", name, None))
    for w in Ward.iter_all():
        units.append(
            _unit(
                "2025", "commune", f"{int(w.code):05d}", w.name, f"2025/{int(w.province_code):02d}"
            )
        )
    return units


def iter_units() -> Iterator[UnitRecord]:
    """Every unit of both maps, parents before children."""
    yield from _pre2025()
    provinces = [u for u in _v2025() if u.level == "province"]
    yield from provinces
    yield from (u for u in _v2025() if u.level == "commune")


def iter_successions() -> Iterator[SuccessionRecord]:
    """Links from the units of the earlier map to those of 2025 (see data/SOURCES.md)."""
    data = _read_xz("successions-2025.json.xz")
    olds_per_new = Counter(new for _, new in data["provinces"])
    for old, new in data["provinces"]:
        kind = "merged" if olds_per_new[new] > 1 else "unchanged"
        yield SuccessionRecord(f"pre2025/{old:02d}", f"2025/{new:02d}", kind, True)
    commune_paths = {u.code: u.path for u in _pre2025() if u.level == "commune"}
    new_paths = {u.code: u.path for u in _v2025() if u.level == "commune"}
    province_of_new = {u.path: u.parent_path for u in _v2025() if u.level == "commune"}
    district_links: dict[str, set[str]] = {}
    district_province: dict[str, str] = {}
    for old, new, kind, is_default in data["communes"]:
        old_path = commune_paths.get(f"{old:05d}")
        new_path = new_paths.get(f"{new:05d}")
        if old_path is None or new_path is None:
            continue
        yield SuccessionRecord(old_path, new_path, kind, bool(is_default))
        district = old_path.rsplit("/", 1)[0]
        district_links.setdefault(district, set()).add(new_path)
        if is_default:
            district_province.setdefault(district, str(province_of_new[new_path]))
    province_successor = {f"pre2025/{old:02d}": f"2025/{new:02d}" for old, new in data["provinces"]}
    for unit in _pre2025():
        if unit.level != "district":
            continue
        province = district_province.get(unit.path) or province_successor[str(unit.parent_path)]
        yield SuccessionRecord(unit.path, province, "absorbed", True)
        for new_path in sorted(district_links.get(unit.path, ())):
            yield SuccessionRecord(unit.path, new_path, "divided", False)
