"""The plan's numbering as the report quotes it, and the sections it groups by (no database:
tasks as the plan's tree)."""

from __future__ import annotations

from collections import Counter

from dondoc.plans.models import Task
from dondoc.reports.consolidated import owed_items, printed_number, section_level, top_of


def tree() -> dict[str, Task]:
    """II. Nhiệm vụ trọng tâm › 1. … › a), b), c); 2. … › 2.1, 2.2 (seed 002's shape)."""
    tasks: dict[str, Task] = {}
    for pk, (key, code, parent) in enumerate(
        [
            ("II", "II", None),
            ("II/1", "1.", "II"),
            ("II/1/a", "a)", "II/1"),
            ("II/1/b", "b)", "II/1"),
            ("II/1/c", "c)", "II/1"),
            ("II/2", "2", "II"),
            ("II/2/2.1", "2.1", "II/2"),
            ("II/2/2.2", "2.2", "II/2"),
        ],
        start=1,
    ):
        tasks[key] = Task(pk=pk, code=code, path=key, title=key, parent=tasks.get(parent or ""))
    return tasks


def test_printed_number_joins_the_codes_without_repeating_a_groups() -> None:
    tasks = tree()
    assert printed_number(tasks["II/1/b"]) == "II.1.b"
    assert printed_number(tasks["II/2/2.1"]) == "II.2.1"  # "2.1" carries its group's "2"


def test_a_single_top_section_groups_one_level_down() -> None:
    tasks = tree()
    leaves = [tasks[k] for k in ("II/1/a", "II/1/b", "II/1/c", "II/2/2.1", "II/2/2.2")]
    level = section_level(leaves)
    assert level == 1
    assert top_of(tasks["II/1/c"], level) is tasks["II/1"]
    due = Counter(top_of(t, level).pk for t in leaves)
    owed = [tasks["II/1/a"], tasks["II/1/b"], tasks["II/1/c"], tasks["II/2/2.2"]]
    assert owed_items(owed, due, level) == "toàn bộ mục II.1 (3 nhiệm vụ); II.2.2"


def test_the_late_agencies_table_counts_by_the_same_sections() -> None:
    from dondoc.org.models import AdminUnit, Agency
    from dondoc.plans.models import Document
    from dondoc.reports.consolidated import missing_table
    from dondoc.tracking.consolidation import Consolidation, TaskSection

    tasks = tree()
    for key in ("II", "II/1", "II/2"):
        tasks[key].is_leaf = False
    unit = AdminUnit(kind="Tỉnh", short_name="An Giang", name="Tỉnh An Giang")
    agency = Agency(pk=1, name="Phòng Tham mưu Công an tỉnh An Giang", unit=unit)
    sections = [TaskSection(t, True, []) for t in tasks.values()]
    owed = [tasks["II/1/a"], tasks["II/1/b"], tasks["II/1/c"], tasks["II/2/2.2"]]
    content = Consolidation(
        Document(), None, None, sections, {1: (agency, owed)}, [], [], [], [], []
    )  # type: ignore[arg-type]
    table = missing_table(content)
    assert table is not None
    assert table.cells[1][3] == "toàn bộ mục II.1 (3 nhiệm vụ); II.2.2"
