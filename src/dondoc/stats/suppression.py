"""Small-cell suppression for tables that leave the agency. Pure.

A published table is a set of cells and the equations a reader knows hold among them: each
line says that its parts add up to its total (a row of a breakdown and the total row's cell
of the same column; "Tiếp nhận" and the outcomes that share it out). A hidden cell must not
be recoverable from one such equation, so:

- primary suppression hides every count from 1 to `threshold`, totals included (shown "<N",
  N = threshold + 1: the reader learns only that it is small);
- secondary (complementary) suppression: a line with exactly one hidden cell gives that cell
  by subtraction, so one more cell of the line is hidden (shown "x", never "<N": it may be
  large). The one chosen is the smallest non-zero part, else the smallest non-zero total of
  the line (a total that would give the cell away is hidden itself), else a zero; repeated
  over every line until each has either no hidden cell or at least two: a fixed point, as
  each round only adds cells.

Zeros are shown unless needed to protect another cell (they disclose no one).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False
    primary: bool = False  # hidden for being small, not only to protect another cell

    def shown(self, threshold: int) -> str:
        if not self.hidden:
            return str(self.value)
        return f"<{threshold + 1}" if self.primary else "x"


def suppress_cells(
    values: Mapping[K, int],
    lines: Iterable[Sequence[K]],
    *,
    threshold: int,
    totals: Iterable[K] = (),
) -> dict[K, Cell]:
    """Hide the small cells of `values` and enough others that no line of `lines` (the cells
    of one additive equation, its total among them) has exactly one hidden cell. `totals`:
    the cells that are totals, hidden for protection only when no part of the line can be."""
    equations = [list(line) for line in lines if len(line) >= 2]
    margins = set(totals)
    primary = {key for key, value in values.items() if 0 < value <= threshold}
    hidden = set(primary)

    def preference(key: K) -> tuple[bool, bool, int]:
        value = values[key]
        return (value == 0, key in margins, value)

    changed = True
    while changed:
        changed = False
        for line in equations:
            if sum(key in hidden for key in line) != 1:
                continue
            hidden.add(min((key for key in line if key not in hidden), key=preference))
            changed = True
    return {key: Cell(value, key in hidden, key in primary) for key, value in values.items()}


@dataclass(frozen=True)
class SuppressedGrid:
    """A grid of counts with its margins, as published."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress(grid: list[list[int]], *, threshold: int) -> SuppressedGrid:
    """Suppress a rows × columns grid of counts together with its row and column totals and
    the grand total, as they are published beside it."""
    rows = range(len(grid))
    width = max((len(row) for row in grid), default=0)
    columns = range(width)
    values: dict[tuple[int | None, int | None], int] = {}
    for r in rows:
        for c in columns:
            values[(r, c)] = grid[r][c] if c < len(grid[r]) else 0
        values[(r, None)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(None, c)] = sum(values[(r, c)] for r in rows)
    values[(None, None)] = sum(values[(r, None)] for r in rows)
    lines = [[*((r, c) for c in columns), (r, None)] for r in [*rows, None]]
    lines += [[*((r, c) for r in rows), (None, c)] for c in [*columns, None]]
    totals = [key for key in values if None in key]
    cells = suppress_cells(values, lines, threshold=threshold, totals=totals)
    return SuppressedGrid(
        cells=[[cells[(r, c)] for c in columns] for r in rows],
        row_totals=[cells[(r, None)] for r in rows],
        column_totals=[cells[(None, c)] for c in columns],
        total=cells[(None, None)],
    )
