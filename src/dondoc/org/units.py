"""Reading the administrative map data (both editions) and the successions, as plain records."""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .names import match_key, normalize_text

# Vendored by scripts/vendor_unit_data.py; data/SOURCES.md says from where and how.
DATA = Path(__file__).resolve().parent / "data"
PRE2025, V2025 = "pre2025", "2025"
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
# GSO codes have a fixed width per level: 08, 076, 02182.
CODE_WIDTH = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}

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


# The same kinds as documents write them in running text, as match keys, with the
# abbreviations ("TP. Trà Vinh", "H. Sơn Dương"); longest first, so "thi xa" wins over "xa".
KIND_KEYS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(match_key(kind), kind) for _, kind in _KINDS]
        + [("tp", "thành phố"), ("tx", "thị xã"), ("tt", "thị trấn"), ("h", "huyện")]
        + [("q", "quận"), ("p", "phường")],
        key=lambda pair: -len(pair[0]),
    )
)


def kind_prefix(key: str) -> tuple[str | None, str]:
    """A match key that opens with a kind word: "tp tra vinh" → ("thành phố", "tra vinh")."""
    for word, kind in KIND_KEYS:
        if key.startswith(word + " "):
            return kind, key[len(word) + 1 :]
    return None, key


def kind_suffix(key: str) -> tuple[str, str | None]:
    """A match key that closes with a kind word: "cong an huyen" → ("cong an", "huyện")."""
    for word, kind in KIND_KEYS:
        if key.endswith(" " + word):
            return key[: -len(word) - 1], kind
    return key, None


@dataclass(frozen=True)
class UnitRecord:
    """One unit of one map, as the loader writes it to AdminUnit."""

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
    """A link from a unit of the earlier map to a unit of the 2025 map."""

    predecessor_path: str
    successor_path: str
    kind: str  # a UnitSuccession.Kind value
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


def province_name_2025(name: str, division_type: str) -> str:
    """The 2025 package writes "Tuyên Quang" but "Thành phố Hà Nội": give both a full name."""
    name = normalize_text(name)
    if split_kind(name)[0]:
        return name
    # division_type is "tỉnh" or "thành phố trung ương" (a city directly under the centre).
    return f"{'Tỉnh' if division_type == 'tỉnh' else 'Thành phố'} {name}"


def unit_path(map_: str, *codes: str) -> str:
    """ "pre2025/08/076/02182": the map, then the codes from the province down."""
    return "/".join((map_, *codes))


def _read_xz(name: str) -> Any:
    return json.loads(lzma.decompress((DATA / name).read_bytes()).decode("utf-8"))


def _unit(map_: str, level: str, code: int, name: str, parent: UnitRecord | None) -> UnitRecord:
    name = canonical_name(name)
    kind, short = split_kind(name)
    padded = f"{code:0{CODE_WIDTH[level]}d}"
    if parent is None:
        return UnitRecord(map_, level, padded, name, short, kind, unit_path(map_, padded), None)
    path = f"{parent.path}/{padded}"
    return UnitRecord(map_, level, padded, name, short, kind, path, parent.path)


@cache
def _pre2025() -> tuple[UnitRecord, ...]:
    units = []
    for p_code, p_name, districts in _read_xz("units-pre2025.json.xz"):
        province = _unit(PRE2025, PROVINCE, p_code, p_name, None)
        units.append(province)
        for d_code, d_name, wards in districts:
            district = _unit(PRE2025, DISTRICT, d_code, d_name, province)
            units.append(district)
            units.extend(_unit(PRE2025, COMMUNE, c, n, district) for c, n in wards)
    return tuple(units)


@cache
def _v2025() -> tuple[UnitRecord, ...]:
    from vietnam_provinces import Province, Ward

    provinces = {}
    for p in Province.iter_all():
        name = province_name_2025(p.name, p.division_type.value)
        provinces[int(p.code)] = _unit(V2025, PROVINCE, int(p.code), name, None)
    communes = [
        _unit(V2025, COMMUNE, int(w.code), w.name, provinces[int(w.province_code)])
        for w in Ward.iter_all()
    ]
    return (*provinces.values(), *sorted(communes, key=lambda u: u.path))


def iter_units(map_: str | None = None) -> Iterator[UnitRecord]:
    """Every unit of both maps (or of one), parents before children."""
    if map_ in (None, PRE2025):
        yield from _pre2025()
    if map_ in (None, V2025):
        yield from _v2025()


def iter_successions() -> Iterator[SuccessionRecord]:
    """Links from the units of the earlier map to those of 2025 (see data/SOURCES.md)."""
    paths = {(u.map, u.level, int(u.code)): u.path for u in iter_units()}
    for old_level, old_code, new_level, new_code, kind, is_default in _read_xz(
        "successions-2025.json.xz"
    )["links"]:
        yield SuccessionRecord(
            paths[(PRE2025, old_level, old_code)],
            paths[(V2025, new_level, new_code)],
            kind,
            bool(is_default),
        )
