"""A plan's tasks counted per plan by PostgreSQL's planner (core.schema.ColumnStatistics):
up to 1,000 plans' counts kept, where the default kept 100 and guessed the others."""

from django.db import migrations

from dondoc.core.schema import ColumnStatistics


class Migration(migrations.Migration):
    dependencies = [("plans", "0012_covered_fk_indexes")]

    operations = [ColumnStatistics("task", "document", 1000)]
