"""Role-based masking (privacy.masking): every role of the World on a crime report's page and
through the one function, the reveal audited and refused to the roles that do not need names."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from dondoc.privacy.masking import HIDDEN, can_reveal, person_view
from dondoc.registry.models import Person
from tests.registry.factories import VICTIM, world_crime_report
from tests.world import signed_in

pytestmark = pytest.mark.django_db

# Who may reveal the people of a record in his scope (data/processing.json "masking").
REVEAL = {"focal": True, "inspector": True, "leader": False, "admin": False}


@pytest.mark.parametrize(("role", "reveals"), REVEAL.items())
def test_each_role_on_the_crime_report_page(world, role, reveals) -> None:
    report = world_crime_report(world)
    user = getattr(world, role)
    url = reverse("web:crime_report_detail", args=[report.pk])
    masked = signed_in(user).get(url).content.decode()
    assert VICTIM not in masked and "Nữ" in masked  # sex and age, never the name
    assert ('id="reveal"' in masked) is reveals
    shown = signed_in(user).get(url, {"hien": 1}).content.decode()
    assert (VICTIM in shown) is reveals
    reveals_logged = LogEntry.objects.filter(additional_data__action="privacy.reveal")
    assert reveals_logged.filter(actor=user, object_pk=str(report.pk)).exists() is reveals


def test_an_out_of_scope_user_sees_nothing(world) -> None:
    report = world_crime_report(world)
    url = reverse("web:crime_report_detail", args=[report.pk])
    for user in (world.outsider, world.officer_ys, world.nobody):
        page = signed_in(user).get(url, {"hien": 1})
        assert page.status_code == 404 and VICTIM not in page.content.decode()


def test_the_function_masks_identity_and_sensitive_attributes(world) -> None:
    report = world_crime_report(world)
    person = Person.objects.get(crime_reports=report)
    person.identity_number, person.address = "001234567890", "Số 5, tổ 3"
    day = report.received_on
    for role, reveals in REVEAL.items():
        user = getattr(world, role)
        assert can_reveal(user) is reveals
        view = person_view(person, user=user, reveal=False, day=day)
        assert (view.name, view.identity, view.address) == (
            "Đ. T. P. T." if reveals else HIDDEN,
            HIDDEN,
            HIDDEN,
        )
        assert view.ethnicity == view.religion == HIDDEN and view.age == 11 and view.sex == "Nữ"
        asked = person_view(person, user=user, reveal=True, day=day)
        assert (asked.name == VICTIM) is reveals and (asked.identity == "001234567890") is reveals


def test_the_exact_birth_date_is_stored_encrypted(world) -> None:
    report = world_crime_report(world)
    person = Person.objects.get(crime_reports=report)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT birth_date, birth_year FROM registry_person WHERE id = %s", [person.pk]
        )
        stored, year = cursor.fetchone()
    assert str(stored).startswith("enc1:") and "2013" not in str(stored) and year == 2013
    assert Person.objects.get(pk=person.pk).birth_date == datetime.date(2013, 2, 3)
