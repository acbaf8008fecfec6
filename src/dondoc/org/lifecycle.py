"""Agencies over time: which body is in office on a day, who received what from an ended one,
and the rules that follow from an agency's life (issue 15). Reads only; the reform data is
written by org.services.reforms.

The rules, each in one place:

- **Active.** An agency is active on a day exactly when it existed on that day
  (`active_on`); `Agency.is_active` is that rule applied to today by
  `org.services.reforms.agency_active_sync` (run by `dondoc org reforms`), and it also
  stays False for an agency an administrator switched off.
- **Owes.** An ended agency is asked to report for a period only if the period starts on or
  before its last day (`expected_in`), and writes for a period only then (`may_write_for`);
  its officers keep reading its history.
- **Counts.** In a period's completeness an agency that existed for part of the period is
  expected once, weighted by the share of the period's days it existed (`share_of`); the
  reporting rate is received weight / expected weight (cf. DHIS2, whose reporting rates count
  a closed org unit only for the periods it was open).
- **Issues.** A document is issued in the name of the agency in office on its date
  (`in_office`); an agency never issues a document dated after its end (`check_may_issue`).
"""

from __future__ import annotations

import datetime
import unicodedata
from fractions import Fraction

from django.db.models import Q

from dondoc.core.dates import vn_date
from dondoc.core.exceptions import DomainError

from .models import AdminUnit, Agency, AgencySuccession

# Long enough for any real chain (district police → provincial police of the old map →
# provincial police of the new map); a loop in hand-made data stops here instead of spinning.
_MAX_HOPS = 8


class NotInOffice(DomainError):
    """No single body in office on the day can be found from the agency and its successions."""


class AgencyEnded(DomainError):
    """The agency did not exist on the day of the act (issuing, writing a report)."""

    status_code = 409


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --- The agency's own life ------------------------------------------------------------------


def active_on(agency: Agency, day: datetime.date) -> bool:
    """The rule `Agency.is_active` follows: an agency is active on `day` iff it existed then."""
    return agency.existed_on(day)


def not_switched_off(prefix: str = "") -> Q:
    """Filter for agencies an administrator has not switched off: the active ones and those
    that merely ended (`existed_until` set). Old documents still name an ended agency, and its
    officers keep reading its history; `prefix` is the path to the agency ("agency__").

    The rule behind it: `is_active` is False either because the agency ended (then
    `existed_until` is set) or because an administrator switched it off.
    """
    return Q(**{f"{prefix}is_active": True}) | Q(**{f"{prefix}existed_until__isnull": False})


def ended_before(agency: Agency, day: datetime.date) -> bool:
    """Whether the agency's last day was before `day`."""
    return agency.existed_until is not None and agency.existed_until < day


def life_label(agency: Agency) -> str:
    """«từ 01/01/2020 đến hết 28/02/2025», «đến hết 30/06/2025», or "" for no known end."""
    parts = []
    if agency.existed_from is not None:
        parts.append(f"từ {vn_date(agency.existed_from)}")
    if agency.existed_until is not None:
        parts.append(f"đến hết {vn_date(agency.existed_until)}")
    return " ".join(parts)


def days_existed(agency: Agency, start: datetime.date, end: datetime.date) -> int:
    """How many days of [start, end] (both inclusive) the agency existed."""
    first = max(start, agency.existed_from) if agency.existed_from else start
    last = min(end, agency.existed_until) if agency.existed_until else end
    return max(0, (last - first).days + 1)


def share_of(agency: Agency, start: datetime.date, end: datetime.date) -> Fraction:
    """The agency's weight in the completeness of the period [start, end]: 1 when it existed
    all of it, the share of its days when part of it, 0 when none (see the module's rules)."""
    total = (end - start).days + 1
    if total <= 0:
        return Fraction(0)
    return Fraction(days_existed(agency, start, end), total)


def expected_in(agency: Agency, start: datetime.date, end: datetime.date) -> bool:
    """Whether the agency is asked to report for the period [start, end]: it existed on at
    least one of its days (an agency that ended before the period starts owes nothing)."""
    return days_existed(agency, start, end) > 0


def may_write_for(agency: Agency, period_start: datetime.date) -> bool:
    """Whether the agency's officers may write for a period starting on `period_start`: not
    when the agency ended before it (its history stays readable)."""
    return not ended_before(agency, period_start)


def check_may_issue(agency: Agency, day: datetime.date) -> None:
    """Raise AgencyEnded unless the agency existed on `day`, the date of the document."""
    if agency.existed_on(day):
        return
    until, since = agency.existed_until, agency.existed_from
    if until is not None and until < day:
        raise AgencyEnded(
            f"{agency.name} đã kết thúc hoạt động (đến hết {vn_date(until)}), "
            f"không thể ban hành văn bản đề ngày {vn_date(day)}."
        )
    raise AgencyEnded(
        f"{agency.name} chưa được thành lập vào ngày {vn_date(day)}"
        + (f" (tồn tại từ {vn_date(since)})." if since else ".")
    )


# --- Successions ----------------------------------------------------------------------------


def receivers(
    agency: Agency, *, part: str = "", on: datetime.date | None = None
) -> list[AgencySuccession]:
    """The successions out of `agency`: who received its work, stated rows before suggestions.

    `part=""`: every receiver (the whole and each named part). A named `part` ("thi hành án
    hình sự"): the receivers of that part (matched without regard to case, either text
    containing the other) and those that took the whole. `on`: only successions effective by
    that day.
    """
    rows = list(
        AgencySuccession.objects.filter(predecessor=agency)
        .select_related("successor__unit__parent", "successor__parent")
        .order_by("is_suggestion", "effective", "part", "successor__name")
    )
    if on is not None:
        rows = [r for r in rows if r.effective <= on]
    if part:
        wanted = _key(part)
        rows = [r for r in rows if r.is_whole or wanted in _key(r.part) or _key(r.part) in wanted]
    return rows


def givers(agency: Agency) -> list[AgencySuccession]:
    """The successions into `agency`: the bodies whose work it received."""
    return list(
        AgencySuccession.objects.filter(successor=agency)
        .select_related("predecessor__unit")
        .order_by("is_suggestion", "effective", "predecessor__name")
    )


def _pick(rows: list[AgencySuccession], part: str) -> AgencySuccession | None:
    """The one succession to follow: a whole one, else (for a named part) the only one of that
    part; stated before suggested. None when the choice is not single."""
    for stated in (True, False):
        pool = [r for r in rows if r.is_suggestion != stated]
        whole = [r for r in pool if r.is_whole]
        if len({r.successor_id for r in whole}) == 1:
            return whole[0]
        if part:
            named = [r for r in pool if not r.is_whole]
            if len({r.successor_id for r in named}) == 1:
                return named[0]
        if pool:
            return None
    return None


def in_office_or_none(agency: Agency, day: datetime.date, *, part: str = "") -> Agency | None:
    """Like `in_office`, None instead of NotInOffice."""
    current = agency
    for _ in range(_MAX_HOPS):
        if current.existed_on(day):
            return current
        if not ended_before(current, day):
            return None  # not yet created on that day: nobody held its work before
        chosen = _pick(receivers(current, part=part, on=day), part)
        if chosen is None:
            return None
        current = chosen.successor
    return None


def in_office(agency: Agency, day: datetime.date, *, part: str = "") -> Agency:
    """The body in office on `day` for the work of `agency` (all of it, or a named `part`).

    The agency itself when it existed on `day`; else its successions effective by then are
    followed (a whole succession, or the one receiver of `part`), hop by hop, until a body that
    existed on `day`. Raises NotInOffice, with a Vietnamese message naming the receivers, when
    there is no such body or the work was divided among several and no part says which.
    """
    found = in_office_or_none(agency, day, part=part)
    if found is not None:
        return found
    if agency.existed_from is not None and day < agency.existed_from:
        raise NotInOffice(
            f"Ngày {vn_date(day)}, {agency.name} chưa được thành lập "
            f"(tồn tại từ {vn_date(agency.existed_from)})."
        )
    rows = receivers(agency, part=part, on=day)
    what = f" phần «{part}»" if part else ""
    if not rows:
        raise NotInOffice(
            f"Ngày {vn_date(day)}, {agency.name} không còn hoạt động"
            f"{' (đến hết ' + vn_date(agency.existed_until) + ')' if agency.existed_until else ''}"
            f" và chưa có cơ quan tiếp nhận{what} được ghi nhận."
        )
    raise NotInOffice(
        f"Ngày {vn_date(day)}, {agency.name} không còn hoạt động; công việc{what} của cơ quan "
        f"này được chuyển cho nhiều cơ quan: {receivers_summary(rows)}. "
        "Cần bàn giao để chọn cơ quan tiếp nhận."
    )


def receivers_summary(rows: list[AgencySuccession], *, limit: int = 4) -> str:
    """ "Công an tỉnh Tuyên Quang (điều tra hình sự, thi hành án hình sự); 11 cơ quan (quản lý cư
    trú…, đề xuất): Công an xã Bình Ca, Công an xã Hồng Sơn… và 7 cơ quan khác": one group per
    part received, stated before suggested."""
    groups: dict[tuple[bool, str], list[str]] = {}
    for row in rows:
        groups.setdefault((row.is_suggestion, row.part), []).append(row.successor.name)
    said = []
    for (suggested, part), names in groups.items():
        what = (part or "toàn bộ") + (", đề xuất" if suggested else "")
        if len(names) == 1:
            said.append(f"{names[0]} ({what})")
            continue
        shown = ", ".join(names[:limit])
        more = f" và {len(names) - limit} cơ quan khác" if len(names) > limit else ""
        said.append(f"{len(names)} cơ quan ({what}): {shown}{more}")
    return "; ".join(said)


def predecessor_in_office(
    agency: Agency, day: datetime.date, *, within: AdminUnit | None = None
) -> Agency | None:
    """Walking back: the body whose work `agency` received and that was in office on `day`
    (the 2024 report of a plan since handed over to the provincial police is still the district
    police's). Every body that gave work to `agency` after `day`, directly or through others,
    and existed on `day` is a candidate; the one whose unit is `within`, else the nearest of its
    ancestors, wins. None when there is none or the choice is not single."""
    if agency.existed_on(day):
        return agency
    found: list[Agency] = []
    frontier, seen = [agency], {agency.pk}
    for _ in range(_MAX_HOPS):
        step: list[Agency] = []
        for current in frontier:
            for row in givers(current):
                if row.effective > day and row.predecessor.pk not in seen:
                    seen.add(row.predecessor.pk)
                    step.append(row.predecessor)
                    if row.predecessor.existed_on(day):
                        found.append(row.predecessor)
        if not step:
            break
        frontier = step
    if within is not None and found:
        chain = [within.pk, *(u.pk for u in within.ancestors())]
        distance = {pk: index for index, pk in enumerate(chain)}
        best = min(distance.get(a.unit_id, len(chain)) for a in found)
        found = [a for a in found if distance.get(a.unit_id, len(chain)) == best]
    return found[0] if len({a.pk for a in found}) == 1 else None


def life_checked(agency: Agency) -> None:
    """Check an agency whose life dates (and active switch) were just set: their own rules and
    the order check (it ends after it starts), not its unchanged unit, parent, name and
    template key (each a query, for the thousands of agencies the reforms date)."""
    agency.full_clean(exclude=["unit", "parent", "name", "template_key"], validate_unique=False)
