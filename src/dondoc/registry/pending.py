"""Import files waiting for the officer's confirmation (the import page's preview): encrypted
while they wait, deleted once the import is saved or abandoned, swept after 24 hours.

A registry file holds names, identity numbers and addresses: it is stored through Django's
storage as a Fernet token under the current key (`core.crypto.encrypt_bytes`), named
`imports/<epoch>-<random>.enc` so its age is read from its name. Each new file stored sweeps
the expired ones; `dondoc registry sweep` does the same for a cron job.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dondoc.core.crypto import decrypt_bytes, encrypt_bytes
from dondoc.core.exceptions import InvalidInput

FOLDER = "imports"
MAX_AGE = 24 * 3600  # seconds a file waits for its confirmation
_NAME = re.compile(r"^(\d{10})-([0-9a-f]{16})\.enc$")
_TOKEN = re.compile(r"^\d{10}-[0-9a-f]{16}$")


def _path(token: str) -> str:
    if not _TOKEN.fullmatch(token or ""):
        raise InvalidInput("Tệp chờ xác nhận không còn: hãy chọn lại tệp.")
    return f"{FOLDER}/{token}.enc"


def pending_import_store(data: bytes) -> str:
    """Keep an uploaded file, encrypted, until it is confirmed or abandoned; its token."""
    pending_imports_sweep()
    token = f"{int(time.time()):010d}-{secrets.token_hex(8)}"
    default_storage.save(_path(token), ContentFile(encrypt_bytes(data)))
    return token


def pending_import_read(token: str) -> bytes:
    """The file kept under `token`; refused once it is older than MAX_AGE or gone."""
    path = _path(token)
    try:
        with default_storage.open(path, "rb") as stored:
            return decrypt_bytes(stored.read(), max_age=MAX_AGE)
    except (OSError, ValueError) as error:
        pending_import_discard(token)
        raise InvalidInput(
            "Tệp chờ xác nhận đã quá 24 giờ hoặc không còn: hãy chọn lại tệp."
        ) from error


def pending_import_discard(token: str) -> None:
    """Delete the file kept under `token` (saved, abandoned or replaced); nothing if gone."""
    if _TOKEN.fullmatch(token or ""):
        default_storage.delete(_path(token))


def pending_imports_sweep(*, now: float | None = None, max_age: int = MAX_AGE) -> int:
    """Delete the files waiting longer than `max_age` seconds (and any other file of the
    folder, such as the plain copies kept before they were encrypted, by its modification
    time); how many were deleted."""
    now = time.time() if now is None else now
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        match = _NAME.match(name)
        if match:
            stored_at = float(match.group(1))
        else:
            modified = default_storage.get_modified_time(f"{FOLDER}/{name}")
            stored_at = modified.timestamp() if isinstance(modified, datetime.datetime) else 0
        if now - stored_at > max_age:
            default_storage.delete(f"{FOLDER}/{name}")
            deleted += 1
    return deleted
