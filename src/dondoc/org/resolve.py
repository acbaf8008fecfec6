"""Agency names as documents write them → the agency of the issuing unit, with a confidence.

"Đề nghị Viện Kiểm sát nhân dân thành phố chủ trì" in a plan of Thành phố Trà Vinh is that
city's procuracy; "Công an tỉnh" in a district plan is the province's police; "Các cơ quan,
ban, ngành có liên quan" is a collective assignee, not an agency. Reads only: the caller
ensures the directory exists (services.agencies.agency_directory_ensure).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .lifecycle import not_switched_off
from .mentions import SUFFIX_RE, is_collective, without_prefix
from .models import AdminUnit, Agency
from .names import match_key
from .units import kind_suffix

# A fuzzy score (rapidfuzz ratio, 0-100) below this is no match. Typos and truncations seen in
# the seeds ("Viện kiểm sát nhân huyện", "Phòng Văn hóa thông tin") score 88 and above; two
# different agencies of one directory ("Phòng Tư pháp" / "Phòng Tài chính") score below 80.
FUZZY_THRESHOLD = 85.0
# A fuzzy match never claims certainty: 1.0 is kept for exact names and aliases.
FUZZY_CEILING = 0.95


@dataclass(frozen=True)
class AgencyMatch:
    text: str  # as written
    mention: str  # cleaned: prefixes and suffixes removed
    agency: Agency | None
    confidence: float  # 1.0 exact, < 1 fuzzy; for collective and unknown: 0
    collective: bool = False
    candidates: tuple[tuple[str, float], ...] = field(default=(), compare=False)


def _split_level(key: str, unit_names: set[str]) -> tuple[str, str | None]:
    """ "uy ban mat tran … thanh pho tra vinh" → ("uy ban mat tran …", "thành phố")."""
    for name in sorted(unit_names, key=len, reverse=True):
        if name and key.endswith(" " + name):
            key = key[: -len(name) - 1]
            break
    return kind_suffix(key)


class AgencyResolver:
    """Resolves many mentions against one unit's directory (and its ancestors'), loaded once."""

    def __init__(self, unit: AdminUnit) -> None:
        self.unit = unit
        chain = [unit, *unit.ancestors()]
        self.units = chain
        self.unit_names = {match_key(u.short_name) for u in chain}
        agencies = (
            # Ended agencies too: a document of the earlier map names the bodies of its day.
            Agency.objects.filter(not_switched_off(), unit__in=chain)
            .select_related("unit")
            .prefetch_related("aliases")
        )
        # unit id → {core key → agency}
        self.keys: dict[int, dict[str, Agency]] = {u.pk: {} for u in chain}
        for agency in agencies:
            names = [agency.name, agency.short_name, *(a.name for a in agency.aliases.all())]
            for name in names:
                core, _ = _split_level(match_key(name), self.unit_names)
                if core:
                    self.keys[agency.unit_id].setdefault(core, agency)

    def resolve(self, text: str) -> AgencyMatch:
        whole = without_prefix(text)
        mention = SUFFIX_RE.sub("", whole).strip(" .;,-")
        if is_collective(mention) or is_collective(text):
            return AgencyMatch(text, mention, None, 0.0, collective=True)
        # The whole text first: "Phòng Tham mưu" is a name although "tham mưu" can be a verb.
        for candidate in dict.fromkeys([whole, mention]):
            core, level = _split_level(match_key(candidate), self.unit_names)
            for unit in self._units_for(level):
                agency = self.keys[unit.pk].get(core)
                if agency is not None:
                    return AgencyMatch(text, candidate, agency, 1.0)
        core, level = _split_level(match_key(mention), self.unit_names)
        order = self._units_for(level)
        best: tuple[Agency | None, float] = (None, 0.0)
        candidates: list[tuple[str, float]] = []
        for unit in order:
            choices = self.keys[unit.pk]
            found = process.extract(core, list(choices), scorer=fuzz.ratio, limit=3)
            candidates += [(choices[key].name, score) for key, score, _ in found]
            if found and found[0][1] >= FUZZY_THRESHOLD and found[0][1] > best[1]:
                best = (choices[found[0][0]], found[0][1])
            if best[0] is not None:
                break  # the nearest unit that answers wins over a higher level
        agency, score = best
        ranked = tuple(sorted(candidates, key=lambda c: -c[1])[:3])
        if agency is None:
            return AgencyMatch(text, mention, None, 0.0, candidates=ranked)
        return AgencyMatch(
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


def resolve_agency(text: str, unit: AdminUnit) -> AgencyMatch:
    """One mention → AgencyMatch. For many mentions of one plan, use AgencyResolver(unit)."""
    return AgencyResolver(unit).resolve(text)
