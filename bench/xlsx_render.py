"""Benchmark of the workbooks dondoc writes (core.renderers.xlsx: registry exports, statistics
tables, report annexes): N rows of a registry export's shape (15 columns of text, dates and
numbers), beside openpyxl writing the same cells with no styles, no heights and no merges
(the floor), in the same run; and a report annex's shape (a task's text merged over its
agencies' three rows). Rows/s for each size and the ratio to the floor: a ratio that grows
with N is a cost per row that grows with the rows already written (openpyxl's max_row read
per row once made a 10,000-row export take 30-50 s).

Prints figures; asserts nothing. Run:
    .venv/bin/python bench/xlsx_render.py [--rows 1000,10000,40000]
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _export_rows(count: int) -> list[tuple[list[object], bool]]:
    return [
        (
            [
                f"TB-{i}/2024", datetime.date(2024, 1 + i % 12, 1 + i % 28),
                "Tố giác về tội phạm", 134, "Xã Sơn Dương", "Công an tỉnh Tuyên Quang",
                "Đang giải quyết", "", i, "Nữ", "Kinh", "Không", "", "Ghi chú " * (i % 5), "",
            ],
            False,
        )
        for i in range(count)
    ]  # fmt: skip


def _floor(rows: list[tuple[list[object], bool]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for values, _ in rows:
        sheet.append(values)
    workbook.save(io.BytesIO())


def _cpu(function: object) -> float:
    started = time.process_time()
    function()  # type: ignore[operator]
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000,40000")
    sizes = [int(n) for n in parser.parse_args().rows.split(",")]
    from dondoc.core.renderers.xlsx import Sheet, render_xlsx

    columns = [(f"Cột {i + 1}", 16) for i in range(15)]
    print("registry export's shape (15 columns), CPU seconds:")
    print(f"{'rows':>8} {'dondoc':>8} {'floor':>8} {'rows/s':>9} {'x floor':>8}")
    for count in sizes:
        rows = _export_rows(count)
        sheet = Sheet(name="Tin báo", title="SỔ TIN BÁO", columns=columns, rows=rows)
        ours = _cpu(lambda sheet=sheet: render_xlsx([sheet]))
        floor = _cpu(lambda rows=rows: _floor(rows))
        print(f"{count:>8,} {ours:>8.2f} {floor:>8.2f} {count / ours:>9,.0f} {ours / floor:>8.1f}")
    print("report annex's shape (a task merged over its three agencies' rows):")
    for count in sizes:
        tasks = count // 3
        rows = [
            ([f"I.{t}" if a == 0 else "", f"Nhiệm vụ {t} " * 6 if a == 0 else "",
              f"Cơ quan {a}", "chủ trì" if a == 0 else "phối hợp", "Đã báo cáo", "", "", ""],
             False)
            for t in range(tasks) for a in range(3)
        ]  # fmt: skip
        sheet = Sheet(
            name="Phụ lục", title="PHỤ LỤC", columns=[(f"Cột {i + 1}", 14) for i in range(8)],
            rows=rows, merges=[(3 * t, 3, (1, 2)) for t in range(tasks)],
        )  # fmt: skip
        ours = _cpu(lambda sheet=sheet: render_xlsx([sheet]))
        print(f"{len(rows):>8,} rows, {tasks:,} merged tasks: {ours:.2f} s, "
              f"{len(rows) / ours:,.0f} rows/s")  # fmt: skip


if __name__ == "__main__":
    main()
