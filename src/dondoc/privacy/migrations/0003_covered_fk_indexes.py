"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_covered_fk_indexes"),
        ("privacy", "0002_retention_daily_runs"),
    ]

    operations = [
        IndexDropped(
            model_name="subjectrequest",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.agency",
                verbose_name="cơ quan giải quyết",
            ),
            index="privacy_subjectrequest_agency_id_c3d93318",
        ),
    ]
