"""The migration that encrypts Person.birth_date: dates written before are encrypted in place,
and going back decrypts them (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dondoc.registry.models import Person
from dondoc.registry.services import person_create

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("registry", "0010_crime_register_penal_code_persons")]
AFTER = [("registry", "0011_person_birth_date_encrypted")]


def _stored(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_date FROM registry_person WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_birth_dates_are_encrypted_in_place_and_back(world) -> None:
    person = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Bé Một",
        birth_date=datetime.date(2015, 7, 9),
    )  # fmt: skip
    assert _stored(person.pk).startswith("enc1:")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert _stored(person.pk) == "2015-07-09"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _stored(person.pk).startswith("enc1:")
    assert Person.objects.get(pk=person.pk).birth_date == datetime.date(2015, 7, 9)
    assert AFTER[0] in MigrationExecutor(connection).loader.applied_migrations
