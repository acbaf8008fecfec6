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


def _help(*, through_django: bool) -> subprocess.CompletedProcess[str]:
    """`dondoc plan parse --help`, through dondoc.cli or straight through Django's own path;
    the probe says on stderr whether the apps were loaded."""
    call = (
        "from django.core.management import execute_from_command_line as run\nrun(sys.argv)"
        if through_django
        else "from dondoc.cli import main\nmain()"
    )
    probe = (
        "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dondoc.settings')\n"
        "sys.argv = ['dondoc', 'plan', 'parse', '--help']\n"
        f"try:\n    {call.replace(chr(10), chr(10) + '    ')}\nexcept SystemExit:\n    pass\n"
        "from django.apps import apps\nprint(apps.ready, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120,
        check=True,
    )  # fmt: skip


def test_help_is_django_s_own_without_loading_the_apps() -> None:
    fast, django = _help(through_django=False), _help(through_django=True)
    assert fast.stdout == django.stdout and "--no-resolve" in fast.stdout
    assert fast.stderr.split()[-1:] == ["False"]  # no app, no model loaded for the help
    assert django.stderr.split()[-1:] == ["True"]
