"""Cell and line markup → plain text. Imported text is data: tags are dropped, never rendered.

The text form of the seeds carries HTML bits inside table cells (`<b>`, `<ul><li>`, `<p>`,
`<br>`) and Markdown emphasis around headings (`## **KẾ HOẠCH**`); documents converted from
Word carry non-breaking spaces and soft hyphens. What is left is NFC text whose line breaks
are the list items and paragraphs of the cell.
"""

from __future__ import annotations

import html
import re
import unicodedata

_BLOCK_TAG_RE = re.compile(r"<\s*/?\s*(li|br|p|div|tr|ul|ol|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_EMPHASIS_RE = re.compile(
    r"(\*\*\*|\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])", re.DOTALL
)
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)


def strip_emphasis(text: str) -> str:
    """Markdown bold/italic markers and heading hashes removed: "## **KẾ HOẠCH**" → "KẾ HOẠCH"."""
    text = _HEADING_RE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return text


def plain_text(value: str) -> str:
    """One cell or paragraph as plain NFC text; list items and paragraphs become lines."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    text = _BLOCK_TAG_RE.sub("\n", text)
    text = strip_emphasis(html.unescape(_ANY_TAG_RE.sub("", text)))
    lines = []
    for line in text.replace("\r", "\n").split("\n"):
        line = _SPACES_RE.sub(" ", strip_emphasis(line)).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def one_line(value: str) -> str:
    """Plain text on one line (titles, names)."""
    return " ".join(plain_text(value).split("\n"))


# The Official Gazette's running head on every page ("CÔNG BÁO/Số 575 + 576/Ngày 17-7-2022",
# the page number before or after it): page furniture, not text of the document.
_GAZETTE_HEAD_RE = re.compile(
    r"^\s*(?:\d+\s+)?CÔNG BÁO\s*/\s*Số\s+[\d\s+]+/\s*Ngày\s+\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}"
    r"(?:\s+\d+)?\s*$",
    re.IGNORECASE,
)


# The page break a PDF or OCR text extractor writes between two pages ("--- PAGE BREAK ---",
# a form feed): not text; the sentence it cuts goes on after it.
_PAGE_BREAK_RE = re.compile(r"^\s*(?:-{2,}\s*PAGE\s+BREAK\s*-{2,}|\f)\s*$", re.IGNORECASE)


def is_page_furniture(line: str) -> bool:
    line = unicodedata.normalize("NFC", line)
    return bool(_GAZETTE_HEAD_RE.match(line) or _PAGE_BREAK_RE.match(line))
