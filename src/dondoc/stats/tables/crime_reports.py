"""Crime reports (tố giác, tin báo về tội phạm, kiến nghị khởi tố): received, resolved by
outcome, still pending, overdue, and the resolution rate, for a unit and its subtree in a
year, the same totals a year earlier, broken down by unit, offence group, or by the victims'
sex, age group, ethnicity and religion (seed 002: child abuse; seeds 000/001: torture)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import BooleanField, Case, Q, Sum, Value, When
from django.utils import timezone

from dondoc.org.models import AdminUnit
from dondoc.org.scoping import unit_subtree_q
from dondoc.registry.models import CrimeReport, EthnicGroup, Religion
from dondoc.registry.selectors import scope_q

from ..disaggregation import FIXED_LABELS, PERSON_DIMENSIONS
from ..facts import facts_status
from ..models import CrimeReportFact
from . import Column, Row, Table, TableSpec, by_child_unit

COLUMNS = [
    Column(
        "received",
        "Tiếp nhận",
        parts=("prosecute", "not_prosecute", "suspend", "transfer", "pending"),
    ),
    Column("prosecute", "Khởi tố"),
    Column("not_prosecute", "Không khởi tố"),
    Column("suspend", "Tạm đình chỉ"),
    Column("transfer", "Chuyển cơ quan có thẩm quyền"),
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


def _counts(facts: list[dict[str, Any]]) -> dict[str, float | int]:
    counts: Counter[str] = Counter()
    for fact in facts:
        n = fact["n"]
        counts["received"] += n
        counts[fact["decision"]] += n
        if fact["overdue"]:
            counts["overdue"] += n
    resolved = counts["received"] - counts["pending"]
    values: dict[str, float | int] = {c.key: counts[c.key] for c in COLUMNS if not c.rate}
    values["rate"] = round(100 * resolved / counts["received"], 1) if counts["received"] else 0.0
    return values


def _facts(
    user: Any,
    unit: AdminUnit,
    year: int,
    *,
    child_abuse: bool,
    group: str,
    today: datetime.date,
    dimension: str = "",
) -> list[dict[str, Any]]:
    """Fact counts summed in the database by `group` (a fact field), outcome and overdue on
    `today` (a pending report due before it: registry.overdue's rule, on the facts)."""
    kind = "victim" if dimension else "report"
    facts = CrimeReportFact.objects.filter(
        unit_subtree_q(unit),
        year=year,
        kind=kind,
        dimension=dimension,
    )
    condition = scope_q(user=user)
    if condition is not None:
        facts = facts.filter(condition)
    if child_abuse:
        facts = facts.filter(offence_group="child_abuse")
    fields = (
        [group, "decision", "overdue", "synthetic"]
        if group
        else ["decision", "overdue", "synthetic"]
    )
    late = Q(decision=CrimeReport.Decision.PENDING, due_on__lt=today)
    facts = facts.annotate(
        overdue=Case(
            When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )
    return list(facts.values(*fields).annotate(n=Sum("count")).order_by())


def compute(
    *,
    user: Any,
    unit: AdminUnit,
    year: int,
    breakdown: str = "unit",
    child_abuse: bool = False,
    today: datetime.date | None = None,
) -> Table:
    """The table for `unit` and its subtree, as far as `user` may see, from the facts as last
    built (`built_at`, `stale`: a write came after and its rebuild is queued). Reads only."""
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"Không có cách chia “{breakdown}”: {', '.join(BREAKDOWNS)}.")
    day = today or timezone.localdate()
    status = facts_status(unit=unit, years={year, year - 1}, today=today)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    labels: dict[str, str] = {}
    # The report facts the rows are cut from (by unit, by offence), when they are the ones the
    # total sums: the total is then summed from them, not read again (at 1 M reports each
    # read of a province's facts costs 100-150 ms).
    reports: list[dict[str, Any]] | None = None
    if breakdown == "unit":
        reports = _facts(user, unit, year, today=day, child_abuse=child_abuse, group="unit__path")
        found, labels, keys = by_child_unit(list(reports), unit)
        groups.update(found)
    elif breakdown == "offence":
        reports = _facts(
            user, unit, year, today=day, child_abuse=child_abuse, group="offence_group"
        )
        for fact in reports:
            groups[fact["offence_group"]].append(fact)
        labels = dict(OFFENCE_GROUPS)
        keys = [k for k in OFFENCE_GROUPS if k in groups]
    else:
        dimension = PERSON_DIMENSIONS[breakdown]
        stored = FACT_DIMENSIONS[breakdown]
        for fact in _facts(
            user, unit, year, today=day, child_abuse=child_abuse, group="value", dimension=stored
        ):
            groups[dimension.key({FACT_KEYS[stored]: fact["value"]})].append(fact)
        labels = dict(FIXED_LABELS.get(breakdown, {}))
        if breakdown == "ethnic_group":
            labels |= dict(EthnicGroup.objects.values_list("code", "name"))
        if breakdown == "religion":
            labels |= dict(Religion.objects.values_list("code", "name"))
        labels.setdefault("unknown", "Chưa rõ")
        keys = sorted(groups, key=dimension.order)
    rows = [Row(key, labels.get(key, key), _counts(groups[key])) for key in keys]
    notes = []
    if breakdown in PERSON_DIMENSIONS:
        notes.append(
            "Chia theo bị hại: một tin báo có nhiều bị hại được tính cho mỗi bị hại; tin báo "
            "chưa có bị hại không có trong các dòng nhưng có trong dòng tổng."
        )
    totals = (
        reports
        if reports is not None
        else _facts(user, unit, year, today=day, child_abuse=child_abuse, group="")
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
        total=Row("total", "Tổng số", _counts(totals)),
        previous=Row(
            "previous",
            f"Năm {year - 1}",
            _counts(_facts(user, unit, year - 1, today=day, child_abuse=child_abuse, group="")),
        ),
        notes=notes,
        synthetic=any(f["synthetic"] for f in totals),
        built_at=status.built_at,
        stale=status.stale,
    )


# Breakdown → the dimension stored in the facts, and the key its value is read under.
FACT_DIMENSIONS = {
    "sex": "sex",
    "age_group": "age_group",
    "ethnicity": "ethnic",
    "ethnic_group": "ethnic",
    "religion": "religion",
}
FACT_KEYS = {
    "sex": "sex",
    "age_group": "age_group",
    "ethnic": "ethnic_code",
    "religion": "religion_code",
}


SPEC = TableSpec(
    name="crime_reports",
    title="Tố giác, tin báo về tội phạm và kiến nghị khởi tố",
    breakdowns=BREAKDOWNS,
    compute=compute,
)
