"""Crime reports (tố giác, tin báo về tội phạm, kiến nghị khởi tố): received, resolved by
outcome, still pending, overdue, and the resolution rate, for a unit and its subtree in a
year, the same totals a year earlier, broken down by unit, offence group, or by the victims'
sex, age group, ethnicity and religion (seed 002: child abuse; seeds 000/001: torture)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q

from dondoc.org.models import AdminUnit
from dondoc.registry.models import (
    CrimeReport,
    CrimeReportPerson,
    EthnicGroup,
    Religion,
    TortureAct,
)
from dondoc.registry.selectors import records_visible

from ..disaggregation import FIXED_LABELS, PERSON_DIMENSIONS
from . import Column, Row, Table, TableSpec

COLUMNS = [
    Column("received", "Tiếp nhận"),
    Column("prosecute", "Khởi tố"),
    Column("not_prosecute", "Không khởi tố"),
    Column("suspend", "Tạm đình chỉ"),
    Column("pending", "Đang giải quyết"),
    Column("overdue", "Quá hạn giải quyết"),
    Column("rate", "Tỷ lệ giải quyết (%)", rate=True),
]
BREAKDOWNS = {
    "unit": "Đơn vị hành chính",
    "offence": "Nhóm tội danh",
    "sex": "Giới tính của bị hại",
    "age_group": "Độ tuổi của bị hại",
    "ethnicity": "Dân tộc của bị hại (Kinh, thiểu số)",
    "ethnic_group": "Dân tộc của bị hại",
    "religion": "Tôn giáo của bị hại",
}
OFFENCE_GROUPS = {
    "child_abuse": "Xâm hại trẻ em",
    "torture": "Liên quan đến tra tấn",
    "other": "Tội danh khác, chưa xác định",
}


def _counts(reports: list[dict[str, Any]], today: datetime.date) -> dict[str, float | int]:
    counts: Counter[str] = Counter()
    for report in reports:
        counts["received"] += 1
        counts[report["decision"]] += 1
        decided = report["decided_on"]
        if (decided is None and report["due_on"] < today) or (
            decided is not None and decided > report["due_on"]
        ):
            counts["overdue"] += 1
    resolved = counts["received"] - counts["pending"]
    values: dict[str, float | int] = {c.key: counts[c.key] for c in COLUMNS if not c.rate}
    values["rate"] = round(100 * resolved / counts["received"], 1) if counts["received"] else 0.0
    return values


def _in_subtree(unit: AdminUnit) -> Q:
    return Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + "/")


def _reports(user: Any, unit: AdminUnit, year: int, child_abuse: bool) -> list[dict[str, Any]]:
    reports = records_visible(CrimeReport, user=user).filter(
        _in_subtree(unit), received_on__year=year
    )
    if child_abuse:
        reports = reports.filter(offence__child_abuse=True)
    torture = TortureAct.offences.through.objects.filter(offence_id=OuterRef("offence_id"))
    return list(
        reports.annotate(torture=Exists(torture)).values(
            "id",
            "received_on",
            "decision",
            "decided_on",
            "due_on",
            "unit__path",
            "offence__child_abuse",
            "torture",
            "synthetic",
        )
    )


def _offence_group(report: dict[str, Any]) -> str:
    if report["offence__child_abuse"]:
        return "child_abuse"
    return "torture" if report["torture"] else "other"


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "unit",
    child_abuse: bool = False,
    today: datetime.date | None = None,
) -> Table:
    """The table for `unit` and its subtree, as far as `user` may see."""
    today = today or datetime.date.today()
    reports = {r["id"]: r for r in _reports(user, unit, year, child_abuse)}  # one row per report
    previous = _reports(user, unit, year - 1, child_abuse)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    labels: dict[str, str] = {}
    if breakdown == "unit":
        children = {c.path: c for c in AdminUnit.objects.filter(parent=unit)}
        for report in reports.values():
            path = report["unit__path"]
            key = next((p for p in children if path == p or path.startswith(p + "/")), unit.path)
            groups[key].append(report)
        labels = {p: u.name for p, u in children.items()} | {unit.path: f"{unit.name} (cấp này)"}
    elif breakdown == "offence":
        for report in reports.values():
            groups[_offence_group(report)].append(report)
        labels = dict(OFFENCE_GROUPS)
    elif breakdown in PERSON_DIMENSIONS:
        dimension = PERSON_DIMENSIONS[breakdown]
        victims = CrimeReportPerson.objects.filter(report_id__in=list(reports), role="victim")
        for victim in victims.values(
            "report_id",
            "person__sex",
            "person__birth_date",
            "person__birth_year",
            "person__ethnicity__code",
            "person__religion__code",
        ):
            report = reports[victim["report_id"]]
            key = dimension.key(
                {
                    "sex": victim["person__sex"],
                    "birth_date": victim["person__birth_date"],
                    "birth_year": victim["person__birth_year"],
                    "ethnic_code": victim["person__ethnicity__code"],
                    "religion_code": victim["person__religion__code"],
                    "event_date": report["received_on"],
                }
            )
            groups[key].append(report)
        labels = dict(FIXED_LABELS.get(breakdown, {}))
        if breakdown == "ethnic_group":
            labels |= dict(EthnicGroup.objects.values_list("code", "name"))
        if breakdown == "religion":
            labels |= dict(Religion.objects.values_list("code", "name"))
        labels.setdefault("unknown", "Chưa rõ")
    else:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    order = PERSON_DIMENSIONS[breakdown].order if breakdown in PERSON_DIMENSIONS else None
    keys = sorted(groups, key=order) if order is not None else sorted(groups)
    if breakdown == "offence":
        keys = [k for k in OFFENCE_GROUPS if k in groups]
    rows = [Row(key, labels.get(key, key), _counts(groups[key], today)) for key in keys]
    notes = []
    if breakdown in PERSON_DIMENSIONS:
        notes.append(
            "Chia theo bị hại: một tin báo có nhiều bị hại được tính cho mỗi bị hại; tin báo "
            "chưa có bị hại không có trong các dòng nhưng có trong dòng tổng."
        )
    return Table(
        name=SPEC.name,
        title=SPEC.title + (" — xâm hại trẻ em" if child_abuse else ""),
        unit_name=unit.name,
        year=year,
        breakdown=breakdown,
        breakdown_label=BREAKDOWNS[breakdown],
        columns=COLUMNS,
        rows=rows,
        total=Row("total", "Tổng số", _counts(list(reports.values()), today)),
        previous=Row("previous", f"Năm {year - 1}", _counts(previous, today)),
        notes=notes,
        synthetic=any(r["synthetic"] for r in reports.values()),
    )


SPEC = TableSpec(
    name="crime_reports",
    title="Tố giác, tin báo về tội phạm và kiến nghị khởi tố",
    breakdowns=BREAKDOWNS,
    compute=compute,
)
