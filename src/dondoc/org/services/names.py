"""The directory learns the names plans use: aliases from confirmed matches, adopted names.

A plan names an agency its own way: seed 000 writes "Trung tâm Văn hóa - Truyền thông và Thể
thao huyện" where the template says "Trung tâm Văn hóa - Thông tin và Thể thao". When an officer
confirms a plan whose mention matched only approximately, the wording becomes an alias, so the
next plan resolves it exactly (agency_alias_learn). When the local documents consistently use
another name than the directory's, an officer may adopt it as the agency's name
(agency_name_adopt): the old name stays as an alias, the source is kept on the agency, and the
audit log says who adopted it and when; reports then print the name the documents use.
"""

from __future__ import annotations

import unicodedata

from django.db import transaction

from dondoc.core.actors import Actor, SystemActor, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.exceptions import InvalidInput, NotAllowed

from ..models import AdminUnit, Agency
from ..names import match_key, normalize_text
from ..scoping import units_managed, units_planned
from .agencies import _add_aliases


def _may_name(actor: Actor, unit: AdminUnit) -> bool:
    """The system, the unit's administrators, and the officers who import its plans."""
    if isinstance(actor, SystemActor):
        return True
    return (
        units_managed(user=actor).filter(pk=unit.pk).exists()
        or units_planned(user=actor).filter(pk=unit.pk).exists()
    )


@transaction.atomic
def agency_alias_learn(*, actor: Actor, agency: Agency, wording: str, source: str = "") -> bool:
    """A wording an officer confirmed for `agency` becomes one of its aliases; True if new.

    Refused (NotAllowed) to anyone who neither administers nor plans for the agency's unit:
    an alias changes how every later plan of the unit resolves.
    """
    require_actor(actor, system=True)
    if not _may_name(actor, agency.unit):
        raise NotAllowed("Bạn không có quyền sửa danh mục cơ quan của địa bàn này.")
    key = match_key(wording)
    if not key:
        raise InvalidInput("Tên gọi khác không được để trống.")
    known = set(agency.aliases.values_list("key", flat=True)) | {
        match_key(agency.name),
        match_key(agency.short_name),
    }
    if key in known:
        return False
    with acting_as(actor):
        _add_aliases(agency, [wording])
        audit_record(
            actor=actor,
            action="agency.alias_learn",
            target=agency,
            data={"alias": normalize_text(wording), "source": source},
        )
    return True


@transaction.atomic
def agency_name_adopt(*, actor: Actor, agency: Agency, name: str, source: str) -> Agency:
    """`agency` takes `name`, the name its local documents use (`source` says which).

    The previous name stays as an alias, so documents that use it still resolve. Audited
    with both names and the source.
    """
    require_actor(actor, system=True)
    agency = Agency.objects.select_for_update().select_related("unit").get(pk=agency.pk)
    if not _may_name(actor, agency.unit):
        raise NotAllowed("Bạn không có quyền sửa danh mục cơ quan của địa bàn này.")
    name = normalize_text(name)
    source = " ".join(unicodedata.normalize("NFC", source).split())  # "284/KH-UBND" as written
    if not name:
        raise InvalidInput("Tên cơ quan không được để trống.")
    if not source:
        raise InvalidInput("Cần ghi văn bản dùng tên gọi này (ví dụ «Kế hoạch 284/KH-UBND»).")
    if agency.unit.agencies.filter(name=name).exclude(pk=agency.pk).exists():
        raise InvalidInput(f"Địa bàn {agency.unit.full_name} đã có cơ quan «{name}».")
    previous = agency.name
    if name == previous:
        return agency
    with acting_as(actor):
        agency.name = name
        agency.name_source = source[:300]
        agency.full_clean()
        agency.save(update_fields=["name", "name_source", "updated_at"])
        _add_aliases(agency, [previous])
        audit_record(
            actor=actor,
            action="agency.name_adopt",
            target=agency,
            data={"from": previous, "to": name, "source": source},
        )
    return agency
