"""Evidence files at rest: encrypted on the way into Django's storage, decrypted for a
download the selectors allowed, and never left on disk without their row.

A file is written only once its row is valid, inside the transaction that saves the row.
If that transaction does not commit (a refused save, a later file refused, any error), the
service's `deleted_on_rollback` block deletes the files it wrote; a file removed from a
report is deleted only after the removal commits. What neither can see (the process killed
between writing the file and committing, a caller's outer transaction rolled back) is found
by `sweep_orphans`: a file under evidence/ that no row names, older than a grace period so
that an upload still in flight is left alone (`dondoc evidence sweep`, daily from cron).
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from dondoc.core.crypto import bytes_are_current, decrypt_bytes, encrypt_bytes

from .models import Evidence

FOLDER = "evidence"  # Evidence.file's upload_to starts here
SWEEP_GRACE = datetime.timedelta(hours=1)

# The files written by the innermost open `deleted_on_rollback` block of this thread/context.
_written: contextvars.ContextVar[list[tuple[Storage, str]] | None] = contextvars.ContextVar(
    "evidence_files_written", default=None
)


@contextmanager
def deleted_on_rollback() -> Iterator[None]:
    """Around a service's transaction: the files written inside are deleted again if the block
    raises (its transaction then rolls back). A nested block hands its files to the outer one,
    so a later failure of the outer service deletes them too."""
    written: list[tuple[Storage, str]] = []
    outer = _written.get()
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)


def write(*, evidence: Evidence, data: bytes) -> None:
    """Encrypt `data` into the storage as the file of `evidence` (validated, not yet saved)."""
    evidence.file.save(
        f"{evidence.sha256[:16]}.{evidence.kind}", ContentFile(encrypt_bytes(data)), save=False
    )
    written = _written.get()
    if written is not None:
        written.append((evidence.file.storage, evidence.file.name))


def read(evidence: Evidence) -> bytes:
    """The original bytes of an evidence file (one stored before encryption reads as it is)."""
    with evidence.file.open("rb") as stored:
        return decrypt_bytes(stored.read())


def delete_after_commit(evidence: Evidence) -> None:
    """Delete the file once the transaction removing its row commits: a rollback keeps both."""
    storage, name = evidence.file.storage, evidence.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Maintenance (`dondoc evidence …`) --------------------------------------------------------


def _stored_names(storage: Storage, folder: str = FOLDER) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}")


def sweep_orphans(
    *,
    storage: Storage | None = None,
    grace: datetime.timedelta = SWEEP_GRACE,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
) -> list[str]:
    """Delete the files under evidence/ that no Evidence row names and that were last written
    more than `grace` before `now`; the names (found, and deleted unless `dry_run`)."""
    storage = storage or Evidence._meta.get_field("file").storage
    now = now or timezone.now()
    named = set(Evidence.objects.values_list("file", flat=True))
    orphans = []
    for name in _stored_names(storage):
        if name in named or storage.get_modified_time(name) > now - grace:
            continue
        orphans.append(name)
        if not dry_run:
            storage.delete(name)
    return orphans


@dataclass(frozen=True)
class EncryptResult:
    encrypted: int  # stored plain before, or under an older key: written again
    current: int  # already under the current key
    missing: list[str]  # rows whose file is not in the storage


def encrypt_stored(*, dry_run: bool = False) -> EncryptResult:
    """Encrypt the files stored plain (written before encryption) and re-encrypt those under
    an older key (after a new key was put first in DONDOC_ENCRYPTION_KEY). Each file is
    written anew beside the old one, the row repointed, and the old file deleted after the
    row commits: an interruption leaves the old file in use, never a row without its file."""
    encrypted, current, missing = 0, 0, []
    for evidence in Evidence.objects.order_by("pk").iterator():
        try:
            with evidence.file.open("rb") as handle:
                stored = handle.read()
        except FileNotFoundError:
            missing.append(evidence.file.name)
            continue
        if bytes_are_current(stored):
            current += 1
            continue
        encrypted += 1
        if dry_run:
            continue
        data = decrypt_bytes(stored)
        with deleted_on_rollback(), transaction.atomic():
            old = Evidence(file=evidence.file.name)
            write(evidence=evidence, data=data)
            evidence.save(update_fields=["file"])
            delete_after_commit(old)
    return EncryptResult(encrypted, current, missing)
