"""Load the catalogues (ethnic groups, religions, offences, torture-related acts) from data."""

import json
from pathlib import Path

from django.db import migrations

CATALOGUES = Path(__file__).resolve().parent.parent / "data" / "catalogues.json"


def load(apps, schema_editor):
    data = json.loads(CATALOGUES.read_text(encoding="utf-8"))
    EthnicGroup = apps.get_model("registry", "EthnicGroup")
    Religion = apps.get_model("registry", "Religion")
    Offence = apps.get_model("registry", "Offence")
    TortureAct = apps.get_model("registry", "TortureAct")
    for item in data["ethnic_groups"]:
        EthnicGroup.objects.update_or_create(code=item["code"], defaults={"name": item["name"]})
    for item in data["religions"]:
        Religion.objects.update_or_create(code=item["code"], defaults={"name": item["name"]})
    for item in data["offences"]:
        Offence.objects.update_or_create(
            article=item["article"],
            defaults={"name": item["name"], "child_abuse": item["child_abuse"]},
        )
    for item in data["torture_acts"]:
        act, _ = TortureAct.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"]}
        )
        act.offences.set(Offence.objects.filter(article__in=item["articles"]))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
