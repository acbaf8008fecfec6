"""Small-cell suppression for tables that leave the agency. Pure.

Primary: a count from 1 to `threshold` is hidden ("<N" where N = threshold + 1). Secondary
(complementary): a row or column with exactly one hidden cell would let a reader recompute it
from the total, so the smallest other non-zero cell of that line is hidden too, until no line
has a single hidden cell. Zeros are shown (they disclose no one); totals are shown.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False
    primary: bool = False

    def shown(self, threshold: int) -> str:
        return f"<{threshold + 1}" if self.hidden else str(self.value)


def suppress(grid: list[list[int]], *, threshold: int) -> list[list[Cell]]:
    """Hide the small cells of `grid` (rows × columns of counts, without totals)."""
    hidden = [[0 < value <= threshold for value in row] for row in grid]
    primary = [row[:] for row in hidden]

    def lines() -> list[list[tuple[int, int]]]:
        rows = [[(r, c) for c in range(len(grid[r]))] for r in range(len(grid))]
        width = max((len(row) for row in grid), default=0)
        columns = [[(r, c) for r in range(len(grid)) if c < len(grid[r])] for c in range(width)]
        return rows + columns

    changed = True
    while changed:
        changed = False
        for line in lines():
            marked = [(r, c) for r, c in line if hidden[r][c]]
            if len(marked) != 1:
                continue
            candidates = [(grid[r][c], r, c) for r, c in line if not hidden[r][c] and grid[r][c]]
            if not candidates:
                continue  # the only other cells are zeros: the hidden one equals the total
            _, r, c = min(candidates)
            hidden[r][c] = True
            changed = True
    return [
        [Cell(value, hidden[r][c], primary[r][c]) for c, value in enumerate(row)]
        for r, row in enumerate(grid)
    ]
