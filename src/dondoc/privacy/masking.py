"""Role-based masking of personal data: the one function every page and export showing a person
goes through (`person_view`).

A leader or an administrator sees counts, age and sex, never names, identity numbers,
addresses, ethnicity or religion; the roles of `reveal_roles` (data/processing.json: the
officers who work the records, the procuracy that supervises them) see them masked by default
and may reveal a record's people ("Hiện"), each reveal audited (privacy.selectors). The rule
and its source are data, correctable without a release (inventory.rules)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .inventory import rules

HIDDEN = "(đã ẩn)"


def mask_name(full_name: str) -> str:
    """ "Hoàng Văn Tái" → "H. V. T." (initials: how a list names a person for its officer)."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word)


def roles_of(user: Any) -> frozenset[str]:
    """The roles `user` holds in any agency (cached on the user for the request)."""
    cached: frozenset[str] | None = getattr(user, "_dondoc_roles", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = frozenset()
        else:
            cached = frozenset(user.memberships.values_list("role", flat=True))
        user._dondoc_roles = cached
    return cached


def can_reveal(user: Any) -> bool:
    """Whether `user`'s role needs the identity of the people in the records of its scope."""
    return bool(roles_of(user) & rules().reveal_roles)


@dataclass(frozen=True)
class PersonView:
    """A person as one user may see it. `shown` False: identity masked."""

    pk: int
    shown: bool
    revealable: bool
    name: str
    identity: str
    address: str
    phone: str
    birth: str  # the date when shown; the year alone when masked
    sex: str
    age: int | None
    ethnicity: str
    religion: str


def person_view(
    person: Any, *, user: Any, reveal: bool = False, day: datetime.date | None = None
) -> PersonView:
    """`person` for `user`: revealed only if asked and the role allows (the caller audits the
    reveal: privacy.selectors.persons_revealed). Pure: reads nothing but the user's roles."""
    revealable = can_reveal(user)
    shown = reveal and revealable
    age = person.age_on(day) if day is not None else None
    sex = person.get_sex_display()
    if shown:
        birth = (
            f"{person.birth_date:%d/%m/%Y}"
            if person.birth_date
            else (str(person.birth_year) if person.birth_year else "—")
        )
        return PersonView(
            pk=person.pk,
            shown=True,
            revealable=True,
            name=person.full_name,
            identity=person.identity_number or "—",
            address=person.address or "—",
            phone=person.phone or "—",
            birth=birth,
            sex=sex,
            age=age,
            ethnicity=str(person.ethnicity) if person.ethnicity_id else "—",
            religion=str(person.religion) if person.religion_id else "—",
        )
    return PersonView(
        pk=person.pk,
        shown=False,
        revealable=revealable,
        name=(mask_name(person.full_name) or HIDDEN) if revealable else HIDDEN,
        identity=HIDDEN if person.identity_number else "—",
        address=HIDDEN if person.address else "—",
        phone=HIDDEN if person.phone else "—",
        birth=str(person.birth_year) if person.birth_year and revealable else HIDDEN,
        sex=sex,
        age=age,
        ethnicity=HIDDEN,
        religion=HIDDEN,
    )
