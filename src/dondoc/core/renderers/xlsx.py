"""Table workbooks (annexes of reports): a title, a header row, data rows, print-ready. Pure."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

FONT = "Times New Roman"


@dataclass
class Sheet:
    name: str
    title: str
    columns: list[tuple[str, int]]  # (header, width in characters)
    rows: list[tuple[list[object], bool]]  # (values, is a group row: bold)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)


def render_xlsx(sheets: list[Sheet]) -> bytes:
    # openpyxl (and the numpy it loads) imported here, not at the top: every `dondoc` command
    # loads this module through the apps' registrations, and most never write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    workbook.remove(workbook.active)
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
        for values, group in spec.rows:
            sheet.append(values)
            row = sheet.max_row
            for index in range(1, width + 1):
                cell = sheet.cell(row=row, column=index)
                cell.font = Font(name=FONT, size=12, bold=group)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                cell.border = border
                if cell.data_type == "f":  # imported text is data, never a formula
                    cell.data_type = "s"
        for note in spec.notes:
            sheet.append([note])
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
