"""Who acts: a signed-in user, or dondoc itself (a command, a data load) named explicitly."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """dondoc acting on its own (`dondoc demo`, `dondoc load_units`, an import's directory):
    allowed where a service says so, audited without a user. `None` is never an actor."""

    name: str = "hệ thống"

    # Read like a user by code that asks "who is this?" (audit rows, scoping): it is no user.
    pk = None
    is_authenticated = False
    is_active = False
    is_superuser = False

    def __str__(self) -> str:
        return self.name


SYSTEM = SystemActor()
