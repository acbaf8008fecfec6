"""A small script-free SVG line chart of a target's values over the plan's years. Pure: it
prints well (black lines, no colour needed to read it) and is escaped like any template text."""

from __future__ import annotations

from html import escape


def trend_svg(
    points: list[tuple[str, float | None]], *, target: float | None = None, width: int = 260,
    height: int = 90, unit: str = "",
) -> str:  # fmt: skip
    """`points`: (label, value) in order; a dashed line marks the target when given."""
    values = [v for _, v in points if v is not None]
    if not points:
        return ""
    top = max([*values, target or 0, 1.0])
    left, right, bottom, head = 28, 8, 18, 8
    plot_w, plot_h = width - left - right, height - bottom - head
    step = plot_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return head + plot_h - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Diễn biến qua các năm">',
        f'<line x1="{left}" y1="{head + plot_h}" x2="{width - right}" y2="{head + plot_h}" '
        'stroke="#000" stroke-width="1"/>',
        f'<text x="2" y="{head + 8}" font-size="9">{escape(f"{top:g}{unit}")}</text>',
    ]
    if target is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(target):.1f}" x2="{width - right}" y2="{y(target):.1f}" '
            'stroke="#000" stroke-dasharray="4 3" stroke-width="1"/>'
        )
    line = [f"{left + i * step:.1f},{y(v):.1f}" for i, (_, v) in enumerate(points) if v is not None]
    if len(line) > 1:
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#000" stroke-width="2"/>'
        )
    for i, (label, value) in enumerate(points):
        x = left + i * step
        if value is not None:
            parts.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3" fill="#000"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 4}" font-size="9" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
