"""The generated Word documents as printed (LibreOffice → PDF), read back with pdfplumber:
the Decree 30/2020/NĐ-CP elements are where the decree puts them (rendered once, conftest)."""

from __future__ import annotations

import io
import shutil
import unicodedata

import pdfplumber
import pytest
from openpyxl import load_workbook

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed"),
]


def pages(path) -> list[tuple[float, list[dict]]]:
    """(page width, words) of each page, the words' text NFC."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
            for word in words:
                word["text"] = unicodedata.normalize("NFC", word["text"])
            found.append((float(page.width), words))
    return found


def first(words: list[dict], text: str) -> dict:
    return next(w for w in words if w["text"] == text)


def full_text(path) -> str:
    return " ".join(w["text"] for _, words in pages(path) for w in words)


@pytest.mark.parametrize("name", ["report", "issued", "letter"])
def test_decree_30_layout(rendered, name) -> None:
    printed = pages(rendered.pdf[name])
    width, words = printed[0]
    # Header: the issuer's column on the left, the national title's on the right.
    national = first(words, "CỘNG")
    issuer = next(w for w in words if w["text"] == "CÔNG" and w["top"] < national["top"] + 60)
    assert national["x0"] > width * 0.4 and issuer["x1"] < width * 0.45
    assert "Độc" in [w["text"] for w in words]
    # "Kính gửi" after the head, before the body.
    kinh = first(words, "Kính")
    body = first(words, "Thực")
    assert national["top"] < kinh["top"] < body["top"]
    # No page number on page 1; from page 2 a number centred at the top.
    assert not any(w["text"] == "1" and w["top"] < 60 for w in words)
    for number, (page_width, page_words) in enumerate(printed[1:], start=2):
        top = min(page_words, key=lambda w: w["top"])
        assert top["text"] == str(number)
        assert abs((top["x0"] + top["x1"]) / 2 - page_width * 0.55) < page_width * 0.1
    # The end: Nơi nhận at the left, the signature at the right, on the last page, under the body.
    last_width, last = printed[-1]
    where = first(last, "Nơi")
    assert where["x0"] < last_width * 0.25
    closing = max((w for w in last if w["text"].endswith("./.")), key=lambda w: w["top"])
    assert where["top"] > closing["top"]
    title = next(
        w for w in last if w["text"] in ("TRƯỞNG", "PHÓ") and w["top"] >= where["top"] - 30
    )
    assert title["x0"] > last_width * 0.45
    # The year of issue (the pinned clock: 2026; the period is 2024), never the period's.
    date_line = " ".join(w["text"] for w in words if abs(w["top"] - first(words, "Số:")["top"]) < 8)
    assert "năm 2026" in date_line
    assert "năm 2024" not in date_line


def test_report_as_generated_reads_as_a_draft_to_sign(rendered) -> None:
    text = full_text(rendered.pdf["report"])
    assert "Kính gửi: Ủy ban nhân dân huyện Sơn Dương" in text
    assert "Kết quả năm 2024 thực hiện Kế hoạch số 284/KH-UBND ngày 04/7/2023 của" in text
    for heading in (
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Hạn chế",
        "3. Nguyên nhân",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text, heading
    # The plan's numbering is quoted, never a heading of the report.
    assert "Mục A của Kế hoạch có 8 nhiệm vụ" in text
    assert "A. Tiếp tục" not in text and "B. Tiếp tục" not in text
    # A paragraph per section, with who did what and the figure.
    assert "Phòng Tư pháp huyện Sơn Dương: Đã rà soát 03 dự thảo văn bản" in text
    assert "(số liệu: 3 văn bản) (mục A.I, đã hoàn thành)" in text
    # Not done: one task is done, the 32 others have no accepted report (not "all done").
    counts = rendered.facts["counts"]
    assert counts["total"] == 33 and counts[""] == 32
    assert "Có 32/33 nhiệm vụ chưa có báo cáo được tiếp nhận" in text
    # The late agencies: one table, a row each, not a line per task.
    assert "Nhiệm vụ chưa báo cáo (mục của Kế hoạch)" in text
    assert text.count("Công an huyện Sơn Dương 26") == 1
    assert "toàn bộ mục A (8 nhiệm vụ)" in text
    assert "tình hình thực hiện: chưa báo cáo" not in text
    assert text.lower().count("các cơ quan, ban, ngành") <= 1
    # The end.
    assert "- Như trên; - Công an tỉnh Tuyên Quang; - Lưu: VT, CAH." in text
    assert "TRƯỞNG CÔNG AN HUYỆN SƠN DƯƠNG" in text
    assert "Số: /BC-CAH" in text


def test_report_as_issued_carries_the_officers_choices(rendered) -> None:
    text = full_text(rendered.pdf["issued"])
    assert "Số: 07/BC-CAH" in text
    assert "ngày 03 tháng 12 năm 2026" in text
    assert "KT. TRƯỞNG CÔNG AN HUYỆN" in text and "PHÓ TRƯỞNG CÔNG AN HUYỆN" in text
    assert "Nguyễn Văn An" in text
    assert "Công an huyện đã ban hành văn bản hướng dẫn các cơ quan." in text
    assert rendered.facts["texts"]["direction"] not in text  # replaced by the officer's


def test_generated_texts_are_written_from_the_data(rendered) -> None:
    texts = rendered.facts["texts"]
    assert "đã giao 33 nhiệm vụ của Kế hoạch" in texts["direction"]
    assert "1 nhiệm vụ đã hoàn thành" in texts["strengths"]
    assert "14/14 cơ quan, đơn vị còn nhiệm vụ chưa gửi báo cáo" in texts["weaknesses"]
    assert "Thiếu cán bộ pháp chế chuyên trách" in texts["weaknesses"]
    assert "Đôn đốc 14 cơ quan, đơn vị" in texts["next_steps"]
    assert "Đề nghị tỉnh mở lớp tập huấn" in texts["proposals"]


def test_reminder_letter_is_compact(rendered) -> None:
    printed = pages(rendered.pdf["letter"])
    assert len(printed) <= 2
    text = full_text(rendered.pdf["letter"])
    assert rendered.facts["owing"] > 4
    assert "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây" in text
    assert "Viện kiểm sát nhân dân huyện Sơn Dương" in text
    assert "- Như trên; - Ủy ban nhân dân huyện Sơn Dương (để báo cáo); - Lưu: VT, CAH." in text


def test_annex_prints_as_it_looks(rendered) -> None:
    book = load_workbook(io.BytesIO(rendered.xlsx))
    sheet = book["Phụ lục"]
    header = [c.value for c in sheet[3]]
    assert "Số liệu (văn bản)" in header  # a column per figure
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    numbers = {row[0] for row in rows}
    assert {"A.I", "B.V.2", "A.II.1.1"} <= numbers and "A/I" not in numbers
    total = rows[-1]
    assert str(total[1]).startswith("Tổng cộng: 33 nhiệm vụ")
    assert total[header.index("Số liệu (văn bản)")] == 3
    # The task's number and title merged over its agencies' rows.
    merged = [str(r) for r in sheet.merged_cells.ranges]
    assert any(r.startswith("A") and ":A" in r for r in merged)
    assert all(sheet.row_dimensions[r].height for r in range(4, sheet.max_row + 1))
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$3:$3"


def test_copies_for_the_eye(rendered, tmp_path_factory) -> None:
    """DONDOC_RENDER_DIR=dir keeps the session's PDFs and annex there, to look at page by page."""
    import os
    from pathlib import Path

    where = os.environ.get("DONDOC_RENDER_DIR")
    if not where:
        pytest.skip("DONDOC_RENDER_DIR is not set")
    for name, path in rendered.pdf.items():
        shutil.copy(path, Path(where) / f"{name}.pdf")
    (Path(where) / "annex.xlsx").write_bytes(rendered.xlsx)
