"""Layouts beyond the seeds: a directive, a programme of action, text pasted from a web page."""

from __future__ import annotations

from dondoc.plans.importers.text import parse_text

DIRECTIVE = """ỦY BAN NHÂN DÂN
TỈNH TUYÊN QUANG

Số: 07/CT-UBND

Tuyên Quang, ngày 12 tháng 4 năm 2024

CHỈ THỊ

Về tăng cường phòng, chống bạo lực, xâm hại trẻ em

Để nâng cao hiệu quả công tác bảo vệ trẻ em, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:

1. Sở Lao động - Thương binh và Xã hội:

a) Chủ trì tham mưu Ủy ban nhân dân tỉnh kế hoạch bảo vệ trẻ em hằng năm.

b) Hướng dẫn, kiểm tra các huyện thực hiện; tổng hợp, báo cáo kết quả.

2. Công an tỉnh:

a) Chỉ đạo điều tra, xử lý nghiêm các vụ xâm hại trẻ em.

c) Xây dựng phòng điều tra thân thiện tại Công an cấp huyện.

3. Đề nghị Tòa án nhân dân tỉnh

Đưa ra xét xử kịp thời các vụ án xâm hại trẻ em.

4. Giao Sở Lao động - Thương binh và Xã hội theo dõi, đôn đốc; định kỳ hằng năm báo cáo
Ủy ban nhân dân tỉnh trước ngày 10/12.

Nơi nhận:
- Như trên;
"""

PROGRAMME = """Số: 45/CTr-UBND

Hà Giang, ngày 5 tháng 2 năm 2024

CHƯƠNG TRÌNH HÀNH ĐỘNG

Thực hiện Chiến lược quốc gia phòng, chống tội phạm giai đoạn 2024 - 2025

I. MỤC TIÊU

1. Nâng cao nhận thức của người dân.

II. NHIỆM VỤ, GIẢI PHÁP

1. Tuyên truyền pháp luật về phòng, chống tội phạm

- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Sở Thông tin và Truyền thông, Công an tỉnh.

- Thời gian thực hiện: Hằng năm.

- Kết quả: Các hội nghị, tin bài tuyên truyền.

2. Tập huấn nghiệp vụ cho cán bộ cơ sở

- Cơ quan chủ trì: Công an tỉnh

- Cơ quan phối hợp: Ủy ban nhân dân các huyện, thành phố

- Thời gian thực hiện: 2024 - 2025

III. TỔ CHỨC THỰC HIỆN

Các sở, ngành báo cáo kết quả thực hiện 6 tháng, hằng năm gửi Công an tỉnh trước ngày 15/11.
"""


def test_directive_numbered_agencies_and_their_duties() -> None:
    draft = parse_text(DIRECTIVE)
    assert draft.document.number == "07/CT-UBND"
    found = {t.path: [(a.role, a.mention) for a in t.assignments] for t in draft.leaves}
    labour = "Sở Lao động - Thương binh và Xã hội"
    assert found["1/a"] == [("lead", labour)]
    assert found["1/b"] == [("lead", labour)]
    assert found["2/a"] == [("lead", "Công an tỉnh")]
    assert found["2/c"] == [("lead", "Công an tỉnh")]
    assert found["3"] == [("lead", "Tòa án nhân dân tỉnh")]
    court = next(t for t in draft.tasks if t.path == "3")
    assert court.title == "Đưa ra xét xử kịp thời các vụ án xâm hại trẻ em."
    assert found["4"][0] == ("lead", labour)  # "Giao Sở … theo dõi, đôn đốc"
    assert draft.schedule is not None and draft.schedule.due == "12-10"


def test_programme_of_action_with_labelled_lines() -> None:
    draft = parse_text(PROGRAMME)
    tasks = {t.path: t for t in draft.tasks}
    assert [t.path for t in draft.leaves] == ["II/1", "II/2"]
    first = tasks["II/1"]
    assert [(a.role, a.mention) for a in first.assignments] == [
        ("lead", "Sở Tư pháp"),
        ("coordinating", "Sở Thông tin và Truyền thông"),
        ("coordinating", "Công an tỉnh"),
    ]
    assert first.deadline is not None and first.deadline.kind == "annual"
    assert first.expected_result == "Các hội nghị, tin bài tuyên truyền."
    second = tasks["II/2"]
    assert [(a.role, a.mention, a.collective) for a in second.assignments] == [
        ("lead", "Công an tỉnh", False),
        ("coordinating", "Ủy ban nhân dân các huyện, thành phố", True),
    ]
    assert second.deadline is not None
    assert (second.deadline.kind, second.deadline.end_year) == ("period", 2025)
    assert not any(t.path.startswith("I/") for t in draft.tasks)
    assert draft.schedule is not None and draft.schedule.frequencies == ["half_yearly", "yearly"]


def test_text_pasted_from_a_web_page() -> None:
    site = "Cổng thông tin điện tử tỉnh Hà Giang"
    pasted = PROGRAMME.replace("I. MỤC TIÊU", f"{site}\n\nI. MỤC TIÊU")
    pasted = pasted.replace("II. NHIỆM VỤ", f"{site}\n\nII. NHIỆM VỤ")
    pasted = pasted.replace("III. TỔ CHỨC", f"{site}\n\nIII. TỔ CHỨC")
    # Hard-wrapped lines, with bold running across the break.
    pasted = pasted.replace(
        "1. Tuyên truyền pháp luật về phòng, chống tội phạm",
        "1. **Tuyên truyền pháp luật về\nphòng, chống tội phạm**",
    )
    draft = parse_text(pasted)
    tasks = {t.path: t for t in draft.tasks}
    assert tasks["II/1"].title == "Tuyên truyền pháp luật về phòng, chống tội phạm"
    assert all(site not in t.title for t in draft.tasks)
    assert next(a.mention for a in tasks["II/1"].assignments) == "Sở Tư pháp"


OFFICE_HOLDERS = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG

Số: 09/CT-UBND

Lâm Đồng, ngày 3 tháng 3 năm 2025

CHỈ THỊ

Về tăng cường công tác bảo vệ trẻ em

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường

a) Quán triệt, triển khai Chỉ thị này trong cơ quan, đơn vị, địa phương.

b) Báo cáo kết quả thực hiện trước ngày 15/12 hằng năm.

2. Giám đốc Sở Y tế

a) Chỉ đạo các cơ sở khám bệnh, chữa bệnh tiếp nhận trẻ em bị xâm hại.
"""


def test_office_holder_sub_headings_lead_their_duties() -> None:
    # Regression (real corpus, Chỉ thị 012/CT-UBND Đắk Lắk): a heading naming office-holders
    # ("Thủ trưởng …; Chủ tịch UBND …", "Giám đốc Sở …") left its duties without a lead.
    draft = parse_text(OFFICE_HOLDERS)
    leads = {t.path: [a.mention for a in t.assignments if a.role == "lead"] for t in draft.leaves}
    assert leads == {
        "1/a": ["Thủ trưởng các sở, ban, ngành tỉnh", "Chủ tịch UBND các xã, phường"],
        "1/b": ["Thủ trưởng các sở, ban, ngành tỉnh", "Chủ tịch UBND các xã, phường"],
        "2/a": ["Giám đốc Sở Y tế"],
    }
    assert all(a.collective for a in draft.leaves[0].assignments)
    assert not [w for w in draft.warnings if w.code == "activity_unassigned"]


PARTY_PLAN = """## ĐẢNG CỘNG SẢN VIỆT NAM

**BAN CHẤP HÀNH TRUNG ƯƠNG**
**ĐẢNG ĐOÀN QUỐC HỘI**

Số 118-KH/ĐĐQH15

Hà Nội, ngày 3 tháng 3 năm 2025

**KẾ HOẠCH**

**Thực hiện Kết luận số 12-KL/TW**

**I. PHÂN CÔNG NHIỆM VỤ**

**1. Các cơ quan của Quốc hội thực hiện các nhiệm vụ sau:**

**a) Tổ đảng ở Thường trực Ủy ban Pháp luật**

*   Chủ trì thẩm tra các dự án luật có liên quan.
*   Giám sát việc thực hiện pháp luật về tổ chức bộ máy.
**b) Lãnh đạo Ban Dân nguyện**

*   Tổng hợp kiến nghị của cử tri.

**II. TỔ CHỨC THỰC HIỆN**

1.  Các cơ quan triển khai Kế hoạch này.
"""


def test_markdown_list_items_under_lettered_party_cells() -> None:
    # Regression (real corpus, Kế hoạch 3260-KH/ĐĐQH15): "*   " items on consecutive lines
    # merged into one task under each lettered heading, with "*" read as its lead; party cells
    # and "Lãnh đạo Ban …" were not taken as the agency of their items.
    draft = parse_text(PARTY_PLAN)
    cell = "Tổ đảng ở Thường trực Ủy ban Pháp luật"
    assert [
        (t.path, [a.mention for a in t.assignments if a.role == "lead"], t.title)
        for t in draft.leaves
    ] == [
        ("I/1/a/1", [cell], "Chủ trì thẩm tra các dự án luật có liên quan."),
        ("I/1/a/2", [cell], "Giám sát việc thực hiện pháp luật về tổ chức bộ máy."),
        ("I/1/b/1", ["Lãnh đạo Ban Dân nguyện"], "Tổng hợp kiến nghị của cử tri."),
    ]


def test_a_party_document_s_number_and_issuer() -> None:
    # Regression (real corpus, Kế hoạch 3260-KH/ĐĐQH15): "Số 118-KH/ĐĐQH15" (no colon,
    # number-kind/issuer) was not read, and the issuer kept the body above it.
    document = parse_text(PARTY_PLAN).document
    assert (document.number, document.type_name, document.date, document.issuer) == (
        "118-KH/ĐĐQH15",
        "Kế hoạch",
        "2025-03-03",
        "Đảng đoàn Quốc hội",
    )


SCANNED_DIRECTIVE = """THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

| ĐẾN 41 /CT-TTs Hà Nội, ngàyháng 3 năm 2020

DEN i: : _¬ CHỈ THỊ

Về các nhiệm vụ cấp bách

Thủ tướng Chính phủ yêu cầu các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh:

1. TINH THAN CHỈ DAO

1. Quán triệt sâu sắc tinh thần chỉ đạo của Chính phủ.

II. CÁC NHIỆM VỤ CỤ THỂ

1. Tháo gỡ khó khăn về vốn

a) Bộ Tài chính
__ - Trình Chính phủ ban hành Nghị định gia hạn nộp thuế, báo cáo Thủ tướng

--- PAGE BREAK ---

Chính phủ trong tháng 3 năm 2020.

- Rà soát các khoản phí, lệ phí.

©) Bộ Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Bộ Công Thương đề xuất giải
pháp tiêu thụ nông sản, trình Thủ tướng Chính phủ trước ngày 20 tháng 3 năm 2020.

2. Xử lý vướng mắc về lao động

Bộ Lao động - Thương binh và Xã hội chủ trì, báo cáo các vấn đề sau:

- Tình hình lao động, việc làm trong các doanh nghiệp.

- Lao động nước ngoài đang làm việc tại Việt Nam.

Il. TO CHỨC THỰC HIỆN

1. Các bộ, ngành tổ chức thực hiện Chỉ thị này.

2. Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam vận động nhân dân.
"""


def test_a_directive_read_from_a_scan() -> None:
    # Regression (real corpus, Chỉ thị 11/CT-TTg read by OCR): the file was refused (the type
    # line carried a stamp), a page break became a bullet, "Il." and "1." (for "III." and "I.")
    # sent the organisation section's agencies onto the tasks, "©)" was lost, duties led by
    # their own subject or by the sentence before their items had no lead, and the deadlines
    # the sentences set were not read.
    draft = parse_text(SCANNED_DIRECTIVE)
    assert (draft.document.type_name, draft.document.number, draft.document.issuer) == (
        "Chỉ thị",
        None,
        "Thủ tướng Chính phủ",
    )
    read = [
        (
            t.path,
            [a.mention for a in t.assignments if a.role == "lead"],
            t.deadline.raw if t.deadline else None,
        )
        for t in draft.leaves
    ]
    assert read == [
        ("I/1", [], None),
        ("II/1/a/1", ["Bộ Tài chính"], "trong tháng 3 năm 2020"),
        ("II/1/a/2", ["Bộ Tài chính"], None),
        ("II/1/c", ["Bộ Nông nghiệp và Phát triển nông thôn"], "trước ngày 20 tháng 3 năm 2020"),
        ("II/2/1", ["Bộ Lao động - Thương binh và Xã hội"], None),
        ("II/2/2", ["Bộ Lao động - Thương binh và Xã hội"], None),
    ]
    assert "PAGE BREAK" not in draft.leaves[1].title


SUB_SECTIONS = """Số: 4/KH-UBND

KẾ HOẠCH

Thử

I. PHÂN CÔNG NHIỆM VỤ

1. Tuyên truyền, quán triệt Nghị quyết

- Các cơ quan, đơn vị tổ chức quán triệt đến cán bộ, công chức.
- Sở Tư pháp phối hợp với Sở Nội vụ tổ chức hội nghị phổ biến.

2. Hoàn thiện thể chế

2.1. Để thể chế hóa kịp thời Nghị quyết, Ủy ban nhân dân tỉnh xác định các nhiệm vụ sau:

- Rà soát các văn bản quy phạm pháp luật của tỉnh.
- Ban hành quy chế phối hợp.

2.2. Các sở thực hiện các nhiệm vụ sau:

a) Sở Tài chính

- Bố trí kinh phí thực hiện.

II. TỔ CHỨC THỰC HIỆN

1. Các sở triển khai Kế hoạch này.
"""


def test_sub_sections_and_items_naming_their_own_body() -> None:
    # Regression (real corpus, Kế hoạch 3260-KH/ĐĐQH15): the "- " items of a heading that names
    # no agency stayed one task, and the items of a "2.1." sub-section were lost.
    leaves = parse_text(SUB_SECTIONS).leaves
    assert [(t.path, [a.mention for a in t.assignments if a.role == "lead"]) for t in leaves] == [
        ("I/1/1", []),
        ("I/1/2", ["Sở Tư pháp"]),
        ("I/2/1", ["Ủy ban nhân dân tỉnh"]),
        ("I/2/2", ["Ủy ban nhân dân tỉnh"]),
        ("I/2/a/1", ["Sở Tài chính"]),
    ]
