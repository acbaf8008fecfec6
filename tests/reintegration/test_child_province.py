"""A reintegration subject's events, supports and transfers carry its province (issue 18),
set by the services, held equal by the database, and moved with it when a commune of another
province accepts the person."""

from __future__ import annotations

from datetime import date as D

import pytest
from django.db import IntegrityError, transaction

from dondoc.reintegration import services
from dondoc.reintegration.models import SubjectEvent, SubjectSupport, SubjectTransfer
from tests.registry.test_child_province import checked
from tests.reintegration.factories import world_subject

pytestmark = pytest.mark.django_db

CHILDREN = (SubjectEvent, SubjectSupport, SubjectTransfer)


def _provinces(subject) -> dict[str, set[int]]:
    return {
        model.__name__: set(
            model.objects.filter(subject=subject).values_list("province_id", flat=True)
        )
        for model in CHILDREN
    }


def test_a_subjects_rows_carry_its_province_and_follow_it(world) -> None:
    subject = world_subject(world)
    services.support_give(actor=world.focal, subject=subject, kind="vocational",
                          provided_on=D(2026, 11, 2))  # fmt: skip
    transfer = services.transfer_request(
        actor=world.focal, subject=subject, to_agency=world.police_tv, moved_on=D(2026, 11, 20)
    )
    mine = {model.__name__: {world.province.pk} for model in CHILDREN}
    assert _provinces(subject) == mine
    for model in CHILDREN:  # the database refuses a row in another province
        row = model.objects.filter(subject=subject).first()
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=row.pk).update(province=world.tra_vinh)
            checked()
    # Trà Vinh's police accepts the person: the record and all its rows are Trà Vinh's now.
    services.transfer_decide(
        actor=world.outsider, transfer=transfer, accept=True, on=D(2026, 11, 25)
    )
    subject.refresh_from_db()
    assert subject.province == world.tra_vinh
    assert _provinces(subject) == {model.__name__: {world.tra_vinh.pk} for model in CHILDREN}
