"""The published tables, one module each, registered by name (`dondoc stats list`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..suppression import Cell, suppress


@dataclass
class Column:
    key: str
    label: str
    rate: bool = False  # a percentage, computed from two counts: never suppressed itself


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, float | int]


@dataclass
class Table:
    name: str
    title: str
    unit_name: str
    year: int
    breakdown: str
    breakdown_label: str
    columns: list[Column]
    rows: list[Row]
    total: Row
    previous: Row  # the same totals a year earlier
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False  # built (partly) from generated demo records
    # Tables read from pre-built facts: when those were built, and whether a later write
    # awaits its rebuild (None, False: the table is counted from the records as they are).
    built_at: datetime.datetime | None = None
    stale: bool = False

    def grid(self) -> list[list[int]]:
        counts = [c.key for c in self.columns if not c.rate]
        return [[int(row.values.get(k, 0)) for k in counts] for row in self.rows]

    def published(self, threshold: int) -> list[list[str]]:
        """Rows as shown outside the agency: small counts hidden, rates of hidden cells too."""
        cells: list[list[Cell]] = suppress(self.grid(), threshold=threshold)
        counts = [c.key for c in self.columns if not c.rate]
        shown = []
        for row, row_cells in zip(self.rows, cells, strict=True):
            by_key = dict(zip(counts, row_cells, strict=True))
            line = []
            hidden_row = any(cell.hidden for cell in row_cells)
            for column in self.columns:
                if column.rate:
                    line.append("x" if hidden_row else format_value(row.values.get(column.key)))
                else:
                    line.append(by_key[column.key].shown(threshold))
            shown.append(line)
        return shown


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    breakdowns: dict[str, str]
    compute: Callable[..., Table]
    # The table's one narrowing filter (compute's `child_abuse` argument), as offered to users.
    focus_label: str = "Chỉ xâm hại trẻ em"


def registry() -> dict[str, TableSpec]:
    from . import activities, cases, compensation, complaints, crime_reports

    specs = (crime_reports.SPEC, complaints.SPEC, cases.SPEC, compensation.SPEC, activities.SPEC)
    return {spec.name: spec for spec in specs}


def by_child_unit(
    rows: list[dict[str, Any]], unit: Any, path_key: str = "unit__path"
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str], list[str]]:
    """Rows grouped under the units directly below `unit` (rows of `unit` itself apart), with
    the groups' labels and their order: the "by administrative unit" breakdown of every table."""
    from dondoc.org.models import AdminUnit

    children = {c.path: c for c in AdminUnit.objects.filter(parent=unit)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        path = row[path_key]
        key = next((p for p in children if path == p or path.startswith(p + "/")), unit.path)
        groups.setdefault(key, []).append(row)
    labels = {p: u.name for p, u in children.items()} | {unit.path: f"{unit.name} (cấp này)"}
    return groups, labels, sorted(groups)


def current_year() -> int:
    return datetime.date.today().year
