"""A table as CSV, XLSX or JSON: the internal figures, or the published ones (suppressed)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils import timezone

from dondoc.core.renderers.xlsx import Sheet, render_xlsx

from .tables import Table, format_value


def _lines(table: Table, threshold: int | None) -> list[list[Any]]:
    """The rows then the total and previous-year rows: as recorded, or as published (every
    line suppressed together, so the totals give no hidden cell away)."""
    rows = [*table.rows, table.total, table.previous]
    if threshold is None:
        return [[row.label, *(row.values.get(c.key) for c in table.columns)] for row in rows]
    published = table.publish(threshold)
    lines = [*published.rows, published.total, published.previous]
    return [[row.label, *line] for row, line in zip(rows, lines, strict=True)]


def header(table: Table) -> list[str]:
    return [table.breakdown_label, *(c.label for c in table.columns)]


def to_csv(table: Table, *, threshold: int | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(table))
    for line in _lines(table, threshold):
        writer.writerow([format_value(v) if not isinstance(v, str) else v for v in line])
    return buffer.getvalue()


def to_json(table: Table, *, threshold: int | None = None) -> str:
    return json.dumps(
        {
            "table": table.name,
            "title": table.title,
            "unit": table.unit_name,
            "year": table.year,
            "breakdown": table.breakdown,
            "columns": header(table),
            "rows": _lines(table, threshold),
            "suppressed": threshold is not None,
            "synthetic": table.synthetic,
            "notes": table.notes,
            # From pre-built facts: when they were built, and whether a later write awaits
            # its rebuild (the API reads them as they are; it never rebuilds).
            "built_at": table.built_at.isoformat() if table.built_at else None,
            "stale": table.stale,
        },
        ensure_ascii=False,
        indent=1,
    )


def to_xlsx(table: Table, *, threshold: int | None = None) -> bytes:
    widths = [34, *(14 for _ in table.columns)]
    notes = list(table.notes)
    if table.synthetic:
        notes.append("Bảng có dữ liệu giả lập (dữ liệu trình diễn).")
    if table.built_at is not None:
        when = timezone.localtime(table.built_at).strftime("%H:%M ngày %d/%m/%Y")
        notes.append(f"Số liệu tính đến {when}.")
    if threshold is not None:
        notes.append(
            f"Các số từ 1 đến {threshold} được ẩn (“<{threshold + 1}”); “x”: ô ẩn thêm để không "
            "tính ngược được từ dòng, cột tổng, hoặc tỷ lệ của dòng có ô ẩn."
        )
    sheet = Sheet(
        name="Thống kê",
        title=f"{table.title.upper()} — {table.unit_name.upper()} — NĂM {table.year}",
        subtitle=f"Chia theo: {table.breakdown_label}",
        columns=list(zip(header(table), widths, strict=True)),
        rows=[
            (line, index >= len(table.rows)) for index, line in enumerate(_lines(table, threshold))
        ],
        notes=notes,
    )
    return render_xlsx([sheet])
