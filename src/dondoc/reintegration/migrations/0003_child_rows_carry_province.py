"""The events, supports and transfers of a person in reintegration carry the subject's
province (issue 18), as the registry's child rows do (registry migrations 0015 and 0016):
filled for the rows saved before, required from now on, and held equal to the subject's by
the database (a composite foreign key on PostgreSQL, triggers on SQLite). A subject moved to
another province (reintegration.services, a transfer accepted) takes its rows along."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# The SQL of registry 0016, for these tables.
integrity = importlib.import_module("dondoc.registry.migrations.0016_child_province_integrity")

PARENT = "reintegration_reintegrationsubject"
CHILDREN = [
    ("reintegration_subjectevent", "subject_id", PARENT),
    ("reintegration_subjectsupport", "subject_id", PARENT),
    ("reintegration_subjecttransfer", "subject_id", PARENT),
]


def _field(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="org.adminunit",
    )


FILL = [
    f"UPDATE {child} SET province_id = (SELECT p.province_id FROM {parent} p"  # noqa: S608
    f" WHERE p.id = {child}.{column})"
    for child, column, parent in CHILDREN
]


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        integrity._run(schema_editor, integrity.postgresql_install(CHILDREN))
    elif vendor == "sqlite":
        integrity._run(schema_editor, integrity.sqlite_install(CHILDREN))


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        integrity._run(schema_editor, integrity.postgresql_remove(CHILDREN))
    elif vendor == "sqlite":
        integrity._run(schema_editor, integrity.sqlite_remove(CHILDREN))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("registry", "0016_child_province_integrity"),
        ("reintegration", "0002_community_sentence_clocks"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=model, name="province", field=_field(null=True))
            for model in ("subjectevent", "subjectsupport", "subjecttransfer")
        ],
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        *[
            migrations.AlterField(model_name=model, name="province", field=_field(null=False))
            for model in ("subjectevent", "subjectsupport", "subjecttransfer")
        ],
        migrations.RunPython(install, remove, elidable=False),
    ]
