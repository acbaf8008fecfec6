"""Data: the per-task progress reports become sections of one agency report per period
(tracking.agency_grouping). Reversing only unlinks them: the sections are left as they were."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from dondoc.tracking.agency_grouping import group_sections

    group_sections(apps)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("tracking", "ProgressReport").objects.update(agency_report=None)
    apps.get_model("tracking", "AgencyReport").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0004_agency_reports_sections_figures"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
