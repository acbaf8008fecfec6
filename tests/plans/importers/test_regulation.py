"""Regulations in articles (seed 003): duties per agency, paths, number and warnings."""

from __future__ import annotations

import io

import docx
import pytest

from dondoc.plans.importers import parse_plan
from dondoc.plans.importers.drafts import PlanDraft
from dondoc.plans.importers.regulation import parse_regulation
from dondoc.plans.importers.text import parse_text

from .test_text import SEEDS

# Read from seed 003, Article 6: each clause's agency and its points ("" : the clause is
# itself the duty).
ARTICLE_6 = {
    "1": ("Công an tỉnh", "abcdđ"),
    "2": ("Sở Thông tin và Truyền thông", ""),
    "3": ("Sở Lao động - Thương binh và Xã hội", "abc"),
    "4": ("Sở Tư pháp", "ab"),
    "5": ("Sở Nội vụ", ""),
    "6": ("Sở Tài chính", "ab"),
    "7": ("Cục Thi hành án dân sự tỉnh", ""),
    "8": ("Bộ Chỉ huy Quân sự tỉnh", ""),
    "9": ("Ủy ban nhân dân các huyện, thành phố", "abcđ"),
    "10": ("Tòa án nhân dân tỉnh", "abc"),
    "11": ("Viện Kiểm sát nhân dân tỉnh", ""),
    "12": ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ""),
}


def seed_003() -> str:
    return next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def draft() -> PlanDraft:
    return parse_text(seed_003())


def leads(draft: PlanDraft) -> dict[str, list[str]]:
    return {t.path: [a.mention for a in t.assignments if a.role == "lead"] for t in draft.leaves}


def test_article_6_one_group_per_agency_one_task_per_duty(draft) -> None:
    found = leads(draft)
    expected = {}
    for clause, (agency, points) in ARTICLE_6.items():
        for point in points or [""]:
            path = f"Điều 6/{clause}" + (f"/{point}" if point else "")
            expected[path] = [agency]
    assert {p: v for p, v in found.items() if p.startswith("Điều 6/")} == expected
    groups = {t.path: t.title for t in draft.tasks if not t.leaf}
    assert groups["Điều 6/1"] == "Công an tỉnh"
    assert groups["Điều 6/10"] == "Đề nghị Tòa án nhân dân tỉnh"
    clause_2 = next(t for t in draft.tasks if t.path == "Điều 6/2")
    assert clause_2.title.startswith("Hướng dẫn, đôn đốc các cơ quan báo chí")
    collective = [t for t in draft.leaves if t.path.startswith("Điều 6/9/")]
    assert all(t.assignments[0].collective for t in collective)


def test_other_articles_that_assign_duties(draft) -> None:
    found = leads(draft)
    assert found["Điều 5/1"] == ["Công an tỉnh"]
    assert found["Điều 5/2"] == ["Sở Tư pháp"]
    assert found["Điều 7/1"] == ["Công an tỉnh"]
    assert found["Điều 8/2"] == ["Sở Tư pháp"]
    coordinating = [
        a.mention
        for t in draft.leaves
        if t.path == "Điều 8/2"
        for a in t.assignments
        if a.role == "coordinating"
    ]
    assert coordinating[0] == "Sở Thông tin và Truyền thông"
    articles = {t.path for t in draft.tasks if "/" not in t.path}
    # Scope, principles, contents and forms of coordination, reporting and organisation
    # (Articles 1-4, 9, 10) and the decision's own Articles 1-3 hold no duties.
    assert articles == {"Điều 5", "Điều 6", "Điều 7", "Điều 8"}


def test_number_date_schedule_and_warnings(draft) -> None:
    assert (draft.document.number, draft.document.date) == ("1320/QĐ-UBND", "2022-08-19")
    codes = [w.code for w in draft.warnings]
    assert "number_from_attachment" in codes and "number_missing" not in codes
    mismatch = next(w for w in draft.warnings if w.code == "appendix_date_mismatch")
    assert "09/8/2022" in mismatch.message and "19/8/2022" in mismatch.message
    skipped = next(w for w in draft.warnings if w.code == "point_skipped")
    assert skipped.path == "Điều 6/9/đ" and "thiếu d)" in skipped.message
    assert draft.schedule is not None
    assert (draft.schedule.frequencies, draft.schedule.due) == (["yearly", "ad_hoc"], "12-15")
    assert draft.schedule.recipient == "Công an tỉnh"
    assert {"half_yearly", "yearly"} <= set(draft.schedule.reviews)


def test_the_regulation_typed_in_word(draft) -> None:
    document = docx.Document()
    for line in seed_003().split("\n"):
        text = line.replace("*", "").lstrip("#").strip()
        if text:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    from_word = parse_plan(buffer.getvalue(), file="1320.docx")
    assert leads(from_word) == leads(draft)
    assert from_word.document.number == "1320/QĐ-UBND"


def test_a_decision_alone_assigns_what_its_articles_say() -> None:
    tasks, warnings = parse_regulation(
        [
            "Điều 1. Giao nhiệm vụ",
            "1. Sở Y tế chủ trì, phối hợp với Sở Tài chính bố trí kinh phí.",
            "2. Các quy định khác giữ nguyên.",
            "Điều 2. Tổ chức thực hiện",
            "1. Sở Nội vụ theo dõi việc thực hiện.",
        ]
    )
    assert [(t.path, [a.mention for a in t.assignments]) for t in tasks if t.leaf] == [
        ("Điều 1/1", ["Sở Y tế", "Sở Tài chính"])
    ]
    assert warnings == []
