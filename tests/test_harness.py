"""The test harness itself (tests/conftest.py): a transactional test's flush leaves the
database as the migrations left it, so the tests after it find what the first one found."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from dondoc.indicators.models import Indicator
from dondoc.registry.models import EthnicGroup, Offence, TortureAct
from tests.conftest import _MIGRATED_ROWS


def _state() -> dict[str, list[tuple]]:
    return {
        "offences": list(Offence.objects.order_by("pk").values_list("pk", "code", "article")),
        "ethnic_groups": list(EthnicGroup.objects.order_by("pk").values_list("pk", "code")),
        "torture_acts": list(
            TortureAct.offences.through.objects.order_by("pk").values_list(
                "tortureact_id", "offence_id"
            )
        ),
        "indicators": list(Indicator.objects.order_by("pk").values_list("pk", "code")),
        "content_types": list(ContentType.objects.order_by("pk").values_list("pk", "model")),
        "permissions": list(Permission.objects.order_by("pk").values_list("pk", "codename")),
    }


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_back_what_the_migrations_loaded_and_nothing_else() -> None:
    before = _state()
    assert len(before["offences"]) > 300 and len(before["ethnic_groups"]) == 54
    EthnicGroup.objects.create(code="99", name="Nhóm thử")
    call_command("flush", verbosity=0, interactive=False)
    assert _state() == before
    assert not EthnicGroup.objects.filter(code="99").exists()
    # Every model has its content type, as post_migrate would have made it.
    for model in apps.get_models():
        assert ContentType.objects.get_for_model(model).pk
    assert {model._meta.label for model, _ in _MIGRATED_ROWS["default"]} >= {
        "registry.Offence", "auth.Permission", "contenttypes.ContentType",
    }  # fmt: skip
