"""The text of a Word file as an officer reads it: its paragraphs and its tables' cells, in the
order they stand in the document (python-docx's `paragraphs` alone skips the tables)."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def word_text(source: bytes | Path | str) -> str:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: list[object] = []
                for cell in row.cells:  # a merged cell is returned once per grid column
                    if cell._tc in seen:
                        continue
                    seen.append(cell._tc)
                    lines.append(cell.text)
    return "\n".join(lines)
