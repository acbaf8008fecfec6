"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_job_kind_plan_parse"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        IndexDropped(
            model_name="job",
            name="owner",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="jobs",
                to=settings.AUTH_USER_MODEL,
            ),
            index="core_job_owner_id_5d65a52b",
        ),
    ]
