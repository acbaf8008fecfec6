"""Upkeep of evidence files: the sweep of orphans (after a process killed with SIGKILL in the
middle of an upload) and the encryption of files stored plain or under an older key."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from dondoc.core.crypto import FILE_MAGIC, bytes_are_current
from dondoc.tracking.evidence_files import sweep_orphans
from dondoc.tracking.models import Evidence
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% Bien ban Son Duong\n%%EOF\n"

# A process that writes an evidence file the way the service does (encrypted, inside the
# transaction, in a rollback guard) and is killed with SIGKILL before it commits.
UPLOAD_THEN_HANG = """
import sys, django
django.setup()
from django.db import transaction
from dondoc.tracking import evidence_files
from dondoc.tracking.models import Evidence
with evidence_files.deleted_on_rollback(), transaction.atomic():
    evidence = Evidence(kind="pdf", sha256="ab" * 32, name="x.pdf", size=3)
    evidence_files.write(evidence=evidence, data=b"%PDF-1.7")
    print(evidence.file.name, flush=True)
    sys.stdin.read()  # hangs until killed (no sleep: it fails under a faked clock)
"""


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _mtime(name: str) -> datetime.datetime:
    return default_storage.get_modified_time(name)


def test_a_file_left_by_a_killed_upload_is_swept(world: World, media: Path, tmp_path) -> None:
    kept = world_tracking(world).evidence.file.name  # a file with its row
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        "DONDOC_MEDIA_ROOT": str(media),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'killed.sqlite3'}",
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", UPLOAD_THEN_HANG],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        name = process.stdout.readline().strip()
        assert name.startswith("evidence/") and (media / name).exists()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert (media / name).read_bytes().startswith(FILE_MAGIC)  # left behind, encrypted

    written = _mtime(name)
    # Within the grace period it might be an upload still in flight: left alone.
    assert sweep_orphans(now=written + datetime.timedelta(minutes=30)) == []
    assert sweep_orphans(now=written + datetime.timedelta(hours=2), dry_run=True) == [name]
    assert (media / name).exists()
    assert sweep_orphans(now=written + datetime.timedelta(hours=2)) == [name]
    assert not (media / name).exists()
    assert (media / kept).exists()


def test_sweep_command(world: World, media: Path) -> None:
    kept = world_tracking(world).evidence.file.name
    orphan = default_storage.save("evidence/2026/01/orphan.pdf", ContentFile(b"x"))
    recent = default_storage.save("evidence/2026/01/in-flight.pdf", ContentFile(b"x"))
    # Written long ago whatever the clocks say (the test's is pinned, the system's may be
    # moved ahead): well past the grace period.
    os.utime(media / orphan, (946_684_800, 946_684_800))
    out = _call("evidence", "sweep", "--dry-run")
    assert orphan in out and recent not in out and "Sẽ xóa 1 tệp" in out
    assert default_storage.exists(orphan)
    assert "Đã xóa 1 tệp" in _call("evidence", "sweep")
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept)


def _call(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_plain_files_keep_working_and_are_encrypted_by_the_command(
    world: World, media: Path, settings, django_capture_on_commit_callbacks
) -> None:
    tracked = world_tracking(world)
    plain_name = default_storage.save("evidence/2024/05/cu.pdf", ContentFile(PDF))
    legacy = Evidence.objects.create(
        report=tracked.report, file=plain_name, name="bien-ban-cu.pdf", kind="pdf",
        size=len(PDF), sha256="0" * 64,
    )  # fmt: skip
    url = reverse("web:evidence_download", args=[legacy.pk])

    def download() -> bytes:
        response = signed_in(world.focal).get(url)
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    assert download() == PDF  # stored before encryption: still served
    assert "Cần mã hóa 1 tệp; 1 tệp đã mã hóa" in _call("evidence", "encrypt", "--dry-run")
    with django_capture_on_commit_callbacks(execute=True):
        assert "Đã mã hóa 1 tệp" in _call("evidence", "encrypt")
    legacy.refresh_from_db()
    stored = (media / legacy.file.name).read_bytes()
    assert legacy.file.name != plain_name and stored.startswith(FILE_MAGIC)
    assert not (media / plain_name).exists()
    assert download() == PDF

    # Key rotation: a new key first, the old one after it; files are re-encrypted under it.
    settings.ENCRYPTION_KEY = "a-new-key-for-2027-rotation," + settings.ENCRYPTION_KEY
    assert not bytes_are_current(stored)
    assert download() == PDF  # the old key still decrypts
    with django_capture_on_commit_callbacks(execute=True):
        assert "Đã mã hóa 2 tệp" in _call("evidence", "encrypt")
    legacy.refresh_from_db()
    assert bytes_are_current((media / legacy.file.name).read_bytes())
    settings.ENCRYPTION_KEY = "a-new-key-for-2027-rotation"  # the old key removed
    assert download() == PDF
