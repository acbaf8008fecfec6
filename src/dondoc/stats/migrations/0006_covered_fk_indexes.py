"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_covered_fk_indexes"),
        ("stats", "0005_facts_read_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="crimereportfact",
            name="stats_crime_provinc_988a94_idx",
        ),
        IndexDropped(
            model_name="crimereportfact",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.adminunit",
            ),
            index="stats_crimereportfact_province_id_8376907a",
        ),
        IndexDropped(
            model_name="crimereportrollup",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.adminunit",
            ),
            index="stats_crimereportrollup_province_id_c5866c35",
        ),
        IndexDropped(
            model_name="factsbuilt",
            name="province",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.adminunit",
            ),
            index="stats_factsbuilt_province_id_074e711a",
        ),
    ]
