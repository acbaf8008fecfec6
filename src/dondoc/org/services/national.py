"""The central level: one national unit and its directory, with the 2025 reorganisation's life.

The national unit ("national/00") is the root of its own subtree, not the parent of the
provinces: a ministry's officers see the national agencies and documents, a province's see
theirs, and nobody sees everything by belonging to it. Its directory is the Government's
ministries and ministry-level agencies as they stand after Resolution 176/2025/QH15, the
ministries that ended on 28 February 2025 (with existed_until and what passed to which
receiver), the Supreme People's Court and Procuracy, the State Audit, and the central bodies
of the Fatherland Front and of the socio-political organisations (org/directory.py, _NATIONAL).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import acting_as
from dondoc.core.locks import serialised

from ..directory import NATIONAL_KIND, templates_for
from ..lifecycle import life_checked
from ..models import AdminUnit, Agency, AgencySuccession
from ..unit_lookup import NATIONAL_CODE, NATIONAL_PATH
from .agencies import agency_directory_ensure

NATIONAL_NAME = "Trung ương"


@dataclass(frozen=True)
class NationalDirectory:
    unit: AdminUnit
    agencies: list[Agency]
    successions_created: int


@transaction.atomic
def national_unit_ensure(*, actor: Actor) -> tuple[AdminUnit, bool]:
    """The national unit, created if missing; (unit, created). Idempotent."""
    require_actor(actor, system=True)
    serialised("org.national_unit")
    with acting_as(actor):
        unit, created = AdminUnit.objects.get_or_create(
            path=NATIONAL_PATH,
            defaults={
                "map": AdminUnit.Map.NATIONAL,
                "level": AdminUnit.Level.NATIONAL,
                "code": NATIONAL_CODE,
                "name": NATIONAL_NAME,
                "short_name": NATIONAL_NAME,
                "kind": NATIONAL_KIND,
            },
        )
    return unit, created


@transaction.atomic
def national_directory_ensure(*, actor: Actor) -> NationalDirectory:
    """The national unit and its directory, with the dates the texts give and the handovers.

    Idempotent: a second run creates nothing. A life date an administrator has set is kept;
    a handover already recorded (same predecessor, successor and part) is left as it is.
    """
    require_actor(actor, system=True)
    unit, _ = national_unit_ensure(actor=actor)
    agencies = agency_directory_ensure(actor=actor, unit=unit)  # holds the directory's lock
    created = directory_life_apply(actor=actor, unit=unit)
    return NationalDirectory(unit=unit, agencies=agencies, successions_created=created)


def directory_life_apply(*, actor: Actor, unit: AdminUnit) -> int:
    """Give the unit's template agencies the life and handovers their templates state.

    Returns the number of AgencySuccession rows created. An agency that ended is marked
    inactive (nobody works for it any more); its rows, history and reports stay.
    """
    require_actor(actor, system=True)
    templates = [
        t
        for t in templates_for(unit.map, unit.level, unit.kind)
        if t.existed_from or t.existed_until or t.handovers
    ]
    if not templates:
        return 0
    by_key = {a.template_key: a for a in unit.agencies.exclude(template_key="")}
    existing = set(
        AgencySuccession.objects.filter(predecessor__unit=unit).values_list(
            "predecessor_id", "successor_id", "part"
        )
    )
    created = 0
    with acting_as(actor):
        for template in templates:
            agency = by_key.get(template.key)
            if agency is None:
                continue
            changed = []
            if template.existed_from and agency.existed_from is None:
                agency.existed_from = template.existed_from
                changed.append("existed_from")
            if template.existed_until and agency.existed_until is None:
                agency.existed_until = template.existed_until
                agency.is_active = False
                changed += ["existed_until", "is_active"]
            if changed:
                life_checked(agency)
                agency.save(update_fields=[*changed, "updated_at"])
            for handover in template.handovers:
                successor = by_key.get(handover.successor)
                if successor is None or (agency.pk, successor.pk, handover.part) in existing:
                    continue
                effective = handover.effective or (
                    (agency.existed_until or template.existed_until or datetime.date.min)
                    + datetime.timedelta(days=1)
                )
                row = AgencySuccession(
                    predecessor=agency,
                    successor=successor,
                    effective=effective,
                    part=handover.part,
                    source=handover.source,
                    is_suggestion=False,
                )
                row.full_clean(exclude=["predecessor", "successor"])  # the rows in hand
                row.save()
                existing.add((agency.pk, successor.pk, handover.part))
                created += 1
    return created
