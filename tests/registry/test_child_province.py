"""Every child row of a registry record carries its parent's province (issue 18), set by the
services and held equal by the database (migration 0016), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date as D
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, models, transaction

from dondoc.registry import casework, crime
from dondoc.registry.models import (
    CasePerson,
    CaseStep,
    CompensationPayment,
    ComplaintPerson,
    ComplaintRound,
    CrimeReport,
    CrimeReportPerson,
    CrimeReportStep,
)
from dondoc.registry.services import (
    compensation_claim_pay,
    compensation_claim_progress,
    person_create,
)
from tests.registry.factories import world_case, world_claim, world_complaint, world_crime_report

pytestmark = pytest.mark.django_db

# Each child model and the name of its parent relation.
CHILDREN: list[tuple[type[models.Model], str]] = [
    (CrimeReportPerson, "report"),
    (CrimeReportStep, "report"),
    (ComplaintRound, "complaint"),
    (ComplaintPerson, "complaint"),
    (CasePerson, "case"),
    (CaseStep, "case"),
    (CompensationPayment, "claim"),
]


def checked() -> None:
    """Check the deferred constraints now (PostgreSQL checks them at the commit, which a test
    inside its transaction never reaches; SQLite's triggers check at each statement)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def records(world) -> None:
    """One child row of each kind, each made by its service."""
    report = world_crime_report(world)  # with its victim link
    crime.crime_report_extend(actor=world.focal, report=report, on=D(2024, 5, 20), number="12")
    complaint = world_complaint(world)  # its first round
    other = person_create(actor=world.focal, agency=world.police_sd, full_name="Lê Văn Đại")
    casework.complaint_person_add(
        actor=world.focal, complaint=complaint, person=other, role="representative"
    )
    case = world_case(world)
    casework.case_person_add(actor=world.focal, case=case, person=other, role="suspect")
    casework.criminal_case_advance(
        actor=world.focal, case=case, expected_stage="investigation", stage="prosecution",
        on=D(2026, 11, 1),
    )  # fmt: skip
    claim = compensation_claim_progress(
        actor=world.focal, claim=world_claim(world), verified_on=D(2024, 5, 15),
        negotiated_on=D(2024, 5, 24), decided_on=D(2024, 5, 30), outcome="decided",
        amount_decided=Decimal("8000000"),
    )  # fmt: skip
    compensation_claim_pay(actor=world.focal, claim=claim, amount=3_000_000, paid_on=D(2024, 6, 10))


def test_the_services_give_every_child_its_parents_province(world, records) -> None:
    for model, parent in CHILDREN:
        rows = list(model.objects.values_list("province_id", f"{parent}__province_id"))
        assert rows, model.__name__
        assert {child for child, _ in rows} == {world.province.pk}, model.__name__
        assert all(child == mine for child, mine in rows), model.__name__


def test_the_database_refuses_a_child_in_another_province(world, records) -> None:
    refused = []
    for model, _ in CHILDREN:
        row = model.objects.first()
        assert row is not None
        try:
            with transaction.atomic():
                model.objects.filter(pk=row.pk).update(province=world.tra_vinh)
                checked()
        except IntegrityError:
            refused.append(f"{model.__name__}: update")
        try:
            with transaction.atomic():
                model.objects.filter(pk=row.pk).delete()
                row.pk = None
                row.province = world.tra_vinh
                row.save()
                checked()
        except IntegrityError:
            refused.append(f"{model.__name__}: insert")
    expected = [f"{m.__name__}: {what}" for m, _ in CHILDREN for what in ("update", "insert")]
    assert refused == expected
    for model, _ in CHILDREN:  # nothing changed
        assert model.objects.filter(province=world.province).count() == 1, model.__name__


def test_a_child_without_a_province_is_refused(world, records) -> None:
    report = CrimeReport.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CrimeReportStep.objects.create(report=report, kind="extended", on=D(2024, 6, 1))


def test_a_parent_moved_to_another_province_takes_its_children(world, records) -> None:
    report = CrimeReport.objects.get()
    CrimeReport.objects.filter(pk=report.pk).update(province=world.tra_vinh)
    assert set(CrimeReportPerson.objects.values_list("province_id", flat=True)) == {
        world.tra_vinh.pk
    }
    assert set(report.steps.values_list("province_id", flat=True)) == {world.tra_vinh.pk}
