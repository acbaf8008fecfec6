"""`dondoc` commands start fast: heavy libraries load only when a command needs them (issue 18:
`dondoc plan parse --help` took 1.7–3.3 s; bench/cli_start.py measures it)."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("openpyxl", "numpy", "docx", "pdfplumber", "rapidfuzz", "duckdb")
PROBE = (
    "import sys\n"
    "sys.argv = ['dondoc', 'plan', 'parse', '--help']\n"
    "from dondoc.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


def test_help_loads_no_heavy_library() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
        check=True,
    )  # fmt: skip
    assert "Ví dụ" in result.stdout or "usage" in result.stdout
    assert result.stderr.strip().splitlines()[-1:] in ([], [""]), result.stderr
