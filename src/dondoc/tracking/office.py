"""Who issues a plan's documents of a period (consolidated report, reminders, letters): the
focal agency in office on the document's date, or nobody until the plan is handed over.

The date of a period's documents is the period's due date (`document_date`): the 2024 report
of Plan 284/KH-UBND (due 30/11/2024) is Công an huyện Sơn Dương's whenever it is printed; its
2025 report (due 30/11/2025) cannot be, since that body ended on 28/02/2025.

Contract with the hand-over (plans.handover): confirming the hand-over of a plan sets its
`ReportingSchedule.focal_agency` to the receiving body. The periods before the hand-over stay
with the body in office then, found by walking the successions back from the receiver
(org.lifecycle.predecessor_in_office).
"""

from __future__ import annotations

import datetime
from typing import Any

from dondoc.core.dates import vn_date
from dondoc.org.letterhead import counterpart_in_office, full_name
from dondoc.org.lifecycle import (
    AgencyEnded,
    ended_before,
    predecessor_in_office,
    receivers,
    receivers_summary,
)
from dondoc.org.models import Agency
from dondoc.org.resolve import resolve_agency
from dondoc.plans.models import Document

from .models import ReportingPeriod, ReportingSchedule


class HandoverNeeded(AgencyEnded):
    """The plan's focal agency had ended by the document's date and the plan was not handed over."""


def document_date(period: ReportingPeriod) -> datetime.date:
    """The date a period's documents are issued in the name of: its due date."""
    return period.due_on


def _focal(document: Document) -> Agency | None:
    schedule = ReportingSchedule.objects.filter(document=document).select_related(
        "focal_agency__unit__parent", "focal_agency__parent"
    )
    found = schedule.first()
    return found.focal_agency if found is not None else None


_READ: Any = object()  # the focal agency is read from the plan's schedule


def issuer_for(
    document: Document,
    period: ReportingPeriod,
    *,
    day: datetime.date | None = None,
    focal: Agency | None = _READ,
) -> Agency | None:
    """The agency in whose name the plan's documents of `period` are issued, on `day` (default:
    the period's due date). None when the plan has no focal agency, or when the focal agency had
    ended by then and the plan was not handed over (see `needs_handover`). `focal`: the plan's
    focal agency, when the caller has read it already."""
    if focal is _READ:
        focal = _focal(document)
    if focal is None:
        return None
    day = day or document_date(period)
    if focal.existed_on(day):
        return focal
    if ended_before(focal, day):
        return None
    # The focal agency was created after `day`: the plan came to it by a hand-over, and the
    # period belongs to the body in office then.
    return predecessor_in_office(focal, day, within=document.unit)


def needs_handover(
    document: Document,
    period: ReportingPeriod,
    *,
    day: datetime.date | None = None,
    focal: Agency | None = _READ,
) -> str | None:
    """A Vietnamese message saying why the period's documents cannot be issued until the plan is
    handed over; None when a body in office issues them. `focal`: as issuer_for."""
    if focal is _READ:
        focal = _focal(document)
    if focal is None:
        return None  # no focal agency: nothing is issued in anyone's name (the schedule says so)
    day = day or document_date(period)
    if issuer_for(document, period, day=day, focal=focal) is not None:
        return None
    until = focal.existed_until
    if until is None or until >= day:
        return (
            f"Không xác định được cơ quan ban hành {period.title.lower()} của {document.label}: "
            f"{focal.name} chưa được thành lập vào ngày {vn_date(day)} và không rõ cơ quan "
            "tiền nhiệm nào đang giữ kế hoạch khi đó."
        )
    rows = receivers(focal, on=day)
    if rows:
        proposal = f" Cơ quan tiếp nhận: {receivers_summary(rows)}."
    else:
        proposal = " Chưa có cơ quan tiếp nhận nào được ghi nhận (dondoc org reforms)."
    return (
        f"{document.label} phải được bàn giao trước khi lập văn bản {period.title.lower()} "
        f"(hạn {vn_date(period.due_on)}): cơ quan đầu mối {focal.name} chỉ hoạt động đến hết "
        f"ngày {vn_date(until)}, không thể đứng tên văn bản đề ngày {vn_date(day)}.{proposal} "
        "Hãy bàn giao kế hoạch cho cơ quan tiếp nhận; các kỳ trước vẫn do "
        f"{focal.name} đứng tên."
    )


def check_issuable(
    document: Document, period: ReportingPeriod, *, day: datetime.date | None = None
) -> Agency | None:
    """The issuer, or HandoverNeeded with the message of `needs_handover`."""
    message = needs_handover(document, period, day=day)
    if message:
        raise HandoverNeeded(message)
    return issuer_for(document, period, day=day)


def plan_body(document: Document) -> Agency | None:
    """The body that issued the plan («Ủy ban nhân dân huyện Sơn Dương»), as an agency of the
    plan's unit or a unit above; None when its issuer line names none surely."""
    if not document.issuer:
        return None
    match = resolve_agency(document.issuer, document.unit)
    if match.agency is not None and match.confidence >= 0.9:
        return match.agency
    return None


def recipient_for(document: Document, period: ReportingPeriod, issuer: Agency | None) -> str:
    """Who the period's report goes to «để báo cáo»: the plan's issuing body as in office on the
    document's date (its successor near the issuer when it has ended), by its own name."""
    body = plan_body(document)
    if body is None:
        return document.issuer or "Cấp có thẩm quyền"
    day = document_date(period)
    found = counterpart_in_office(body, day, near=issuer) if issuer is not None else None
    if found is None:
        found = body if body.existed_on(day) else None
    return full_name(found) if found is not None else "Cấp có thẩm quyền"
