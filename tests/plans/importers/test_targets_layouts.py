"""Targets as real plans state them (issue 14): bulleted "- Đến năm 2025: …" lists, "đạt khoảng",
and ceilings ("dưới 24%"), which dondoc's attainment rules cannot judge, left unread."""

from __future__ import annotations

from dondoc.plans.importers.targets import parse_targets

AIMS = [
    "I. MỤC TIÊU",
    "2. Mục tiêu cụ thể",
    "- Đến năm 2025: 80% người bị bạo lực gia đình được phát hiện, tư vấn, hỗ trợ; 100% xã,"
    " phường có mô hình phòng, chống bạo lực gia đình; giảm 5% số vụ bạo lực gia đình mỗi năm.",
    "- Đến năm 2030: tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi dưới 24%; tỷ lệ trẻ"
    " em dưới 15 tuổi đạt khoảng 22%.",
    "II. NHIỆM VỤ",
]


def test_each_bullet_carries_its_own_year() -> None:
    found = [(t.kind, t.value, t.target_year, t.subject) for t in parse_targets(AIMS)]
    assert found == [
        ("percent", 80.0, 2025, "người bị bạo lực gia đình được phát hiện, tư vấn, hỗ trợ"),
        ("percent", 100.0, 2025, "xã, phường có mô hình phòng, chống bạo lực gia đình"),
        ("reduction", 5.0, 2025, "số vụ bạo lực gia đình mỗi năm"),
        ("percent", 22.0, 2030, "tỷ lệ trẻ em dưới 15 tuổi"),
    ]
