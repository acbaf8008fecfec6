"""Group the per-task progress reports made before agency reports existed into one
AgencyReport per (period, agency): used by the data migration (with the historical models)
and by its test (with the current ones). Nothing is lost: every section keeps its state, text,
figure and history; the agency's report takes the least advanced of its sections' states; the
legacy figure of a section becomes a ReportFigure of the report, linked to the section."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# From least to most advanced: a returned report is owed again, so it is behind a sent one.
STATE_ORDER = ("draft", "returned", "submitted", "accepted")


def least_advanced(states: list[str]) -> str:
    return min(states, key=STATE_ORDER.index)


def _joined(sections: list[Any], field: str) -> str:
    texts = [(s, getattr(s, field).strip()) for s in sections if getattr(s, field).strip()]
    if len(texts) == 1:
        return texts[0][1]
    return "\n".join(f"Mục {s.assignment.task.path}: {text}" for s, text in texts)


def group_sections(apps: Any) -> int:
    """Create the agency reports of the sections that have none; how many were made."""
    ProgressReport = apps.get_model("tracking", "ProgressReport")
    AgencyReport = apps.get_model("tracking", "AgencyReport")
    AgencyReportEvent = apps.get_model("tracking", "AgencyReportEvent")
    ReportFigure = apps.get_model("tracking", "ReportFigure")
    groups: dict[tuple[int, int], list[Any]] = defaultdict(list)
    pending = (
        ProgressReport.objects.filter(agency_report__isnull=True)
        .select_related("period", "assignment__task")
        .order_by("period_id", "agency_id", "assignment__task__position", "assignment__position")
    )
    for section in pending:
        groups[(section.period_id, section.agency_id)].append(section)
    made = 0
    for (period_id, agency_id), sections in groups.items():
        period = sections[0].period
        report = AgencyReport.objects.filter(period_id=period_id, agency_id=agency_id).first()
        states = [s.state for s in sections]
        if report is None:
            state = least_advanced(states)
            submitted = [s for s in sections if s.submitted_at is not None]
            reviewed = [s for s in sections if s.reviewed_at is not None]
            last_sent = max(submitted, key=lambda s: s.submitted_at, default=None)
            last_seen = max(reviewed, key=lambda s: s.reviewed_at, default=None)
            sent, seen = state != "draft", state in ("returned", "accepted")
            report = AgencyReport.objects.create(
                document_id=period.document_id,
                period_id=period_id,
                agency_id=agency_id,
                state=state,
                difficulties=_joined(sections, "difficulties"),
                proposals=_joined(sections, "proposals"),
                version=1,
                submitted_at=last_sent.submitted_at if last_sent and sent else None,
                submitted_by_id=last_sent.submitted_by_id if last_sent and sent else None,
                reviewed_at=last_seen.reviewed_at if last_seen and seen else None,
                reviewed_by_id=last_seen.reviewed_by_id if last_seen and seen else None,
                review_comment=_joined(sections, "review_comment") if state == "returned" else "",
                updated_by_id=sections[-1].updated_by_id,
            )
            made += 1
            mixed = len(set(states)) > 1
            comment = (
                "Các phần ở trạng thái khác nhau: "
                + "; ".join(f"mục {s.assignment.task.path}: {s.state}" for s in sections)
                if mixed
                else ""
            )
            AgencyReportEvent.objects.create(
                report=report,
                action="migrate",
                actor=None,
                state=state,
                version=1,
                comment=comment,
                sections=[s.pk for s in sections],
            )
        position = report.figures.count() if hasattr(report, "figures") else 0
        for section in sections:
            section.agency_report_id = report.pk
            if section.state == "returned" and section.review_comment:
                section.return_comment = section.review_comment
            section.save(update_fields=["agency_report", "return_comment"])
            if section.figure is not None:
                ReportFigure.objects.create(
                    report=report,
                    section=section,
                    position=position,
                    label="Số liệu",
                    value=section.figure,
                    unit=section.figure_note,
                )
                position += 1
    return made
