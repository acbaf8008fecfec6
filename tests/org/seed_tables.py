"""Reading the lead and coordinating cells of a seed's appendix table, for the resolver tests.

A test helper, not the plans importer: it merges continuation rows (empty STT) cell-wise
into the row above and skips the header rows repeated at page breaks.
"""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def assignment_cells(prefix: str) -> list[str]:
    rows: list[list[str]] = []
    for line in seed_path(prefix).read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 4 or cells[0].strip() == "STT":
            continue
        cells = [c.strip() for c in cells] + [""] * (6 - len(cells))
        if not cells[0] and rows:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=False)]
        else:
            rows.append(cells)
    return [cell for row in rows for cell in row[2:4] if cell]
