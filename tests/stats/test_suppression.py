"""Small-cell suppression: primary and secondary, so that no hidden cell can be recomputed by
one equation of the published table (a row or a column with its total, margins included)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.stats.suppression import Cell, SuppressedGrid, suppress
from dondoc.stats.tables import Column, Row, Table

THRESHOLD = 4


def _equations(result: SuppressedGrid) -> list[list[Cell]]:
    """Every equation a reader knows: each row with its total, each column with its total,
    the total row and the total column with the grand total."""
    rows = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    rows.append([*result.column_totals, result.total])
    columns = [
        [*(row[c] for row in result.cells), result.column_totals[c]]
        for c in range(len(result.column_totals))
    ]
    columns.append([*result.row_totals, result.total])
    return rows + columns


def _recoverable(equation: list[Cell]) -> list[int]:
    """What a reader recomputes from one equation (parts sum to the last cell): the value of
    its only hidden cell, if it has exactly one."""
    hidden = [cell for cell in equation if cell.hidden]
    if len(hidden) != 1:
        return []
    *parts, total = equation
    if total.hidden:
        return [sum(cell.value for cell in parts)]
    return [total.value - sum(cell.value for cell in parts if not cell.hidden)]


def test_a_hidden_two_cannot_be_read_back_from_the_total_row() -> None:
    # The 2 is alone among zeros in its column: its total would be 2 as well.
    result = suppress([[2, 30], [0, 40], [0, 50]], threshold=THRESHOLD)
    assert result.cells[0][0].hidden and result.column_totals[0].hidden
    assert result.column_totals[0].shown(THRESHOLD) == "<5"
    assert all(not _recoverable(equation) for equation in _equations(result))


def test_a_cell_hidden_only_to_protect_another_shows_x_not_a_small_number() -> None:
    result = suppress([[2, 40], [30, 50]], threshold=THRESHOLD)
    assert result.cells[0][0].shown(THRESHOLD) == "<5"
    protected = [cell for row in result.cells for cell in row if cell.hidden and not cell.primary]
    assert protected and {cell.shown(THRESHOLD) for cell in protected} == {"x"}
    assert result.cells[0][1].shown(THRESHOLD) == "x"  # the 40 beside the 2


def test_zeros_and_large_counts_stay() -> None:
    result = suppress([[0, 10], [20, 30]], threshold=THRESHOLD)
    assert not any(cell.hidden for row in result.cells for cell in row)
    assert [c.value for c in result.row_totals] == [10, 50]
    assert result.total.shown(THRESHOLD) == "60"


grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=14), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=400, deadline=None)
@given(grids)
def test_no_hidden_value_follows_from_one_equation_margins_included(grid) -> None:
    result = suppress(grid, threshold=THRESHOLD)
    every = [
        *(cell for row in result.cells for cell in row),
        *result.row_totals,
        *result.column_totals,
        result.total,
    ]
    for cell in every:
        # Small counts (totals too) are hidden as small; others show their value or "x".
        assert cell.primary == (0 < cell.value <= THRESHOLD)
        assert cell.hidden or not cell.primary
        shown = cell.shown(THRESHOLD)
        assert shown == ("<5" if cell.primary else "x" if cell.hidden else str(cell.value))
    for equation in _equations(result):
        assert sum(cell.hidden for cell in equation) != 1
        assert _recoverable(equation) == []


def _table(rows: list[list[int]], previous: list[int]) -> Table:
    columns = [
        Column("received", "Tiếp nhận", parts=("prosecute", "pending")),
        Column("prosecute", "Khởi tố"),
        Column("pending", "Đang giải quyết"),
        Column("rate", "Tỷ lệ", rate=True),
    ]
    keys = ["prosecute", "pending"]

    def row(key: str, parts: list[int]) -> Row:
        values: dict[str, float | int] = dict(zip(keys, parts, strict=True))
        values["received"] = sum(parts)
        values["rate"] = round(100 * parts[0] / sum(parts), 1) if sum(parts) else 0.0
        return Row(key, key, values)

    body = [row(f"r{i}", parts) for i, parts in enumerate(rows)]
    total = [sum(parts[i] for parts in rows) for i in range(2)]
    return Table(
        name="t", title="t", unit_name="u", year=2024, breakdown="unit", breakdown_label="Đơn vị",
        columns=columns, rows=body, total=row("total", total), previous=row("previous", previous),
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=2),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=2),
)
def test_published_table_keeps_totals_consistent_with_what_is_hidden(rows, previous) -> None:
    table = _table(rows, previous)
    published = table.publish(THRESHOLD)
    lines = [*published.rows, published.total]
    values = [*table.rows, table.total]
    counts = ["received", "prosecute", "pending"]

    def hidden(line: list[str], index: int) -> bool:
        return line[index] in ("<5", "x")

    for line, row in zip([*lines, published.previous], [*values, table.previous], strict=True):
        for index, key in enumerate(counts):
            value = int(row.values[key])
            if 0 < value <= THRESHOLD:
                assert line[index] == "<5"
            elif not hidden(line, index):
                assert line[index] == str(value)
        # received = prosecute + pending, within each line (the total row's included)
        assert sum(hidden(line, index) for index in range(3)) != 1
        if any(hidden(line, index) for index in range(3)):
            assert line[3] == "x"  # the rate would give the hidden counts away
    for index in range(3):  # each column with the total row
        assert sum(hidden(line, index) for line in lines) != 1


def test_published_export_hides_the_total_that_would_give_a_small_cell_away() -> None:
    from dondoc.stats.export import to_csv

    table = _table([[2, 0], [0, 40], [0, 30]], [7, 9])
    lines = to_csv(table, threshold=THRESHOLD).splitlines()
    assert lines[1].split(",")[:3] == ["r0", "<5", "<5"]
    total = lines[4].split(",")
    assert total[0] == "total" and total[2] == "<5"  # the total of Khởi tố is the hidden 2
    assert "2" not in total[1:]
    assert to_csv(table).splitlines()[4].split(",")[2] == "2"  # inside the agency: as recorded
