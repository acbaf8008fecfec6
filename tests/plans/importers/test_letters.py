"""Official letters and ministries' names in real documents (issue 14: tests/fixtures/real,
the *-vpcp-*, *-bxd-* and *-ldtbxh-* cases): the header rules they need, on their own lines."""

from __future__ import annotations

import pytest

from dondoc.plans.importers.header import capitalise_body, parse_header


@pytest.mark.parametrize(
    "number_line",
    [
        "Số: 2428/BXD-QLN V/v: Hỗ trợ người có công với cách mạng về nhà ở",
        "Số: 3354/VPCP-KGVX V/v ban hành Thông tư hướng dẫn về quy trình xác định",
    ],
)
def test_a_letter_is_known_by_its_subject_line(number_line: str) -> None:
    # A công văn carries no type name; its subject starts "V/v" (Nghị định 30/2020/NĐ-CP).
    header = parse_header(["BỘ XÂY DỰNG", number_line, "Hà Nội, ngày 15 tháng 11 năm 2013"])
    assert header.type_name == "Công văn"
    assert header.number == number_line.split()[1]


def test_a_subject_line_of_its_own_also_makes_a_letter() -> None:
    lines = ["VĂN PHÒNG CHÍNH PHỦ", "Số: 8794/VPCP-KGVX", "V/v ban hành Thông tư liên tịch"]
    assert parse_header(lines).type_name == "Công văn"


def test_a_typed_document_is_not_a_letter() -> None:
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "Số: 90/KH-UBND", "KẾ HOẠCH", "V/v phòng, chống"]
    assert parse_header(lines).type_name == "Kế hoạch"


@pytest.mark.parametrize(
    ("capitals", "name"),
    [
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Bộ Nông nghiệp và Phát triển nông thôn"),
        (
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH ĐẮK LẮK",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Lắk",
        ),
        (
            "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NGHỆ AN",
            "Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An",
        ),
        # Unchanged: a body that is not a ministry or department keeps its common words small.
        (
            "BAN CHỈ ĐẠO QUỐC GIA VỀ TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ",
            "Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ",
        ),
        ("ỦY BAN NHÂN DÂN XÃ AN THỚI ĐÔNG", "Ủy ban nhân dân xã An Thới Đông"),
        ("BỘ XÂY DỰNG", "Bộ Xây dựng"),
    ],
)
def test_a_ministry_or_department_in_capitals_keeps_each_field_of_its_name(
    capitals: str, name: str
) -> None:
    # Nghị định 30/2020/NĐ-CP, Phụ lục II: the words naming a body's fields are capitalised
    # ("Bộ Tài nguyên và Môi trường"); "xã hội" is a field, not a commune.
    assert capitalise_body(capitals) == name


LETTER = (
    "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 8424/VPCP-KTTH V/v: trợ cấp một lần\n\n"
    "Hà Nội, ngày 27 tháng 10 năm 2014\n\n"
    "Kính gửi: Bộ Lao động - Thương binh và Xã hội; Bộ Quốc phòng.\n\n"
    "Xét đề nghị của Ủy ban nhân dân tỉnh Nghệ An, Phó Thủ tướng có ý kiến như sau:\n\n"
    "1. Yêu cầu Bộ Lao động - Thương binh và Xã hội khẩn trương rà soát số đối tượng, trình Thủ"
    " tướng Chính phủ xem xét, ký ban hành trước ngày 31 tháng 12 năm 2014.\n\n"
    "2. Bộ Quốc phòng chủ trì, phối hợp với Bộ Tài chính hướng dẫn thực hiện điều chỉnh mức trợ"
    " cấp.\n"
)


def test_a_numbered_instruction_is_led_by_the_body_it_names_and_due_when_it_says() -> None:
    from dondoc.plans.importers.text import parse_text

    draft = parse_text(LETTER)
    assert draft.document.type_name == "Công văn"
    first, second = draft.leaves
    assert [a.mention for a in first.assignments if a.role == "lead"] == [
        "Bộ Lao động - Thương binh và Xã hội"
    ]
    assert first.deadline is not None
    assert first.deadline.raw == "trước ngày 31 tháng 12 năm 2014"
    assert [a.mention for a in second.assignments if a.role == "lead"] == ["Bộ Quốc phòng"]
    assert [a.mention for a in second.assignments if a.role != "lead"] == ["Bộ Tài chính"]


def test_a_recurring_date_inside_an_instruction_is_its_deadline() -> None:
    from dondoc.plans.importers.text import parse_text

    text = LETTER.replace(
        "2. Bộ Quốc phòng chủ trì, phối hợp với Bộ Tài chính hướng dẫn thực hiện điều chỉnh mức"
        " trợ cấp.",
        "2. Bộ Quốc phòng báo cáo tình hình thực hiện bằng văn bản về Bộ Xây dựng trước ngày 25"
        " hàng tháng để tổng hợp, báo cáo Thủ tướng Chính phủ.",
    )
    second = parse_text(text).leaves[1]
    assert second.deadline is not None and second.deadline.raw == "trước ngày 25 hàng tháng"


REMINDER = (
    "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 8794/VPCP-KGVX V/v ban hành Thông tư liên tịch\n\n"
    "Hà Nội, ngày 21 tháng 10 năm 2013\n\nKính gửi: Bộ Lao động - Thương binh và Xã hội\n\n"
    "Ngày 19 tháng 9 năm 2013, Văn phòng Chính phủ có văn bản số 349/TB-VPCP yêu cầu quý Bộ chủ"
    " trì, phối hợp với Bộ Y tế xây dựng Thông tư, báo cáo trước ngày 30 tháng 9 năm 2013.\n\n"
    "Tuy nhiên đến nay, Văn phòng Chính phủ chưa nhận được báo cáo của quý Bộ.\n\n"
    "Văn phòng Chính phủ đề nghị quý Bộ khẩn trương có báo cáo trước ngày 30 tháng 11 năm"
    " 2013.\n\n| Nơi nhận: - Như trên; - Lưu: VT. | KT. BỘ TRƯỞNG, CHỦ NHIỆM |\n"
)


def test_a_letter_without_numbered_items_asks_in_its_last_request() -> None:
    from dondoc.plans.importers.text import parse_text

    (task,) = parse_text(REMINDER).leaves
    assert task.title.startswith("Văn phòng Chính phủ đề nghị quý Bộ")
    # "quý Bộ" is the addressee after "Kính gửi:".
    assert [a.mention for a in task.assignments if a.role == "lead"] == [
        "Bộ Lao động - Thương binh và Xã hội"
    ]
    assert task.deadline is not None and task.deadline.raw == "trước ngày 30 tháng 11 năm 2013"


def test_a_request_names_the_bodies_before_its_verb() -> None:
    from dondoc.plans.importers.text import parse_text

    text = REMINDER.replace(
        "Văn phòng Chính phủ đề nghị quý Bộ khẩn trương có báo cáo trước ngày 30 tháng 11 năm"
        " 2013.",
        "Bộ Xây dựng đề nghị Bộ Tài chính, Bộ Kế hoạch và Đầu tư bố trí vốn theo danh sách.",
    ).replace("Kính gửi: Bộ Lao động - Thương binh và Xã hội", "Kính gửi: - Bộ Tài chính;")
    (task,) = parse_text(text).leaves
    leads = [a.mention for a in task.assignments if a.role == "lead"]
    assert leads == ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"]


@pytest.mark.parametrize(
    ("first_line", "issuer"),
    [("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"), ("CHÍNH PHỦ", "Chính phủ")],
)
def test_the_prime_minister_and_the_government_head_their_documents(
    first_line: str, issuer: str
) -> None:
    lines = [first_line, "Số: 2403/TTg-KGVX V/v điều chỉnh mức trợ cấp", "Hà Nội, ngày 03 tháng 12"]
    assert parse_header(lines).issuer == issuer
