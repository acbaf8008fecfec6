"""Backup and restore of a dondoc installation: the database, the uploaded files, and a
manifest; never the encryption keys, which are kept apart (README, "Sao lưu và khôi phục").

A backup is a folder: `database.dump` (pg_dump's custom format; `database.sqlite3` for
SQLite), `media.tar` (the storage folder as it is: its files are already encrypted), and
`manifest.json` (when, which migrations, how many files, and the fingerprints of the keys,
core.crypto.key_fingerprints). A restore goes into an empty database and an empty files
folder only, and refuses at once when the keys it runs with are not those of the backup:
without them every name and identity number in it is lost.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .crypto import key_fingerprints
from .exceptions import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar"


class BackupError(DomainError):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    database: str
    files: int
    size: int  # bytes written


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database (the password never on a command line)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):  # fmt: skip
        value = params.get(key)
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"Không tìm thấy lệnh {command[0]} (gói postgresql-client của Debian).")
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} không thành công: {result.stderr.strip()[:500]}")


def _sqlite_copy(source: str, target: str) -> None:
    """SQLite's online backup: a consistent copy even while dondoc writes."""
    with closing(sqlite3.connect(source)) as reader, closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(folder: Path) -> BackupSummary:
    """Write a backup into `folder` (created; refused when it holds anything)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có tệp: hãy chọn một thư mục mới cho bản sao lưu.")
    folder.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--file={folder / PG_DUMP}"],
            _pg_env(),
        )  # fmt: skip
    else:
        _sqlite_copy(str(connection.settings_dict["NAME"]), str(folder / SQLITE_COPY))
    files = 0
    media = _media_root()
    with tarfile.open(folder / MEDIA, "w") as archive:
        if media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    applied = MigrationRecorder.Migration.objects.values_list("app", "name")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": engine,
        "files": files,
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
        "keys": key_fingerprints(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.iterdir())
    return BackupSummary(folder, engine, files, size)


def _manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            f"{folder}: không phải bản sao lưu của dondoc (thiếu {MANIFEST})."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{folder}: bản sao lưu dạng {manifest.get('format')}, cần dạng {FORMAT}."
        )
    return manifest


def keys_missing(manifest: dict[str, Any]) -> list[int]:
    """Positions (1-based, as in the backup's DONDOC_ENCRYPTION_KEY) of the backup's keys that
    the running configuration does not have."""
    current = set(key_fingerprints())
    return [
        i for i, print_ in enumerate(manifest.get("keys", []), start=1) if print_ not in current
    ]


def backup_restore(folder: Path) -> BackupSummary:
    """Restore the backup in `folder` into the configured (empty) database and files folder."""
    folder = Path(folder)
    manifest = _manifest(folder)
    missing = keys_missing(manifest)
    if missing:
        positions = ", ".join(str(i) for i in missing)
        raise BackupError(
            f"Khóa mã hóa đang đặt (DONDOC_ENCRYPTION_KEY) không mở được dữ liệu của bản sao lưu "
            f"(thiếu khóa thứ {positions} của lúc sao lưu): không khôi phục gì. Đặt đúng các "
            "khóa đã dùng khi sao lưu rồi chạy lại."
        )
    engine = _engine()
    if engine != manifest["database"]:
        raise BackupError(
            f"Bản sao lưu là của {manifest['database']}, cơ sở dữ liệu đang đặt là {engine}."
        )
    if connection.introspection.table_names():
        raise BackupError(
            "Cơ sở dữ liệu đang đặt (DATABASE_URL) đã có bảng: chỉ khôi phục vào một cơ sở dữ "
            "liệu mới, trống (createdb), để không trộn hai bộ dữ liệu."
        )
    media = _media_root()
    if media.exists() and any(media.iterdir()):
        raise BackupError(
            f"Thư mục tệp {media} (DONDOC_MEDIA_ROOT) đã có tệp: chỉ khôi phục vào thư mục trống."
        )
    if engine == "postgresql":
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={_pg_env()['PGDATABASE']}",
             str(folder / PG_DUMP)],
            _pg_env(),
        )  # fmt: skip
    else:
        connection.close()
        _sqlite_copy(str(folder / SQLITE_COPY), str(connection.settings_dict["NAME"]))
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA) as archive:
        archive.extractall(media, filter="data")
    size = sum(p.stat().st_size for p in folder.iterdir())
    return BackupSummary(folder, engine, int(manifest["files"]), size)
