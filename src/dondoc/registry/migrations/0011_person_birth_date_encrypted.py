"""Person.birth_date stored encrypted (Law 91/2025/QH15: an exact birth date, of child victims
above all, is personal data; the statistics keep the birth year and the age at each event).
The column becomes text; the dates written before are encrypted in place."""

from django.db import migrations

import dondoc.core.crypto


def encrypt_existing(apps, schema_editor):
    from dondoc.core.crypto import PREFIX, encrypt

    Person = apps.get_model("registry", "Person")
    table = Person._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, birth_date FROM {table} WHERE birth_date IS NOT NULL"  # noqa: S608
        )
        rows = [(pk, value) for pk, value in cursor.fetchall() if not str(value).startswith(PREFIX)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {table} SET birth_date = %s WHERE id = %s",  # noqa: S608
                [encrypt(str(value)[:10]), pk],
            )


def decrypt_existing(apps, schema_editor):
    """Back to plain ISO dates, so the column can become a date again."""
    from dondoc.core.crypto import PREFIX, decrypt

    Person = apps.get_model("registry", "Person")
    table = Person._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, birth_date FROM {table} WHERE birth_date IS NOT NULL")  # noqa: S608
        rows = [(pk, value) for pk, value in cursor.fetchall() if str(value).startswith(PREFIX)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {table} SET birth_date = %s WHERE id = %s",  # noqa: S608
                [decrypt(value)[:10], pk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_crime_register_penal_code_persons"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="birth_date",
            field=dondoc.core.crypto.EncryptedDateField(
                blank=True, null=True, verbose_name="ngày sinh"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
    ]
