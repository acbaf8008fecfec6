"""Users and memberships: who works for which agency in which role, and their credentials.

An administrator changes a user only when every membership of that user lies in its subtree
(`scoping.users_managed`): otherwise a district administrator could reset the password of a
provincial officer who also works for one district agency, and so act in the province.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from dondoc.core.actors import Actor, SystemActor, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed

from ..models import Agency, Membership, Role, User
from ..names import normalize_text
from ..scoping import agencies_managed, invalidate_scope, users_managed

LAST_MEMBERSHIP = (
    "Người dùng phải thuộc ít nhất một cơ quan: hãy khóa tài khoản thay vì xóa vai trò cuối cùng."
)


def _check_manages_agency(actor: Actor, agency: Agency) -> None:
    """The system may; an administrator only in its own subtree; anyone else (None too) not."""
    if isinstance(actor, SystemActor):
        return
    if not agencies_managed(user=actor).filter(pk=agency.pk).exists():
        raise NotAllowed("Bạn không quản trị cơ quan này.")


def _check_manages_user(actor: Actor, user: User) -> None:
    if isinstance(actor, SystemActor):
        return
    if not users_managed(user=actor).filter(pk=user.pk).exists():
        raise NotAllowed(
            "Bạn chỉ sửa được người dùng mà mọi vai trò đều thuộc địa bàn bạn quản trị."
        )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput("Mật khẩu: " + " ".join(error.messages)) from error


def _split_full_name(full_name: str) -> tuple[str, str]:
    """«Nguyễn Văn An» → («Nguyễn Văn», «An»): family and middle names, then the given name."""
    family, _, given = normalize_text(full_name).rpartition(" ")
    return family, given


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    agency: Agency,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user together with its first membership (a user without agency sees nothing,
    and no administrator below the superuser could ever manage it).

    `first_name` is the family and middle names («Nguyễn Văn»), `last_name` the given name
    («An»); or `full_name` («Nguyễn Văn An») for both.
    """
    require_actor(actor, system=True)
    _check_manages_agency(actor, agency)
    username = normalize_text(username)
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"Tên đăng nhập «{username}» đã có người dùng.")
    if full_name:
        first_name, last_name = _split_full_name(full_name)
    with acting_as(actor):
        user = User(
            username=username,
            email=email,
            first_name=normalize_text(first_name),
            last_name=normalize_text(last_name),
        )
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(actor=actor, action="user.create", target=user, data={"user_id": user.pk})
        membership_grant(actor=actor, user=user, agency=agency, role=role)
    return user


_USER_EDITABLE = {"username", "first_name", "last_name", "email", "is_active"}


@transaction.atomic
def user_update(*, actor: Actor, user: User, **fields: Any) -> User:
    """Rename, correct the e-mail, or (de)activate a user; deactivating revokes its API tokens
    (its sessions end by themselves: Django refuses an inactive user on the next request)."""
    require_actor(actor, system=True)
    _check_manages_user(actor, user)
    unknown = set(fields) - _USER_EDITABLE
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    changed = sorted(name for name, value in fields.items() if getattr(user, name) != value)
    with acting_as(actor):
        for name in changed:
            value = fields[name]
            setattr(user, name, normalize_text(value) if isinstance(value, str) else value)
        user.full_clean(exclude=["password"])
        user.save()
        if "is_active" in changed and not user.is_active:
            _revoke_tokens(user)
        if changed:
            audit_record(actor=actor, action="user.update", target=user, data={"fields": changed})
    return user


@transaction.atomic
def user_password_set(*, actor: Actor, user: User, password: str | None) -> User:
    """Set (or, with None, disable) the password of `user`: by the user itself or by an
    administrator who manages it. Every API token of the user is revoked."""
    require_actor(actor, system=True)
    if not (isinstance(actor, User) and actor.pk == user.pk):
        _check_manages_user(actor, user)
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    _revoke_tokens(user)
    audit_record(
        actor=actor,
        action="user.password_set",
        target=user,
        data={"usable": bool(password), "by_self": actor == user},
    )
    return user


def _revoke_tokens(user: User) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def user_token_create(*, actor: User) -> tuple[AuthToken, str]:
    """A new API token for the signed-in `actor`: the secret is returned once, only its digest
    is stored; it expires after REST_KNOX["TOKEN_TTL"] (DONDOC_API_TOKEN_HOURS)."""
    require_actor(actor)
    if not actor.is_active:
        raise NotAllowed("Tài khoản đã bị khóa.")
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    live = AuthToken.objects.filter(user=actor).filter(
        Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    )
    if limit is not None and live.count() >= limit:
        raise NotAllowed(
            f"Bạn đã có {limit} token đang dùng: hãy thu hồi bớt (/api/auth/tokens/) rồi thử lại."
        )
    token, secret = AuthToken.objects.create(user=actor, expiry=knox_settings.TOKEN_TTL)
    audit_record(
        actor=actor, action="user.token_create", target=actor, data={"token_key": token.token_key}
    )
    return token, secret


@transaction.atomic
def user_token_revoke(*, actor: User, token: AuthToken) -> None:
    """Revoke one API token: its owner (logging out, or from the list of its tokens)."""
    require_actor(actor)
    if token.user_id != actor.pk:
        raise NotAllowed("Token này không phải của bạn.")
    audit_record(
        actor=actor, action="user.token_revoke", target=actor, data={"token_key": token.token_key}
    )
    token.delete()


@transaction.atomic
def user_tokens_revoke(*, actor: User, user: User) -> int:
    """Revoke every API token of `user`: by the user itself or by an administrator who manages
    it. Returns how many were revoked."""
    require_actor(actor)
    if actor.pk != user.pk:
        _check_manages_user(actor, user)
    deleted = _revoke_tokens(user)
    audit_record(actor=actor, action="user.tokens_revoke", target=user, data={"count": deleted})
    return deleted


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, agency: Agency, role: Role | str) -> Membership:
    """Give `user` a role in `agency`; idempotent.

    Only the agency must lie in the actor's subtree: giving an officer of elsewhere a role here
    widens what it sees of this subtree only, which the administrator answers for.
    """
    require_actor(actor, system=True)
    _check_manages_agency(actor, agency)
    if role not in Role.values:
        raise InvalidInput(f"Vai trò «{role}» không hợp lệ.")
    if user.is_superuser and not isinstance(actor, SystemActor) and not actor.is_superuser:
        raise NotAllowed("Bạn không quản trị tài khoản này.")
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
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    """Take a role away; the audit log keeps who had it. The last membership of an active user
    stays: deactivate the account instead, so that no one is left signed in seeing nothing."""
    require_actor(actor, system=True)
    _check_manages_agency(actor, membership.agency)
    user = membership.user
    # Lock the user's memberships: two administrators revoking the last two roles at once
    # would otherwise each see one left.
    remaining = list(
        Membership.objects.select_for_update().filter(user=user).values_list("pk", flat=True)
    )
    if user.is_active and remaining == [membership.pk]:
        raise InvalidInput(LAST_MEMBERSHIP)
    with acting_as(actor):
        audit_record(
            actor=actor,
            action="membership.revoke",
            target=user,
            data={"role": membership.role, "agency_id": membership.agency_id, "user_id": user.pk},
        )
        membership.delete()
        if (
            not user.is_superuser
            and user.is_staff
            and not user.memberships.filter(role=Role.ADMINISTRATOR).exists()
        ):
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    invalidate_scope(user)
