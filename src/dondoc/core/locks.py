"""Locks that serialise what two requests could rebuild or change at once (STYLE.md §16).

`serialised(name, *ids)` takes a PostgreSQL transaction-level advisory lock on the key
(name, ids) and must run inside a transaction: it is held until that transaction ends. SQLite
needs none: dondoc opens its write transactions IMMEDIATE (settings), so writers queue for the
database's one write lock and each sees what the one before it committed.
"""

from __future__ import annotations

import hashlib

from django.db import connection, transaction


def lock_key(name: str, *ids: int) -> int:
    """A stable signed 64-bit key for (name, ids), as pg_advisory_xact_lock takes."""
    text = ":".join([name, *(str(i) for i in ids)])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def serialised(name: str, *ids: int) -> None:
    """Wait for, then hold until the transaction ends, the lock named (name, ids)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serialised() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name, *ids)])


# What a user is told when a lock was not granted in time: nothing was saved, and why.
BUSY_MESSAGE = (
    "Hệ thống đang bận ghi dữ liệu khác (ví dụ đang nhập một văn bản lớn) nên chưa lưu được. "
    "Nội dung của bạn chưa được lưu và vẫn còn trong biểu mẫu: hãy bấm lưu lại sau ít phút."
)


def is_lock_timeout(error: Exception) -> bool:
    """Whether a database error is a lock that was not granted in time (SQLite's "database is
    locked" after its busy timeout; PostgreSQL's lock_timeout), not a fault to report."""
    text = str(error).lower()
    return "database is locked" in text or "lock timeout" in text or "lock_timeout" in text
