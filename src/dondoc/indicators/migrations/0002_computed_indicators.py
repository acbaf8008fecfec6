"""The computed indicators the seed plans need (editable by an administrator)."""

from django.db import migrations

INDICATORS = [
    ("crime_reports_resolution_rate", "Tỷ lệ giải quyết tố giác, tin báo về tội phạm", "percent",
     ["unit", "offence"]),
    ("child_abuse_resolution_rate", "Tỷ lệ giải quyết tin báo về tội phạm xâm hại trẻ em",
     "percent", ["unit", "sex", "age_group", "ethnicity"]),
    ("child_abuse_crime_reports", "Số tin báo về tội phạm xâm hại trẻ em", "count",
     ["unit", "sex", "age_group", "ethnicity"]),
    ("friendly_interview_rooms", "Công an các địa phương có phòng điều tra thân thiện",
     "fraction", ["unit"]),
]  # fmt: skip


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for code, name, unit, breakdowns in INDICATORS:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "source": "computed",
                "query": code,
                "disaggregations": breakdowns,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
