"""Administrative documents rendered to DOCX as Decree 30/2020/NĐ-CP, Appendix I, lays them out.

The renderer is pure: an `AdministrativeDocument` (plain dataclasses, no Django) goes in, the
bytes of a Word file come out. Every string is data: it is written as literal text, never read
as markup; a newline inside a string becomes a line break.

What the decree fixes and where it is done here:

- A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right (`_set_up_page`);
- Times New Roman, body 14 pt, single line spacing, 6 pt between paragraphs (`_set_up_styles`);
- page numbers centred in the top margin from page 2 on, none on page 1 (`_add_page_numbers`);
- the head (ô 1-4) in a borderless table: issuing body and number on the left, national title,
  motto and place/date on the right, number and place/date on one line (`_add_head`);
- type and summary centred, bold, with a short rule under the summary (`_add_title`);
- body justified with a 1 cm first-line indent (`_add_body`);
- "Nơi nhận" on the left and the signature on the right in a borderless table (`_add_end`).
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import cast

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Emu, Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from dondoc.core.dates import day_month

__all__ = [
    "BLOCK_KINDS",
    "MOTTO",
    "NATIONAL_TITLE",
    "AdministrativeDocument",
    "Block",
    "date_line",
    "number_line",
    "render_docx",
]

# kind → (bold, italic) of the body block.
_BLOCK_FACES: dict[str, tuple[bool, bool]] = {
    "heading1": (True, False),
    "heading2": (True, False),
    "heading3": (True, True),
    "paragraph": (False, False),
    "bullet": (False, False),
    "note": (False, True),
    "table": (False, False),
}
BLOCK_KINDS = frozenset(_BLOCK_FACES)
# Headings carry an outline level so Word's navigation pane lists them.
_OUTLINE_LEVELS = {"heading1": 0, "heading2": 1, "heading3": 2}

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
# Head and end tables: the issuing body's column and the national title's / signer's column.
# The two tables have no cell padding, so the right column holds the 9.5 cm national title.
LEFT_COLUMN = Cm(6.5)
RIGHT_COLUMN = Emu(TEXT_WIDTH - LEFT_COLUMN)  # 10 cm

BODY_SIZE = Pt(14)
HEAD_SIZE = Pt(13)  # superior, issuer, national title and number: 13 pt
RECIPIENTS_LABEL_SIZE = Pt(12)
RECIPIENT_SIZE = Pt(11)
PARAGRAPH_SPACING = Pt(6)
NO_SPACE = Pt(0)
FIRST_LINE_INDENT = Cm(1)
LEVEL_INDENT = Cm(0.5)
SIGNATURE_LINES = 4  # empty 14 pt lines left for the signature and the seal
# The rule under the motto is as long as the motto; this is its width in Times New Roman bold
# 14 pt (measured on Liberation Serif Bold, which has the same metrics).
MOTTO_WIDTH = Cm(6.05)
# Rules under the issuer and the summary: 1/3 to 1/2 of the line above; 40 % is used.
RULE_SHARE = 0.4
MINIMUM_RULE = Cm(1.5)
BLANK = " " * 6  # left for the clerk to fill in by hand: the number, the day, the month

# Characters XML 1.0 cannot hold (tab and newline are kept: they become w:tab and w:br).
_XML_INVALID_RE = re.compile("[^\t\n\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DIGITS_RE = re.compile("[0-9]+")
# Successors in the schema's order of the pPr, rPr, tblPr and trPr children added by hand.
_PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc")
_PPR_RPR_SUCCESSORS = ("w:sectPr", "w:pPrChange")
_LANG_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_SZ_CS_SUCCESSORS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    *_LANG_SUCCESSORS,
)
_SIZE_SUCCESSORS = {"w:sz": ("w:szCs", *_SZ_CS_SUCCESSORS), "w:szCs": _SZ_CS_SUCCESSORS}
_TBL_BORDERS_SUCCESSORS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
_TBL_CELL_MAR_SUCCESSORS = ("w:tblLook", "w:tblCaption", "w:tblDescription")
_CANT_SPLIT_SUCCESSORS = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")


@dataclass(kw_only=True)
class Block:
    """One paragraph of the body.

    `kind` is one of `BLOCK_KINDS`: "heading1" ("I. KẾT QUẢ THỰC HIỆN", bold), "heading2"
    ("A. Nâng cao nhận thức…", bold), "heading3" ("1. Tổ chức tuyên truyền…", bold italic),
    "paragraph" (justified body text), "bullet" (a line starting with "- "), "note" (italic),
    "table" (a bordered table of `cells`, its first row the bold header, 13 pt; `widths` in
    cm, one per column, else equal; `text` is printed as a bold caption above it when given).
    All have a 1 cm first-line indent; `level` adds 0.5 cm steps of left indent to bullets.
    """

    kind: str
    text: str = ""
    level: int = 0
    cells: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}: expected one of {BLOCK_KINDS}")
        if self.level < 0:
            raise ValueError(f"block level must be 0 or more, not {self.level}")
        if self.kind == "table":
            columns = {len(row) for row in self.cells}
            if len(columns) != 1 or 0 in columns:
                raise ValueError("a table block needs rows of the same, non-zero length")
            if self.widths and len(self.widths) != columns.pop():
                raise ValueError("a table block needs one width per column")


@dataclass(kw_only=True)
class AdministrativeDocument:
    """What an administrative document says; `render_docx` decides how it looks.

    `symbol` is the document's symbol ("BC-CAH"); the number line reads "Số:      /BC-CAH"
    with the number left blank for the clerk, or "Số: 15/BC-CAH" when `number_value` is given
    (numbers below 10 get a leading zero, as the decree asks). With no `date`, the date line
    has blanks for the day and the month and reads the year from `year` (blank too if None).
    """

    superior: str  # cơ quan chủ quản, "UBND HUYỆN SƠN DƯƠNG"; may be ""
    issuer: str  # cơ quan ban hành, "CÔNG AN HUYỆN"
    symbol: str  # "BC-CAH"
    number_value: str = ""  # "15"
    place: str = ""  # "Sơn Dương"
    date: datetime.date | None = None
    year: int | None = None
    type_name: str = "BÁO CÁO"
    summary: str = ""  # trích yếu
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # ["Như trên;", …, "Lưu: VT."]
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. TRƯỞNG CÔNG AN"
    signer_title: str = ""  # "TRƯỞNG CÔNG AN HUYỆN"
    signer_name: str = ""  # "" leaves only the space for the signature
    # A công văn (type_name ""): its summary ("V/v …") sits under the number in the left
    # column, and the body opens with "Kính gửi:" and the addressees.
    addressees: list[str] = field(default_factory=list)


def render_docx(document: AdministrativeDocument) -> bytes:
    """The Word file of `document`, laid out as Decree 30/2020/NĐ-CP, Appendix I, asks."""
    word = docx.Document()
    _set_up_page(word.sections[0])
    _set_up_styles(word)
    _set_up_compatibility(word)
    _add_page_numbers(word.sections[0])
    _add_head(word, document)
    if _clean(document.type_name).strip():
        _add_title(word, document)
        if document.addressees:  # a report addressed to a body: "Kính gửi:" under the title
            _add_addressees(word, document.addressees)
    else:
        _add_addressees(word, document.addressees)
    _add_body(word, document.blocks)
    _add_end(word, document)
    _set_properties(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def number_line(symbol: str, number_value: str = "") -> str:
    """ "Số:      /BC-CAH" (number left blank), "Số: 05/BC-CAH" for number_value "5"."""
    number = _clean(number_value).strip()
    if _DIGITS_RE.fullmatch(number):
        number = f"{int(number):02d}"
    symbol = _clean(symbol).strip()
    if not number:
        return f"Số:{BLANK}/{symbol}" if symbol else f"Số:{BLANK}"
    return f"Số: {number}/{symbol}" if symbol else f"Số: {number}"


def date_line(place: str, date: datetime.date | None, year: int | None = None) -> str:
    """ "Sơn Dương, ngày 05 tháng 12 năm 2024"; blanks for the day and month without a date.

    Decree 30 writes days below 10 and the months 1 and 2 with a leading zero ("ngày 05
    tháng 02"), the other months without ("tháng 3").
    """
    if date is not None:
        dd, mm = day_month(date)
        when = f"ngày {dd} tháng {mm} năm {date.year}"
    else:
        when = f"ngày{BLANK}tháng{BLANK}năm {year if year is not None else BLANK}"
    place = _clean(place).strip()
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


# --- Page and styles -----------------------------------------------------------------------


def _set_up_page(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Emu(0)


def _set_fonts(rPr: BaseOxmlElement, *, size: Length) -> None:
    """Times New Roman for every script, so neither Word nor LibreOffice falls back to a theme
    font for Vietnamese letters, plus the size and the Vietnamese proofing language."""
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rPr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    half_points = str(round(size.pt * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rPr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rPr.insert_element_before(element, *_SIZE_SUCCESSORS[tag])
        element.set(qn("w:val"), half_points)
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rPr.insert_element_before(lang, *_LANG_SUCCESSORS)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _set_up_styles(word: WordDocument) -> None:
    """Times New Roman 14 pt, single spacing and 6 pt after, in the document defaults and the
    Normal style (the template's defaults name theme fonts, which LibreOffice maps to others)."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run_defaults is not None:
            _set_fonts(cast(BaseOxmlElement, run_defaults), size=BODY_SIZE)
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.set(qn("w:after"), str(PARAGRAPH_SPACING.twips))
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
    normal = cast(ParagraphStyle, word.styles["Normal"])
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr(), size=BODY_SIZE)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = PARAGRAPH_SPACING
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.widow_control = True


def _set_up_compatibility(word: WordDocument) -> None:
    """A justified line that ends in a line break (a newline in the data) is not stretched to
    the right margin: Word's doNotExpandShiftReturn, which LibreOffice honours too."""
    settings = word.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        # First in CT_Compat's sequence among the children the template has.
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _add_page_numbers(section: Section) -> None:
    """Decree 30: page numbers in Arabic figures, 14 pt upright, centred in the top margin,
    not shown on the first page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header
    paragraph = section.header.paragraphs[0]
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))
    begin, instruction, separate, end = (
        OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}),
        OxmlElement("w:instrText", {qn("xml:space"): "preserve"}),
        OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}),
        OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}),
    )
    instruction.text = " PAGE "
    for element in (begin, instruction, separate):
        paragraph.add_run()._r.append(element)
    _text(paragraph, "2", size=BODY_SIZE)  # the cached result, replaced on each page
    paragraph.add_run()._r.append(end)


# --- Text helpers --------------------------------------------------------------------------


def _clean(text: str) -> str:
    """NFC text with LF line ends and nothing XML cannot hold; never parsed as markup."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    return _XML_INVALID_RE.sub("", text)


def _text(
    paragraph: Paragraph,
    text: str,
    *,
    size: Length,
    bold: bool = False,
    italic: bool = False,
) -> Run:
    """A run of literal text; newlines in it become line breaks (python-docx writes w:br)."""
    run = paragraph.add_run(_clean(text))
    run.font.name = FONT  # w:ascii and w:hAnsi; the other scripts are named below
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    return run


def _format(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH,
    after: Length = PARAGRAPH_SPACING,
    before: Length = NO_SPACE,
    first_line: Length | None = None,
    left: Length | None = None,
) -> None:
    paragraph_format = paragraph.paragraph_format
    paragraph_format.alignment = align
    paragraph_format.space_before = before
    paragraph_format.space_after = after
    if first_line is not None:
        paragraph_format.first_line_indent = first_line
    if left is not None:
        paragraph_format.left_indent = left


def _estimated_width(text: str, size: Length) -> Length:
    """Rough printed width of one line of Times New Roman, to size a rule under it."""
    ems = sum(0.25 if c.isspace() else 0.7 if c.isupper() else 0.5 for c in text)
    return Emu(round(ems * size))


def _rule(paragraph: Paragraph, width: Length, available: Length, *, after: Length) -> None:
    """A centred horizontal line `width` long.

    Chosen form: the bottom border of an empty 2 pt paragraph whose left and right indents
    centre it, rather than an underline of spaces: a border is one solid line whose length
    does not depend on the font, and both Word and LibreOffice draw it the same way.
    """
    width = Emu(min(max(width, MINIMUM_RULE), available))
    indent = Emu((available - width) // 2)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(
        OxmlElement(
            "w:bottom",
            {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "auto"},
        )
    )
    properties.insert_element_before(borders, *_PBDR_SUCCESSORS)
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, after=after, left=indent)
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.first_line_indent = Emu(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    # The paragraph mark's size sets the height of an empty paragraph in LibreOffice.
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:sz", {qn("w:val"): "4"}))
    mark.append(OxmlElement("w:szCs", {qn("w:val"): "4"}))
    properties.insert_element_before(mark, *_PPR_RPR_SUCCESSORS)


# --- Tables --------------------------------------------------------------------------------


def _borderless_table(word: WordDocument, rows: int) -> Table:
    """A rows × 2 table of LEFT_COLUMN and RIGHT_COLUMN, no borders, no cell padding, rows kept
    whole on one page."""
    table = word.add_table(rows=rows, cols=2)
    table.autofit = False  # fixed layout: the widths below hold in Word and LibreOffice
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(Emu(LEFT_COLUMN + RIGHT_COLUMN).twips))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "nil"}))
    properties.insert_element_before(borders, *_TBL_BORDERS_SUCCESSORS)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): "0", qn("w:type"): "dxa"}))
    properties.insert_element_before(margins, *_TBL_CELL_MAR_SUCCESSORS)
    for column, column_width in zip(table.columns, (LEFT_COLUMN, RIGHT_COLUMN), strict=True):
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:cantSplit"), *_CANT_SPLIT_SUCCESSORS
        )
    for cell in (*table.columns[0].cells, *table.columns[1].cells):
        for paragraph in cell.paragraphs:  # the empty paragraph each new cell holds
            paragraph._p.getparent().remove(paragraph._p)
    return table


def _cell_line(
    cell: _Cell,
    text: str,
    *,
    size: Length,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    after: Length = NO_SPACE,
    before: Length = NO_SPACE,
) -> Paragraph:
    paragraph = cell.add_paragraph()
    _format(paragraph, align=align, after=after, before=before)
    if text:
        _text(paragraph, text, size=size, bold=bold, italic=italic)
    else:  # an empty line as tall as its text would be
        mark = OxmlElement("w:rPr")
        half_points = str(round(size.pt * 2))
        mark.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
        mark.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))
        paragraph._p.get_or_add_pPr().insert_element_before(mark, *_PPR_RPR_SUCCESSORS)
    return paragraph


# --- Parts of the document -----------------------------------------------------------------


def _add_head(word: WordDocument, document: AdministrativeDocument) -> None:
    """Ô 1-4: the issuing body and the national title on the first row, the number and the
    place and date on the second, so that these two share one line as the decree draws it."""
    table = _borderless_table(word, rows=2)
    issuing, national = table.cell(0, 0), table.cell(0, 1)
    superior = _clean(document.superior).strip()
    issuer = _clean(document.issuer).strip()
    if superior:
        _cell_line(issuing, superior.upper(), size=HEAD_SIZE)
    _cell_line(issuing, issuer.upper(), size=HEAD_SIZE, bold=True)
    longest = max(issuer.upper().split("\n"), key=len)
    _rule(
        issuing.add_paragraph(),
        Emu(round(_estimated_width(longest, HEAD_SIZE) * RULE_SHARE)),
        LEFT_COLUMN,
        after=Pt(0),
    )
    _cell_line(national, NATIONAL_TITLE, size=HEAD_SIZE, bold=True)
    _cell_line(national, MOTTO, size=BODY_SIZE, bold=True)
    _rule(national.add_paragraph(), MOTTO_WIDTH, RIGHT_COLUMN, after=Pt(0))
    number = number_line(document.symbol, document.number_value)
    _cell_line(table.cell(1, 0), number, size=HEAD_SIZE, before=Pt(6))
    summary = _clean(document.summary).strip()
    if summary and not _clean(document.type_name).strip():  # công văn: "V/v …" under the number
        _cell_line(table.cell(1, 0), summary, size=RECIPIENTS_LABEL_SIZE, before=Pt(3))
    when = date_line(document.place, document.date, document.year)
    _cell_line(table.cell(1, 1), when, size=BODY_SIZE, italic=True, before=Pt(6))


def _add_title(word: WordDocument, document: AdministrativeDocument) -> None:
    """Ô 5: the type of document in capitals, the summary under it, a short rule under both."""
    type_name = word.add_paragraph()
    _format(type_name, align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(24), after=Pt(0))
    type_name.paragraph_format.keep_with_next = True
    longest = _clean(document.type_name).strip().upper()
    _text(type_name, longest, size=BODY_SIZE, bold=True)
    summary = _clean(document.summary).strip()
    if summary:
        paragraph = word.add_paragraph()
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))
        paragraph.paragraph_format.keep_with_next = True
        _text(paragraph, summary, size=BODY_SIZE, bold=True)
        longest = max(summary.split("\n"), key=len)
    width = min(_estimated_width(longest, BODY_SIZE), TEXT_WIDTH)
    _rule(
        word.add_paragraph(),
        Emu(round(width * RULE_SHARE)),
        TEXT_WIDTH,
        after=Pt(18),
    )


def _add_addressees(word: WordDocument, addressees: list[str]) -> None:
    """A công văn's "Kính gửi:": one addressee on the line itself, several as "- " lines under
    it, centred as the decree's form draws it."""
    names = [_clean(a).strip() for a in addressees if _clean(a).strip()]
    several = len(names) > 1
    paragraph = word.add_paragraph()
    _format(
        paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(24), after=Pt(0 if several else 12)
    )
    _text(paragraph, "Kính gửi: " + ("" if several else "".join(names)), size=BODY_SIZE)
    for number, name in enumerate(names if several else [], start=1):
        line = word.add_paragraph()
        _format(line, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(12 if number == len(names) else 0))
        _text(line, f"- {name};" if number < len(names) else f"- {name}.", size=BODY_SIZE)


def _add_body(word: WordDocument, blocks: list[Block]) -> None:
    """Ô 6: justified paragraphs of 14 pt, each line of a new paragraph indented 1 cm."""
    paragraph: Paragraph | None = None
    for block in blocks:
        if block.kind == "table":
            _add_table(word, block)
            paragraph = None
            continue
        bold, italic = _BLOCK_FACES[block.kind]
        text = _clean(block.text).strip("\n")
        if block.kind == "bullet" and not text.startswith("- "):
            text = f"- {text}"
        paragraph = word.add_paragraph()
        _format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            first_line=FIRST_LINE_INDENT,
            left=Emu(LEVEL_INDENT * block.level) if block.kind == "bullet" else None,
        )
        level = _OUTLINE_LEVELS.get(block.kind)
        if level is not None:
            paragraph.paragraph_format.keep_with_next = True
            properties = paragraph._p.get_or_add_pPr()
            properties.get_or_add_outlineLvl().val = level
        _text(paragraph, text, size=BODY_SIZE, bold=bold, italic=italic)
    if paragraph is not None:  # the last lines go with the signature, never a page alone
        paragraph.paragraph_format.keep_with_next = True


TABLE_SIZE = Pt(13)


def _add_table(word: WordDocument, block: Block) -> None:
    """A bordered table in the body: the header row bold, centred and repeated on each page,
    the rows kept whole, numbers (and short cells) centred, text left."""
    caption = _clean(block.text).strip()
    if caption:
        paragraph = word.add_paragraph()
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(3))
        paragraph.paragraph_format.keep_with_next = True
        _text(paragraph, caption, size=TABLE_SIZE, bold=True)
    columns = len(block.cells[0])
    table = word.add_table(rows=len(block.cells), cols=columns)
    table.style = word.styles["Table Grid"]
    table.autofit = False
    widths: list[Length] = (
        [Cm(w) for w in block.widths] if block.widths else [Emu(TEXT_WIDTH // columns)] * columns
    )
    properties = table._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is not None:
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    for column_, width in zip(table.columns, widths, strict=True):
        column_.width = width  # the grid: LibreOffice lays the table out by it
    for index, row in enumerate(table.rows):
        trPr = row._tr.get_or_add_trPr()
        trPr.insert_element_before(OxmlElement("w:cantSplit"), *_CANT_SPLIT_SUCCESSORS)
        if index == 0:
            trPr.append(OxmlElement("w:tblHeader"))
        for column, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = width
            text = _clean(block.cells[index][column]).strip()
            paragraph = cell.paragraphs[0]
            short = text.replace(",", "").replace(".", "").isdigit()
            _format(
                paragraph,
                align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 or short else WD_ALIGN_PARAGRAPH.LEFT,
                before=Pt(2),
                after=Pt(2),
            )
            paragraph.paragraph_format.first_line_indent = Emu(0)
            _text(paragraph, text, size=TABLE_SIZE, bold=index == 0)
    spacer = word.add_paragraph()  # the body goes on 6 pt below the table
    _format(spacer, align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))
    spacer.paragraph_format.line_spacing = Pt(6)
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _add_end(word: WordDocument, document: AdministrativeDocument) -> None:
    """Ô 7-9: signer's authority, title and name on the right, "Nơi nhận" on the left."""
    authority = _clean(document.signer_authority).strip()
    title = _clean(document.signer_title).strip()
    name = _clean(document.signer_name).strip()
    if not (document.recipients or authority or title or name):
        return
    table = _borderless_table(word, rows=1)
    recipients, signature = table.cell(0, 0), table.cell(0, 1)
    _cell_line(
        recipients,
        RECIPIENTS_LABEL if document.recipients else "",
        size=RECIPIENTS_LABEL_SIZE,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=Pt(12),
    )
    for recipient in document.recipients:
        line = _clean(recipient).strip()
        if not line.startswith("-"):
            line = f"- {line}"
        _cell_line(recipients, line, size=RECIPIENT_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, line in enumerate(line for line in (authority, title) if line):
        before = Pt(12) if index == 0 else Pt(0)
        _cell_line(signature, line.upper(), size=BODY_SIZE, bold=True, before=before)
    for _ in range(SIGNATURE_LINES):
        _cell_line(signature, "", size=BODY_SIZE)
    _cell_line(signature, name, size=BODY_SIZE, bold=True)


def _set_properties(word: WordDocument, document: AdministrativeDocument) -> None:
    """Title, subject, author and language of the file; none of python-docx's defaults."""
    properties = word.core_properties
    type_name = _clean(document.type_name).strip().upper()
    title = " ".join(_clean(document.summary).split()) or type_name
    properties.title = title[:255]
    properties.subject = type_name[:255]
    properties.author = " ".join(_clean(document.issuer).split())[:255]
    properties.language = LANGUAGE
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.last_modified_by = ""
    properties.revision = 1
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = now
    properties.modified = now
