"""Splitting cells into agency mentions without breaking names or collective phrases."""

from __future__ import annotations

import pytest

from dondoc.org.mentions import split_agency_mentions


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Công an huyện, Viện Kiểm sát nhân dân huyện và các cơ quan có liên quan",
            ["Công an huyện", "Viện Kiểm sát nhân dân huyện", "các cơ quan có liên quan"],
        ),
        (
            "Tòa án nhân dân huyện và và cơ quan, ban, ngành, đơn vị, địa phương có liên quan",
            ["Tòa án nhân dân huyện", "cơ quan, ban, ngành, đơn vị, địa phương có liên quan"],
        ),
        (
            "Phòng Y tế, Phòng Tư pháp, Phòng Lao động - Thương binh và Xã hội.",
            ["Phòng Y tế", "Phòng Tư pháp", "Phòng Lao động - Thương binh và Xã hội"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Công an tỉnh",
            ["Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"],
        ),
        (
            "Phòng Văn hóa và Thông tin; Trung tâm Văn hóa - Truyền thông và Thể thao huyện",
            ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Truyền thông và Thể thao huyện"],
        ),
        (
            '<ul style="list-style-type: none"> <li>- Các cơ quan, ban, ngành thực hiện.</li>'
            "<li>Ủy ban nhân dân các xã, thị trấn thực hiện theo thẩm quyền.</li> </ul>",
            [
                "Các cơ quan, ban, ngành thực hiện",
                "Ủy ban nhân dân các xã, thị trấn thực hiện theo thẩm quyền",
            ],
        ),
        (
            "Trạm truyền thanh phường, xã; Viện Kiểm sát nhân dân thành phố",
            ["Trạm truyền thanh phường, xã", "Viện Kiểm sát nhân dân thành phố"],
        ),
        (
            "Các cơ quan, đơn vị, địa phương thực hiện. Viện Kiểm sát nhân dân thành phố",
            ["Các cơ quan, đơn vị, địa phương thực hiện", "Viện Kiểm sát nhân dân thành phố"],
        ),
        ("UBND TP. Trà Vinh, Công an TP. Trà Vinh", ["UBND TP. Trà Vinh", "Công an TP. Trà Vinh"]),
        ("", []),
    ],
)
def test_split(cell: str, expected: list[str]) -> None:
    assert split_agency_mentions(cell) == expected
