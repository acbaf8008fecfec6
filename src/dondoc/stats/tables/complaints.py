"""Complaints and denunciations (khiếu nại, tố cáo), the CAT plans' table (seeds 000/001 task
8.x): received, accepted, resolved in a first and a second round, the outcome of the latest
round, pending and overdue, for a unit and its subtree in a year, with the previous year;
broken down by kind, torture-related act, unit, or the complainant's sex, age group,
ethnicity and religion. Complaints are counted from the records (they number thousands, not
millions: no pre-aggregation needed)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone

from dondoc.org.models import AdminUnit
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.ages import age_group, age_on
from dondoc.registry.models import Complaint, ComplaintRound, EthnicGroup, Religion, TortureAct
from dondoc.registry.overdue import complaint_round_overdue
from dondoc.registry.selectors import records_visible

from ..disaggregation import FIXED_LABELS, PERSON_DIMENSIONS
from . import Column, Row, Table, TableSpec, by_child_unit

COLUMNS = [
    Column("received", "Nhận đơn"),
    Column("accepted", "Thụ lý", parts=("upheld", "partly", "rejected", "withdrawn", "pending")),
    Column("round_1", "Đã giải quyết lần đầu"),
    Column("round_2", "Đã giải quyết lần hai"),
    Column("upheld", "Đúng"),
    Column("partly", "Đúng một phần"),
    Column("rejected", "Sai"),
    Column("withdrawn", "Rút đơn, đình chỉ"),
    Column("pending", "Đang giải quyết"),
    Column("overdue", "Quá hạn"),
    Column("rate", "Tỷ lệ giải quyết (%)", rate=True),
]
BREAKDOWNS = {
    "kind": "Loại đơn",
    "torture_act": "Hành vi liên quan đến tra tấn",
    "unit": "Đơn vị hành chính",
    "sex": "Giới tính người khiếu nại, tố cáo",
    "age_group": "Độ tuổi người khiếu nại, tố cáo",
    "ethnicity": "Dân tộc (Kinh, thiểu số)",
    "ethnic_group": "Dân tộc",
    "religion": "Tôn giáo",
}


def _rows(user: Any, unit: AdminUnit, year: int, torture_only: bool) -> list[dict[str, Any]]:
    complaints = records_visible(Complaint, user=user).filter(
        unit_subtree_q(unit),
        received_on__year=year,
    )
    if torture_only:
        complaints = complaints.filter(torture_act__isnull=False)
    found: dict[int, dict[str, Any]] = {
        c["id"]: {**c, "rounds": []}
        for c in complaints.values(
            "id", "kind", "torture_act_id", "unit__path", "received_on", "synthetic",
            "complainant__sex", "complainant__birth_date", "complainant__birth_year",
            "complainant__ethnicity__code", "complainant__religion__code",
        )
    }  # fmt: skip
    rounds = ComplaintRound.objects.filter(complaint_id__in=list(found)).order_by("number")
    for step in rounds.values("complaint_id", "number", "due_on", "resolved_on", "outcome"):
        found[step["complaint_id"]]["rounds"].append(step)
    return list(found.values())


def _counts(rows: list[dict[str, Any]], today: datetime.date) -> dict[str, float | int]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts["received"] += 1
        rounds = row["rounds"]
        if not rounds:
            continue
        counts["accepted"] += 1
        for step in rounds:
            if step["resolved_on"] is not None:
                counts["round_1" if step["number"] == 1 else "round_2"] += 1
        last = rounds[-1]
        if complaint_round_overdue(
            due_on=last["due_on"], resolved_on=last["resolved_on"], today=today
        ):
            counts["overdue"] += 1
        if last["resolved_on"] is None:
            counts["pending"] += 1
        else:
            counts[last["outcome"]] += 1
    values: dict[str, float | int] = {c.key: counts[c.key] for c in COLUMNS if not c.rate}
    accepted = counts["accepted"]
    values["rate"] = round(100 * (accepted - counts["pending"]) / accepted, 1) if accepted else 0.0
    return values


def _person_key(breakdown: str, row: dict[str, Any]) -> str:
    fact = {
        "sex": row["complainant__sex"],
        "age_group": age_group(
            age_on(
                row["complainant__birth_date"], row["complainant__birth_year"], row["received_on"]
            )
        ),
        "ethnic_code": row["complainant__ethnicity__code"] or "",
        "religion_code": row["complainant__religion__code"] or "",
    }
    return PERSON_DIMENSIONS[breakdown].key(fact)


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "kind",
    child_abuse: bool = False,  # the crime table's filter; here: torture-related only
    today: datetime.date | None = None,
) -> Table:
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    today = today or timezone.localdate()
    rows = _rows(user, unit, year, child_abuse)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    labels: dict[str, str] = {}
    if breakdown == "kind":
        for row in rows:
            groups[row["kind"]].append(row)
        labels = dict(Complaint.Kind.choices)
        keys = [k for k in labels if k in groups]
    elif breakdown == "torture_act":
        for row in rows:
            groups[str(row["torture_act_id"] or "none")].append(row)
        labels = {str(pk): name for pk, name in TortureAct.objects.values_list("pk", "name")}
        labels["none"] = "Không liên quan đến tra tấn"
        keys = sorted(groups, key=lambda k: (k == "none", k))
    elif breakdown == "unit":
        found, labels, keys = by_child_unit(rows, unit)
        groups.update(found)
    else:
        for row in rows:
            groups[_person_key(breakdown, row)].append(row)
        labels = dict(FIXED_LABELS.get(breakdown, {}))
        if breakdown == "ethnic_group":
            labels |= dict(EthnicGroup.objects.values_list("code", "name"))
        if breakdown == "religion":
            labels |= dict(Religion.objects.values_list("code", "name"))
        labels.setdefault("unknown", "Chưa rõ")
        keys = sorted(groups, key=PERSON_DIMENSIONS[breakdown].order)
    return Table(
        name=SPEC.name,
        title=SPEC.title + (" — liên quan đến tra tấn" if child_abuse else ""),
        unit_name=unit.name,
        year=year,
        breakdown=breakdown,
        breakdown_label=BREAKDOWNS[breakdown],
        columns=COLUMNS,
        rows=[Row(k, labels.get(k, k), _counts(groups[k], today)) for k in keys],
        total=Row("total", "Tổng số", _counts(rows, today)),
        previous=Row(
            "previous", f"Năm {year - 1}", _counts(_rows(user, unit, year - 1, child_abuse), today)
        ),
        notes=[
            "Kết quả theo lần giải quyết sau cùng; quá hạn: chưa giải quyết khi đã hết hạn, "
            "hoặc giải quyết sau hạn (Luật Khiếu nại 2011, Điều 28, 37; Luật Tố cáo 2018, "
            "Điều 30)."
        ],
        synthetic=any(r["synthetic"] for r in rows),
    )


SPEC = TableSpec(
    name="complaints",
    title="Khiếu nại, tố cáo",
    breakdowns=BREAKDOWNS,
    compute=compute,
    focus_label="Chỉ liên quan đến tra tấn",
)
