"""Finding an administrative unit from the way documents write it, and its 2025 successor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dondoc.core.exceptions import InvalidInput

from .models import AdminUnit
from .names import match_key
from .units import iter_units, kind_prefix

_LEVEL_RANK = {AdminUnit.Level.PROVINCE: 0, AdminUnit.Level.DISTRICT: 1, AdminUnit.Level.COMMUNE: 2}
# The one national unit (services/national.py creates it): root of its own subtree.
NATIONAL_CODE = "00"
NATIONAL_PATH = f"{AdminUnit.Map.NATIONAL.value}/{NATIONAL_CODE}"
# The default successor chain is one link long today; the bound only guards against a loop.
_MAX_CHAIN = 5


class AmbiguousUnit(InvalidInput):
    """Several units answer to the text; the message lists them so the user can be precise."""


@dataclass(frozen=True)
class _Part:
    kind: str | None
    key: str


def _parse(part: str) -> _Part:
    """ "TP. Trà Vinh" → (thành phố, "tra vinh"); "Đắk Nông" → (None, "dak nong")."""
    kind, key = kind_prefix(match_key(part))
    return _Part(kind, key)


def _matches(unit: AdminUnit, part: _Part) -> bool:
    return match_key(unit.short_name) == part.key and part.kind in (None, unit.kind)


@cache
def _paths_by_name() -> dict[str, tuple[str, ...]]:
    """Short-name key → paths of the units of both maps, from the vendored lists.

    Names are compared by match_key, which the database cannot compute alike on SQLite and
    PostgreSQL; the lists do not change while the process runs, so the index is built once.
    """
    index: dict[str, list[str]] = {}
    for record in iter_units():
        index.setdefault(match_key(record.short_name), []).append(record.path)
    return {key: tuple(paths) for key, paths in index.items()}


def unit_find(text: str, *, map: str | None = None, level: str | None = None) -> AdminUnit | None:
    """ "Huyện Sơn Dương, tỉnh Tuyên Quang", "TP. Trà Vinh", "Đắk Nông" → the unit, or None.

    Case, diacritics and tone placement do not matter; the kind may be written out, abbreviated
    ("TP.", "TX.", "H.") or left out. Parts after a comma name ancestors and narrow the search.
    Of several units that still answer, the 2025 map wins when no map is given ("tỉnh Tuyên
    Quang" today is the 2025 province), and the highest level wins when the text gives no kind
    ("Đắk Nông" is the province, not a commune of that name). If several remain — "xã Tân
    Thành" is in many provinces — AmbiguousUnit is raised, listing them, rather than guessing:
    a document attached to the wrong unit would be scoped to the wrong people.
    """
    parts = [_parse(p) for p in text.split(",") if p.strip()]
    if not parts or not parts[0].key:
        return None
    candidates = AdminUnit.objects.select_related("parent__parent").filter(
        path__in=_paths_by_name().get(parts[0].key, ())
    )
    if map:
        candidates = candidates.filter(map=map)
    if level:
        candidates = candidates.filter(level=level)
    found = [unit for unit in candidates if _matches(unit, parts[0])]
    for ancestor in parts[1:]:
        found = [unit for unit in found if any(_matches(a, ancestor) for a in unit.ancestors())]
    if len(found) > 1 and map is None:
        found = [unit for unit in found if unit.map == AdminUnit.Map.V2025] or found
    if len(found) > 1 and parts[0].kind is None:
        top = min(_LEVEL_RANK[AdminUnit.Level(unit.level)] for unit in found)
        found = [unit for unit in found if _LEVEL_RANK[AdminUnit.Level(unit.level)] == top]
    if len(found) > 1:
        listed = "; ".join(f"{unit.full_name} ({unit.get_map_display()})" for unit in found[:10])
        more = f" và {len(found) - 10} đơn vị khác" if len(found) > 10 else ""
        raise AmbiguousUnit(
            f"«{text}» ứng với nhiều đơn vị hành chính: {listed}{more}. "
            "Hãy ghi thêm đơn vị cấp trên, ví dụ "
            "«thị trấn Sơn Dương, huyện Sơn Dương, tỉnh Tuyên Quang»."
        )
    return found[0] if found else None


def unit_successors(unit: AdminUnit) -> list[AdminUnit]:
    """The chain of default successors of `unit`, ending in the 2025 map; empty if none.

    Huyện Sơn Dương → [Tỉnh Tuyên Quang (2025)]: districts ended on 1 July 2025 and their
    work went to the province. A unit of the 2025 map has no successors yet.
    """
    chain: list[AdminUnit] = []
    current = unit
    while current.map != AdminUnit.Map.V2025 and len(chain) < _MAX_CHAIN:
        successor = (
            AdminUnit.objects.filter(
                successions_in__predecessor=current, successions_in__is_default=True
            )
            .select_related("parent")
            .order_by("path")
            .first()
        )
        if successor is None or successor in chain:
            break
        chain.append(successor)
        current = successor
    return chain


def unit_current(unit: AdminUnit) -> AdminUnit | None:
    """The unit of the 2025 map that carries on `unit`: itself if current, else its default
    successor; None if the data has no successor for it (a few communes, listed in
    org/data/SOURCES.md; the successor of their district, a province, is the closest then).
    """
    if unit.map == AdminUnit.Map.V2025:
        return unit
    chain = unit_successors(unit)
    if chain and chain[-1].map == AdminUnit.Map.V2025:
        return chain[-1]
    return None


def unit_national() -> AdminUnit | None:
    """The national unit, or None where it has not been created (dondoc load_units does)."""
    return AdminUnit.objects.filter(path=NATIONAL_PATH).first()


# How the central issuers head their documents, as match keys, besides the names of the national
# directory: the Government and the Prime Minister, the National Assembly's bodies, the Party's
# central bodies.
_CENTRAL_HEADS = (
    "thu tuong chinh phu",
    "chinh phu",
    "quoc hoi",
    "uy ban thuong vu quoc hoi",
    "ban chap hanh trung uong",
    # National steering committees and councils ("Ban Chỉ đạo quốc gia 1237").
    "ban chi dao quoc gia",
    "ban chi dao trung uong",
    "hoi dong quoc gia",
    "uy ban quoc gia",
)
_LOCAL_WORDS = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran")


@cache
def _central_keys() -> tuple[str, ...]:
    from .directory import NATIONAL_KIND, render, templates_for

    keys = set(_CENTRAL_HEADS)
    for template in templates_for(AdminUnit.Map.NATIONAL, AdminUnit.Level.NATIONAL, NATIONAL_KIND):
        name, _, aliases = render(template, kind=NATIONAL_KIND, unit_name="")
        keys |= {match_key(n) for n in (name, *aliases) if len(match_key(n)) > 4}
    return tuple(sorted(keys, key=len, reverse=True))


def is_central_issuer(issuer: str) -> bool:
    """ "THỦ TƯỚNG CHÍNH PHỦ", "Bộ Công an", "Bộ Lao động - Thương binh và Xã hội" → True;
    "Ủy ban nhân dân tỉnh Tuyên Quang", "BỘ CÔNG AN / CÔNG AN TỈNH KIÊN GIANG" → False: a local
    body may head with its ministry's name first, then its own, which names its unit."""
    key = match_key(issuer)
    for head in _central_keys():
        if key == head or key.startswith(head + " "):
            rest = f" {key[len(head) :]} "
            return not any(f" {word} " in rest for word in _LOCAL_WORDS)
    return False


# The issuer's abbreviation in a document's symbol (Decree 30/2020/NĐ-CP, Appendix I: "số, ký
# hiệu" = number / type - issuer): "KH-TTg" is the Prime Minister's, "CT-BCA" the Ministry of
# Public Security's. Local bodies write their own ("KH-UBND", "KH-CAT-PC02"), never these.
_CENTRAL_SYMBOLS = frozenset(
    match_key(s).replace(" ", "")
    for s in (
        "TTg", "CP", "VPCP", "TTCP", "NHNN", "KTNN", "TANDTC", "VKSTC", "VKSNDTC", "UBDT",
        "BQP", "BCA", "BNG", "BNV", "BTP", "BTC", "BCT", "BNNMT", "BXD", "BVHTTDL", "BKHCN",
        "BGDĐT", "BYT", "BDTTG", "BLĐTBXH", "BKHĐT", "BTTTT", "BGTVT", "BNNPTNT", "BTNMT",
        "MTTW", "ĐCT",
    )
)  # fmt: skip


def is_central_symbol(symbol: str) -> bool:
    """ "KH-TTg", "QĐ-BLĐTBXH", "CT-BCA" → True; "KH-UBND", "KH-CAT-CSHS" → False."""
    parts = [match_key(p).replace(" ", "") for p in symbol.split("-")[1:]]
    return bool(parts) and parts[0] in _CENTRAL_SYMBOLS
