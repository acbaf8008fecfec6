"""Text layouts of real plans beyond the seeds (issue 14): tables converted from web pages, header
blocks in tables or squashed on one line, appendices on their own, honest reading warnings."""

from __future__ import annotations

from dondoc.plans.importers.header import parse_header
from dondoc.plans.importers.text import parse_text

# A web page converted to Markdown: every cell a block between lines holding only "|", an empty
# cell ending a row, bold spanning line breaks (the shape of tests/fixtures/real/cantho-*.md).
WEB_TABLE = """|
**ỦY BAN NHÂN DÂN
**
TỈNH TUYÊN QUANG
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
-------
|
|
Số: 15/KH-UBND
|
*Tuyên Quang, ngày 08
tháng 3 năm 2024 *
|

**KẾ HOẠCH**

Phòng, chống mua bán người năm 2024

**PHỤ LỤC NHIỆM VỤ**

|
**STT**
|
**Nội dung
nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn thành**
|
|
1
|
Tuyên truyền phòng, chống mua bán người
|
Sở Văn hóa, Thể thao
và Du lịch
|
Công an tỉnh
|
Quý II/2024
|
|
2
|
Rà soát nạn nhân được hỗ trợ
|
Sở Lao động - Thương binh và Xã hội
|
|
Trước ngày 30/11/2024
|
"""


def test_a_web_page_table_is_read_cell_by_cell() -> None:
    draft = parse_text(WEB_TABLE)
    assert draft.document.number == "15/KH-UBND" and draft.document.date == "2024-03-08"
    assert draft.document.issuer == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert [t.path for t in draft.leaves] == ["1", "2"]
    first, second = draft.leaves
    assert [a.mention for a in first.assignments if a.role == "lead"] == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert first.deadline is not None and first.deadline.date == "2024-06-30"
    assert second.deadline is not None and second.deadline.raw == "Trước ngày 30/11/2024"
    assert not any(w.code == "appendix_not_read" for w in draft.warnings)


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------"
MARKDOWN_TABLES = f"""| ỦY BAN NHÂN DÂN HUYỆN SƠN DƯƠNG ------- | {MOTTO} |
|---|---|
| Số: 31/KH-UBND | Sơn Dương, ngày 02 tháng 4 năm 2024 |

KẾ HOẠCH

Bảo vệ trẻ em năm 2024

I. NHIỆM VỤ

1. Phòng Lao động - Thương binh và Xã hội tham mưu Ủy ban nhân dân huyện kế hoạch hằng năm.

2. Công an huyện chủ trì điều tra, xử lý các vụ xâm hại trẻ em.

| Nơi nhận: - Như trên; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN CHỦ TỊCH |
|---|---|
"""


def test_markdown_tables_that_are_not_task_tables_are_read_where_they_stand() -> None:
    draft = parse_text(MARKDOWN_TABLES)
    header = draft.document
    assert (header.number, header.date, header.place) == ("31/KH-UBND", "2024-04-02", "Sơn Dương")
    assert header.issuer == "Ủy ban nhân dân huyện Sơn Dương"
    assert [t.path for t in draft.leaves] == ["I/1", "I/2"]
    assert [a.mention for a in draft.leaves[1].assignments] == ["Công an huyện"]


def test_the_issuer_second_line_and_a_squashed_header() -> None:
    lines = ["ỦY BAN NHÂN DÂN", "HUYỆN SƠN DƯƠNG", "Số: 284/KH-UBND", "KẾ HOẠCH", "Thử"]
    assert parse_header(lines).issuer == "Ủy ban nhân dân huyện Sơn Dương"
    squashed = [
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG Số: 12/CT-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập -"
        " Tự do - Hạnh phúc Gia Nghĩa, ngày 05 tháng 6 năm 2024",
        "CHỈ THỊ",
        "Về tăng cường phòng cháy",
    ]
    header = parse_header(squashed)
    assert (header.number, header.date, header.place) == ("12/CT-UBND", "2024-06-05", "Gia Nghĩa")
    assert header.issuer == "Ủy ban nhân dân tỉnh Đắk Nông" and header.type_name == "Chỉ thị"


ANNEX_ALONE = (
    "PHỤ LỤC\n\n(Kèm theo Kế hoạch số 77/KH-UBND ngày 10/5/2024 của UBND huyện Sơn Dương)\n\n"
    "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
    "1\tTập huấn cán bộ\tPhòng Tư pháp\t\tQuý III/2024\n"
)


def test_an_appendix_on_its_own_is_read_with_a_warning() -> None:
    draft = parse_text(ANNEX_ALONE)
    assert [t.path for t in draft.leaves] == ["1"]
    assert draft.document.number == "77/KH-UBND"
    codes = {w.code for w in draft.warnings}
    assert {"header_missing", "number_from_attachment"} <= codes


def test_an_appendix_heading_without_a_table_and_many_tasks_without_lead_are_warned() -> None:
    text = (
        "Số: 9/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\nI. NHIỆM VỤ\n\n1. Tuyên truyền pháp luật.\n\n"
        "2. Tập huấn nghiệp vụ.\n\n3. Kiểm tra việc thực hiện.\n\n"
        "PHỤ LỤC: DANH MỤC NHIỆM VỤ (đính kèm)\n"
    )
    codes = [w.code for w in parse_text(text).warnings]
    assert "appendix_not_read" in codes and "many_without_lead" in codes


def test_agency_headings_with_bullets_or_an_inline_duty() -> None:
    text = (
        "Số: 3/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\nI. PHÂN CÔNG NHIỆM VỤ\n\n"
        "**1. Sở Lao động - Thương binh và\nXã hội**\n\n"
        "- Chủ trì tham mưu kế hoạch hằng năm.\n\n- Tổng hợp, báo cáo kết quả.\n\n"
        "2. Sở Tư pháp: Phối hợp tuyên truyền pháp luật.\n\n"
        "**II. TỔ CHỨC\nTHỰC HIỆN**\n\n1. Các sở, ngành triển khai Kế hoạch này.\n"
    )
    leaves = parse_text(text).leaves
    assert [(t.path, [a.mention for a in t.assignments if a.role == "lead"]) for t in leaves] == [
        ("I/1/1", ["Sở Lao động - Thương binh và Xã hội"]),
        ("I/1/2", ["Sở Lao động - Thương binh và Xã hội"]),
        ("I/2", ["Sở Tư pháp"]),
    ]
    assert leaves[2].title == "Phối hợp tuyên truyền pháp luật."


def test_one_task_written_as_lettered_fields() -> None:
    text = (
        "Số: 4/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\nII. NHIỆM VỤ\n\n1. Xây dựng cơ sở dữ liệu\n\n"
        "a) Nhiệm vụ: Số hóa hồ sơ người được đặc xá.\n\nb) Cơ quan thực hiện:\n\n"
        "- Đơn vị chủ trì: Công an tỉnh.\n\n"
        "- Đơn vị phối hợp: Sở Tư pháp, Tòa án nhân dân tỉnh.\n\n"
        "c) Thời gian thực hiện: Quý IV/2025 - Quý II/2026.\n\n"
        "2. Ban hành quy chế phối hợp\n\n- Cơ quan chủ trì: Sở Tư pháp.\n\n"
        "- Cơ quan phối hợp: Công an tỉnh.\n\n- Thời hạn ban hành: Tháng 10/2025.\n"
    )
    leaves = parse_text(text).leaves
    assert [t.path for t in leaves] == ["II/1", "II/2"]
    first, second = leaves
    assert first.title == "Xây dựng cơ sở dữ liệu\nSố hóa hồ sơ người được đặc xá."
    assert [(a.role, a.mention) for a in first.assignments] == [
        ("lead", "Công an tỉnh"),
        ("coordinating", "Sở Tư pháp"),
        ("coordinating", "Tòa án nhân dân tỉnh"),
    ]
    assert first.deadline is not None and first.deadline.kind == "period"
    assert first.deadline.date == "2026-06-30"
    assert [(a.role, a.mention) for a in second.assignments] == [
        ("lead", "Sở Tư pháp"),
        ("coordinating", "Công an tỉnh"),
    ]
    assert second.deadline is not None and second.deadline.date == "2025-10-31"


def test_gazette_running_heads_are_dropped_even_inside_a_table() -> None:
    text = (
        "Số: 6/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
        "1\tTập huấn cán bộ\tPhòng Tư pháp\t\t6/2025\n"
        "\tCÔNG BÁO/Số 575 + 576/Ngày 17-7-2025 21\t\t\t\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
        "\tvà tuyên truyền viên\t\t\t\n"
        "2\tKiểm tra\tCông an huyện\t\tĐã hoàn thành\n"
    )
    leaves = parse_text(text).leaves
    assert [t.title for t in leaves] == ["Tập huấn cán bộ và tuyên truyền viên", "Kiểm tra"]
    assert leaves[0].deadline is not None and leaves[0].deadline.date == "2025-06-30"
    assert leaves[1].deadline is not None and leaves[1].deadline.kind == "done"


def test_a_table_of_figures_or_criteria_is_not_read_as_tasks() -> None:
    text = (
        "Số: 8/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\nI. NHIỆM VỤ\n\n"
        "1. Sở Tài chính chủ trì phân bổ vốn theo Phụ lục.\n\n"
        "STT\tTên dự án\tĐơn vị\tKế hoạch vốn năm 2023 (triệu đồng)\n"
        "1\tTrường Tiểu học Sơn Nam\tUBND huyện Sơn Dương\t5.000\n"
        "2\tTrạm y tế xã Hợp Thành\tUBND huyện Sơn Dương\t3.200\n\n"
        "STT\tTiêu chí\tĐiểm tối đa\tĐiểm đạt\n1\tCó kế hoạch\t10\t\n"
    )
    draft = parse_text(text)
    assert [t.path for t in draft.leaves] == ["I/1"]
    assert [a.mention for a in draft.leaves[0].assignments] == ["Sở Tài chính"]


SITE_PAGE = """Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**.

|
**Số hiệu:**
|
12/KH-UBND
|
**Loại văn bản:**
|
Kế hoạch
|
|
**Ngày ban hành:**
|
08/03/2024
|
**Người ký:**
|
Nguyễn Văn A
|

Đang tải văn bản...

KẾ HOẠCH

Phòng, chống mua bán người năm 2024

I. NHIỆM VỤ

1. Công an tỉnh chủ trì điều tra, xử lý các vụ mua bán người.
"""


def test_after_a_site_s_metadata_table_its_number_and_date_fill_a_missing_header() -> None:
    header = parse_text(SITE_PAGE).document
    read = (header.number, header.type_name, header.date)
    assert read == ("12/KH-UBND", "Kế hoạch", "2024-03-08")


def test_a_lead_cell_listing_a_ministry_then_another_national_body_is_split() -> None:
    # Regression (real corpus, Phụ lục II of the 57-NQ/TW action programme): "Bộ Giao thông
    # vận tải, Ngân hàng nhà nước Việt Nam" stayed one agency; so did "…, Viện Hàn lâm …".
    text = (
        "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|\n"
        "| 1. | Kết nối dữ liệu dân cư với ngân hàng | Bộ Công an, Bộ Giao thông vận tải, "
        "Ngân hàng nhà nước Việt Nam | Kho bạc Nhà nước, Viện Hàn lâm Khoa học xã hội Việt Nam"
        " | 2025 |\n"
    )
    task = parse_text(text).leaves[0]
    assert [(a.role, a.mention) for a in task.assignments] == [
        ("lead", "Bộ Công an"),
        ("lead", "Bộ Giao thông vận tải"),
        ("lead", "Ngân hàng nhà nước Việt Nam"),
        ("coordinating", "Kho bạc Nhà nước"),
        ("coordinating", "Viện Hàn lâm Khoa học xã hội Việt Nam"),
    ]
