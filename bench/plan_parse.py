"""Benchmark of the plan importers: milliseconds per document and tasks per second.

Prints figures; asserts nothing. Run: .venv/bin/python bench/plan_parse.py
Parses the seed plans in every format the importers read (text as given; DOCX and XLSX built
from the text parse when their importers and builders are present). The baseline is the time
to decode and split the text into lines and cells, measured in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.timing import timed  # noqa: E402
from dondoc.plans.importers import parse_plan  # noqa: E402
from dondoc.plans.importers.text import split_text  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RUNS = 30


def inputs() -> list[tuple[str, str, bytes]]:
    found = []
    for prefix in ("000", "001"):
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        found.append((f"seed {prefix}", "text", path.read_bytes()))
        try:
            from tests.plans.importers.builders import seed_table_docx

            found.append((f"seed {prefix}", "docx", seed_table_docx(path)))
        except ImportError:
            pass
    for prefix in ("002", "003"):  # narrative plan, regulation in articles: text only
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        found.append((f"seed {prefix}", "text", path.read_bytes()))
    return found


def main() -> None:
    print(
        f"{'document':<10} {'format':<6} {'tasks':>5} {'leaves':>6} {'ms/doc':>8} "
        f"{'tasks/s':>9} {'× split':>8}"
    )
    for name, fmt, data in inputs():
        draft = parse_plan(data, file=name)
        seconds = timed(lambda data=data, name=name: parse_plan(data, file=name), RUNS)
        text = data.decode("utf-8") if fmt == "text" else ""
        baseline = timed(lambda text=text: split_text(text), RUNS) if text else 0.0
        ratio = f"{seconds / baseline:8.1f}" if baseline else f"{'—':>8}"
        print(
            f"{name:<10} {fmt:<6} {len(draft.tasks):>5} {len(draft.leaves):>6} "
            f"{seconds * 1000:>8.2f} {len(draft.tasks) / seconds:>9.0f} {ratio}"
        )


if __name__ == "__main__":
    main()
