"""The head of a document issued in an agency's name: its superior line, its name, its place.

Decree 30/2020/NĐ-CP, Appendix I (thể thức văn bản hành chính): the issuer block is the name of
the directly governing body ("tên cơ quan, tổ chức chủ quản trực tiếp", if any) above the
issuing body's name, and the date line starts with the place name of the issuer's area. The
wording here follows the seeds and the issue (not checked line by line against the decree):

- a sub-unit (a department of the provincial police) is headed by its parent agency;
- bodies of a vertical sector (police, courts, procuracies, military, civil judgment
  enforcement, the Front and the mass organisations) by the same body of the level above: a
  district or commune police by the provincial police; the provincial police by «BỘ CÔNG AN»
  (Decree 02/2025/NĐ-CP keeps the police under the Ministry); a provincial court, procuracy or
  military command by nothing dondoc knows (the officer adds it);
- a People's Committee by nothing; any other body (Sở, Phòng, the commune's Văn phòng) by the
  People's Committee of its own unit.

Everything is as on `day`: the body above is the one in office then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .lifecycle import in_office_or_none, receivers
from .models import AdminUnit, Agency, existing_on

VERTICAL_TEMPLATES = frozenset(
    {
        "police",
        "court",
        "procuracy",
        "military",
        "civil_judgment",
        "fatherland_front",
        "women_union",
        "farmers_union",
        "veterans_union",
        "youth_union",
        "labour_federation",
    }
)
VERTICAL_KINDS = frozenset(
    {Agency.Kind.POLICE, Agency.Kind.COURT, Agency.Kind.PROCURACY, Agency.Kind.MILITARY}
)
# Above a province's body of a vertical sector: the national body, where dondoc knows it.
NATIONAL_SUPERIOR = {Agency.Kind.POLICE: "Bộ Công an"}


@dataclass(frozen=True)
class Letterhead:
    agency: Agency
    superior: str  # the governing body's line, "" when none
    issuer: str  # the issuing body's full name
    place: str  # the place name of the date line


def full_name(agency: Agency) -> str:
    """ "Công an huyện" of Sơn Dương → "Công an huyện Sơn Dương"; "Phòng Tư pháp" stays."""
    unit = agency.unit
    if agency.name.lower().endswith(unit.kind.lower()) and unit.short_name not in agency.name:
        return f"{agency.name} {unit.short_name}"
    return agency.name


def _province(unit: AdminUnit) -> AdminUnit | None:
    current = unit.parent
    while current is not None and current.level != AdminUnit.Level.PROVINCE:
        current = current.parent
    return current


def _is_vertical(agency: Agency) -> bool:
    if agency.template_key:
        return agency.template_key in VERTICAL_TEMPLATES
    return agency.kind in VERTICAL_KINDS


def superior_of(agency: Agency, day: datetime.date) -> str:
    """The governing body's line over `agency` on `day` (see the module's rules)."""
    if agency.parent is not None:
        parent = in_office_or_none(agency.parent, day) or agency.parent
        return full_name(parent)
    unit = agency.unit
    if agency.kind == Agency.Kind.PEOPLES_COMMITTEE:
        return ""
    if _is_vertical(agency):
        if unit.level == AdminUnit.Level.PROVINCE:
            return NATIONAL_SUPERIOR.get(agency.kind, "")  # type: ignore[call-overload]
        # The nearest unit above with the same body in office: a commune police's was the
        # district police until 28/02/2025, the provincial police since.
        for above in unit.ancestors():
            same = Agency.objects.filter(existing_on(day), unit=above, parent__isnull=True)
            same = (
                same.filter(template_key=agency.template_key)
                if agency.template_key
                else same.filter(kind=agency.kind)
            )
            found = same.order_by("id").first()
            if found is not None:
                return full_name(found)
        return ""
    return f"UBND {unit.kind} {unit.short_name}"


def letterhead(agency: Agency, day: datetime.date) -> Letterhead:
    """The head of a document `agency` issues on `day` (the caller checked it was in office)."""
    return Letterhead(
        agency=agency,
        superior=superior_of(agency, day),
        issuer=full_name(agency),
        place=agency.unit.short_name,
    )


def counterpart_in_office(body: Agency, day: datetime.date, *, near: Agency) -> Agency | None:
    """The body in office on `day` that a document addressed to `body` goes to, written by
    `near`: `body` itself or its single successor; when its work was divided (a district's
    People's Committee passed to the communes and the province), the receiver in `near`'s own
    unit, else in its province. None when there is no such body."""
    found = in_office_or_none(body, day)
    if found is not None:
        return found
    rows = [r for r in receivers(body, on=day) if r.successor.existed_on(day)]
    for unit in (near.unit, _province(near.unit) or near.unit):
        local = [r.successor for r in rows if r.successor.unit_id == unit.pk]
        if len({a.pk for a in local}) == 1:
            return local[0]
    return None
