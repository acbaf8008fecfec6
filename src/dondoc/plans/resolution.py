"""A parsed draft's agency mentions → agencies of the issuing unit's directory, with warnings."""

from __future__ import annotations

from collections import defaultdict

from dondoc.org.models import AdminUnit
from dondoc.org.resolve import AgencyResolver

from .importers.drafts import PlanDraft


def resolve_draft(draft: PlanDraft, unit: AdminUnit) -> None:
    """Fill each assignment's agency and confidence; warn once per unresolved or fuzzy name.

    The caller makes sure the unit's directory exists (agency_directory_ensure).
    """
    resolver = AgencyResolver(unit)
    unresolved: dict[str, list[str]] = defaultdict(list)
    uncertain: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task in draft.tasks:
        for assignment in task.assignments:
            if assignment.collective:
                continue
            match = resolver.resolve(assignment.raw)
            if match.collective:
                assignment.collective = True
                continue
            if match.agency is None:
                assignment.agency, assignment.agency_id, assignment.confidence = None, None, 0.0
                unresolved[assignment.mention].append(task.path)
                continue
            assignment.agency = match.agency.name
            assignment.agency_id = match.agency.pk
            assignment.confidence = match.confidence
            if match.confidence < 1:
                uncertain[(assignment.mention, match.agency.name)].append(task.path)
    for mention, paths in unresolved.items():
        draft.warn(
            "agency_unresolved",
            f"Không tìm thấy cơ quan “{mention}” trong danh mục của {unit.full_name} "
            f"(nhiệm vụ {', '.join(dict.fromkeys(paths))}); cần chọn cơ quan đúng.",
            path=paths[0],
        )
    for (mention, name), paths in uncertain.items():
        draft.warn(
            "agency_uncertain",
            f"“{mention}” được hiểu là “{name}” (gần đúng; nhiệm vụ "
            f"{', '.join(dict.fromkeys(paths))}); cần xác nhận.",
            path=paths[0],
        )
