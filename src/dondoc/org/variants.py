"""Names a unit's documents use for its agencies: the full name a mention gives, and whether
the documents' wording is a new name to propose (org.services.names.agency_name_adopt adopts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import AdminUnit, Agency
from .names import match_key, normalize_text
from .units import kind_suffix


@dataclass(frozen=True)
class NameProposal:
    """The local documents name `agency` as `name`, consistently, in `mentions` places."""

    agency: Agency
    name: str
    mentions: int


def full_name_from_mention(mention: str, unit: AdminUnit) -> str:
    """ "Trung tâm Văn hóa - Truyền thông và Thể thao huyện" in a plan of Sơn Dương →
    "Trung tâm Văn hóa - Truyền thông và Thể thao huyện Sơn Dương"; a name without a level
    word gets the unit's ("Phòng Tư pháp" → "Phòng Tư pháp huyện Sơn Dương")."""
    mention = normalize_text(mention).strip(" .;,-")
    if match_key(unit.short_name) in match_key(mention):
        return mention
    _, level = kind_suffix(match_key(mention))
    if level is not None:
        return f"{mention} {unit.short_name}"
    return f"{mention} {unit.kind} {unit.short_name}"


def name_proposal(agency: Agency, mentions: Iterable[str]) -> NameProposal | None:
    """The name to propose for `agency` from how the local documents write it, or None.

    Proposed only when every mention gives the same name (up to case, diacritics placement
    and punctuation), that name differs from the agency's, and it is not a shortening of it:
    "Phòng Tài chính" for "Phòng Tài chính - Kế hoạch" is an abbreviation, not a new name;
    abbreviations with "&" or capital initials ("Phòng LĐ-TB&XH") are never names.
    """
    names = [full_name_from_mention(m, agency.unit) for m in mentions if m.strip()]
    if not names:
        return None
    keys = {match_key(n) for n in names}
    if len(keys) != 1:
        return None
    name = names[0]
    key = next(iter(keys))
    current = set(match_key(agency.name).split())
    if key == match_key(agency.name) or set(key.split()) <= current:
        return None
    if "&" in name or any(len(w) > 1 and w.isupper() for w in name.split()):
        return None
    return NameProposal(agency=agency, name=name, mentions=len(names))
