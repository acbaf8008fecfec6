"""The blind index of a person's name and year of birth (core.crypto.name_hash), filled for the
persons already on record, so the look-up by name + year + commune decrypts no name."""

from django.db import migrations, models

BATCH = 2000


def fill_name_hashes(apps, schema_editor):
    from dondoc.core.crypto import name_hash

    Person = apps.get_model("registry", "Person")
    rows = Person.objects.only("pk", "full_name", "birth_year").order_by("pk")
    batch = []
    for person in rows.iterator(chunk_size=BATCH):
        person.name_hash = name_hash(person.full_name or "", person.birth_year)
        if person.name_hash:
            batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["name_hash"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["name_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_person_birth_date_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_name_hashes, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name_hash", "residence_unit"], name="registry_person_name_hash"
            ),
        ),
    ]
