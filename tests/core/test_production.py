"""Production mode refuses what is unsafe, and passes Django's deployment checks when configured
as the README says."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from dondoc.settings import DEVELOPMENT_ENCRYPTION_KEY, DEVELOPMENT_SECRET_KEY
from dondoc.settings.safety import production_problems

DONDOC = Path(sys.executable).with_name("dondoc")
GOOD_SECRET = "k2Jx9-QmV7pLr4TzWb8NcYe1HsAuFgDo6IvKq3XjMn0RtZyP5Ew"  # 51 characters, varied
# A key made by Fernet.generate_key(), written out so the test ids are the same in every
# process (pytest-xdist's workers must collect the same tests).
GOOD_KEY = "nVGpmyUab3jF957jjPOWPjaxkdSlRbprB-nO6qnShck="


def _problems(**overrides: object) -> list[str]:
    values: dict[str, object] = {
        "secret_key": GOOD_SECRET,
        "encryption_key": GOOD_KEY,
        "debug": False,
        "development_secret_key": DEVELOPMENT_SECRET_KEY,
        "development_encryption_key": DEVELOPMENT_ENCRYPTION_KEY,
    }
    values.update(overrides)
    return production_problems(**values)  # type: ignore[arg-type]


def test_the_documented_configuration_has_no_problem() -> None:
    assert _problems() == []
    # Two keys during a rotation: the new one first.
    assert _problems(encryption_key=f"{Fernet.generate_key().decode()},{GOOD_KEY}") == []


@pytest.mark.parametrize(
    ("encryption_key", "expected"),
    [
        (f"{DEVELOPMENT_ENCRYPTION_KEY},", "empty"),  # the public key, then a stray comma
        (f"{GOOD_KEY},{DEVELOPMENT_ENCRYPTION_KEY}", "public development key"),
        ("1", "not a generated key"),
        ("", "not set"),
        (",", "empty"),
        (base64.urlsafe_b64encode(b"a" * 32).decode(), "not a generated key"),  # not random
        (base64.urlsafe_b64encode(b"x" * 16).decode(), "not a generated key"),  # too short
        (f"{GOOD_KEY},{GOOD_KEY}", "same key twice"),
    ],
)
def test_every_encryption_key_must_be_a_generated_key(encryption_key: str, expected: str) -> None:
    problems = _problems(encryption_key=encryption_key)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "secret_key",
    [
        DEVELOPMENT_SECRET_KEY,
        "a" * 80,
        "abcd" * 20,
        "short-but-varied-key-123",
        "django-insecure-" + GOOD_SECRET,
    ],
)
def test_weak_secret_keys_are_refused(secret_key: str) -> None:
    assert any("DONDOC_SECRET_KEY" in problem for problem in _problems(secret_key=secret_key))


def test_debug_is_refused() -> None:
    assert any("DONDOC_DEBUG" in problem for problem in _problems(debug=True))


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DONDOC_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environment |= {
        "DONDOC_MODE": "production",
        "DONDOC_SECRET_KEY": GOOD_SECRET,
        "DONDOC_ENCRYPTION_KEY": GOOD_KEY,
        "DONDOC_ALLOWED_HOSTS": "dondoc.congan.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DONDOC_STATIC_ROOT": str(tmp_path / "static"),
        "DONDOC_SITE_URL": "https://dondoc.congan.example",
    }
    environment |= env
    return subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), *args], cwd=tmp_path, env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_check_deploy_is_clean_for_the_documented_configuration(tmp_path: Path) -> None:
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("site_url", "expected"), [("", "dondoc.W001"), ("http://dondoc.congan.example", "dondoc.W002")]
)
def test_check_deploy_asks_for_the_site_address(
    tmp_path: Path, site_url: str, expected: str
) -> None:
    """Issue 18: without DONDOC_SITE_URL the reminders' links were dead."""
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"], tmp_path, DONDOC_SITE_URL=site_url
    )
    assert result.returncode != 0 and expected in result.stderr + result.stdout


def test_an_unsafe_production_configuration_stops_with_a_message(tmp_path: Path) -> None:
    unsafe = {"DONDOC_ENCRYPTION_KEY": f"{DEVELOPMENT_ENCRYPTION_KEY},", "DONDOC_DEBUG": "1"}
    result = _run(["check"], tmp_path, **unsafe)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "public development key" in result.stderr and "DONDOC_DEBUG" in result.stderr


def test_demo_refuses_to_run_in_production(tmp_path: Path) -> None:
    result = _run(["demo", "--skip-migrate"], tmp_path)
    assert result.returncode != 0
    assert "không chạy khi DONDOC_MODE=production" in result.stderr
    assert not (tmp_path / "production.sqlite3").exists() or "quantri" not in result.stdout
