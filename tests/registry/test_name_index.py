"""The look-up by name + year of birth + commune through the blind index (core.crypto.name_hash):
an exact indexed match however many persons the commune holds, kept on correction, filled for
the persons already on record, cleared by anonymisation."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dondoc.core.crypto import name_hash, normalize_name
from dondoc.registry.corrections import record_correct
from dondoc.registry.models import Person
from dondoc.registry.persons import person_matches
from dondoc.registry.services import person_create

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Mai"


def test_the_index_folds_spelling_but_keeps_diacritics() -> None:
    assert normalize_name("Hoàng  Thị-Mai ") == normalize_name("hoàng thị mai")
    assert name_hash("Hoàng Thị Mai", 2012) == name_hash("HOÀNG THỊ  MAI", 2012)
    assert name_hash("Hoàng Thị Mai", 2012) != name_hash("Hoàng Thị Mai", 2011)
    assert name_hash("Hoàng Thị Mai", 2012) != name_hash("Hoang Thi Mai", 2012)
    assert name_hash("", 2012) == name_hash("Hoàng Thị Mai", None) == ""
    assert len(name_hash(NAME, 2012)) == 64 and normalize_name(NAME) not in name_hash(NAME, 2012)


def test_a_commune_of_many_namesakes_years_still_finds_the_person(world) -> None:
    """600 persons of the commune born the same year before her: the decrypting look-up read
    the first 500 candidates and missed her; the index finds her in one query."""
    fields = {
        "agency": world.police_sd, "unit": world.commune_sd, "province": world.province,
        "residence_unit": world.commune_sd, "birth_year": 2012,
    }  # fmt: skip
    Person.objects.bulk_create(
        Person(full_name=f"Người Thứ {i}", name_hash=name_hash(f"Người Thứ {i}", 2012), **fields)
        for i in range(600)
    )
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name=NAME, birth_year=2012,
        residence_unit=world.commune_sd,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        found = person_matches(
            user=world.focal, full_name="hoàng thị  mai", birth_year=2012,
            residence_unit=world.commune_sd,
        )  # fmt: skip
    assert [m.person.pk for m in found] == [known.pk]
    lookup = [q["sql"] for q in queries.captured_queries if "registry_person" in q["sql"]]
    assert any('"name_hash" =' in sql for sql in lookup)
    assert not person_matches(user=world.outsider, full_name=NAME, birth_year=2012,
                              residence_unit=world.commune_sd)  # fmt: skip


def test_a_correction_rebuilds_the_index_and_anonymisation_clears_it(world) -> None:
    person = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hoàng Thị Maii", birth_year=2012,
        residence_unit=world.commune_sd,
    )  # fmt: skip
    record_correct(actor=world.focal, record=person, reason="Nhập sai tên", full_name=NAME)
    found = person_matches(user=world.focal, full_name=NAME, birth_year=2012,
                           residence_unit=world.commune_sd)  # fmt: skip
    assert [m.person.pk for m in found] == [person.pk]
    assert not person_matches(user=world.focal, full_name="Hoàng Thị Maii", birth_year=2012,
                              residence_unit=world.commune_sd)  # fmt: skip
    record_correct(actor=world.focal, record=person, reason="Sai năm sinh", birth_year=2013)
    assert person_matches(user=world.focal, full_name=NAME, birth_year=2013,
                          residence_unit=world.commune_sd)  # fmt: skip

    from dondoc.privacy.retention import PERSON_CLEARED

    assert PERSON_CLEARED["name_hash"] == ""


def test_the_migration_fills_the_persons_already_on_record(world) -> None:
    from importlib import import_module

    person = person_create(
        actor=world.focal, agency=world.police_sd, full_name=NAME, birth_year=2012,
        residence_unit=world.commune_sd,
    )  # fmt: skip
    Person.objects.filter(pk=person.pk).update(name_hash="")  # as before the migration
    migration = import_module("dondoc.registry.migrations.0012_person_name_blind_index")
    migration.fill_name_hashes(apps, None)
    assert Person.objects.get(pk=person.pk).name_hash == name_hash(NAME, 2012)
