"""The DOCX renderer: page, fonts and layout of Decree 30/2020/NĐ-CP, checked in Word's XML
and in the PDF that LibreOffice prints from it."""

from __future__ import annotations

import dataclasses
import datetime
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from dondoc.core.renderers.docx import (
    MOTTO,
    NATIONAL_TITLE,
    AdministrativeDocument,
    Block,
    date_line,
    number_line,
    render_docx,
)
from tests.plans.importers.builders import docx_to_pdfs

FONT = "Times New Roman"
LITERAL_MARKUP = "Chuỗi <b>x</b> & <i>y</i> được giữ nguyên, không hiểu là định dạng."


def sample(**changes: object) -> AdministrativeDocument:
    document = AdministrativeDocument(
        superior="UBND huyện Sơn Dương",
        issuer="Công an huyện",
        symbol="BC-CAH",
        place="Sơn Dương",
        date=datetime.date(2024, 12, 5),
        summary="Kết quả thực hiện Kế hoạch phổ biến, giáo dục pháp luật năm 2024",
        blocks=[
            Block(
                kind="paragraph",
                text="Thực hiện Kế hoạch số 125/KH-UBND ngày 10/3/2024 của Ủy ban nhân dân "
                "huyện, Công an huyện báo cáo kết quả như sau:",
            ),
            Block(kind="heading1", text="I. KẾT QUẢ THỰC HIỆN"),
            Block(kind="heading2", text="A. Nâng cao nhận thức về pháp luật"),
            Block(kind="heading3", text="1. Tổ chức tuyên truyền, phổ biến"),
            Block(kind="bullet", text="Phòng Tư pháp: đã tổ chức 02 hội nghị"),
            Block(kind="bullet", level=1, text="Cấp xã: 14 buổi\ntrong đó 03 buổi ở vùng cao"),
            Block(kind="paragraph", text=LITERAL_MARKUP),
            Block(kind="note", text="Số liệu tính đến ngày 30/11/2024."),
            Block(kind="heading1", text="II. NHỮNG NHIỆM VỤ CHƯA THỰC HIỆN VÀ NGUYÊN NHÂN"),
            Block(kind="paragraph", text="Không có."),
        ],
        recipients=["Như trên;", "UBND huyện (để b/c);", "Lưu: VT."],
        signer_authority="KT. TRƯỞNG CÔNG AN",
        signer_title="Phó Trưởng Công an huyện",
        signer_name="Nguyễn Văn An",
    )
    return dataclasses.replace(document, **changes)  # type: ignore[arg-type]


def near(length: int | None, expected: int, tolerance: int = Mm(0.1)) -> bool:
    """Equal up to Word's rounding to twentieths of a point."""
    return length is not None and abs(length - expected) <= tolerance


def has_rule(paragraph: Paragraph) -> bool:
    """An empty paragraph drawn as a short horizontal line (its bottom border)."""
    border = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return paragraph.text == "" and border is not None and border.get(qn("w:val")) == "single"


def reopen(document: AdministrativeDocument) -> WordDocument:
    return docx.Document(io.BytesIO(render_docx(document)))


@pytest.fixture(scope="module")
def word() -> WordDocument:
    return reopen(sample())


def all_paragraphs(word: WordDocument) -> list[Paragraph]:
    paragraphs = list(word.paragraphs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in word.sections:
        for part in (section.header, section.first_page_header, section.footer):
            paragraphs.extend(part.paragraphs)
    return paragraphs


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs if p.text.strip()]


def head(word: WordDocument) -> Table:
    return word.tables[0]


def body(word: WordDocument) -> list[Paragraph]:
    """The body blocks: the paragraphs after the title and the rule under it."""
    paragraphs = [p for p in word.paragraphs if p.text]
    return paragraphs[2:]


# --- Page and fonts ------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decree_margins(word: WordDocument) -> None:
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert near(section.page_width, Mm(210), tolerance=Mm(1))
    assert near(section.page_height, Mm(297), tolerance=Mm(1))
    assert near(section.top_margin, Mm(20))
    assert near(section.bottom_margin, Mm(20))
    assert near(section.left_margin, Mm(30))
    assert near(section.right_margin, Mm(15))


def test_every_font_is_times_new_roman(word: WordDocument) -> None:
    normal = word.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(script)) == FONT
    assert normal.paragraph_format.space_after == Pt(6)
    defaults = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    default_fonts = defaults.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert default_fonts.get(qn("w:eastAsia")) == FONT
    assert default_fonts.get(qn("w:asciiTheme")) is None
    runs = [run for paragraph in all_paragraphs(word) for run in paragraph.runs]
    assert runs
    assert {run.font.name for run in runs if run.font.name is not None} == {FONT}
    named = {
        value
        for run in runs
        for fonts in run._r.findall(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        for value in fonts.attrib.values()
    }
    assert named == {FONT}


def test_no_page_number_on_the_first_page(word: WordDocument) -> None:
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert "PAGE" in section.header.paragraphs[0]._p.xml


def test_core_properties(word: WordDocument) -> None:
    properties = word.core_properties
    assert properties.title == sample().summary
    assert properties.language == "vi-VN"
    assert properties.author == "Công an huyện"
    assert properties.comments == ""


# --- Head ----------------------------------------------------------------------------------


def test_head_is_a_borderless_two_column_table(word: WordDocument) -> None:
    table = head(word)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = (table.cell(0, c).width for c in (0, 1))
    assert left is not None and right is not None
    assert Cm(6.5) - Mm(0.1) <= left <= Cm(7)
    assert Cm(9.5) <= right <= Cm(10) + Mm(0.1)


def test_head_texts_and_faces(word: WordDocument) -> None:
    table = head(word)
    issuing = table.cell(0, 0).paragraphs
    national = table.cell(0, 1).paragraphs
    assert texts(issuing) == ["UBND HUYỆN SƠN DƯƠNG", "CÔNG AN HUYỆN"]
    assert texts(national) == [NATIONAL_TITLE, MOTTO]
    assert MOTTO == "Độc lập - Tự do - Hạnh phúc"
    superior, issuer = (p for p in issuing if p.text)
    assert superior.runs[0].font.size == Pt(13) and not superior.runs[0].font.bold
    assert issuer.runs[0].font.size == Pt(13) and issuer.runs[0].font.bold
    title, motto = (p for p in national if p.text)
    assert title.runs[0].font.size == Pt(13) and title.runs[0].font.bold
    assert motto.runs[0].font.size == Pt(14) and motto.runs[0].font.bold
    for cell in (table.cell(r, c) for r in (0, 1) for c in (0, 1)):
        assert {p.alignment for p in cell.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}
    # A short rule (a bottom border on an empty paragraph) under the issuer and the motto.
    for paragraphs, above in ((issuing, issuer), (national, motto)):
        rule = paragraphs[paragraphs.index(above) + 1]
        assert has_rule(rule)
    number = table.cell(1, 0).paragraphs[0]
    assert number.text == "Số:      /BC-CAH"
    assert number.runs[0].font.size == Pt(13)


def test_superior_may_be_empty() -> None:
    issuing = head(reopen(sample(superior=""))).cell(0, 0).paragraphs
    assert texts(issuing) == ["CÔNG AN HUYỆN"]


@pytest.mark.parametrize(
    ("date", "year", "expected"),
    [
        (datetime.date(2024, 12, 5), None, "Sơn Dương, ngày 05 tháng 12 năm 2024"),
        (datetime.date(2025, 2, 3), None, "Sơn Dương, ngày 03 tháng 02 năm 2025"),
        (datetime.date(2025, 1, 20), None, "Sơn Dương, ngày 20 tháng 01 năm 2025"),
        (datetime.date(2025, 3, 15), None, "Sơn Dương, ngày 15 tháng 3 năm 2025"),
        (None, 2024, "Sơn Dương, ngày      tháng      năm 2024"),
    ],
)
def test_place_and_date_line(date: datetime.date | None, year: int | None, expected: str) -> None:
    line = head(reopen(sample(date=date, year=year))).cell(1, 1).paragraphs[0]
    assert line.text == expected
    assert {(r.font.italic, r.font.size) for r in line.runs} == {(True, Pt(14))}


def test_date_line_without_place_or_year() -> None:
    assert date_line("", datetime.date(2024, 2, 9)) == "Ngày 09 tháng 02 năm 2024"
    assert date_line("Sơn Dương", None) == "Sơn Dương, ngày      tháng      năm       "


@pytest.mark.parametrize(
    ("symbol", "number", "expected"),
    [
        ("BC-CAH", "", "Số:      /BC-CAH"),
        ("BC-CAH", "15", "Số: 15/BC-CAH"),
        ("BC-CAH", "5", "Số: 05/BC-CAH"),
        ("", "", "Số:      "),
    ],
)
def test_number_line(symbol: str, number: str, expected: str) -> None:
    assert number_line(symbol, number) == expected


def test_number_value_in_the_head() -> None:
    table = head(reopen(sample(number_value="15")))
    assert table.cell(1, 0).paragraphs[0].text == "Số: 15/BC-CAH"


# --- Title and body ------------------------------------------------------------------------


def test_type_name_and_summary(word: WordDocument) -> None:
    type_name, summary, rule = word.paragraphs[:3]
    assert type_name.text == "BÁO CÁO"
    assert summary.text == sample().summary
    for paragraph in (type_name, summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert {(r.font.bold, r.font.size) for r in paragraph.runs} == {(True, Pt(14))}
    assert has_rule(rule)
    left, right = rule.paragraph_format.left_indent, rule.paragraph_format.right_indent
    assert left is not None and left > 0 and left == right


def test_type_name_is_upper_case() -> None:
    assert reopen(sample(type_name="Kế hoạch")).paragraphs[0].text == "KẾ HOẠCH"


def test_body_blocks(word: WordDocument) -> None:
    blocks = sample().blocks
    paragraphs = body(word)
    assert len(paragraphs) == len(blocks)
    faces = {
        "heading1": (True, None),
        "heading2": (True, None),
        "heading3": (True, True),
        "paragraph": (None, None),
        "bullet": (None, None),
        "note": (None, True),
    }
    for block, paragraph in zip(blocks, paragraphs, strict=True):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert near(paragraph.paragraph_format.first_line_indent, Cm(1))
        run = paragraph.runs[0]
        assert run.font.size == Pt(14)
        assert (run.font.bold or None, run.font.italic or None) == faces[block.kind]
    texts_ = [p.text for p in paragraphs]
    assert "I. KẾT QUẢ THỰC HIỆN" in texts_
    assert "- Phòng Tư pháp: đã tổ chức 02 hội nghị" in texts_
    # A newline in the data is a line break inside the paragraph, not a new paragraph.
    nested = paragraphs[5]
    assert nested.text == "- Cấp xã: 14 buổi\ntrong đó 03 buổi ở vùng cao"
    assert nested._p.xml.count("<w:br/>") == 1
    assert near(nested.paragraph_format.left_indent, Cm(0.5))
    assert paragraphs[4].paragraph_format.left_indent in (None, 0)


def test_text_is_data_not_markup(word: WordDocument) -> None:
    (paragraph,) = (p for p in word.paragraphs if "<b>" in p.text)
    assert paragraph.text == LITERAL_MARKUP
    assert [r.font.bold for r in paragraph.runs] == [False]


def test_control_characters_are_dropped_not_fatal() -> None:
    blocks = [Block(kind="paragraph", text="Trước\x00\x07 sau\r\nhết")]
    (paragraph,) = body(reopen(sample(blocks=blocks)))
    assert paragraph.text == "Trước sau\nhết"


def test_unknown_block_kind_and_negative_level_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown block kind"):
        Block(kind="chart", text="…")
    with pytest.raises(ValueError, match="same, non-zero length"):
        Block(kind="table", cells=(("a", "b"), ("c",)))
    with pytest.raises(ValueError, match="level"):
        Block(kind="bullet", text="…", level=-1)


# --- End -----------------------------------------------------------------------------------


def test_recipients_and_signature(word: WordDocument) -> None:
    end = word.tables[1]
    recipients, signature = end.cell(0, 0).paragraphs, end.cell(0, 1).paragraphs
    assert texts(recipients) == ["Nơi nhận:", "- Như trên;", "- UBND huyện (để b/c);", "- Lưu: VT."]
    label = recipients[0].runs[0].font
    assert (label.size, label.bold, label.italic) == (Pt(12), True, True)
    assert {r.font.size for p in recipients[1:] for r in p.runs} == {Pt(11)}
    assert texts(signature) == ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN HUYỆN", "Nguyễn Văn An"]
    assert {(r.font.size, r.font.bold) for p in signature for r in p.runs} == {(Pt(14), True)}
    assert {p.alignment for p in signature} == {WD_ALIGN_PARAGRAPH.CENTER}
    empty = [p for p in signature if not p.text]
    assert 3 <= len(empty) <= 4
    assert {b.get(qn("w:val")) for b in end._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}


def test_unsigned_document_keeps_the_signature_space() -> None:
    signature = reopen(sample(signer_name="", signer_authority="")).tables[1].cell(0, 1)
    assert texts(signature.paragraphs) == ["PHÓ TRƯỞNG CÔNG AN HUYỆN"]
    assert len(signature.paragraphs) >= 4


# --- Printed by LibreOffice ----------------------------------------------------------------


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample printed to PDF once for the module, then read back by pdftotext."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: install poppler-utils (make test installs it).")
    workdir: Path = tmp_path_factory.mktemp("report-pdf")
    pdf = docx_to_pdfs({"report": render_docx(sample())}, workdir)["report"]
    source = workdir / "printed.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [pdftotext, "-enc", "UTF-8", str(source), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return collapse(result.stdout.decode("utf-8"))


@pytest.mark.parametrize(
    "expected",
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN SƠN DƯƠNG",
        "CÔNG AN HUYỆN",
        "Sơn Dương, ngày 05 tháng 12 năm 2024",
        "BÁO CÁO",
        "KẾT QUẢ THỰC HIỆN",
        "NHỮNG NHIỆM VỤ CHƯA THỰC HIỆN VÀ NGUYÊN NHÂN",
        "- Phòng Tư pháp: đã tổ chức 02 hội nghị",
        "Nơi nhận",
        "PHÓ TRƯỞNG CÔNG AN HUYỆN",
        "Nguyễn Văn An",
    ],
)
def test_pdf_shows_the_vietnamese_text(pdf_text: str, expected: str) -> None:
    assert collapse(expected) in pdf_text


def test_pdf_prints_markup_literally(pdf_text: str) -> None:
    assert "<b>x</b>" in pdf_text
    assert collapse(LITERAL_MARKUP) in pdf_text
