"""Permission to export personal data: given per agency by an administrator, audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.core.actors import Actor, SystemActor, require_actor
from dondoc.core.audit import audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed

from ..models import Agency, ExportGrant, User
from ..scoping import agencies_managed, agencies_visible, users_managed


def _check(actor: Actor, *, user: User, agency: Agency) -> None:
    if isinstance(actor, SystemActor):
        return
    if not agencies_managed(user=actor).filter(pk=agency.pk).exists():
        raise NotAllowed("Bạn không quản trị cơ quan này.")
    if not users_managed(user=actor).filter(pk=user.pk).exists():
        raise NotAllowed(
            "Bạn chỉ cấp quyền cho người dùng mà mọi vai trò đều thuộc địa bàn bạn quản trị."
        )


def export_grant_give(*, actor: Actor, user: User, agency: Agency) -> ExportGrant:
    """Allow `user` to export the personal data of `agency`; idempotent (a grant in force is
    returned as it is). The user must see the agency: a grant it could never use is refused."""
    require_actor(actor, system=True)
    _check(actor, user=user, agency=agency)
    if not agencies_visible(user=user).filter(pk=agency.pk).exists():
        raise InvalidInput(f"Người dùng «{user.username}» không thuộc phạm vi của «{agency.name}».")
    try:
        with transaction.atomic():
            grant, created = ExportGrant.objects.get_or_create(
                user=user,
                agency=agency,
                revoked_at__isnull=True,
                defaults={
                    "granted_by": actor if isinstance(actor, User) else None,
                    "granted_at": timezone.now(),
                },
            )
            if created:
                audit_record(
                    actor=actor,
                    action="export_grant.give",
                    target=grant,
                    data={"user_id": user.pk, "agency_id": agency.pk},
                )
    except IntegrityError:
        # Another administrator gave the same grant at the same instant: it is in force.
        grant = ExportGrant.objects.get(user=user, agency=agency, revoked_at__isnull=True)
    return grant


@transaction.atomic
def export_grant_revoke(*, actor: Actor, grant: ExportGrant) -> ExportGrant:
    """Take the permission back; the row stays, with who revoked it and when. Idempotent."""
    require_actor(actor, system=True)
    grant = (
        ExportGrant.objects.select_for_update().select_related("user", "agency").get(pk=grant.pk)
    )
    if (
        isinstance(actor, User)
        and not agencies_managed(user=actor).filter(pk=grant.agency_id).exists()
    ):
        raise NotAllowed("Bạn không quản trị cơ quan này.")
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor if isinstance(actor, User) else None
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="export_grant.revoke",
        target=grant,
        data={"user_id": grant.user_id, "agency_id": grant.agency_id},
    )
    return grant
