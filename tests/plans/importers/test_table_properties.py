"""Property tests: any table or text either parses or raises the importer's own error."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.table import Row, parse_table
from dondoc.plans.importers.text import parse_text

HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả dự kiến", "Thời hạn"]
codes = st.sampled_from(
    [
        "",
        "",
        "A",
        "B",
        "C",
        "D",
        "I",
        "II",
        "IV",
        "V",
        "X",
        "1",
        "2.",
        "1.1",
        "1.1.1",
        "a)",
        "-",
        "*",
        "9.9.9.9",
        "M",
        "Đ",
        "0",
        "IIII",
        "1a",
    ]
)
words = st.sampled_from(
    [
        "Phòng Tư pháp",
        "Công an huyện",
        "các cơ quan, ban, ngành",
        "Hàng năm",
        "2023 - 2025",
        "<b>x</b>",
        "<ul><li>- Đề nghị</li></ul>",
        "Theo yêu cầu",
        "STT",
        "Nhiệm vụ",
        "chủ trì",
        "31/02/2024",
        "Quý V/2024",
        "năm 99999",
        "|",
        "\n",
        "Thực hiện theo Quyết định số /",
    ]
)
cells = st.one_of(words, st.text(max_size=30))
rows = st.lists(
    st.builds(lambda code, rest: [code, *rest], codes, st.lists(cells, max_size=7)),
    max_size=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=rows, with_header=st.booleans(), header_at=st.integers(0, 5))
def test_table_parses_or_raises_its_own_error(body, with_header, header_at) -> None:
    table = list(body)
    if with_header:
        table.insert(min(header_at, len(table)), HEADER)
    try:
        result = parse_table([Row(i + 1, cells) for i, cells in enumerate(table)])
    except PlanParseError as error:
        assert error.message
        return
    paths = [t.path for t in result.tasks]
    parents = {t.parent for t in result.tasks}
    for task in result.tasks:
        assert task.parent is None or task.parent in paths
        assert task.path == (f"{task.parent}/{task.code}" if task.parent else task.code)
        # Paths may repeat (as printed); a group always has a child citing its path.
        assert task.leaf or task.path in parents


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_raises_its_own_error(text: str) -> None:
    with contextlib.suppress(PlanParseError):
        parse_text(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_raise_the_importers_error(data: bytes) -> None:
    with contextlib.suppress(PlanParseError):
        parse_plan(data, file="x")
