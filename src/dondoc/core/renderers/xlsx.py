"""Table workbooks (annexes of reports): a title, a header row, data rows, print-ready. Pure."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

FONT = "Times New Roman"
_DATA, _DATA_BOLD = "dondoc: dữ liệu", "dondoc: dữ liệu, đậm"  # the data cells' named styles
LINE_HEIGHT = 15.75  # points per line of 12 pt text


@dataclass
class Sheet:
    name: str
    title: str
    columns: list[tuple[str, int]]  # (header, width in characters)
    rows: list[tuple[list[object], bool]]  # (values, is a group row: bold)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    # Cells merged down over several data rows: (first row index in `rows`, row count, the
    # 1-based columns), for a task printed once over its agencies' rows.
    merges: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)
    total: list[object] | None = None  # a bold totals row under the data
    # A group row's text (its second cell) spans the row to the last column.
    wide_groups: bool = False


def _lines(value: object, chars: int) -> int:
    """How many printed lines a wrapped cell takes in a column `chars` wide."""
    if value is None or value == "":
        return 1
    # Times New Roman 12 pt fits from 1 (names with capitals) to 1.2 (running text) characters
    # per unit of column width on LibreOffice's print of the annex: the narrower is assumed, so
    # a line may be left spare, never cut.
    per_line = max(chars - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))


def _span(sheet: Any, spans: list[Any], top: int, left: int, bottom: int, right: int) -> None:
    """A merge of `sheet`'s cells from (top, left) to (bottom, right), kept in `spans` to be
    set with the others at once; the cells under it left empty (shown by its first)."""
    from openpyxl.worksheet.cell_range import CellRange

    spans.append(CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom))
    for row in range(top, bottom + 1):
        for column in range(left, right + 1):
            if (row, column) != (top, left):
                sheet.cell(row=row, column=column).value = None


def render_xlsx(sheets: list[Sheet]) -> bytes:
    # openpyxl (and the numpy it loads) imported here, not at the top: every `dondoc` command
    # loads this module through the apps' registrations, and most never write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    workbook.remove(workbook.active)
    # The data cells' two looks as named styles, set on each cell by name: a Font, Alignment
    # and Border set on a cell are each hashed field by field to find them in the workbook's
    # tables (two thirds of a 1,500-row annex's 1.9 s); a named style is found by its name.
    for name, bold in ((_DATA, False), (_DATA_BOLD, True)):
        workbook.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name=FONT, size=12, bold=bold),
                alignment=Alignment(vertical="top", wrap_text=True),
                border=border,
            )
        )
    for spec in sheets:
        sheet = workbook.create_sheet(spec.name[:31])
        width = len(spec.columns)
        sheet.append([spec.title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet["A1"].font = Font(name=FONT, size=13, bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.append([spec.subtitle])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet["A2"].font = Font(name=FONT, size=12, italic=True)
        sheet["A2"].alignment = Alignment(horizontal="center")
        sheet.append([header for header, _ in spec.columns])
        header_row = 3
        for index, (_, chars) in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = chars
            cell = sheet.cell(row=header_row, column=index)
            cell.font = Font(name=FONT, size=12, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
        widths = [chars for _, chars in spec.columns]
        sheet.row_dimensions[header_row].height = LINE_HEIGHT * max(
            _lines(header, chars) for header, chars in spec.columns
        )
        merged = {
            (first + offset, column)
            for first, count, columns in spec.merges
            for offset in range(count)
            for column in columns
        }
        rows = list(spec.rows)
        if spec.total is not None:
            rows.append((spec.total, True))
        first_data = header_row + 1
        # The data rows' merges, set at once after the rows: openpyxl's merge_cells checks
        # each new merge against every earlier one and rebuilds the borders of its cells,
        # most of a 1,500-row annex's time. These never overlap, and their cells already carry
        # the data cells' borders; the cells under a merge are left empty, shown by its first.
        spans: list[Any] = []
        heights: list[int] = []
        for number, (values, group) in enumerate(rows):
            sheet.append(values)
            # Counted, not read: openpyxl's max_row looks at every cell written so far, which
            # made a 10,000-row export take 30-50 s (quadratic in the rows).
            row = first_data + number
            look = _DATA_BOLD if group else _DATA
            for index in range(1, width + 1):
                cell = sheet.cell(row=row, column=index)
                cell.style = look
                if cell.data_type == "f":  # imported text is data, never a formula
                    cell.data_type = "s"
            if spec.wide_groups and group and number < len(spec.rows) and width > 2:
                _span(sheet, spans, row, 2, row, width)
                heights.append(
                    max(_lines(values[0], widths[0]), _lines(values[1], sum(widths[1:])))
                )
                continue
            heights.append(
                max(
                    (
                        _lines(v, widths[i])
                        for i, v in enumerate(values)
                        if (number, i + 1) not in merged
                    ),
                    default=1,
                )
            )
        for first, count, columns in spec.merges:
            # The merged text needs its lines over the rows it spans: the rows grow evenly.
            need = max(_lines(rows[first][0][c - 1], widths[c - 1]) for c in columns)
            have = sum(heights[first : first + count])
            if need > have:
                extra = math.ceil((need - have) / count)
                for offset in range(count):
                    heights[first + offset] += extra
            if count > 1:
                for column in columns:
                    top = first_data + first
                    _span(sheet, spans, top, column, top + count - 1, column)
        sheet.merged_cells = MultiCellRange([*sheet.merged_cells.ranges, *spans])
        for number, lines in enumerate(heights):
            sheet.row_dimensions[first_data + number].height = LINE_HEIGHT * lines + 2
        for note in spec.notes:
            sheet.append([note])
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        sheet.oddFooter.center.text = "Trang &P/&N"
        sheet.oddFooter.center.font = FONT
        sheet.oddFooter.center.size = 11
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
