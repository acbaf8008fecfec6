"""Audit hooks: every write names its actor, recorded by django-auditlog in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models import Model

from .actors import SystemActor


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute every audited change inside the block to `actor` (a user; the system actor or
    None: no user)."""
    if actor is None or getattr(actor, "pk", None) is None:
        yield
        return
    with set_actor(actor):
        yield


def audit_record(
    *, actor: Any, action: str, target: Model, data: dict[str, Any] | None = None
) -> LogEntry:
    """Record a domain action (e.g. "user.role_grant") that is not a plain field change."""
    entry = LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"action": [action, action]},
        actor=actor if getattr(actor, "pk", None) else None,
        additional_data={
            "action": action,
            **({"system": True} if isinstance(actor, SystemActor) else {}),
            **(data or {}),
        },
    )
    if entry is None:  # force_log always creates the row; keep mypy and readers certain
        raise RuntimeError("django-auditlog did not record the action")
    return entry
