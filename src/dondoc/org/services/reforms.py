"""The 2025 reforms applied to the agencies in dondoc: their last day, the receiving bodies
(org.models.AgencySuccession) and `is_active` as of today. Data: org/data/reforms-2025.json.

Only agencies that exist in the database are touched (the directory of a unit is created when
a plan or an account needs it); the directories of the units that succeed them are created
here, so that every ended agency has bodies to pass its work to. A second run changes nothing;
what an officer corrected (a last day, a suggestion confirmed) is left as it is. A succession
deleted by hand comes back on the next run: a suggestion is turned down in the hand-over.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.dbstats import analyse

from ..lifecycle import active_on, life_checked
from ..models import AdminUnit, Agency, AgencySuccession, UnitSuccession
from ..units import DATA
from .agencies import agency_directory_ensure

logger = logging.getLogger(__name__)

REFORMS_FILE = "reforms-2025.json"


@dataclass(frozen=True)
class EndRule:
    map: str
    level: str
    templates: frozenset[str] | None  # None: every agency of the level, hand-made ones too
    until: datetime.date
    source: str
    kinds: frozenset[str] = frozenset()  # and hand-made agencies (no template) of these kinds


@dataclass(frozen=True)
class SuccessionRule:
    level: str
    to: str  # parent_province | successor_province | successor_communes
    templates: dict[str, str] | None  # old template key → new one; None: the same key
    effective: datetime.date
    part: str
    source: str
    suggestion: bool


@dataclass(frozen=True)
class Reforms:
    sources: dict[str, str]
    ends: tuple[EndRule, ...]
    starts: tuple[tuple[str, datetime.date, str], ...]  # (map, first day, source)
    successions: tuple[SuccessionRule, ...]

    def end_for(self, agency: Agency) -> EndRule | None:
        for rule in self.ends:
            if rule.map != agency.unit.map or rule.level != agency.unit.level:
                continue
            if rule.templates is None or agency.template_key in rule.templates:
                return rule
            if not agency.template_key and agency.kind in rule.kinds:
                return rule
        return None


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@cache
def reforms() -> Reforms:
    """The reform data, read once (a typed view of reforms-2025.json)."""
    raw: dict[str, Any] = json.loads((DATA / REFORMS_FILE).read_text(encoding="utf-8"))
    sources = raw["sources"]

    def source(key: str) -> str:
        return sources[key]  # a KeyError here is a broken data file: tests read it whole

    ends = tuple(
        EndRule(
            e["map"],
            e["level"],
            None if e["templates"] == "*" else frozenset(e["templates"]),
            _day(e["until"]),
            source(e["source"]),
            frozenset(e.get("kinds", ())),
        )
        for e in raw["ends"]
    )
    starts = tuple((s["map"], _day(s["from"]), source(s["source"])) for s in raw["starts"])
    successions = tuple(
        SuccessionRule(
            s["level"],
            s["to"],
            None if s["templates"] == "same" else dict(s["templates"]),
            _day(s["effective"]),
            s["part"],
            source(s["source"]),
            bool(s["suggestion"]),
        )
        for s in raw["successions"]
    )
    return Reforms(sources, ends, starts, successions)


@dataclass(frozen=True)
class LifeConflict:
    """An agency whose life date, set by hand, contradicts a reform's: its first day after the
    reform's last day (or its last day before the 2025 map's first). Left as it is, and named
    to whoever ran the load, so that one slip does not stop the reforms for every agency."""

    agency_id: int
    agency: str
    existed_from: datetime.date | None
    existed_until: datetime.date | None
    reform_day: datetime.date  # the day the reform would write
    ends: bool  # the reform would write the last day (else the first)
    source: str

    def describe(self) -> str:
        """In Vietnamese, for the command's output."""
        basis = self.source.split(":", 1)[0][:120]
        if self.ends:
            had = f"tồn tại từ {_vn(self.existed_from)}"
            would = f"kết thúc ngày {_vn(self.reform_day)}"
        else:
            had = f"tồn tại đến hết ngày {_vn(self.existed_until)}"
            would = f"bắt đầu từ ngày {_vn(self.reform_day)}"
        return f"{self.agency}: {had} nhưng theo {basis} thì {would}"


def _vn(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


@dataclass
class ReformLoadResult:
    agencies_created: int = 0  # directories of successor units
    ended: int = 0  # agencies given their last day
    started: int = 0  # agencies of the 2025 map given their first day
    successions_created: int = 0
    successions_unchanged: int = 0
    deactivated: int = 0  # is_active switched off because the agency has ended
    by_source: dict[str, int] = field(default_factory=dict)
    conflicts: list[LifeConflict] = field(default_factory=list)  # left unchanged

    @property
    def changed(self) -> bool:
        return bool(
            self.agencies_created
            or self.ended
            or self.started
            or self.successions_created
            or self.deactivated
        )


class _Targets:
    """The 2025 units that took over an old unit, read once per load."""

    def __init__(self, units: Iterable[AdminUnit]) -> None:
        ids = [u.pk for u in units]
        self.links: dict[int, list[UnitSuccession]] = {}
        for link in (
            UnitSuccession.objects.filter(predecessor_id__in=ids)
            .select_related("successor__parent")
            .order_by("successor__path")
        ):
            self.links.setdefault(link.predecessor_id, []).append(link)

    def of(self, unit: AdminUnit, to: str) -> list[tuple[AdminUnit, bool]]:
        """[(unit, derived)]: `derived` when the map does not say it whole (a divided commune)."""
        if to == "parent_province":
            return [(unit.parent, False)] if unit.parent is not None else []
        links = self.links.get(unit.pk, [])
        if to == "successor_province":
            return [
                (link.successor, False)
                for link in links
                if link.is_default and link.successor.level == AdminUnit.Level.PROVINCE
            ]
        if unit.level == AdminUnit.Level.DISTRICT:  # every new commune that took its communes
            return [
                (link.successor, False)
                for link in links
                if link.successor.level == AdminUnit.Level.COMMUNE
            ]
        return [
            (link.successor, link.kind == UnitSuccession.Kind.DIVIDED)
            for link in links
            if link.is_default and link.successor.level == AdminUnit.Level.COMMUNE
        ]


def reforms_load(*, actor: Actor, today: datetime.date | None = None) -> ReformLoadResult:
    """Apply the reform data to the agencies in the database; idempotent (see the module)."""
    require_actor(actor, system=True)
    today = today or timezone.localdate()
    data = reforms()
    result = ReformLoadResult()
    with acting_as(actor), transaction.atomic():
        # Two loads at once (a deploy and an officer by hand): the second waits here for the
        # first, then finds everything done. The unique constraints stay the last defence.
        list(
            AdminUnit.objects.select_for_update()
            .filter(pk__in=Agency.objects.filter(unit__map=AdminUnit.Map.PRE2025).values("unit"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Ensuring a successor's directory can add old-map agencies (the provincial police a
        # district police passed its investigations to), which need successors in turn.
        ensured: set[int] = set()
        before = Agency.objects.count()
        for _ in range(3):
            old_units = _units_in_use()
            targets = _Targets(old_units)
            needed = {
                u.pk: u
                for unit in old_units
                for rule in data.successions
                if rule.level == unit.level
                for u, _ in targets.of(unit, rule.to)
                if u.pk not in ensured
            }
            if not needed:
                break
            for unit in needed.values():
                agency_directory_ensure(actor=actor, unit=unit)
            ensured |= set(needed)
        result.agencies_created = Agency.objects.count() - before
        if result.agencies_created:  # whole directories: plan the rest on their count
            analyse(Agency)
        _apply_lives(actor, data, result)
        _apply_successions(actor, data, old_units, targets, result)
        result.deactivated = _sync_active(actor, today)
    if result.conflicts:  # also after a plan's import, where nobody reads the result
        logger.warning(
            "org reforms: %d agencies' life dates contradict a reform, left unchanged "
            "(agency ids %s); `dondoc org reforms` names them",
            len(result.conflicts),
            [c.agency_id for c in result.conflicts],
        )
    return result


def _units_in_use() -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(map=AdminUnit.Map.PRE2025, agencies__isnull=False)
        .select_related("parent")
        .distinct()
    )


def _apply_lives(actor: Actor, data: Reforms, result: ReformLoadResult) -> None:
    agencies = Agency.objects.select_related("unit").filter(
        existed_until__isnull=True, unit__map=AdminUnit.Map.PRE2025
    )
    for agency in agencies:
        rule = data.end_for(agency)
        if rule is None:
            continue
        if agency.existed_from is not None and agency.existed_from > rule.until:
            result.conflicts.append(
                LifeConflict(
                    agency.pk, agency.name, agency.existed_from, None, rule.until, True, rule.source
                )
            )
            continue
        agency.existed_until = rule.until
        life_checked(agency)
        agency.save(update_fields=["existed_until", "updated_at"])
        audit_record(
            actor=actor,
            action="agency.life_end",
            target=agency,
            data={"existed_until": rule.until.isoformat(), "source": rule.source},
        )
        result.ended += 1
        result.by_source[rule.source] = result.by_source.get(rule.source, 0) + 1
    for map_, first_day, source in data.starts:
        for agency in Agency.objects.filter(existed_from__isnull=True, unit__map=map_):
            if agency.existed_until is not None and agency.existed_until < first_day:
                result.conflicts.append(
                    LifeConflict(
                        agency.pk, agency.name, None, agency.existed_until, first_day, False, source
                    )
                )
                continue
            agency.existed_from = first_day
            agency.save(update_fields=["existed_from", "updated_at"])
            audit_record(
                actor=actor,
                action="agency.life_start",
                target=agency,
                data={"existed_from": first_day.isoformat(), "source": source},
            )
            result.started += 1


def _apply_successions(
    actor: Actor,
    data: Reforms,
    old_units: list[AdminUnit],
    targets: _Targets,
    result: ReformLoadResult,
) -> None:
    unit_ids = {u.pk for u in old_units}
    for unit in old_units:
        for rule in data.successions:
            if rule.level != unit.level:
                continue
            for target, _ in targets.of(unit, rule.to):
                unit_ids.add(target.pk)
    by_unit: dict[int, dict[str, Agency]] = {}
    for agency in Agency.objects.filter(unit_id__in=unit_ids).exclude(template_key=""):
        by_unit.setdefault(agency.unit_id, {})[agency.template_key] = agency
    existing = set(
        AgencySuccession.objects.filter(
            predecessor__unit_id__in=[u.pk for u in old_units]
        ).values_list("predecessor_id", "successor_id", "part")
    )
    created: list[AgencySuccession] = []
    for unit in old_units:
        own = by_unit.get(unit.pk, {})
        for rule in data.successions:
            if rule.level != unit.level:
                continue
            for target, derived in targets.of(unit, rule.to):
                theirs = by_unit.get(target.pk, {})
                pairs = (
                    rule.templates.items()
                    if rule.templates is not None
                    else ((key, key) for key in own)
                )
                for old_key, new_key in pairs:
                    old, new = own.get(old_key), theirs.get(new_key)
                    if old is None or new is None or old.pk == new.pk:
                        continue
                    key = (old.pk, new.pk, rule.part)
                    if key in existing:
                        result.successions_unchanged += 1
                        continue
                    existing.add(key)
                    created.append(
                        AgencySuccession(
                            predecessor=old,
                            successor=new,
                            effective=rule.effective,
                            part=rule.part,
                            source=rule.source[:300],
                            is_suggestion=rule.suggestion or derived,
                        )
                    )
    for row in created:
        row.full_clean(exclude=["predecessor", "successor"], validate_unique=False)  # in hand
    AgencySuccession.objects.bulk_create(created, batch_size=500)
    result.successions_created = len(created)
    per_agency: dict[int, list[str]] = {}
    for row in created:
        per_agency.setdefault(row.predecessor_id, []).append(
            f"{row.successor_id}:{row.part or 'toàn bộ'}"
        )
    for agency in Agency.objects.filter(pk__in=per_agency):
        audit_record(
            actor=actor,
            action="agency.successions_add",
            target=agency,
            data={"successions": per_agency[agency.pk]},
        )


def _sync_active(actor: Actor, today: datetime.date) -> int:
    """`is_active` as the lifecycle rule has it today: an agency that has ended is not active.
    An agency not yet ended keeps the administrator's switch."""
    ended = Agency.objects.filter(is_active=True, existed_until__lt=today)
    count = 0
    for agency in ended:
        if active_on(agency, today):  # the one rule; the filter above is its fast form
            continue
        agency.is_active = False
        agency.save(update_fields=["is_active", "updated_at"])
        count += 1
    return count
