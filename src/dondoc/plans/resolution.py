"""A parsed draft's agency mentions → agencies of the issuing unit's directory, with warnings."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from dondoc.core.actors import SystemActor
from dondoc.core.exceptions import NotFound
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.resolve import AgencyMatch, AgencyResolver
from dondoc.org.scoping import units_planned
from dondoc.org.variants import NameProposal, name_proposal

from .importers.drafts import PlanDraft
from .models import AgencyNameRejection, Assignment, Document, PlanUpload


def resolve_draft(draft: PlanDraft, unit: AdminUnit) -> None:
    """Fill each assignment's agency and confidence; warn once per unresolved or fuzzy name.

    The caller makes sure the unit's directory exists (agency_directory_ensure).
    """
    header = draft.document
    on = datetime.date.fromisoformat(header.date) if header.date else None
    if on is None and header.year is not None:
        # "tháng 5 năm 2023" or a draft's bare year: the agencies of its first day.
        on = datetime.date(header.year, header.month or 1, 1)
    resolver = AgencyResolver(unit, on=on)
    unresolved: dict[str, list[str]] = defaultdict(list)
    uncertain: dict[tuple[str, str], list[str]] = defaultdict(list)
    ended: dict[str, tuple[AgencyMatch, list[str]]] = {}
    for task in draft.tasks:
        for assignment in task.assignments:
            if assignment.collective:
                continue
            match = resolver.resolve(assignment.raw)
            if match.collective:
                assignment.collective = True
                continue
            if match.ended is not None:
                ended.setdefault(match.ended.name, (match, []))[1].append(task.path)
                if match.agency is None:
                    assignment.agency, assignment.agency_id, assignment.confidence = None, None, 0.0
                    continue
            if match.agency is None:
                assignment.agency, assignment.agency_id, assignment.confidence = None, None, 0.0
                unresolved[assignment.mention].append(task.path)
                continue
            assignment.agency = match.agency.name
            assignment.agency_id = match.agency.pk
            assignment.confidence = match.confidence
            if match.confidence < 1 and match.ended is None:
                uncertain[(assignment.mention, match.agency.name)].append(task.path)
    for mention, paths in unresolved.items():
        draft.warn(
            "agency_unresolved",
            f"Không tìm thấy cơ quan “{mention}” trong danh mục của {unit.full_name} "
            f"(nhiệm vụ {', '.join(dict.fromkeys(paths))}); cần chọn cơ quan đúng.",
            path=paths[0],
        )
    for name, (match, paths) in ended.items():
        until = match.ended.existed_until if match.ended else None
        receivers = "; ".join(
            f"{r.agency.name} ({r.part})" if r.part else r.agency.name for r in match.receivers
        )
        taken = (
            f" Đã tạm giao cho “{match.agency.name}”; cần xác nhận."
            if match.agency is not None
            else " Cần chọn cơ quan tiếp nhận."
        )
        draft.warn(
            "agency_ended",
            f"“{name}” chỉ hoạt động đến hết ngày {until:%d/%m/%Y}, trước "
            f"ngày của văn bản (nhiệm vụ {', '.join(dict.fromkeys(paths))}); "
            + (f"cơ quan tiếp nhận: {receivers}." if receivers else "chưa có cơ quan tiếp nhận.")
            + taken,
            path=paths[0],
        )
    for (mention, name), paths in uncertain.items():
        draft.warn(
            "agency_uncertain",
            f"“{mention}” được hiểu là “{name}” (gần đúng; nhiệm vụ "
            f"{', '.join(dict.fromkeys(paths))}); cần xác nhận.",
            path=paths[0],
        )


def agency_name_proposals(*, user: Any, document: Document) -> list[NameProposal]:
    """Agencies of the document's own unit that its documents consistently name otherwise.

    For each agency of the unit that `document` assigns, every mention of it in the unit's
    documents is read; where they all give one name that is not the directory's, it is
    proposed (org.services.names.name_proposal); adopting it is agency_name_adopt. Only for
    users who plan for the unit (NotFound otherwise, as for a document they cannot see).
    """
    if not isinstance(user, SystemActor) and (
        not units_planned(user=user).filter(pk=document.unit_id).exists()
    ):
        raise NotFound
    agency_ids = set(
        Assignment.objects.filter(task__document=document, agency__unit=document.unit_id)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    mentions: dict[int, list[str]] = defaultdict(list)
    for agency_id, mention in Assignment.objects.filter(
        agency_id__in=agency_ids, task__document__unit=document.unit_id
    ).values_list("agency_id", "mention"):
        mentions[agency_id].append(mention)
    proposals = []
    for agency in Agency.objects.filter(pk__in=agency_ids).select_related("unit").order_by("name"):
        proposal = name_proposal(agency, mentions[agency.pk])
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def draft_name_proposals(*, upload: PlanUpload, draft: PlanDraft) -> list[NameProposal]:
    """Agencies of the upload's unit that the draft names, consistently, otherwise than the
    directory does ("Trung tâm Văn hóa - Truyền thông và Thể thao huyện" where the template
    says "… Thông tin và Thể thao"): shown on the review screen to adopt or decline
    (services.review.plan_draft_name_decide); a name declined once is not proposed again."""
    mentions: dict[int, list[str]] = defaultdict(list)
    for task in draft.tasks:
        for item in task.assignments:
            if item.agency_id is not None and not item.collective:
                mentions[item.agency_id].append(item.mention)
    declined = set(
        AgencyNameRejection.objects.filter(agency_id__in=mentions).values_list("agency_id", "name")
    )
    proposals = []
    agencies = Agency.objects.filter(pk__in=mentions, unit=upload.unit_id).select_related("unit")
    for agency in agencies.order_by("name"):
        proposal = name_proposal(agency, mentions[agency.pk])
        if proposal is not None and (agency.pk, proposal.name) not in declined:
            proposals.append(proposal)
    return proposals
