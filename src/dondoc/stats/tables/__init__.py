"""The published tables, one module each, registered by name (`dondoc stats list`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dondoc.core.paths import within

from ..suppression import Cell, suppress_cells


@dataclass
class Column:
    key: str
    label: str
    rate: bool = False  # a percentage, computed from two counts: never suppressed itself
    # The columns of the same row this one is the sum of ("Tiếp nhận" = the outcomes): an
    # equation a reader of the published table knows, so suppression protects it.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Published:
    """The table's lines as shown outside the agency, total rows included."""

    rows: list[list[str]]
    total: list[str]
    previous: list[str]


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

    def publish(self, threshold: int) -> Published:
        """The lines as shown outside the agency (stats.suppression): small counts hidden
        ("<N"), and the cells hidden to protect them ("x"), so that no hidden count follows
        by subtraction from a column and the total row, or from a row's "received" and its
        outcomes; a rate is "x" when a count of its line is hidden. The previous year's
        totals are a line of their own."""
        counts = [c.key for c in self.columns if not c.rate]
        lines: dict[str, list[Row]] = {"row": self.rows, "total": [self.total]}
        lines["previous"] = [self.previous]
        values = {
            (kind, index, key): int(row.values.get(key, 0))
            for kind, rows in lines.items()
            for index, row in enumerate(rows)
            for key in counts
        }
        equations: list[list[tuple[str, int, str]]] = [
            [*(("row", i, key) for i in range(len(self.rows))), ("total", 0, key)] for key in counts
        ]
        totals = [("total", 0, key) for key in counts]
        for kind, rows in lines.items():
            for index in range(len(rows)):
                # The whole line, and each sum the columns declare, as equations.
                equations.append([(kind, index, key) for key in counts])
                for column in self.columns:
                    if column.parts:
                        equations.append(
                            [(kind, index, column.key), *((kind, index, p) for p in column.parts)]
                        )
                        totals.append((kind, index, column.key))
        cells: dict[tuple[str, int, str], Cell] = suppress_cells(
            values, equations, threshold=threshold, totals=totals
        )

        def shown(kind: str, index: int, row: Row) -> list[str]:
            line_hidden = any(cells[(kind, index, key)].hidden for key in counts)
            return [
                ("x" if line_hidden else format_value(row.values.get(column.key)))
                if column.rate
                else cells[(kind, index, column.key)].shown(threshold)
                for column in self.columns
            ]

        return Published(
            rows=[shown("row", i, row) for i, row in enumerate(self.rows)],
            total=shown("total", 0, self.total),
            previous=shown("previous", 0, self.previous),
        )

    def published(self, threshold: int) -> list[list[str]]:
        """The rows as shown outside the agency (see publish)."""
        return self.publish(threshold).rows


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
    # A child's path is its parent's and one code more ("2025/08" → "2025/08/09877"): the
    # child a row falls under is its path cut to that length, looked up, not searched among
    # the children (a province has hundreds of communes, a table thousands of rows).
    depth = unit.path.count("/") + 2
    for row in rows:
        path = row[path_key]
        cut = "/".join(path.split("/", depth)[:depth])
        # Else the unit's own rows, or a path not built as the map's (searched, as before).
        searched = (p for p in children if within(path, p))
        key = cut if cut in children else next(searched, unit.path)
        groups.setdefault(key, []).append(row)
    labels = {p: u.name for p, u in children.items()} | {unit.path: f"{unit.name} (cấp này)"}
    return groups, labels, sorted(groups)


def current_year() -> int:
    return timezone.localdate().year
