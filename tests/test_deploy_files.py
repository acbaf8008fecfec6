"""The files of deploy/ are valid as their tools read them: systemd's units (systemd-analyze
verify, with the checkout in place of /srv/dondoc/app) and gunicorn's configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_systemd_units_verify(tmp_path: Path) -> None:
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8").replace("/srv/dondoc/app", str(ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - a system tool on our own files
        [shutil.which("systemd-analyze") or "", "verify", *(str(tmp_path / u.name) for u in UNITS)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    assert {u.name for u in UNITS} >= {"dondoc-web.service", "dondoc-worker.service"}


def test_the_gunicorn_configuration_loads() -> None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(  # noqa: S603 - our own gunicorn
        [str(gunicorn), "--check-config", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
