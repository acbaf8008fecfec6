"""A Word header in a two-column table whose cells hold several lines (issue 14): the issuer
with its second line, the number and the date are read from the cells, not from the appendix."""

from __future__ import annotations

import io

import docx

from dondoc.plans.importers import parse_plan

BODY = ["KẾ HOẠCH", "Tăng cường thực thi", "I. NHIỆM VỤ", "1. Phòng Tư pháp chủ trì tham mưu."]


def _word(cells: list[list[str]]) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=len(cells), cols=2)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for paragraph in BODY:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_header_cells_holding_several_lines() -> None:
    data = _word(
        [
            [
                "ỦY BAN NHÂN DÂN\nHUYỆN SƠN DƯƠNG\n-------\nSố: 284/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                "---------------\nSơn Dương, ngày 04 tháng 7 năm 2023",
            ]
        ]
    )
    header = parse_plan(data, file="ke-hoach.docx").document
    assert (header.number, header.date, header.place) == ("284/KH-UBND", "2023-07-04", "Sơn Dương")
    assert header.issuer == "Ủy ban nhân dân huyện Sơn Dương"
