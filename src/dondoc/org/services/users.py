"""Users and memberships: who works for which agency in which role."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed

from ..models import Agency, Membership, Role, User
from ..scoping import agencies_managed, invalidate_scope


def _check_manages(actor: Any, agency: Agency) -> None:
    """The system (actor None, e.g. `dondoc demo`) may; an administrator only in its subtree."""
    if actor is None:
        return
    if not agencies_managed(user=actor).filter(pk=agency.pk).exists():
        raise NotAllowed("Bạn không quản trị cơ quan này.")


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    agency: Agency,
    role: Role | str,
) -> User:
    """Create a user together with its first membership (a user without agency sees nothing)."""
    _check_manages(actor, agency)
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"Tên đăng nhập «{username}» đã có người dùng.")
    first, _, last = full_name.rpartition(" ")
    with acting_as(actor):
        user = User(username=username, email=email, first_name=first, last_name=last)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        membership_grant(actor=actor, user=user, agency=agency, role=role)
    return user


@transaction.atomic
def membership_grant(*, actor: Any, user: User, agency: Agency, role: Role | str) -> Membership:
    """Give `user` a role in `agency`; idempotent."""
    _check_manages(actor, agency)
    if role not in Role.values:
        raise InvalidInput(f"Vai trò «{role}» không hợp lệ.")
    with acting_as(actor):
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            audit_record(
                actor=actor,
                action="membership.grant",
                target=membership,
                data={"role": str(role), "agency_id": agency.pk, "user_id": user.pk},
            )
        if role == Role.ADMINISTRATOR and not user.is_staff:
            # Administrators use Django admin, scoped to their subtree (org.admin).
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    invalidate_scope(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> None:
    """Take a role away; the audit log keeps who had it."""
    _check_manages(actor, membership.agency)
    user = membership.user
    with acting_as(actor):
        membership.delete()
        if (
            not user.is_superuser
            and user.is_staff
            and not user.memberships.filter(role=Role.ADMINISTRATOR).exists()
        ):
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    invalidate_scope(user)
