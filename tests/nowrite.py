"""A request that must write nothing (a GET: STYLE.md habit 14), checked at the database.

`no_writes()` counts the INSERT, UPDATE and DELETE statements sent on the default connection
while it is open and fails if there is one. The one write a read may make is the audit log's
record that someone read personal data (DESIGN.md §7): `allow_read_audit` lets inserts into
the audit log through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
AUDIT_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"auditlog_logentry"', re.IGNORECASE)


@contextmanager
def no_writes(*, allow_read_audit: bool = True) -> Iterator[list[str]]:
    """Fail if the block writes to the database; yields the writes seen (for a message)."""
    writes: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql) and not (allow_read_audit and AUDIT_INSERT.match(sql)):
            writes.append(sql[:160])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield writes
    assert not writes, f"{len(writes)} write(s) during a read: " + " | ".join(writes[:5])
