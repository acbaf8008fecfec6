"""`dondoc backup` then `dondoc restore` into a fresh PostgreSQL database: the same pages,
statistics and exports (real pg_dump and pg_restore); the wrong key is refused."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from dondoc.registry.transfer import synthetic_crime_reports
from dondoc.stats.facts import refresh_stale_facts
from tests.core.factories import ensure_catalogues
from tests.registry.factories import VICTIM, grant_personal_export, world_crime_report
from tests.tracking.factories import world_tracking

ROOT = Path(__file__).resolve().parents[2]
DONDOC = Path(sys.executable).with_name("dondoc")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues() -> None:
    ensure_catalogues()


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the backup is pg_dump's, the restore pg_restore's")


def _url(name: str) -> str:
    p = connection.settings_dict
    return f"postgres://{p['USER']}:{p['PASSWORD']}@{p['HOST']}:{p['PORT']}/{name}"


def _env(database: str, media: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    return env | {
        "DATABASE_URL": _url(database),
        "DONDOC_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        **extra,
    }


def _snapshot(env: dict[str, str], user: str, urls: list[str]) -> dict[str, list[object]]:
    result = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.core.snapshot", user, *urls],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture
def fresh_database():
    _needs_postgresql()
    name = f"restored_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_shows_the_same_pages_statistics_and_exports(
    world, tmp_path, settings, fresh_database
) -> None:
    _needs_postgresql()
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    tracked = world_tracking(world)  # a plan, a submitted report with an encrypted evidence file
    report = world_crime_report(world)  # a victim's name, encrypted
    synthetic_crime_reports(
        actor=world.focal, places=[(world.police_sd, world.commune_sd)], count=40,
        years=(2024, 2024),
    )  # fmt: skip
    grant_personal_export(world.focal, world.police_sd)
    refresh_stale_facts.call()

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"] >= 1 and manifest["database"] == "postgresql"
    assert settings.ENCRYPTION_KEY not in (tmp_path / "backup" / "manifest.json").read_text()

    restored_media = tmp_path / "restored-media"
    restore = subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), "restore", str(tmp_path / "backup")],
        cwd=tmp_path, env=_env(fresh_database, restored_media), capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert restore.returncode == 0, restore.stderr
    assert "Đã khôi phục" in restore.stdout

    stats_query = f"?don_vi={world.province.pk}&nam=2024&chia_theo=sex"
    urls = [
        reverse("web:home"),
        reverse("web:plan_detail", args=[tracked.plan.pk]),
        reverse("web:plan_board", args=[tracked.plan.pk]),
        reverse("web:report_detail", args=[tracked.report.pk]),
        reverse("web:evidence_download", args=[tracked.evidence.pk]),
        reverse("web:crime_report_list"),
        # "Hiện": the focal officer reveals the names, masked by default (privacy.masking).
        reverse("web:crime_report_detail", args=[report.pk]) + "?hien=1",
        reverse("web:stats") + stats_query,
        reverse("web:stats_download") + stats_query,
        reverse("web:registry_export", args=["crime_reports", "csv"])
        + f"?co_quan={world.police_sd.pk}",
        reverse("web:consolidated_docx", args=[tracked.plan.pk, tracked.period.pk]),
    ]
    database = connection.settings_dict["NAME"]
    before = _snapshot(_env(database, media), world.focal.username, urls)
    after = _snapshot(_env(fresh_database, restored_media), world.focal.username, urls)
    assert all(status == 200 for status, _ in before.values()), {
        url: status for url, (status, _) in before.items()
    }
    for url in urls:
        assert after[url] == before[url], url
    assert "Số liệu tính đến" in str(before[urls[7]][1])  # the statistics, not a waiting page
    # The victim's name came back through the key kept apart from the backup.
    assert VICTIM in str(after[urls[6]][1]) and VICTIM in str(after[urls[9]][1])


def test_a_restore_refuses_the_wrong_key_and_a_database_in_use(world, tmp_path, settings) -> None:
    _needs_postgresql()
    settings.MEDIA_ROOT = tmp_path / "media"
    world_crime_report(world)
    call_command("backup", str(tmp_path / "backup"))
    env = _env(connection.settings_dict["NAME"], tmp_path / "other-media")
    wrong = subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), "restore", str(tmp_path / "backup")],
        cwd=tmp_path, env=env | {"DONDOC_ENCRYPTION_KEY": Fernet.generate_key().decode()},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert wrong.returncode != 0 and "không mở được dữ liệu của bản sao lưu" in wrong.stderr
    in_use = subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), "restore", str(tmp_path / "backup")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert in_use.returncode != 0 and "đã có bảng" in in_use.stderr
    again = subprocess.run(  # noqa: S603 - our own console script
        [str(DONDOC), "backup", str(tmp_path / "backup")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode != 0 and "đã có tệp" in again.stderr
