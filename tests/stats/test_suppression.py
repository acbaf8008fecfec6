"""Small-cell suppression: primary and complementary, so no hidden cell can be recomputed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dondoc.stats.suppression import suppress


def test_primary_and_complementary() -> None:
    grid = [[12, 2, 30], [8, 15, 9], [20, 11, 14]]
    cells = suppress(grid, threshold=4)
    shown = [[cell.shown(4) for cell in row] for row in cells]
    assert shown[0][1] == "<5"  # primary
    hidden = {(r, c) for r, row in enumerate(cells) for c, cell in enumerate(row) if cell.hidden}
    assert (0, 1) in hidden and len(hidden) >= 4  # a second cell in its row and its column…
    for row in cells:  # …and no line is left with a single hidden cell
        assert sum(cell.hidden for cell in row) != 1
    for c in range(3):
        assert sum(cells[r][c].hidden for r in range(3)) != 1


def test_zeros_and_large_counts_stay() -> None:
    cells = suppress([[0, 10], [20, 30]], threshold=4)
    assert not any(cell.hidden for row in cells for cell in row)


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3),
        min_size=2,
        max_size=5,
    )
)
def test_no_hidden_cell_is_alone_in_a_line_unless_the_rest_are_zeros(grid) -> None:
    cells = suppress(grid, threshold=3)
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if 0 < grid[r][c] <= 3:
                assert cell.hidden
    for index, row in enumerate(cells):
        hidden = [c for c, cell in enumerate(row) if cell.hidden]
        others = [grid[index][c] for c in range(len(row)) if c not in hidden]
        assert len(hidden) != 1 or not any(others)
    for c in range(3):
        column = [cells[r][c] for r in range(len(cells))]
        hidden = [r for r, cell in enumerate(column) if cell.hidden]
        others = [grid[r][c] for r in range(len(cells)) if r not in hidden]
        assert len(hidden) != 1 or not any(others)
