"""Timeliness and completeness of one plan's reporting, per agency and period: on time, late
(sent after the period's due date, counted in working days: core.dates), missing (due date
passed, nothing sent), not yet due, or not owed (the agency owed no section in the period:
it did not exist then, org.lifecycle.expected_in; its assignment was withdrawn or handed
over; no task of it was due: tracking.selectors.is_due).

An agency's report for a period is its sections' reports grouped by (agency, period); the day
it came in is the earliest submission among them (ProgressReport.submitted_at, kept in step by
the per-agency report). Read in a fixed number of queries whatever the number of agencies
and periods.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from dondoc.core.dates import is_working_day, working_days_after
from dondoc.org.models import Agency
from dondoc.plans.models import Document

from .models import ProgressReport, ReportingPeriod
from .notify import holidays
from .selectors import _named_assignments, access_board, document_periods, due_assignments, today

ON_TIME, LATE, MISSING, NOT_YET, NOT_OWED = "on_time", "late", "missing", "not_yet", "not_owed"
LABELS = {
    ON_TIME: "Đúng hạn",
    LATE: "Muộn",
    MISSING: "Chưa gửi",
    NOT_YET: "Chưa đến hạn",
    NOT_OWED: "Không phải báo cáo",
}
SHORT = {ON_TIME: "Đ", LATE: "M", MISSING: "C", NOT_YET: "—", NOT_OWED: ""}


def effective_due(due_on: datetime.date, extra: frozenset[datetime.date]) -> datetime.date:
    """The last day a report counts as on time. A due date that falls on a weekend or public
    holiday moves to the next working day, as the Civil Code ends a time limit (Bộ luật Dân
    sự 2005, Art. 153(5): "Khi ngày cuối cùng của thời hạn là ngày nghỉ cuối tuần hoặc ngày
    nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc ngày làm việc tiếp theo ngày nghỉ
    đó"; the 2015 Code keeps the rule, text not checked here). Switched off by
    settings.DONDOC_DUE_MOVES_TO_WORKING_DAY = False."""
    if not getattr(settings, "DONDOC_DUE_MOVES_TO_WORKING_DAY", True):
        return due_on
    day = due_on
    while not is_working_day(day, extra):
        day += datetime.timedelta(days=1)
    return day


@dataclass
class Cell:
    period: ReportingPeriod
    state: str
    submitted_on: datetime.date | None = None
    late_days: int = 0  # working days after the due date

    @property
    def label(self) -> str:
        text = LABELS[self.state]
        if self.state == LATE:
            return f"{text} {self.late_days} ngày làm việc"
        return text


@dataclass
class Row:
    agency: Agency
    cells: list[Cell]

    @property
    def counts(self) -> Counter[str]:
        return Counter(c.state for c in self.cells)

    @property
    def due(self) -> int:
        """Periods owed whose due date has passed."""
        c = self.counts
        return c[ON_TIME] + c[LATE] + c[MISSING]

    @property
    def on_time_rate(self) -> float | None:
        return self.counts[ON_TIME] / self.due if self.due else None

    @property
    def completeness(self) -> float | None:
        c = self.counts
        return (c[ON_TIME] + c[LATE]) / self.due if self.due else None


@dataclass
class Timeliness:
    document: Document
    on: datetime.date
    periods: list[ReportingPeriod]
    rows: list[Row] = field(default_factory=list)

    def totals(self) -> list[Counter[str]]:
        """Per period: how many agencies on time, late, missing, not yet due, not owed."""
        return [Counter(row.cells[i].state for row in self.rows) for i in range(len(self.periods))]

    @property
    def overall(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for row in self.rows:
            total.update(row.counts)
        return total

    @property
    def on_time_rate(self) -> float | None:
        o = self.overall
        due = o[ON_TIME] + o[LATE] + o[MISSING]
        return o[ON_TIME] / due if due else None

    @property
    def completeness(self) -> float | None:
        o = self.overall
        due = o[ON_TIME] + o[LATE] + o[MISSING]
        return (o[ON_TIME] + o[LATE]) / due if due else None


def timeliness_of(document: Document, *, on: datetime.date | None = None) -> Timeliness:
    """The table for `document` (called after the caller checked access): four queries."""
    on = on or today()
    periods = list(document_periods(document=document))
    assignments = _named_assignments(document.pk)
    first_sent = {
        (row["agency_id"], row["period_id"]): row["first"]
        for row in ProgressReport.objects.filter(
            period__document_id=document.pk, submitted_at__isnull=False
        )
        .exclude(state=ProgressReport.State.DRAFT)
        .values("agency_id", "period_id")
        .annotate(first=Min("submitted_at"))
        .order_by()
    }
    extra = holidays()
    agencies: dict[int, Agency] = {}
    for assignment in assignments:
        agencies.setdefault(assignment.agency_id, assignment.agency)  # type: ignore[arg-type]
    owes: set[tuple[int, int]] = {
        (a.agency_id, p.pk)  # type: ignore[misc]
        for p in periods
        for a in due_assignments(period=p, among=assignments)
    }
    result = Timeliness(document=document, on=on, periods=periods)
    for agency in sorted(agencies.values(), key=lambda a: a.name):
        cells = []
        for period in periods:
            if (agency.pk, period.pk) not in owes:
                cells.append(Cell(period, NOT_OWED))
                continue
            sent = first_sent.get((agency.pk, period.pk))
            due = effective_due(period.due_on, extra)
            if sent is not None:
                sent_on = timezone.localdate(sent)
                late = working_days_after(due, sent_on, extra)
                cells.append(Cell(period, LATE if late else ON_TIME, sent_on, late))
            elif due < on:
                cells.append(Cell(period, MISSING))
            else:
                cells.append(Cell(period, NOT_YET))
        if any(c.state != NOT_OWED for c in cells):
            result.rows.append(Row(agency, cells))
    return result


def plan_timeliness(*, user: Any, document_id: Any, on: datetime.date | None = None) -> Timeliness:
    """The timeliness table of a plan `user` follows (focal officers, leaders, inspectors of
    its unit or above: tracking.selectors.access_board); NotFound otherwise."""
    return timeliness_of(access_board(user=user, document_id=document_id), on=on)


# --- The chart --------------------------------------------------------------------------------

_COLOURS = {ON_TIME: "#2e7d32", LATE: "#f9a825", MISSING: "#c62828"}


def chart_svg(table: Timeliness) -> str:
    """A horizontal stacked bar per agency (on time, late, missing over the periods due),
    drawn on the server: a title, a description, and each number written as text."""
    from django.utils.html import escape

    bar_x, bar_w, row_h, top, width_all = 330, 260, 26, 44, 840
    height = top + row_h * max(len(table.rows), 1) + 40
    title = f"Tỷ lệ báo cáo đúng hạn theo cơ quan — {table.document.label}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="tl-title tl-desc" '
        f'viewBox="0 0 {width_all} {height}" width="{width_all}" height="{height}" '
        'class="timeliness-chart" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="tl-title">{escape(title)}</title>',
        '<desc id="tl-desc">Mỗi thanh là một cơ quan: số kỳ báo cáo đúng hạn, muộn và chưa gửi '
        "trong các kỳ đã đến hạn.</desc>",
        f'<text x="10" y="18" font-weight="bold">{escape(title)}</text>',
    ]
    legend_x = 10
    for state in (ON_TIME, LATE, MISSING):
        parts.append(
            f'<rect x="{legend_x}" y="26" width="10" height="10" fill="{_COLOURS[state]}"/>'
            f'<text x="{legend_x + 14}" y="35">{LABELS[state]}</text>'
        )
        legend_x += 110
    for index, row in enumerate(table.rows):
        y = top + index * row_h
        name = row.agency.name if len(row.agency.name) <= 48 else row.agency.name[:46] + "…"
        parts.append(f'<text x="10" y="{y + 15}">{escape(name)}</text>')
        due, x = row.due, float(bar_x)
        counts = row.counts
        for state in (ON_TIME, LATE, MISSING):
            if not due or not counts[state]:
                continue
            width = bar_w * counts[state] / due
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="16" '
                f'fill="{_COLOURS[state]}"><title>{escape(row.agency.name)}: {LABELS[state]} '
                f"{counts[state]}/{due} kỳ</title></rect>"
            )
            x += width
        rate = row.on_time_rate
        shown = "chưa có kỳ đến hạn" if rate is None else f"{percent(rate)} đúng hạn"
        detail = f"{counts[ON_TIME]}/{counts[LATE]}/{counts[MISSING]}"
        parts.append(
            f'<text x="{bar_x + bar_w + 8}" y="{y + 15}">{shown} ({detail})</text>'
            if due
            else f'<text x="{bar_x}" y="{y + 15}">{shown}</text>'
        )
    parts.append(
        f'<text x="10" y="{height - 12}" fill="#555">Số trong ngoặc: đúng hạn/muộn/chưa gửi.'
        "</text></svg>"
    )
    return "".join(parts)


def percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


# --- The workbook -----------------------------------------------------------------------------


def timeliness_xlsx(table: Timeliness) -> bytes:
    from dondoc.core.renderers.xlsx import Sheet, render_xlsx

    columns: list[tuple[str, int]] = [("STT", 5), ("Cơ quan", 40)]
    columns += [(p.title, 14) for p in table.periods]
    columns += [
        ("Đúng hạn", 10),
        ("Muộn", 8),
        ("Chưa gửi", 10),
        ("Tỷ lệ đúng hạn", 12),
        ("Tỷ lệ đầy đủ", 12),
    ]
    rows: list[tuple[list[object], bool]] = []
    for number, row in enumerate(table.rows, start=1):
        c = row.counts
        rows.append(
            (
                [number, row.agency.name]
                + [cell.label if cell.state != NOT_OWED else "" for cell in row.cells]
                + [
                    c[ON_TIME],
                    c[LATE],
                    c[MISSING],
                    percent(row.on_time_rate),
                    percent(row.completeness),
                ],
                False,
            )
        )
    totals = table.totals()
    overall = table.overall
    rows.append(
        (
            ["", "Tổng cộng"]
            + [
                f"{t[ON_TIME]} đúng hạn, {t[LATE]} muộn, {t[MISSING]} chưa gửi"
                if t[ON_TIME] + t[LATE] + t[MISSING]
                else ""
                for t in totals
            ]
            + [
                overall[ON_TIME],
                overall[LATE],
                overall[MISSING],
                percent(table.on_time_rate),
                percent(table.completeness),
            ],
            True,
        )
    )
    sheet = Sheet(
        name="Đúng hạn",
        title=f"TÌNH HÌNH BÁO CÁO ĐÚNG HẠN, ĐẦY ĐỦ — {table.document.label.upper()}",
        subtitle=f"Tính đến ngày {table.on:%d/%m/%Y}",
        columns=columns,
        rows=rows,
        notes=[
            "Muộn: gửi sau hạn báo cáo, tính bằng ngày làm việc; hạn rơi vào ngày nghỉ được "
            "tính đến ngày làm việc tiếp theo.",
            "Ô trống: cơ quan không phải báo cáo kỳ đó (chưa thành lập, đã kết thúc, thôi phân "
            "công hoặc không có nhiệm vụ đến hạn).",
        ],
    )
    return render_xlsx([sheet])
