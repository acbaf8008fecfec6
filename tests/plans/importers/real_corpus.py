"""The real corpus (tests/fixtures/real): public plan texts with the expectations a reader wrote.

Each document `<slug>.<ext>` (any format the importers accept) has a sidecar `<slug>.json`: its
source, its layout, and `expected` (the task count a careful reader counts, the header, a sample
of tasks with path, lead as written and deadline raw text). `xfail` names what the parser cannot
read yet. Shared by
tests/plans/importers/test_real_corpus.py and bench/plan_corpus.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dondoc.org.names import match_key
from dondoc.plans.importers import ACCEPTED_EXTENSIONS, PlanParseError, parse_plan
from dondoc.plans.importers.drafts import PlanDraft

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "real"
HEADER_FIELDS = ("number", "type_name", "date", "issuer")


@dataclass
class Case:
    slug: str
    text_path: Path
    layout: str
    expected: dict[str, Any]
    xfail: str | None
    source: dict[str, Any]


@dataclass
class Outcome:
    """What the parser made of one case, measured against the reader's expectations."""

    case: Case
    error: str = ""
    tasks_found: int = 0
    tasks_with_lead: int = 0  # of the tasks read, those with at least one lead
    sample_found: int = 0
    leads_right: int = 0
    deadlines_right: int = 0
    header_right: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def tasks_expected(self) -> int:
        return int(self.case.expected["tasks"])

    @property
    def sample_size(self) -> int:
        return len(self.case.expected.get("sample", []))


def cases() -> list[Case]:
    found = []
    for sidecar in sorted(CORPUS.glob("*.json")):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        # The document in any format the importers accept (a real .docx, .pdf or scan too).
        text = next(
            (p for p in (sidecar.with_suffix(ext) for ext in ACCEPTED_EXTENSIONS) if p.exists()),
            None,
        )
        if text is None:
            raise FileNotFoundError(f"{sidecar.name}: no document beside it")
        found.append(
            Case(
                slug=sidecar.stem,
                text_path=text,
                layout=data["layout"],
                expected=data["expected"],
                xfail=data.get("xfail"),
                source=data["source"],
            )
        )
    return found


def same_agency(expected: str, mentions: list[str]) -> bool:
    """The lead as the reader wrote it is one of the mentions (diacritics, case, spacing aside)."""
    want = match_key(expected)
    return any(match_key(m) == want for m in mentions)


def measure(case: Case) -> Outcome:
    outcome = Outcome(case)
    try:
        draft: PlanDraft = parse_plan(case.text_path.read_bytes(), file=case.text_path.name)
    except PlanParseError as error:
        outcome.error = error.describe()
        outcome.problems.append(f"refused: {outcome.error}")
        return outcome
    leaves = draft.leaves
    outcome.tasks_found = len(leaves)
    outcome.tasks_with_lead = sum(
        1 for task in leaves if any(a.role == "lead" for a in task.assignments)
    )
    if outcome.tasks_found != outcome.tasks_expected:
        outcome.problems.append(
            f"{outcome.tasks_found} tasks read, the reader counts {outcome.tasks_expected}"
        )
    header = case.expected["header"]
    for name in HEADER_FIELDS:
        if name not in header:
            continue
        got = getattr(draft.document, name)
        right = got == header[name]
        outcome.header_right[name] = right
        if not right:
            outcome.problems.append(f"header {name}: {got!r}, expected {header[name]!r}")
    by_path = {task.path: task for task in leaves}
    for sample in case.expected.get("sample", []):
        task = by_path.get(sample["path"])
        if task is None:
            outcome.problems.append(f"task {sample['path']} not read")
            continue
        outcome.sample_found += 1
        leads = [a.mention for a in task.assignments if a.role == "lead"]
        if same_agency(sample["lead"], leads):
            outcome.leads_right += 1
        else:
            outcome.problems.append(
                f"task {sample['path']}: leads {leads}, expected {sample['lead']!r}"
            )
        raw = task.deadline.raw if task.deadline else None
        if raw == sample.get("deadline"):
            outcome.deadlines_right += 1
        else:
            outcome.problems.append(
                f"task {sample['path']}: deadline {raw!r}, expected {sample.get('deadline')!r}"
            )
    return outcome
