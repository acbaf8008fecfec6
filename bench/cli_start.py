"""Benchmark of the `dondoc` console script's start: seconds for `dondoc plan parse --help`.

Prints figures; asserts nothing. Run: .venv/bin/python bench/cli_start.py [--runs N] [--dondoc PATH]

Beside it, in the same run: a bare interpreter (`python -c pass`), and Django set up with the
project's settings (`django.setup()`: every app and its models loaded, which any management
command needs to find itself), the floor a command cannot go under. `--dondoc` times another
checkout's script (e.g. the main branch's, for before/after).
Wall time and CPU time (of the child) are both printed: on a shared machine the wall time says
as much about the neighbours as about dondoc. Also printed: the heavy modules the command
loaded (openpyxl, numpy, docx, pdfplumber, rapidfuzz), which should be none.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openpyxl", "numpy", "docx", "pdfplumber", "rapidfuzz", "duckdb", "holidays")


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603 - our own
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    _run(command, env)  # warm the file cache
    samples = [_run(command, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dondoc", default=str(Path(sys.executable).with_name("dondoc")))
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    python = str(Path(args.dondoc).with_name("python"))
    setup = "import django; django.setup()"
    heavy = (
        "import sys; sys.argv = ['dondoc', 'plan', 'parse', '--help']; "
        "from dondoc.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ("django.setup(): every app loaded", [python, "-c", setup]),
        ("dondoc plan parse --help", [args.dondoc, "plan", "parse", "--help"]),
        ("dondoc help", [args.dondoc, "help"]),
    ]
    print(f"{'command':<32} {'wall s':>8} {'cpu s':>8}   ({args.runs} runs, median)")
    for label, command in rows:
        wall, cpu = _median(command, env, args.runs)
        print(f"{label:<32} {wall:8.3f} {cpu:8.3f}")
    loaded = (
        subprocess.run(  # noqa: S603 - our own interpreter
            [python, "-c", heavy], env=env, check=True, capture_output=True, text=True
        )
        .stderr.strip()
        .splitlines()
    )
    print(f"heavy modules loaded by `plan parse --help`: {loaded[-1] if loaded else ''!r}")


if __name__ == "__main__":
    main()
