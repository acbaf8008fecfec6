"""Foreign keys' own indexes dropped where another index of the table leads with
their column (issue 18, tests/core/test_indexes.py); the index alone (core.schema.IndexDropped)."""

import django.db.models.deletion
from django.db import migrations, models

from dondoc.core.schema import IndexDropped


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_computed_indicators"),
    ]

    operations = [
        IndexDropped(
            model_name="value",
            name="indicator",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="indicators.indicator",
            ),
            index="indicators_value_indicator_id_f64addf6",
        ),
    ]
