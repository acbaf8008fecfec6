"""core.renderers.xlsx: an annex as an officer opens it, read back cell by cell: the title,
the header, each data cell in the data look (bold on a group row, thin borders all round),
a task's text once over its agencies' rows (merged, the rows below it empty), imported text
never a formula, and the rows tall enough for their wrapped text."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dondoc.core.renderers.xlsx import FONT, Sheet, render_xlsx


def _sheet() -> Sheet:
    return Sheet(
        name="Phụ lục",
        title="PHỤ LỤC: TÌNH HÌNH THỰC HIỆN",
        subtitle="(Kèm theo Báo cáo số 1/BC-UBND)",
        columns=[("Mục", 6), ("Nhiệm vụ", 30), ("Cơ quan", 20)],
        rows=[
            (["I", "Nhóm nhiệm vụ 1", ""], True),
            (["I.1", "Tuyên truyền Công ước chống tra tấn " * 4, "Công an tỉnh"], False),
            (["", "", '=HYPERLINK("http://x")'], False),
            (["", "", "Sở Tư pháp"], False),
        ],
        # I.1's section and task over its three agencies' rows (rows 1-3 of `rows`).
        merges=[(1, 3, (1, 2))],
        notes=["Ghi chú: số liệu đến ngày 30/11/2026."],
    )


def test_an_annex_reads_back_as_it_was_laid_out() -> None:
    sheet = load_workbook(io.BytesIO(render_xlsx([_sheet()]))).active
    assert sheet.title == "Phụ lục" and sheet["A1"].value == "PHỤ LỤC: TÌNH HÌNH THỰC HIỆN"
    assert [c.value for c in sheet[3]] == ["Mục", "Nhiệm vụ", "Cơ quan"]
    merged = sorted(str(r) for r in sheet.merged_cells.ranges)
    assert merged == ["A1:C1", "A2:C2", "A5:A7", "B5:B7"]
    assert sheet["A5"].value == "I.1" and sheet["B6"].value is None and sheet["B7"].value is None
    covered = {"A6", "A7", "B6", "B7"}  # under a merge: shown by its first cell
    for row in range(4, 8):
        for column in "ABC":
            cell = sheet[f"{column}{row}"]
            if cell.coordinate not in covered:
                assert (cell.font.name, cell.font.sz) == (FONT, 12), cell.coordinate
                assert cell.font.b == (row == 4), cell.coordinate  # the group row alone: bold
                assert cell.alignment.vertical == "top" and cell.alignment.wrap_text
            # A merged block is framed on its outside: a covered cell by its left and right.
            sides = [cell.border.left, cell.border.right]
            if cell.coordinate not in covered:
                sides += [cell.border.top, cell.border.bottom]
            assert all(side.style == "thin" for side in sides), cell.coordinate
    # Imported text is data: a cell that reads like a formula stays text.
    assert sheet["C6"].data_type == "s" and sheet["C6"].value.startswith("=HYPERLINK")
    # The merged task's text needs its lines over the three rows it spans: they grew.
    assert sum(sheet.row_dimensions[r].height for r in (5, 6, 7)) > 3 * 17.75
    assert sheet["A8"].value == "Ghi chú: số liệu đến ngày 30/11/2026."
