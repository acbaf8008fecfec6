"""The figures of a plan's targets page as a viewer may read them: small-cell suppression for
a viewer outside the agencies that recorded the records counted (indicators' Measured
.restricted), with the same rule as the published tables (stats.suppression).

Each figure is split into the counts it discloses: a rate "61,29 (19/31)" shows the resolved
(19), the pending (31 - 19 = 12) and the received (31), one equation; a count shows itself.
The units below and the plan's unit make one more equation per count (the units' counts add
up to the plan unit's, as far as a reader knows). A figure with a hidden count is hidden, and
so is the attainment reason that would repeat it; the status (đạt, không đạt…) stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .suppression import suppress_cells

Owner = tuple[Any, ...]  # ("plan",), ("unit", 2), ("split", 0), ("baseline",)
Key = tuple[Owner, str]  # a figure and one of its counts: "num", "rest", "den", "value"

HIDDEN_REASON = "Số liệu được ẩn vì tính từ số nhỏ (bảo vệ người liên quan)."


@dataclass(frozen=True)
class Shown:
    text: str  # "61,29 (19/31)", "12", "<5", "x", "—"
    hidden: bool = False


@dataclass
class TargetFigures:
    value: Shown
    reason: str
    baseline: Shown
    years: list[tuple[str, float | None]]  # chart points; a hidden year has None
    units: list[Shown] = field(default_factory=list)  # as trend.units
    split: list[Shown] = field(default_factory=list)  # as the split rows
    suppressed: bool = False


def number(value: float | None) -> str:
    """61.29 → "61,29"; 12.0 → "12"; None → "—" (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _text(measured: Any) -> str:
    if measured is None or measured.value is None:
        return "—"
    text = number(measured.value)
    if measured.denominator:
        text += f" ({measured.numerator}/{measured.denominator})"
    return text


def _parts(measured: Any) -> dict[str, int]:
    """The counts a figure discloses."""
    if measured is None or measured.value is None:
        return {}
    if measured.denominator:
        resolved, received = int(measured.numerator or 0), int(measured.denominator)
        return {"num": resolved, "rest": received - resolved, "den": received}
    return {"value": round(measured.value)}


def _restricted(measured: Any) -> bool:
    return bool(getattr(measured, "restricted", False))


def target_figures(trend: Any, split: list[Any], *, threshold: int) -> TargetFigures:
    """What the targets page shows of one target (an indicators TargetTrend and its split
    rows): as measured, or suppressed when a figure is counted from records of agencies the
    viewer does not record for."""
    row = trend.row
    figures: dict[Owner, Any] = {("plan",): row.value}
    figures |= {("unit", i): measured for i, measured in enumerate(_unit_values(trend))}
    figures |= {("split", i): item for i, item in enumerate(split)}
    baseline = row.baseline
    plain = TargetFigures(
        value=Shown(_text(row.value)),
        reason=row.result.reason,
        baseline=Shown(number(baseline) if baseline is not None else "chưa có số liệu"),
        years=[(str(y), v) for y, v in trend.years],
        units=[Shown(number(value)) for _, value, _ in trend.units],
        split=[Shown(_text(item)) for item in split],
    )
    if not any(_restricted(m) for m in figures.values()):
        return plain
    values: dict[Key, int] = {}
    lines: list[list[Key]] = []
    totals: list[Key] = []
    for key, measured in figures.items():
        parts = _parts(measured)
        values |= {(key, name): count for name, count in parts.items()}
        if "den" in parts:
            lines.append([(key, "num"), (key, "rest"), (key, "den")])
            totals.append((key, "den"))
    for name in ("num", "rest", "den", "value"):
        line: list[Key] = [(("unit", i), name) for i in range(len(trend.units))]
        line = [key for key in line if key in values]
        if line and (("plan",), name) in values:
            lines.append([*line, (("plan",), name)])
            totals.append((("plan",), name))
    if baseline is not None:
        values[(("baseline",), "value")] = round(baseline)
    cells = suppress_cells(values, lines, threshold=threshold, totals=totals)

    def shown(owner: Owner, text: str) -> Shown:
        mine = {name: cell for (key, name), cell in cells.items() if key == owner}
        if not any(cell.hidden for cell in mine.values()):
            return Shown(text)
        # A small count shows "<N"; a rate (whatever hid it) and a protecting cell show "x".
        small = "value" in mine and mine["value"].primary
        return Shown(f"<{threshold + 1}" if small else "x", hidden=True)

    value = shown(("plan",), plain.value.text)
    years = []
    for (label, point), measured in zip(plain.years, _year_values(trend), strict=True):
        small = any(0 < count <= threshold for count in _parts(measured).values())
        years.append((label, None if small else point))
    return TargetFigures(
        value=value,
        reason=HIDDEN_REASON if value.hidden else plain.reason,
        baseline=shown(("baseline",), plain.baseline.text),
        years=years,
        units=[shown(("unit", i), s.text) for i, s in enumerate(plain.units)],
        split=[shown(("split", i), s.text) for i, s in enumerate(plain.split)],
        suppressed=True,
    )


def _unit_values(trend: Any) -> list[Any]:
    return list(getattr(trend, "unit_values", None) or [None] * len(trend.units))


def _year_values(trend: Any) -> list[Any]:
    return list(getattr(trend, "year_values", None) or [None] * len(trend.years))
