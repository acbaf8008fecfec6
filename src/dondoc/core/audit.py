"""Audit hooks: every write names its actor, recorded by django-auditlog in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models import Model

from .actors import Actor, SystemActor, require_actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Attribute every audited change inside the block to `actor` (a user; SYSTEM: no user)."""
    require_actor(actor, system=True)
    if isinstance(actor, SystemActor):
        yield
        return
    with set_actor(actor):
        yield


def audit_record(
    *, actor: Actor, action: str, target: Model, data: dict[str, Any] | None = None
) -> LogEntry:
    """Record a domain action (e.g. "user.role_grant") that is not a plain field change; the row
    names the user, or says "hệ thống" for SYSTEM."""
    require_actor(actor, system=True)
    system = isinstance(actor, SystemActor)
    entry = LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"action": [action, action]},
        actor=None if system else actor,
        additional_data={
            "action": action,
            **({"system": True, "by": str(actor)} if system else {}),
            **(data or {}),
        },
    )
    if entry is None:  # force_log always creates the row; keep mypy and readers certain
        raise RuntimeError("django-auditlog did not record the action")
    return entry
