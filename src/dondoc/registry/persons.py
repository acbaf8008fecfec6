"""Persons found before they are created: by identity number (exact, through the keyed hash)
and by name + year of birth + commune, so one person keeps one record across reports.

`person_get_or_create` is the one way the forms and the imports create a person named by a
record: with an identity number it returns the person already on record in the province (the
unique constraint on (province, identity_hash) makes two officers entering the same number at
once end with one person), without one it creates a new record unless the form picked one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from dondoc.core.crypto import lookup_hash, name_hash
from dondoc.core.exceptions import InvalidInput
from dondoc.org.models import AdminUnit, Agency, User

from .bulk import rows_by_unique_key
from .models import Person
from .selectors import records_visible
from .services import PersonInput, _province, identity_checked, person_create

MATCHES_MAX = 20


@dataclass(frozen=True)
class Match:
    """A person on record who may be the one being entered, and why."""

    person: Person
    by_identity: bool  # the same identity number (certain), else name + year + commune

    @property
    def reason(self) -> str:
        if self.by_identity:
            return "trùng số định danh"
        return "trùng họ tên, năm sinh và nơi cư trú"


def person_matches(
    *,
    user: Any,
    identity_number: str = "",
    full_name: str = "",
    birth_year: int | None = None,
    birth_date: datetime.date | None = None,
    residence_unit: AdminUnit | None = None,
) -> list[Match]:
    """Persons visible to `user` who may be the one typed in: the same identity number, or
    the same name (spelling folded), year of birth and commune of residence. Names are
    encrypted; the second search matches their blind index (core.crypto.name_hash, kept on
    the person by every write of its name or year), an exact indexed match."""
    visible = records_visible(Person, user=user).select_related("residence_unit")
    found: list[Match] = []
    seen: set[int] = set()
    digest = lookup_hash(identity_checked(identity_number)) if identity_number else ""
    if digest:
        for person in visible.filter(identity_hash=digest)[:MATCHES_MAX]:
            found.append(Match(person, by_identity=True))
            seen.add(person.pk)
    year = birth_date.year if birth_date else birth_year
    digest = name_hash(full_name, year)
    if digest and residence_unit is not None and len(found) < MATCHES_MAX:
        # One indexed equality on the blind index (registry_person_name_hash): no name is
        # decrypted to find the candidates, however many the commune holds.
        candidates = visible.filter(
            name_hash=digest, birth_year=year, residence_unit=residence_unit
        ).exclude(pk__in=seen)
        for person in candidates.order_by("pk")[: MATCHES_MAX - len(found)]:
            found.append(Match(person, by_identity=False))
    return found


def _existing(province: AdminUnit, digest: str) -> Person | None:
    return Person.objects.filter(province=province, identity_hash=digest).first()


def person_get_or_create(
    *, actor: User, agency: Agency, person: PersonInput
) -> tuple[Person, bool]:
    """The person on record with this identity number in the province, else a new one
    (True). Safe when two writers enter the same number at once: the second one's insert
    fails on the unique constraint, inside a savepoint, and it reads the first one's row."""
    identity = identity_checked(person.identity_number)
    digest = lookup_hash(identity)
    if not digest:
        return person.create(actor=actor, agency=agency), True
    province = _province(person.residence_unit or agency.unit)
    existing = _existing(province, digest)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return person.create(actor=actor, agency=agency), True
    except (IntegrityError, InvalidInput):
        # The other writer's row: committed before our check of the constraint (InvalidInput
        # from full_clean) or while we inserted (IntegrityError, once it committed).
        existing = _existing(province, digest)
        if existing is None:
            raise
        return existing, False


def persons_known_or_new(persons: list[Person]) -> tuple[list[Person], list[Person]]:
    """For unsaved persons built by an import: each one as it will be linked (the person on
    record in the province with the same identity number, or the first of the batch with it,
    else itself), and those that must be inserted. One query per province of the batch."""
    wanted: dict[Any, set[str]] = {}
    for person in persons:
        if person.identity_hash:
            wanted.setdefault(person.province_id, set()).add(person.identity_hash)
    known: dict[tuple[Any, str], Person] = {}
    for province_id, hashes in wanted.items():
        # The person on record is linked by its id: none of its encrypted fields is read.
        rows = rows_by_unique_key(
            Person, fixed={"province_id": province_id}, key="identity_hash", values=hashes,
            only=("agency_id",),
        )  # fmt: skip
        for person in rows:
            known[(province_id, person.identity_hash)] = person
    linked: list[Person] = []
    new: list[Person] = []
    for person in persons:
        key = (person.province_id, person.identity_hash)
        if person.identity_hash and key in known:
            linked.append(known[key])
            continue
        if person.identity_hash:
            known[key] = person
        new.append(person)
        linked.append(person)
    return linked, new


def person_picked(*, user: Any, person_id: Any) -> Person:
    """A person the officer picked among the matches ("đã có trong hồ sơ"): one he sees."""
    from .selectors import access_person

    return access_person(user=user, person_id=person_id, purpose="link")


__all__ = [
    "Match",
    "PersonInput",
    "person_create",
    "person_get_or_create",
    "person_matches",
    "person_picked",
    "persons_known_or_new",
]
