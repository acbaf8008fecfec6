"""What a parsed plan document is, before it touches the database: plain dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class PlanParseError(Exception):
    """The file holds no plan dondoc can read. The message is for the user, in Vietnamese."""

    def __init__(
        self, message: str, *, file: str = "", row: int | None = None, field: str = ""
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [part for part in (self.file, f"dòng {self.row}" if self.row else "") if part]
        if self.field:
            where.append(f"cột “{self.field}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class DocumentRef:
    """A document cited by number: "Kế hoạch số 125/KH-UBND ngày 01/6/2023 của UBND tỉnh"."""

    number: str | None
    date: str | None  # ISO
    raw: str
    kind: str = ""  # "Kế hoạch", "Quyết định" …
    issuer: str = ""


@dataclass
class DocumentHeader:
    number: str | None = None  # "284/KH-UBND"; None when the number is left blank (a draft)
    symbol: str = ""  # "KH-UBND"
    type: str = ""  # "KH"
    type_name: str = ""  # "Kế hoạch"
    issuer: str = ""
    place: str = ""
    date: str | None = None  # ISO; None when any part is missing
    year: int | None = None
    month: int | None = None
    day: int | None = None
    title: str = ""
    implements: list[DocumentRef] = field(default_factory=list)


@dataclass
class Deadline:
    # annual | period | date | per_document | on_request | situational | ongoing | done
    # | after_event | separate_plan | other (importers.deadlines says which text is which)
    kind: str
    raw: str
    start_year: int | None = None
    end_year: int | None = None
    date: str | None = None  # ISO: the day it is due (a range: the day it ends)
    document: str | None = None
    start: str | None = None  # ISO: the day the work starts ("Từ tháng 5/2026, thường xuyên")
    due: str | None = None  # "MM-DD": the day a yearly task is due ("Tháng 12 hằng năm")


@dataclass
class AssignmentDraft:
    role: str  # lead | coordinating
    raw: str  # the mention as written
    mention: str  # prefixes and suffixes removed
    collective: bool
    agency: str | None = None  # canonical name once resolved
    confidence: float | None = None
    agency_id: int | None = None


@dataclass
class TaskDraft:
    path: str
    code: str
    parent: str | None
    leaf: bool
    title: str
    expected_result: str
    assignments: list[AssignmentDraft]
    deadline: Deadline | None
    row: int | None = None  # where it starts in the source (line, table row)
    notes: str = ""


@dataclass
class ParseWarning:
    code: str
    message: str
    path: str | None = None
    row: int | None = None


@dataclass
class ScheduleDraft:
    """How often the plan's agencies report, by when, and to whom."""

    # From schedule.FREQUENCIES: monthly, quarterly, half_yearly, nine_months, yearly, ad_hoc.
    frequencies: list[str] = field(default_factory=list)
    due: str | None = None  # the yearly report's due day, "MM-DD" ("11-30")
    recipient: str = ""  # the receiving (focal) agency as printed ("Công an huyện")
    reviews: list[str] = field(default_factory=list)  # "half_yearly", "yearly", "final"
    review_years: int | None = None  # "tổng kết 05 năm" → 5
    start_year: int | None = None
    end_year: int | None = None
    raw: str = ""  # the clause the frequencies and due date were read from


@dataclass
class TargetDraft:
    """A numeric target the text states ("trên 95%", "15/15 huyện", "từ 5% đến 7%")."""

    kind: str  # percent | fraction | reduction_range | reduction
    value: float | None = None  # the percentage, or the number of units of a fraction
    of: int | None = None  # a fraction's whole: 15 of "15/15 huyện, thành phố"
    low: float | None = None  # a reduction range, in percent
    high: float | None = None
    comparison: str = ">="  # ">" for "trên 95%"
    subject: str = ""  # what is counted, as written
    target_year: int | None = None
    raw: str = ""


@dataclass
class PlanDraft:
    document: DocumentHeader
    tasks: list[TaskDraft]
    warnings: list[ParseWarning] = field(default_factory=list)
    appendix: DocumentRef | None = None  # "(Kèm theo Kế hoạch số 224/KH-UBND …)"
    source_format: str = ""
    schedule: ScheduleDraft | None = None  # the reporting schedule, when the text sets one
    targets: list[TargetDraft] = field(default_factory=list)

    def warn(self, code: str, message: str, **where: Any) -> None:
        self.warnings.append(ParseWarning(code, message, **where))

    @property
    def leaves(self) -> list[TaskDraft]:
        return [task for task in self.tasks if task.leaf]


def draft_to_dict(draft: PlanDraft) -> dict[str, Any]:
    """The JSON shape of `dondoc plan parse` (document, warnings, tasks first)."""
    data = asdict(draft)
    return {
        "document": data["document"],
        "warnings": data["warnings"],
        "tasks": data["tasks"],
        "appendix": data["appendix"],
        "source_format": data["source_format"],
        "schedule": data["schedule"],
        "targets": data["targets"],
    }


def draft_from_dict(data: dict[str, Any]) -> PlanDraft:
    """The inverse of draft_to_dict: a draft kept between upload and save."""
    document = dict(data["document"])
    document["implements"] = [DocumentRef(**ref) for ref in document.get("implements", [])]
    tasks = []
    for task in data["tasks"]:
        task = dict(task)
        task["assignments"] = [AssignmentDraft(**a) for a in task["assignments"]]
        task["deadline"] = Deadline(**task["deadline"]) if task["deadline"] else None
        tasks.append(TaskDraft(**task))
    return PlanDraft(
        document=DocumentHeader(**document),
        tasks=tasks,
        warnings=[ParseWarning(**w) for w in data.get("warnings", [])],
        appendix=DocumentRef(**data["appendix"]) if data.get("appendix") else None,
        source_format=data.get("source_format", ""),
        schedule=ScheduleDraft(**data["schedule"]) if data.get("schedule") else None,
        targets=[TargetDraft(**t) for t in data.get("targets", [])],
    )
