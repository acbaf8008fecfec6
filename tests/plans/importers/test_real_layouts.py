"""Layouts of the real corpus (tests/fixtures/real), each reduced to the lines that make it.

Decisions whose header block is lost, plans that assign their work by body in "Tổ chức thực
hiện", letters whose items decide or put a body to work, resolutions whose articles give their
clauses to a body. The whole documents are in the corpus; these keep each rule in view.
"""

from __future__ import annotations

from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.text import parse_text


def _hard_breaks(text: str) -> str:
    """Each line ended by a Markdown hard break ("  "), as the corpus's chunked texts are."""
    return "\n".join(f"{line}  " if line.strip() else line for line in text.split("\n"))


def _leads(draft: PlanDraft) -> dict[str, list[str]]:
    return {
        task.path: [a.mention for a in task.assignments if a.role == "lead"]
        for task in draft.leaves
    }


# 773/QĐ-TTg as a chunker stored it: no "Số:" line, lines ended by Markdown hard breaks,
# "## Mục I." headings, the aims in II naming no body, the work given by body in III.
DECISION_WITHOUT_HEADER = _hard_breaks("""# BAN HÀNH KẾ HOẠCH THỰC HIỆN CHỈ THỊ SỐ 14-CT/TW

BAN HÀNH KẾ HOẠCH THỰC HIỆN CHỈ THỊ SỐ 14-CT/TW
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chỉ thị số 14-CT/TW.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.
Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành Quyết định này./.
THỦ TƯỚNG
Nguyễn Xuân Phúc
KẾ HOẠCH
THỰC HIỆN CHỈ THỊ SỐ 14-CT/TW
 (Ban hành kèm theo Quyết định số 773/QĐ-TTg ngày 26 tháng 6 năm 2018 của Thủ tướng Chính phủ)

## Mục I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Quán triệt, triển khai Chỉ thị.

## Mục II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Nhiệm vụ
a) Rà soát, hoàn thiện hệ thống chính sách.
b) Thực hiện đầy đủ chế độ, chính sách.
2. Giải pháp
a) Đẩy mạnh công tác thông tin, tuyên truyền.

## Mục III. TỔ CHỨC THỰC HIỆN
1. Bộ Lao động - Thương binh và Xã hội
- Hoàn thiện thể chế chính sách pháp luật.
- Chủ trì xây dựng Đề án, trình Thủ tướng Chính phủ trong quý 1/2019.
2. Bộ Quốc phòng
- Tiếp tục thực hiện các hoạt động đền ơn đáp nghĩa.
3. Bộ Xây dựng
Chủ trì chỉ đạo, hướng dẫn việc hỗ trợ nhà ở.
""")


def test_decision_without_header_takes_number_and_date_from_the_caption() -> None:
    draft = parse_text(DECISION_WITHOUT_HEADER)
    header = draft.document
    assert (header.number, header.type_name, header.date, header.issuer) == (
        "773/QĐ-TTg",
        "Quyết định",
        "2018-06-26",
        "Thủ tướng Chính phủ",
    )
    assert "number_from_attachment" in {w.code for w in draft.warnings}


def test_work_given_by_body_in_organisation_section_is_read_and_aims_are_not() -> None:
    draft = parse_text(DECISION_WITHOUT_HEADER)
    assert _leads(draft) == {
        "III/1/1": ["Bộ Lao động - Thương binh và Xã hội"],
        "III/1/2": ["Bộ Lao động - Thương binh và Xã hội"],
        "III/2/1": ["Bộ Quốc phòng"],
        "III/3": ["Bộ Xây dựng"],
    }
    deadline = {t.path: t.deadline for t in draft.leaves}["III/1/2"]
    assert deadline is not None and deadline.raw == "trong quý 1/2019"


ORGANISATION_ONLY = """ỦY BAN NHÂN DÂN
TỈNH SƠN LA

Số: 12/KH-UBND

Sơn La, ngày 17 tháng 02 năm 2023

KẾ HOẠCH

Bảo vệ bí mật nhà nước năm 2023

I. NỘI DUNG CÔNG TÁC

1. Công an tỉnh chủ trì tuyên truyền, phổ biến pháp luật về bảo vệ bí mật nhà nước.

2. Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật.

II. TỔ CHỨC THỰC HIỆN

1. Công an tỉnh

Hướng dẫn, đôn đốc, kiểm tra việc thực hiện Kế hoạch.

2. Sở Tài chính

Bảo đảm kinh phí thực hiện Kế hoạch.
"""


def test_organisation_section_stays_out_when_the_work_sections_name_their_bodies() -> None:
    draft = parse_text(ORGANISATION_ONLY)
    assert sorted(_leads(draft)) == ["I/1", "I/2"]


# 2403/TTg-KGVX: item 1 decides the rates, item 2 gives a ministry its work.
DECIDING_ITEM = """| THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 2403/TTg-KGVX V/v Điều chỉnh mức trợ cấp | Hà Nội, ngày 03 tháng 12 năm 2009 |

Kính gửi: Bộ Quốc phòng; Bộ Tài chính

Xét đề nghị của Bộ Quốc phòng, Thủ tướng Chính phủ có ý kiến như sau:

1. Điều chỉnh mức trợ cấp hàng tháng như sau:

a) Từ ngày 01 tháng 01 năm 2009, điều chỉnh tăng thêm 15% mức trợ cấp hàng tháng.

b) Từ ngày 01 tháng 05 năm 2009, điều chỉnh tăng thêm 05% mức trợ cấp hàng tháng.

2. Bộ Quốc phòng chủ trì, phối hợp với Bộ Tài chính hướng dẫn thực hiện điều chỉnh./.
"""


def test_item_that_decides_is_not_a_task_and_says_so() -> None:
    draft = parse_text(DECIDING_ITEM)
    assert _leads(draft) == {"2": ["Bộ Quốc phòng"]}
    assert [w.path for w in draft.warnings if w.code == "decision_not_task"] == ["1"]


# 1040/LĐTBXH-NCC: "các địa phương" are the addressees; item 2 puts the Sở to work on 2.1.
# and 2.2.; the closing request after the items is a task of its own.
LETTER_TO_PROVINCES = """| BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 1040/LĐTBXH-NCC V/v hướng dẫn giải quyết chế độ | Hà Nội, ngày 09 tháng 04 năm 2012 |

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương

Bộ Lao động - Thương binh và Xã hội yêu cầu các địa phương thực hiện như sau:

1. Tiếp tục xem xét, giải quyết các hồ sơ còn tồn.

2. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo Sở Lao động - Thương \
binh và Xã hội phối hợp với các cơ quan chức năng: Sở Y tế, Hội Cựu chiến binh thực hiện các \
nội dung sau:

2.1. Tiến hành xem xét lại từng hồ sơ, trong khi xem xét cần lưu ý:

- Giấy tờ chứng minh có tham gia kháng chiến.

2.2. Sau khi kiểm tra, giới thiệu đối tượng đi giám định.

Đề nghị Ủy ban nhân dân các tỉnh chỉ đạo các Sở, ngành có liên quan tăng cường kiểm tra.

Bộ Lao động - Thương binh và Xã hội sẽ thành lập các đoàn liên ngành để kiểm tra.
"""


def test_letter_addressees_sub_items_and_closing_request() -> None:
    draft = parse_text(LETTER_TO_PROVINCES)
    leads = _leads(draft)
    assert sorted(leads) == ["1", "2/1", "2/2", "3"]
    assert leads["1"] == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert leads["2/1"] == leads["2/2"] == ["Sở Lao động - Thương binh và Xã hội"]
    assert leads["3"] == ["Ủy ban nhân dân các tỉnh"]
    assert "Giấy tờ chứng minh" in {t.path: t for t in draft.leaves}["2/1"].title


# 494/NQ-UBTVQH13: Điều 2 gives its clauses to the Government; Điều 3 holds a report due at a
# time written first, and the standing clause on who supervises the resolution.
RESOLUTION = _hard_breaks("""NGHỊ QUYẾT
VỀ KẾT QUẢ GIÁM SÁT VIỆC THỰC HIỆN CHÍNH SÁCH, PHÁP LUẬT VỀ NGƯỜI CÓ CÔNG
 ỦY BAN THƯỜNG VỤ QUỐC HỘI
 Căn cứ Luật hoạt động giám sát của Quốc hội;
 QUYẾT NGHỊ:
 Điều 1.
Tán thành cơ bản nội dung Báo cáo kết quả giám sát.
 Điều 2.
Ủy ban thường vụ Quốc hội yêu cầu Chính phủ, Thủ tướng Chính phủ tập trung thực hiện một số \
nhiệm vụ và giải pháp sau đây:
1. Tiếp tục điều chỉnh nâng mức trợ cấp đối với người có công với cách mạng.
2. Phê duyệt Đề án tìm kiếm, quy tập hài cốt liệt sỹ trong năm 2012 để tiếp tục triển khai.
 Điều 3.
1. Kết thúc năm 2013, Chính phủ báo cáo Ủy ban thường vụ Quốc hội kết quả thực hiện Nghị \
quyết này.
2. Hội đồng dân tộc, các Ủy ban của Quốc hội theo chức năng, nhiệm vụ giám sát việc thực hiện \
Nghị quyết này.
 Điều 4.
Nghị quyết này có hiệu lực thi hành kể từ ngày ký./.
""")


def test_resolution_clauses_go_to_the_body_its_article_names() -> None:
    draft = parse_text(RESOLUTION)
    assert draft.document.issuer == "Ủy ban Thường vụ Quốc hội"
    leads = _leads(draft)
    assert sorted(leads) == ["Điều 2/1", "Điều 2/2", "Điều 3/1"]
    assert "Chính phủ" in leads["Điều 2/1"] and "Chính phủ" in leads["Điều 3/1"]
    deadlines = {t.path: t.deadline.raw if t.deadline else None for t in draft.leaves}
    assert deadlines == {
        "Điều 2/1": None,
        "Điều 2/2": "trong năm 2012",
        "Điều 3/1": "Kết thúc năm 2013",
    }


# 95/NQ-HĐND of Hà Giang as a mirror stored it: no blank line anywhere (one block, each line
# hard-wrapped), no header table, Điều 2 asking the Committee to direct bodies by field.
QUESTIONING_RESOLUTION = """<jsontable name="bang_0"> </jsontable>
NGHỊ QUYẾT
VỀ
CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN TẠI KỲ HỌP THỨ NĂM HĐND TỈNH HÀ GIANG
HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG
KHÓA XVII - KỲ HỌP THỨ NĂM
Căn cứ Luật Tổ chức chính
quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT NGHỊ:
Điều 1. Hội đồng nhân dân tỉnh đánh giá cao tinh thần trách nhiệm của các đại biểu.
Điều 2. Hội đồng nhân dân tỉnh đề nghị Ủy ban nhân dân tỉnh
quan tâm chỉ đạo thực hiện một số công việc sau:
1. Về lĩnh vực Tài nguyên Môi
trường:
- Chỉ đạo Sở Tài nguyên và Môi
trường: Thường xuyên kiểm tra, đôn đốc các huyện lập kế hoạch sử dụng đất.
- Xem xét sớm phê duyệt quy
hoạch điều chỉnh Kế hoạch sử dụng đất giai đoạn 2016 - 2020 của tỉnh.
2. Về lĩnh vực Văn hóa - Xã
hội:
Chỉ đạo Sở Văn hóa, Thể thao và Du lịch chủ động
tham mưu cho UBND tỉnh các giải pháp quản lý các công trình văn hóa.
3. Về đầu tư xây dựng các công trình, dự án:
a) Thực hiện nghiêm kỷ luật, kỷ cương trong đầu tư, xây dựng các công trình.
b) Đề nghị
UBND tỉnh chỉ đạo các ngành chức năng thực hiện đúng các cam kết sau:
- Chỉ
đạo Ban Dân tộc tỉnh phối hợp với UBND huyện Hoàng Su Phì rà soát kinh phí còn thiếu
Su Phì làm chủ đầu tư) đưa vào sử dụng trong Quý IV năm 2018.
- Chỉ đạo Sở Nông
nghiệp và PTNT:
+ Thực hiện việc nghiệm thu, bàn giao công trình kè bờ tây Sông
Lô đưa vào sử dụng trong tháng 7/2017.
+ Có phương án khắc phục, sửa chữa tuyến kè khu giao đất dân cư.
3. Về lĩnh vực Quốc phòng:
Đề nghị UBND tỉnh chỉ đạo Bộ Chỉ
huy Quân sự tỉnh phối hợp với Sở Tài chính xây dựng phương án thanh toán kinh phí.
4. Về lĩnh vực Tư pháp: Đề nghị UBND tỉnh chỉ đạo Công an tỉnh:
- Tăng cường kỷ luật, kỷ cương trong toàn ngành.
- Chỉ đạo Công an tỉnh ngay sau khi kết thúc việc thanh tra, thực hiện báo cáo kết quả.
Điều 3. Trách nhiệm của các cơ quan, tổ chức, cá nhân
2. Ủy ban nhân dân tỉnh, Giám đốc các sở, ngành: Nông nghiệp và
Phát triển nông thôn; Công an tỉnh trong phạm vi nhiệm vụ có trách nhiệm thực hiện Nghị quyết.
3. Thường trực Hội đồng nhân dân tỉnh có trách nhiệm giám sát việc thực hiện Nghị quyết.
Điều 4. Nghị quyết này đã được Hội đồng nhân dân tỉnh Hà Giang thông qua./.
"""


def test_a_text_without_blank_lines_keeps_its_head_lines_apart() -> None:
    """The head of a hard-wrapped text in one block: its type, title and issuer, and no date
    taken from the wrapped end of a "Căn cứ …" line."""
    header = parse_text(QUESTIONING_RESOLUTION).document
    assert header.type_name == "Nghị quyết" and header.number is None
    assert header.issuer == "Hội đồng nhân dân tỉnh Hà Giang"
    assert header.title.startswith("VỀ CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN")
    assert header.date is None and header.place == ""


def test_duties_directed_by_field_with_dash_and_plus_items() -> None:
    """ "Đề nghị UBND tỉnh quan tâm chỉ đạo …:" then fields ("1. Về lĩnh vực …:"), "- Chỉ đạo
    Sở …:" items with "+" parts, a clause number printed twice, and the standing clauses of
    Điều 3 (who executes and supervises the resolution) left out."""
    draft = parse_text(QUESTIONING_RESOLUTION)
    leads = _leads(draft)
    assert leads == {
        "Điều 2/1/1": ["Sở Tài nguyên và Môi trường"],
        "Điều 2/1/2": ["Ủy ban nhân dân tỉnh"],
        "Điều 2/2": ["Sở Văn hóa, Thể thao và Du lịch"],
        "Điều 2/3/a": ["Ủy ban nhân dân tỉnh"],
        "Điều 2/3/b/1": ["Ban Dân tộc tỉnh"],
        "Điều 2/3/b/2/1": ["Sở Nông nghiệp và PTNT"],
        "Điều 2/3/b/2/2": ["Sở Nông nghiệp và PTNT"],
        "Điều 2/3-2": ["Bộ Chỉ huy Quân sự tỉnh"],
        "Điều 2/4/1": ["Công an tỉnh"],
        "Điều 2/4/2": ["Công an tỉnh"],
    }
    deadlines = {t.path: t.deadline.raw for t in draft.leaves if t.deadline}
    assert deadlines["Điều 2/3/b/1"] == "trong Quý IV năm 2018"
    assert deadlines["Điều 2/3/b/2/1"] == "trong tháng 7/2017"
    assert any(w.code == "clause_repeated" and w.path == "Điều 2/3-2" for w in draft.warnings)


# A council's supervision programme from the same mirror: the work given by body in Điều 3,
# each name cut by the hard wrap ("1. Thường trực" / "Hội đồng nhân dân tỉnh:").
SUPERVISION_PROGRAMME = """NGHỊ QUYẾT
BAN
HÀNH CHƯƠNG TRÌNH GIÁM SÁT NĂM 2018 CỦA HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG
HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG
KHÓA XVII - KỲ HỌP THỨ NĂM
Căn cứ Luật Tổ chức chính quyền
địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Luật Hoạt động giám sát của
Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;
Xét Tờ trình số 02/TTr-HĐND, ngày
30 tháng 6 năm 2017 của Thường trực Hội đồng nhân dân tỉnh;
Hội đồng nhân dân tỉnh đã thảo
luận và nhất trí,
QUYẾT NGHỊ:
Điều 1. Ban
hành Chương trình giám sát năm 2018. Cụ thể như sau:
1. Giám sát tại kỳ họp:
- Báo cáo công tác 06 tháng đầu năm
2018 của Thường trực Hội đồng nhân dân, Ủy ban nhân dân;
Điều 2.
Nghị quyết này có hiệu lực thi hành
kể từ ngày 14 tháng 7 năm 2017.
Điều 3. Hội
đồng nhân dân tỉnh giao:
1. Thường trực
Hội đồng nhân dân tỉnh:
a) Căn cứ Chương trình giám sát xây dựng Kế hoạch tổ chức thực hiện.
b) Tổ chức Hội nghị chất vấn giữa hai
kỳ họp của Hội đồng nhân dân tỉnh.
2. Các Ban của Hội đồng nhân dân tỉnh
căn cứ vào Chương trình giám sát của Hội đồng nhân dân
tỉnh để xây dựng Chương trình giám sát năm 2018 của Ban.
"""


def test_hard_wrapped_names_are_joined_back_before_the_work_is_read() -> None:
    """A text without blank lines has its lines joined into the sentences they were cut from;
    a standing body's heading ending in ":" gives its points, "căn cứ vào" ends a subject, and
    a wrapped citation's "… ngày 20 tháng 11 năm 2015;" is not the document's date."""
    draft = parse_text(SUPERVISION_PROGRAMME)
    assert _leads(draft) == {
        "Điều 3/1/a": ["Thường trực Hội đồng nhân dân tỉnh"],
        "Điều 3/1/b": ["Thường trực Hội đồng nhân dân tỉnh"],
        "Điều 3/2": ["Các Ban của Hội đồng nhân dân tỉnh"],
    }
    assert draft.document.date is None


# 3210/QĐ-UBND (TP. Hồ Chí Minh): the header a PDF extraction left in a Markdown pipe table,
# its capitals split by spaces, the number's dash between spaces, a signature cell naming the
# chairman.
SPLIT_LETTER_HEADER = """\
| ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|
| Số: 3210/QĐ - UBND | T hành phố Hồ Chí M inh, ngày 28 tháng 6 năm 2014 |

QUYẾT ĐỊNH

VỀ BAN HÀNH KẾ HOẠCH HỖ TRỢ NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG VỀ NHÀ Ở

CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH

Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hỗ trợ người có công với cách mạng về nhà ở.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

| Nơi nhận: - Như Điều 2; - Lưu: VT. | KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH Ngu y ễn Hữu Tín |

KẾ HOẠCH

HỖ TRỢ NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG VỀ NHÀ Ở (Ban hành kèm theo Quyết định số 3210/QĐ-UBND)

I. NỘI DUNG THỰC HIỆN

1. Sở Xây dựng thiết kế tối thiểu 03 mẫu nhà ở điển hình.
"""


def test_split_capitals_and_spaced_dash_in_a_pipe_table_header() -> None:
    header = parse_text(SPLIT_LETTER_HEADER).document
    assert (header.number, header.type_name, header.date, header.issuer) == (
        "3210/QĐ-UBND",
        "Quyết định",
        "2014-06-28",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    )


# 3210/QĐ-UBND: "Tổ chức thực hiện" gives the work body by body under sub-headings that are
# only a body's name, with "- " duties (one listing a file's parts as "+ " lines) or one
# paragraph, and a heading "Đối với …" whose paragraph asks the Front.
DUTIES_BY_BODY_SUB_HEADING = """KẾ HOẠCH

Hỗ trợ người có công với cách mạng về nhà ở

I. MỤC ĐÍCH - YÊU CẦU

1. Mục đích

- Nhà nước hỗ trợ trực tiếp cho hộ gia đình có công với cách mạng.

II. TỔ CHỨC THỰC HIỆN

1. Đối với Ủy ban nhân dân các cấp

1.1. Ủy ban nhân dân Thành phố:

- Tổ chức lập và phê duyệt Đề án hỗ trợ nhà ở.

- Bố trí kinh phí quản lý để triển khai thực hiện chính sách.

1.2. Ủy ban nhân dân xã, phường, thị trấn:

- Lập hồ sơ hoàn công cho từng hộ gia đình được hỗ trợ nhà ở, bao gồm:

+ Đơn đề nghị hỗ trợ về nhà ở của hộ gia đình;

+ Các chứng từ giải ngân nguồn vốn hỗ trợ.

- Chỉ đạo, giám sát để các hộ gia đình sử dụng tiền hỗ trợ đúng mục đích.

2. Các Sở, ngành có liên quan

2.1. Sở Xây dựng:

- Nghiên cứu, thiết kế tối thiểu 03 mẫu nhà điển hình.

2.2. Sở Kế hoạch và Đầu tư:

Căn cứ Kế hoạch này để tổng hợp, bố trí vốn có mục tiêu cho Ủy ban nhân dân quận, huyện.

3. Đối với các tổ chức khác

Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Thành Đoàn... phát động các cuộc vận động.
"""


def test_duties_given_under_body_sub_headings_of_the_organisation_section() -> None:
    draft = parse_text(DUTIES_BY_BODY_SUB_HEADING)
    assert _leads(draft) == {
        "II/1/1": ["Ủy ban nhân dân Thành phố"],
        "II/1/2": ["Ủy ban nhân dân Thành phố"],
        "II/1/3": ["Ủy ban nhân dân xã, phường, thị trấn"],
        "II/1/4": ["Ủy ban nhân dân xã, phường, thị trấn"],
        "II/2/1": ["Sở Xây dựng"],
        "II/2/2": ["Sở Kế hoạch và Đầu tư"],
        "II/3": ["Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố", "Thành Đoàn"],
    }
    tasks = {task.path: task for task in draft.leaves}
    assert "+ Các chứng từ giải ngân" in tasks["II/1/3"].title


# 3210/QĐ-UBND: the content section of an attached plan, its steps "2.1.a." and "2.2. Bước 2:
# …" each with a "Thời gian hoàn tất: …" line, beside criteria that name no body.
STEPS_AND_CRITERIA = """KẾ HOẠCH

Hỗ trợ người có công với cách mạng về nhà ở

I. NỘI DUNG THỰC HIỆN

1. Xác định đối tượng được hỗ trợ về nhà ở

1.1. Là người có tên trong danh sách người có công với cách mạng.

1.2. Đang sinh sống tại nhà ở mà nhà ở đó có một trong các điều kiện sau:

- Nhà ở bị hư hỏng nặng phải phá đi xây dựng lại nhà ở mới.

2. Trình tự, thời gian lập và phê duyệt danh sách hỗ trợ nhà ở

2.1. Bước 1:

2.1.a. Thành lập Ban Chỉ đạo thực hiện hỗ trợ nhà ở:

Ủy ban nhân dân xã, phường, thị trấn thành lập Ban Chỉ đạo thực hiện hỗ trợ nhà ở.

2.1.b. Hướng dẫn và tiếp nhận hồ sơ:

Các thôn ấp, tổ dân phố tổ chức phổ biến chính sách. Trưởng thôn ấp, Tổ Trưởng các Tổ dân
phố, hướng dẫn các đối tượng làm đơn.

Thời gian hoàn tất: trước ngày 27 tháng 6 năm 2014.

2.2. Bước 2: Lập Đề án hỗ trợ người có công với cách mạng về nhà ở.

Trên cơ sở đề nghị của Ủy ban nhân dân quận, huyện, Sở Xây dựng chủ trì, phối hợp với Sở
Tài chính lập Đề án.

Thời gian hoàn tất: trước ngày 30 tháng 9 năm 2014.

3. Phương thức thực hiện xây dựng, sửa chữa nhà ở

3.1. Yêu cầu về kỹ thuật và chất lượng:

3.1.a. Sở Xây dựng nghiên cứu, thiết kế tối thiểu 03 mẫu nhà ở điển hình;

3.1.b. Nhà ở phải bảo đảm vệ sinh môi trường, bao che kín đáo.

3.2. Yêu cầu về tổ chức xây dựng nhà ở:

3.2.a. Các hộ gia đình tự tổ chức xây dựng nhà ở. Trường hợp hộ gia đình không có khả năng
tự xây dựng thì Ủy ban nhân dân xã, phường, thị trấn có trách nhiệm tổ chức xây dựng.

II. TỔ CHỨC THỰC HIỆN

1. Đối với Ủy ban nhân dân các cấp

1.1. Ủy ban nhân dân Thành phố:

- Bố trí kinh phí quản lý để triển khai thực hiện chính sách.

- Hoàn thành việc hỗ trợ các hộ gia đình theo Đề án đã được phê duyệt.

1.2. Ủy ban nhân dân quận, huyện:

- Tổng hợp và phê duyệt danh sách người có công được hỗ trợ về nhà ở.

2. Các Sở, ngành có liên quan

2.1. Sở Tài chính:

- Thẩm định dự toán và xác định nguồn kinh phí thực hiện Đề án.

- Hướng dẫn Ủy ban nhân dân quận, huyện về công tác lập dự toán.

2.2. Sở Xây dựng:

- Là cơ quan thường trực giúp Ủy ban nhân dân Thành phố chỉ đạo, đôn đốc, kiểm tra.
"""


def test_steps_of_a_content_section_are_tasks_and_its_criteria_are_not() -> None:
    draft = parse_text(STEPS_AND_CRITERIA)
    leads = {path: lead for path, lead in _leads(draft).items() if path.startswith("I/")}
    assert leads == {
        "I/2/a": ["Ủy ban nhân dân xã, phường, thị trấn"],
        "I/2/b": ["Trưởng thôn ấp", "Tổ Trưởng các Tổ dân phố"],
        "I/2/2": ["Sở Xây dựng"],
        "I/3/a": ["Sở Xây dựng"],
        "I/3/c": ["Ủy ban nhân dân xã, phường, thị trấn"],
    }
    deadlines = {t.path: t.deadline.raw if t.deadline else None for t in draft.leaves}
    assert deadlines["I/2/b"] == "trước ngày 27 tháng 6 năm 2014."
    assert deadlines["I/2/2"] == "trước ngày 30 tháng 9 năm 2014."
    assert deadlines["I/2/a"] is None
