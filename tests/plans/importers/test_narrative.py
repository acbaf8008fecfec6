"""Narrative plans (seed 002): groups, activities and their assignments, as read by hand."""

from __future__ import annotations

import io

import docx
import pytest

from dondoc.plans.importers import PlanParseError, parse_plan
from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.narrative import parse_narrative, read_assignment
from dondoc.plans.importers.text import parse_text

from .test_text import SEEDS

CSHS = "Phòng Cảnh sát hình sự"
CTCT = "Phòng Công tác đảng và công tác chính trị"
THAM_MUU = "Phòng Tham mưu"
VP_CSDT = "Văn phòng Cơ quan Cảnh sát điều tra"

# Read from seed 002: the lead of each activity (None: no "Phân công" sentence gives one).
LEADS = {
    **{f"II/1/{letter}": CSHS for letter in "abcdđe"},
    "II/2/1": CSHS, "II/2/2": CTCT, "II/2/3": CSHS, "II/2/4": CTCT, "II/2/5": CSHS,
    "II/3/1": CSHS, "II/3/2": CSHS, "II/3/3": CSHS, "II/3/4": VP_CSDT, "II/3/5": CSHS,
    "II/4/1": THAM_MUU, "II/4/2": THAM_MUU, "II/4/3": THAM_MUU, "II/4/4": VP_CSDT,
    "II/4/5": THAM_MUU, "II/4/6": None,
    "II/5/1": CSHS, "II/5/2": CSHS, "II/5/3": CSHS,
    "II/6/1": THAM_MUU, "II/6/2": THAM_MUU, "II/6/3": THAM_MUU, "II/6/4": THAM_MUU,
    "II/6/5": CSHS,
}  # fmt: skip


def seed_002() -> str:
    return next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")


def leads(draft: PlanDraft) -> dict[str, str | None]:
    found = {}
    for task in draft.leaves:
        named = [a.mention for a in task.assignments if a.role == "lead"]
        found[task.path] = named[0] if named else None
    return found


def key(text: str | None) -> str | None:
    return text.lower() if text else None


@pytest.fixture(scope="module")
def draft() -> PlanDraft:
    return parse_text(seed_002())


def test_groups_and_activities(draft) -> None:
    groups = [(t.path, t.title) for t in draft.tasks if not t.leaf]
    assert groups[:3] == [
        ("II", "CÔNG TÁC TRỌNG TÂM"),
        ("II/1", "Công tác chỉ đạo, điều hành"),
        ("II/2", "Công tác tuyên truyền giáo dục phòng ngừa"),
    ]
    assert [path for path, _ in groups] == ["II", *(f"II/{n}" for n in range(1, 7))]
    assert groups[5][1].startswith("Công tác chỉ đạo xây dựng, nhân rộng mô hình phòng, chống tội")
    assert "phạm và phát động phong trào" in groups[5][1]  # the wrapped line joined back
    assert [t.path for t in draft.leaves] == list(LEADS)
    assert not any(t.path.startswith(("I/", "III")) for t in draft.tasks)
    activity = next(t for t in draft.tasks if t.path == "II/2/3")
    assert activity.title.startswith("Xây dựng và triển khai kế hoạch truyền thông")
    assert "Tháng hành động vì trẻ em" in activity.title  # its unnumbered paragraphs


def test_each_activity_has_the_lead_the_text_gives(draft) -> None:
    assert {p: key(m) for p, m in leads(draft).items()} == {p: key(m) for p, m in LEADS.items()}
    unassigned = [w for w in draft.warnings if w.code == "activity_unassigned"]
    assert [w.path for w in unassigned] == ["II/4/6"]
    assert "II/4/6" in unassigned[0].message


def test_coordinators_and_collectives(draft) -> None:
    tasks = {t.path: t for t in draft.tasks}
    first = [(a.role, a.mention, a.collective) for a in tasks["II/2/1"].assignments]
    assert first == [
        ("lead", CSHS, False),
        ("coordinating", "Văn phòng cơ quan Cảnh sát điều tra", False),
        ("coordinating", "Công an các địa phương", True),
    ]
    third = {a.mention for a in tasks["II/2/3"].assignments if a.role == "coordinating"}
    assert {"Ban Tuyên giáo tỉnh", "Sở Lao động - Thương binh và Xã hội tỉnh"} <= third
    assert "các sở, ban, ngành như" not in " ".join(third)
    section_one = tasks["II/1/đ"].assignments
    assert [(a.role, a.collective) for a in section_one] == [
        ("lead", False),
        ("coordinating", True),
    ]
    assert all(not a.collective for t in draft.leaves for a in t.assignments if a.role == "lead")


def test_header_and_schedule(draft) -> None:
    assert (draft.document.number, draft.document.date) == ("111/KH-CAT-CSHS", "2021-05-26")
    assert draft.schedule is not None
    assert draft.schedule.frequencies == ["quarterly", "half_yearly", "yearly", "ad_hoc"]
    assert draft.schedule.recipient == CSHS
    assert (draft.schedule.start_year, draft.schedule.end_year) == (2021, 2025)


def test_the_same_plan_typed_in_word(draft) -> None:
    document = docx.Document()
    for line in seed_002().split("\n"):
        if line.strip():
            document.add_paragraph(line.replace("**", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    from_word = parse_plan(buffer.getvalue(), file="111.docx")
    assert from_word.source_format == "docx"
    assert leads(from_word) == leads(draft)
    assert from_word.document.number == "111/KH-CAT-CSHS"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "- Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ và Công an tỉnh thực hiện tiết (1), (3).",
            [("Sở Tư pháp", ["Sở Nội vụ và Công an tỉnh"], ["1", "3"])],
        ),
        (
            "Phòng Tham mưu chủ trì thực hiện tiết (2); chỉ đạo Công an các huyện thực hiện "
            "tiết (4).",
            [
                ("Phòng Tham mưu", [], ["2"]),
                ("Phòng Tham mưu", ["Công an các huyện"], ["4"]),
            ],
        ),
        (
            "Công an các địa phương chủ động phối hợp thực hiện.",
            [("", ["Công an các địa phương"], None)],
        ),
    ],
)
def test_assignment_sentences(sentence, expected) -> None:
    pieces = [(p.lead, p.coordinating, p.targets) for p in read_assignment(sentence)]
    assert pieces == expected


def test_text_without_tasks_is_still_refused() -> None:
    with pytest.raises(PlanParseError, match="không phải là kế hoạch"):
        parse_text(next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8"))
    tasks, _ = parse_narrative(["I. MỤC TIÊU", "1. Nâng cao nhận thức", "a) Tuyên truyền"])
    assert not [t for t in tasks if t.leaf]  # objectives are not work to follow up


def test_targets_of_seed_002(draft) -> None:
    found = [
        (t.kind, t.value, t.of, t.low, t.high, t.comparison, t.target_year) for t in draft.targets
    ]
    assert found == [
        ("fraction", 15.0, 15, None, None, ">=", 2025),
        ("percent", 75.0, None, None, None, ">=", 2025),
        ("percent", 100.0, None, None, None, ">=", 2025),
        ("percent", 100.0, None, None, None, ">=", None),
        ("percent", 95.0, None, None, None, ">", None),
        ("percent", 100.0, None, None, None, ">=", None),
        ("reduction_range", None, None, 5.0, 7.0, ">=", None),
        ("percent", 100.0, None, None, None, ">=", 2025),
    ]
    subjects = [t.subject for t in draft.targets]
    assert subjects[0].startswith("huyện, thành phố tổ chức tuyên truyền")
    assert subjects[4].startswith("tỷ lệ giải quyết tố giác")
    assert subjects[7].startswith("Công an các địa phương được trang bị mô hình Phòng Điều tra")
    assert "từ 5% đến 7%" in draft.targets[6].raw


def test_no_targets_from_dates_or_numbers_that_are_not_targets() -> None:
    from dondoc.plans.importers.targets import parse_targets

    text = [
        "Báo cáo trước ngày 15/12 hằng năm gửi Công an tỉnh.",
        "Thực hiện Quyết định số 1863/QĐ-TTg ngày 23/12/2019.",
        "Phấn đấu giảm ít nhất 10% số vụ tai nạn; trên 90% hộ gia đình được tuyên truyền.",
    ]
    found = [(t.kind, t.value, t.comparison) for t in parse_targets(text)]
    assert found == [("reduction", 10.0, ">="), ("percent", 90.0, ">")]
