"""Seeds 000 and 001 (text form) parse into exactly the task trees their appendices print."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.org.names import match_key
from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.drafts import PlanDraft, draft_from_dict, draft_to_dict
from dondoc.plans.importers.text import parse_text

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
TVTH = "Viện kiểm sát nhân dân huyện"
TAND = "Tòa án nhân dân huyện"
CA = "Công an huyện"
TP = "Phòng Tư pháp"
COLLECTIVE = "*"  # a collective assignee in the lead column

# Seed 000, read from its appendix: leaf path → (lead agencies, deadline kind).
SEED_000 = {
    "A/I": ([TP], "annual"),
    "A/II/1/1.1": ([TP], "on_request"),
    "A/II/1/1.2": ([TP], "on_request"),
    "A/II/1/1.3": ([TP], "on_request"),
    "A/II/2/2.1": ([TAND], "on_request"),
    "A/II/2/2.2": ([CA], "on_request"),
    "A/II/3": (["Phòng Nội vụ"], "on_request"),
    "A/III": ([TP], "on_request"),
    "B/I": ([COLLECTIVE, COLLECTIVE, TAND, TVTH], "annual"),
    "B/II": ([CA], "situational"),
    "B/III/1": ([CA, TAND, TVTH], "annual"),
    "B/III/2": ([TP], "annual"),
    "B/III/3": ([CA], "annual"),
    "B/IV": ([TVTH], "annual"),
    "B/V/1": ([TVTH, TAND], "annual"),
    "B/V/2": ([TAND], "per_document"),
    "B/V/3": ([TVTH, TAND], "annual"),
    "B/VI": ([COLLECTIVE, TAND, TVTH], "annual"),
    "B/VII/1": ([TP], "annual"),
    "B/VII/2": (["Phòng Lao động Thương binh và Xã hội"], "annual"),
    "B/VII/3": (["Phòng Lao động Thương binh và Xã hội huyện"], "period"),
    "B/VIII/1": ([TP], "annual"),
    "B/VIII/2": ([TP], "annual"),
    "B/VIII/3": ([TVTH], "annual"),
    "B/IX/1": ([TAND, TVTH], "annual"),
    "B/IX/2": ([TP], "period"),
    "C/I": ([TP], "period"),
    "C/II": (
        ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Truyền thông và Thể thao huyện"],
        "annual",
    ),
    "C/III": ([TP, CA, "Ban Chỉ huy quân sự huyện"], "period"),
    "C/IV": ([CA], "annual"),
    "C/V": ([CA, "Ban Chỉ huy quân sự huyện", TVTH, TAND], "annual"),
    "D/I": ([CA], "on_request"),
    "D/II": ([CA], "on_request"),
    "D/III": ([COLLECTIVE], "on_request"),
}

CAT = "Công an thành phố"
VKS = "Viện Kiểm sát nhân dân thành phố"
TA = "Tòa án nhân dân thành phố"
LD = "Phòng Lao động - Thương binh và Xã hội"
# Seed 001 (draft plan of Thành phố Trà Vinh).
SEED_001 = {
    "I/1": ([TP], "on_request"),
    "I/2/2.1/2.1.1": ([TP], "on_request"),
    "I/2/2.1/2.1.2": ([TP], "on_request"),
    "I/2/2.1/2.1.3": ([TP], "on_request"),
    "I/2/2.2/2.2.1": ([TA], "on_request"),
    "I/2/2.2/2.2.2": ([CAT], "on_request"),
    "I/3": ([CAT], "on_request"),
    "II/1": ([COLLECTIVE, VKS, TA], "annual"),
    "II/2": ([CAT], "annual"),
    "II/3/3.1": ([CAT], "annual"),
    "II/3/3.2": ([TP], "annual"),
    "II/3/3.3": ([CAT], "annual"),
    "II/3/3.4": ([CAT], "annual"),
    "II/4": ([VKS], "annual"),
    "II/5/5.1": ([VKS, TA], "annual"),
    "II/5/5.2": ([TA], "per_document"),
    "II/5/5.3": ([TA], "period"),
    "II/5/5.4": ([TA], "per_document"),
    "II/5/5.5": ([VKS, TA], "annual"),
    "II/6": ([COLLECTIVE, VKS, TA], "annual"),
    "II/7/7.1": ([TP], "annual"),
    "II/7/7.2": ([LD], "annual"),
    "II/7/7.3": ([LD], "period"),
    "II/8/8.1": ([CAT], "annual"),
    "II/8/8.2": ([TP], "annual"),
    "II/8/8.3": ([VKS], "annual"),
    "II/9/9.1": ([CAT, VKS, TA], "period"),
    "II/9/9.2": ([TP], "period"),
    "III/1": ([VKS, TA, COLLECTIVE], "annual"),
    "III/2": ([COLLECTIVE], "annual"),
    "III/3": ([TP, CAT, VKS, TA], "on_request"),
    "III/4": ([CAT, TP], "period"),
    "III/5": ([CAT], "period"),
    "III/6/6.1/6.1.1": ([TP], "annual"),
    "III/6/6.1/6.1.2": ([CAT, "Ban Chỉ huy Quân sự thành phố"], "annual"),
    "III/6/6.1/6.1.3": ([VKS, TA], "annual"),
    "III/6/6.1/6.1.4": ([CAT], "annual"),
    "III/6/6.1/6.1.5": (["Phòng Giáo dục và Đào tạo"], "annual"),
    "III/6/6.1/6.1.6": ([CAT], "annual"),
    "III/6/6.2": (["Phòng Văn hóa - Thông tin"], "annual"),
    "III/6/6.3": ([CAT], "annual"),
    "III/7": (["Trung tâm Văn hóa - Thông tin và Thể thao thành phố"], "annual"),
    "III/8": ([CAT], "annual"),
    "IV/1": ([CAT], "annual"),  # the first section IV; the second repeats its paths
    "IV/2": ([CAT], "on_request"),
    "IV/3": ([CAT], "annual"),
    "IV/4": ([CAT], "annual"),
    "V/1": ([CAT], "on_request"),
    "V/2": ([CAT], "on_request"),
}
# The second section "IV" (printed after V): two more leaves with the same paths.
SEED_001_SECOND_IV = [("IV/1", [CAT], "on_request"), ("IV/2", [CAT], "on_request")]


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan_000() -> PlanDraft:
    return parse_text(seed_text("000"))


@pytest.fixture(scope="module")
def plan_001() -> PlanDraft:
    return parse_text(seed_text("001"))


def leads(task) -> list[str]:
    return [
        COLLECTIVE if a.collective else match_key(a.mention)
        for a in task.assignments
        if a.role == "lead"
    ]


def expected_leads(names: list[str]) -> list[str]:
    return [name if name == COLLECTIVE else match_key(name) for name in names]


def test_seed_000_leaves_paths_leads_and_deadlines(plan_000: PlanDraft) -> None:
    leaves = plan_000.leaves
    assert len(leaves) == 34
    assert [t.path for t in leaves] == list(SEED_000)
    for task in leaves:
        names, kind = SEED_000[task.path]
        assert leads(task) == expected_leads(names), task.path
        assert task.deadline is not None and task.deadline.kind == kind, task.path


def test_seed_001_leaves_paths_leads_and_deadlines(plan_001: PlanDraft) -> None:
    leaves = plan_001.leaves
    assert len(leaves) == 51
    expected = [(p, names, kind) for p, (names, kind) in SEED_001.items()] + SEED_001_SECOND_IV
    assert [t.path for t in leaves] == [p for p, _, _ in expected]
    for task, (path, names, kind) in zip(leaves, expected, strict=True):
        assert leads(task) == expected_leads(names), path
        assert task.deadline is not None and task.deadline.kind == kind, path


def test_group_rows_are_in_the_flat_list_with_parents(plan_000: PlanDraft) -> None:
    by_path = {t.path: t for t in plan_000.tasks}
    assert len(plan_000.tasks) == 46
    group = by_path["A/II/1"]
    assert not group.leaf and group.parent == "A/II" and group.code == "1"
    assert group.title == "Rà soát và đề xuất hoàn thiện khuôn khổ pháp luật hình sự"
    leaf = by_path["A/II/1/1.2"]
    assert leaf.leaf and leaf.parent == "A/II/1" and leaf.code == "1.2"
    assert by_path["B"].parent is None and by_path["C"].title.startswith("Tiếp tục tăng cường")
    # Every parent is printed before its children and exists.
    seen: set[str] = set()
    for task in plan_000.tasks:
        assert task.parent is None or task.parent in seen
        seen.add(task.path)


def test_continuation_rows_complete_the_row_above(plan_000: PlanDraft, plan_001) -> None:
    by_path = {t.path: t for t in plan_000.tasks}
    # Seed 000 B.V.1: the expected result continues on the next page.
    assert by_path["B/V/1"].expected_result.endswith(
        "trong đó nêu rõ bị can, bị cáo, bị hại, thời gian, địa điểm xảy ra, nội dung sự việc, "
        "kết quả xử lý"
    )
    # Seed 000 B.IX.1: title and expected result both continue.
    assert "Các trường hợp bị từ chối ở phiên tòa" in by_path["B/IX/1"].title
    assert by_path["B/IX/1"].expected_result.endswith("của Thủ tướng Chính phủ")
    # Seed 001 I.3 continues after a repeated header row; 9.1 carries an HTML list.
    by_path_001 = {t.path: t for t in plan_001.tasks}
    assert by_path_001["I/3"].title.endswith("chính sách pháp luật của Nhà nước.")
    title_91 = by_path_001["II/9/9.1"].title
    assert "\n- Các hành vi bức cung" in title_91 and "<" not in title_91
    assert [match_key(a.mention) for a in by_path_001["II/9/9.1"].assignments[:3]] == [
        match_key(CAT),
        match_key(VKS),
        match_key(TA),
    ]


def test_collective_and_prefixes(plan_000: PlanDraft, plan_001: PlanDraft) -> None:
    b_i = {t.path: t for t in plan_000.tasks}["B/I"]
    assert [(a.mention, a.collective) for a in b_i.assignments] == [
        ("Các cơ quan, ban, ngành, đơn vị", True),
        ("Ủy ban nhân dân các xã, thị trấn", True),
        ("Tòa án nhân dân huyện", False),
        ("Viện kiểm sát nhân dân huyện", False),
    ]
    task = {t.path: t for t in plan_001.tasks}["I/2/2.2/2.2.1"]
    lead = task.assignments[0]
    assert lead.raw.startswith("Đề nghị") and lead.mention == "Tòa án nhân dân thành phố"
    coordinating = {t.path: t for t in plan_000.tasks}["B/VII/3"].assignments
    assert "Mặt trận Tổ quốc Việt Nam huyện Sơn Dương" in [a.mention for a in coordinating]


def test_deadline_details(plan_000: PlanDraft) -> None:
    by_path = {t.path: t for t in plan_000.tasks}
    b_v_2 = by_path["B/V/2"].deadline
    assert b_v_2 is not None and b_v_2.document == "1252/QĐ-TTg"
    period = by_path["B/VII/3"].deadline
    assert period is not None and (period.start_year, period.end_year) == (2023, 2025)
    mixed = by_path["B/VII/2"].deadline
    assert mixed is not None and mixed.kind == "annual" and mixed.raw.startswith("Hàng năm hoặc")
    assert all(t.deadline is None for t in plan_000.tasks if not t.leaf)


def test_header_of_seed_000(plan_000: PlanDraft) -> None:
    doc = plan_000.document
    assert (doc.number, doc.type, doc.place, doc.date) == (
        "284/KH-UBND",
        "KH",
        "Sơn Dương",
        "2023-07-04",
    )
    assert doc.issuer == "Ủy ban nhân dân huyện Sơn Dương"
    assert doc.title.startswith("Tăng cường thực thi hiệu quả Công ước chống tra tấn")
    assert [(r.number, r.date) for r in doc.implements] == [("125/KH-UBND", "2023-06-01")]
    assert doc.implements[0].issuer == "Ủy ban nhân dân tỉnh Tuyên Quang"
    codes = [w.code for w in plan_000.warnings]
    assert codes == ["appendix_number_mismatch"]
    assert "224/KH-UBND" in plan_000.warnings[0].message


def test_header_of_seed_001_a_draft(plan_001: PlanDraft) -> None:
    doc = plan_001.document
    assert doc.number is None and doc.symbol == "KH-UBND" and doc.date is None
    assert (doc.year, doc.month, doc.day) == (2023, 5, None)
    assert doc.place == "TP. Trà Vinh"
    assert doc.issuer == "Ủy ban nhân dân thành phố Trà Vinh"
    assert [r.number for r in doc.implements] == ["44/KH-UBND", "87/QĐ-TTg"]
    assert doc.implements[1].date == "2023-02-14"
    codes = [w.code for w in plan_001.warnings]
    assert codes[:2] == ["number_missing", "date_incomplete"]
    duplicates = [w.path for w in plan_001.warnings if w.code == "duplicate_number"]
    assert duplicates == ["IV", "IV/1", "IV/2"]


def test_markdown_pipe_table() -> None:
    text = "\n".join(
        [
            "Số: 12/KH-UBND",
            "",
            "Hàm Yên, ngày 3 tháng 2 năm 2024",
            "",
            "# KẾ HOẠCH",
            "",
            "**Phòng, chống tra tấn năm 2024**",
            "",
            "| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian |",
            "|---|---|---|---|---|---|",
            "| I | **Tuyên truyền** | | | | |",
            "| 1 | Tổ chức hội nghị | Phòng Tư pháp | Công an huyện | Hội nghị | Quý II/2024 |",
            "| 2 | Tập huấn | Đề nghị Công an huyện chủ trì | | Lớp | Thường xuyên |",
        ]
    )
    draft = parse_text(text)
    assert [(t.path, t.leaf) for t in draft.tasks] == [("I", False), ("I/1", True), ("I/2", True)]
    first, second = draft.tasks[1], draft.tasks[2]
    assert first.deadline is not None and first.deadline.date == "2024-06-30"
    assert second.assignments[0].mention == "Công an huyện"
    assert second.deadline is not None and second.deadline.kind == "ongoing"
    assert draft.document.title == "Phòng, chống tra tấn năm 2024"


def test_cells_are_data_not_markup() -> None:
    text = (
        "Số: 1/KH-UBND\n\nKẾ HOẠCH\n\nThử\n\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời hạn\n"
        "1\t<script>alert(1)</script>Nhiệm vụ <i>một</i> &amp; hai\tPhòng Tư pháp\t\t\tHàng năm\n"
    )
    task = parse_text(text).tasks[0]
    assert task.title == "alert(1)Nhiệm vụ một & hai"


def test_files_without_tasks_are_refused() -> None:
    news = next(SEEDS.glob("004_*.txt")).read_bytes()
    with pytest.raises(PlanParseError, match="không phải là kế hoạch"):
        parse_plan(news, file="004.txt")
    no_tasks = (
        "Số: 5/KH-UBND\n\nSơn Dương, ngày 10 tháng 3 năm 2024\n\nKẾ HOẠCH\n\n"
        "Tuyên truyền pháp luật năm 2024\n\nI. MỤC ĐÍCH, YÊU CẦU\n\nNâng cao nhận thức.\n"
    )
    with pytest.raises(PlanParseError, match="không có bảng phân công nhiệm vụ"):
        parse_plan(no_tasks.encode(), file="5.txt")


def test_bad_bytes_are_refused_with_a_clear_message() -> None:
    with pytest.raises(PlanParseError, match="UTF-8"):
        parse_plan(b"K\xd5 ho\xb9ch", file="x.txt")  # TCVN3 bytes
    with pytest.raises(PlanParseError, match="rỗng"):
        parse_plan(b"", file="x.txt")
    with pytest.raises(PlanParseError, match="định dạng cũ"):
        parse_plan(b"\xd0\xcf\x11\xe0" + b"\0" * 100, file="x.doc")


def test_json_round_trip(plan_001: PlanDraft) -> None:
    data = draft_to_dict(plan_001)
    assert list(data)[:3] == ["document", "warnings", "tasks"]
    assert draft_from_dict(data) == plan_001
