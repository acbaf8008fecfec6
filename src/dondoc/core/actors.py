"""Who acts: a signed-in user, or dondoc itself (a command, a data load) named explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, cast

if TYPE_CHECKING:  # typing only: core knows no app below it at run time
    from django.http import HttpRequest

    from dondoc.org.models import User


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

# What every service's keyword-only `actor` is: a user, or SYSTEM where the service allows it.
# A service that acts only for a person annotates `actor: User` instead.
Actor: TypeAlias = "User | SystemActor"


def require_actor(actor: object, *, system: bool = False) -> None:
    """Refuse, before anything is read or written, an actor that is no actor: `None`, an
    anonymous user, any other object; and SYSTEM unless the service allows it (`system=True`).

    These are programming errors (a caller forgot who acts), not a user's mistake, so they raise
    TypeError rather than a DomainError a page would show."""
    from django.contrib.auth.base_user import AbstractBaseUser

    if isinstance(actor, SystemActor):
        if not system:
            raise TypeError(
                "actor: this service acts for a person; pass the user, not SYSTEM "
                "(a command that acts for a person takes --user)"
            )
        return
    if not isinstance(actor, AbstractBaseUser):
        raise TypeError(f"actor: expected a User or SYSTEM, got {actor!r}")


def actor_user(actor: Actor) -> User | None:
    """The user to store in a "created by" column: the actor, or no one for SYSTEM."""
    return None if isinstance(actor, SystemActor) else actor


def request_actor(request: HttpRequest) -> User:
    """The signed-in user of a request, as the actor of the services a view calls. Views that
    write require a sign-in, so an anonymous request here is refused (403), never served."""
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast("User", request.user)
