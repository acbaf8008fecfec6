"""Recall and lead accuracy of the plan parser on the real corpus (tests/fixtures/real), per layout.

Prints figures; asserts nothing. Run: .venv/bin/python bench/plan_corpus.py [-v]
- recall: tasks read / tasks the reader counts (a document read with more tasks than the reader
  counts is capped at its count, and listed as over-read);
- leads: sample tasks whose lead is the one the reader wrote / sample tasks;
- number, date: documents whose number (date) is read as the reader reads it, among those
  whose reader wrote one down (an annex alone may carry no date);
- with a lead: tasks read (all of them, not only the sample) that have a lead agency;
- format: the file's extension (.md, .txt, .docx, .pdf …).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from tests.plans.importers.real_corpus import cases, measure

    verbose = "-v" in sys.argv[1:]
    rows = [measure(case) for case in cases()]
    groups: dict[str, list] = defaultdict(list)
    for outcome in rows:
        groups[outcome.case.layout.split(":")[0].split(" (")[0]].append(outcome)
    print(
        f"{'layout':58} {'docs':>4} {'recall':>14} {'leads':>10} {'number':>7} {'date':>7}"
        f" {'format':>8}"
    )
    totals = [0, 0, 0, 0, 0, 0, 0, 0]
    for layout, outcomes in sorted(groups.items()):
        found = sum(min(o.tasks_found, o.tasks_expected) for o in outcomes)
        expected = sum(o.tasks_expected for o in outcomes)
        leads = sum(o.leads_right for o in outcomes)
        sample = sum(o.sample_size for o in outcomes)
        numbers = sum(1 for o in outcomes if o.header_right.get("number"))
        dates = sum(1 for o in outcomes if o.header_right.get("date"))
        dated = sum(1 for o in outcomes if "date" in o.header_right)
        formats = ",".join(sorted({o.case.text_path.suffix.lstrip(".") for o in outcomes}))
        figures = (len(outcomes), found, expected, leads, sample, numbers, dates, dated)
        totals = [t + v for t, v in zip(totals, figures, strict=True)]
        print(
            f"{layout[:58]:58} {len(outcomes):4} {found:5}/{expected:<5} {found / expected:4.0%}"
            f" {leads:3}/{sample:<3} {numbers:3}/{len(outcomes):<3} {dates:3}/{dated:<3}"
            f" {formats:>8}"
        )
    docs, found, expected, leads, sample, numbers, dates, dated = totals
    print(
        f"{'all':58} {docs:4} {found:5}/{expected:<5} {found / max(expected, 1):4.0%}"
        f" {leads:3}/{sample:<3} {numbers:3}/{docs:<3} {dates:3}/{dated:<3}"
    )
    read = sum(o.tasks_found for o in rows)
    with_lead = sum(o.tasks_with_lead for o in rows)
    print(f"tasks read with a lead: {with_lead}/{read} ({with_lead / max(read, 1):.0%})")
    exact = sum(1 for o in rows if o.tasks_found == o.tasks_expected)
    print(f"documents read to the reader's task count: {exact}/{len(rows)}")
    right = sum(1 for o in rows if not o.problems)
    print(f"documents read exactly as their reader expects: {right}/{len(rows)}")
    for outcome in rows:
        if outcome.tasks_found > outcome.tasks_expected:
            print(
                f"  over-read: {outcome.case.slug} ({outcome.tasks_found}/{outcome.tasks_expected})"
            )
        if verbose and outcome.problems:
            print(f"  {outcome.case.slug}:")
            for problem in outcome.problems:
                print(f"    - {problem}")


if __name__ == "__main__":
    main()
