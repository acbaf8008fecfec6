"""Benchmark of the plan importers: milliseconds per document, for every format they read.

Prints figures; asserts nothing. Run: .venv/bin/python bench/plan_parse.py [--quick]
Parses the real corpus (tests/fixtures/real, each document in its own format) and the seed
plans as text (as given), as Word and Excel-free tables (built from the text),
as the PDF LibreOffice prints from that Word file, as the old .doc LibreOffice saves, and as a
scan of that PDF (200 dpi, askew, specked: tests/plans/importers/scans.py) read by OCR, whole
and cut to its first 10 pages. The baseline is the time to decode and split the text into
lines and cells, measured in the same run. For the slow formats the CPU time is printed beside
the wall time (`cpu s`: this process and its children, Tesseract and LibreOffice): on a
shared machine the wall time says as much about the neighbours as about dondoc.
`--quick` leaves out the scans and the .doc.
"""

from __future__ import annotations

import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.timing import timed  # noqa: E402
from dondoc.plans.importers import PlanParseError, parse_plan  # noqa: E402
from dondoc.plans.importers.text import split_text  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
RUNS = {"text": 30, "docx": 30, "pdf": 5}  # other formats: one run (seconds each)


def _pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def inputs(workdir: Path, *, quick: bool) -> list[tuple[str, str, bytes]]:
    from tests.plans.importers.builders import docx_to_pdfs, seed_table_docx
    from tests.plans.importers.scans import scan, typeset

    found = []
    words: dict[str, bytes] = {}
    for prefix in ("000", "001"):
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        found.append((f"seed {prefix}", "text", path.read_bytes()))
        words[prefix] = seed_table_docx(path)
        found.append((f"seed {prefix}", "docx", words[prefix]))
    for prefix in ("002", "003"):  # narrative plan, regulation in articles: text only
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        found.append((f"seed {prefix}", "text", path.read_bytes()))
    from tests.plans.importers.real_corpus import cases

    for case in cases():  # the real corpus, each in the format it was gathered in
        suffix = case.text_path.suffix.lstrip(".")
        fmt = "text" if suffix in ("md", "txt") else suffix
        found.append((case.slug[:24], fmt, case.text_path.read_bytes()))
    printed = docx_to_pdfs(
        {name: typeset(data) for name, data in words.items()}, workdir / "printed"
    )
    for prefix, data in printed.items():
        found.append((f"seed {prefix}", "pdf", data))
    if quick:
        return found
    from tests.plans.importers.test_office import save_as

    odt = save_as(words["000"], "docx", "odt", workdir)
    found.append(("seed 000", "doc", save_as(odt, "odt", "doc:MS Word 97", workdir)))
    for pages in (10, None):
        folder = workdir / f"scan-{pages}"
        folder.mkdir()
        data = scan(printed["000"], folder, dpi=200, angle=1.0, pages=pages)
        found.append(("seed 000", "scan", data))
    return found


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as tmp:
        workdir = Path(tmp)
        (workdir / "printed").mkdir()
        documents = inputs(workdir, quick=quick)
        print(f"{os.cpu_count()} cores")
        print(
            f"{'document':<24} {'format':<6} {'pages':>5} {'tasks':>5} {'leaves':>6} "
            f"{'ms/doc':>9} {'cpu s':>6} {'ms/page':>8} {'tasks/s':>8} {'× split':>8}"
        )
        for name, fmt, data in documents:
            runs = RUNS.get(fmt, 1)
            cpu, start = _cpu(), time.perf_counter()
            try:
                draft = parse_plan(data, file=name)
            except PlanParseError as error:  # a corpus case still refused: say so, go on
                print(f"{name:<24} {fmt:<6} refused: {error.describe()[:60]}")
                continue
            first = time.perf_counter() - start
            cpu = _cpu() - cpu
            seconds = (
                timed(lambda data=data, name=name: parse_plan(data, file=name), runs)
                if runs > 1
                else first
            )
            pages = _pages(data) if fmt in ("pdf", "scan") else 0
            text = data.decode("utf-8") if fmt == "text" else ""
            baseline = timed(lambda text=text: split_text(text), 30) if text else 0.0
            ratio = f"{seconds / baseline:8.1f}" if baseline else f"{'—':>8}"
            per_page = f"{seconds * 1000 / pages:8.0f}" if pages else f"{'—':>8}"
            cpu_s = f"{cpu:6.1f}" if runs == 1 else f"{'—':>6}"
            print(
                f"{name:<24} {fmt:<6} {pages or '—':>5} {len(draft.tasks):>5} "
                f"{len(draft.leaves):>6} {seconds * 1000:>9.1f} "
                f"{cpu_s} {per_page} "
                f"{len(draft.tasks) / seconds:>8.0f} {ratio}"
            )


if __name__ == "__main__":
    main()
