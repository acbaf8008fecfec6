"""Agency names as documents write them → the agency of the issuing unit, with a confidence.

"Đề nghị Viện Kiểm sát nhân dân thành phố chủ trì" in a plan of Thành phố Trà Vinh is that
city's procuracy; "Công an tỉnh" in a district plan is the province's police; "Bộ Công an" in
any plan is the ministry (the national directory comes after the unit and its ancestors);
"Các cơ quan, ban, ngành có liên quan" and, in a national plan, "Ủy ban nhân dân các tỉnh" are
collective assignees, not agencies. An agency that had ended by the plan's date is not taken
as it is: its receivers are offered (one that took everything is taken, as a fuzzy match to
confirm). Reads only: the caller ensures the directories exist
(services.agencies.agency_directory_ensure, services.national.national_directory_ensure).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .lifecycle import not_switched_off
from .mentions import SUFFIX_RE, is_collective, without_prefix
from .models import AdminUnit, Agency, AgencySuccession
from .names import match_key
from .unit_lookup import unit_national
from .units import kind_suffix

# A fuzzy score (rapidfuzz ratio, 0-100) below this is no match. Typos and truncations seen in
# the seeds ("Viện kiểm sát nhân huyện", "Phòng Văn hóa thông tin") score 88 and above; two
# different agencies of one directory ("Phòng Tư pháp" / "Phòng Tài chính") score below 80.
FUZZY_THRESHOLD = 85.0
# A fuzzy match never claims certainty: 1.0 is kept for exact names and aliases.
FUZZY_CEILING = 0.95
# The single receiver of an agency that ended is a likely reading, never a certain one.
SUCCESSOR_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Receiver:
    """An agency that took over (part of) the work of an agency that ended."""

    agency: Agency
    part: str  # empty: everything
    source: str


@dataclass(frozen=True)
class AgencyMatch:
    text: str  # as written
    mention: str  # cleaned: prefixes and suffixes removed
    agency: Agency | None
    confidence: float  # 1.0 exact, < 1 fuzzy; for collective and unknown: 0
    collective: bool = False
    candidates: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    # The agency the text names had ended by the plan's date: `ended` is it, `receivers` the
    # bodies that took its work on that date. `agency` is the receiver of everything not
    # handed over as a named part when there is one, else None (the officer chooses).
    ended: Agency | None = field(default=None, compare=False)
    receivers: tuple[Receiver, ...] = field(default=(), compare=False)


def _split_level(key: str, unit_names: set[str]) -> tuple[str, str | None]:
    """ "uy ban mat tran … thanh pho tra vinh" → ("uy ban mat tran …", "thành phố")."""
    for name in sorted(unit_names, key=len, reverse=True):
        if name and key.endswith(" " + name):
            key = key[: -len(name) - 1]
            break
    return kind_suffix(key)


def units_for_agencies(unit: AdminUnit) -> list[AdminUnit]:
    """The units whose agencies a document of `unit` may assign: the unit, its ancestors, and
    the national unit (where it exists) last: a district plan may ask "Bộ Công an" too."""
    chain = [unit, *unit.ancestors()]
    if unit.level != AdminUnit.Level.NATIONAL:
        national = unit_national()
        if national is not None:
            chain.append(national)
    return chain


class AgencyResolver:
    """Resolves many mentions against one unit's directory (and its ancestors'), loaded once.

    `on` is the date of the document: an agency that had ended by then is offered through its
    receivers. Without a date every agency is taken as it is written.
    """

    def __init__(self, unit: AdminUnit, *, on: datetime.date | None = None) -> None:
        self.unit = unit
        self.on = on
        self.national = unit.level == AdminUnit.Level.NATIONAL
        chain = units_for_agencies(unit)
        self.units = chain
        self.unit_names = {
            match_key(u.short_name) for u in chain if u.level != AdminUnit.Level.NATIONAL
        }
        # Agencies that ended stay in the directory (inactive) so that old wordings resolve.
        agencies = (
            # Ended agencies too: a document of the earlier map names the bodies of its day.
            Agency.objects.filter(not_switched_off(), unit__in=chain)
            .select_related("unit")
            .prefetch_related("aliases")
        )
        # unit id → {core key → agencies with that name, in directory order}
        self.keys: dict[int, dict[str, list[Agency]]] = {u.pk: {} for u in chain}
        ended: list[int] = []
        for agency in agencies:
            if agency.existed_until is not None:
                ended.append(agency.pk)
            names = [agency.name, agency.short_name, *(a.name for a in agency.aliases.all())]
            for name in names:
                core, _ = _split_level(match_key(name), self.unit_names)
                if core:
                    found = self.keys[agency.unit_id].setdefault(core, [])
                    if agency not in found:
                        found.append(agency)
        self.receivers: dict[int, list[AgencySuccession]] = {}
        for succession in AgencySuccession.objects.filter(predecessor_id__in=ended).select_related(
            "successor"
        ):
            self.receivers.setdefault(succession.predecessor_id, []).append(succession)

    def _pick(self, agencies: list[Agency]) -> Agency:
        """Of the agencies a name fits, one that existed on the document's date first."""
        if self.on is not None:
            for agency in agencies:
                if agency.existed_on(self.on):
                    return agency
        return agencies[0]

    def _ended_by(self, agency: Agency) -> bool:
        return (
            self.on is not None
            and agency.existed_until is not None
            and agency.existed_until < self.on
        )

    def _match(
        self,
        text: str,
        mention: str,
        agency: Agency,
        confidence: float,
        candidates: tuple[tuple[str, float], ...] = (),
    ) -> AgencyMatch:
        if self.on is None or not self._ended_by(agency):
            return AgencyMatch(text, mention, agency, confidence, candidates=candidates)
        receivers = tuple(
            Receiver(s.successor, s.part, s.source)
            for s in sorted(self.receivers.get(agency.pk, []), key=lambda s: (bool(s.part), s.pk))
            if s.effective <= self.on and s.successor.existed_on(self.on)
        )
        offered = tuple((r.agency.name, 0.0) for r in receivers)
        # The receiver of everything not named as a part (Bộ Khoa học và Công nghệ for Bộ Thông
        # tin và Truyền thông, whose press and publishing went elsewhere) is taken, to confirm.
        main = [r for r in receivers if r.part == ""]
        if len(main) == 1:
            return AgencyMatch(
                text,
                mention,
                main[0].agency,
                round(min(confidence, SUCCESSOR_CONFIDENCE), 3),
                candidates=offered,
                ended=agency,
                receivers=receivers,
            )
        return AgencyMatch(
            text, mention, None, 0.0, candidates=offered, ended=agency, receivers=receivers
        )

    def resolve(self, text: str) -> AgencyMatch:
        whole = without_prefix(text)
        mention = SUFFIX_RE.sub("", whole).strip(" .;,-")
        if is_collective(mention) or is_collective(text):
            return AgencyMatch(text, mention, None, 0.0, collective=True)
        # The whole text first: "Phòng Tham mưu" is a name although "tham mưu" can be a verb.
        for candidate in dict.fromkeys([whole, mention]):
            core, level = _split_level(match_key(candidate), self.unit_names)
            for unit in self._units_for(level):
                found = self.keys[unit.pk].get(core)
                if found:
                    return self._match(text, candidate, self._pick(found), 1.0)
        core, level = _split_level(match_key(mention), self.unit_names)
        if self.national and level is not None:
            # "Ủy ban nhân dân tỉnh", "Công an cấp tỉnh" in a plan of the Government: the body
            # of every province, not one agency of the national directory.
            return AgencyMatch(text, mention, None, 0.0, collective=True)
        order = self._units_for(level)
        from rapidfuzz import fuzz, process  # here: most commands never match a name

        best: tuple[Agency | None, float] = (None, 0.0)
        candidates: list[tuple[str, float]] = []
        for unit in order:
            choices = self.keys[unit.pk]
            near = process.extract(core, list(choices), scorer=fuzz.ratio, limit=3)
            candidates += [(self._pick(choices[key]).name, score) for key, score, _ in near]
            if near and near[0][1] >= FUZZY_THRESHOLD and near[0][1] > best[1]:
                best = (self._pick(choices[near[0][0]]), near[0][1])
            if best[0] is not None:
                break  # the nearest unit that answers wins over a higher level
        agency, score = best
        ranked = tuple(sorted(candidates, key=lambda c: -c[1])[:3])
        if agency is None:
            return AgencyMatch(text, mention, None, 0.0, candidates=ranked)
        return self._match(
            text, mention, agency, round(score / 100 * FUZZY_CEILING, 3), candidates=ranked
        )

    def _units_for(self, level: str | None) -> list[AdminUnit]:
        """Where to look: the unit the level word names first ("tỉnh" → the province)."""
        if level is not None:
            named = [u for u in self.units if u.kind == level]
            if not named and level in {"thành phố", "tỉnh"}:
                named = [u for u in self.units if u.level == "province"]
            if named:
                return [*named, *(u for u in self.units if u not in named)]
        return list(self.units)


def resolve_agency(text: str, unit: AdminUnit, *, on: datetime.date | None = None) -> AgencyMatch:
    """One mention → AgencyMatch. For many mentions of one plan, use AgencyResolver(unit)."""
    return AgencyResolver(unit, on=on).resolve(text)
