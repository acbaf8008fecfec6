"""A crime report of the test world's Sơn Dương police, with its victim, for page tests; an
unsaved one received in Trà Vinh, and the (agency, province) pairs the database keeps, for the
partition tests."""

from __future__ import annotations

import datetime
from typing import Any

from dondoc.registry.models import AgencyRecordProvince, CrimeReport, Offence
from dondoc.registry.services import crime_report_register, person_create

NUMBER = "TB-SD-1"
VICTIM = "Đinh Thị Phương Thảo"


def world_crime_report(world: Any) -> CrimeReport:
    existing = CrimeReport.objects.filter(number=NUMBER).first()
    if existing is not None:
        return existing
    victim = person_create(
        actor=world.focal, agency=world.police_sd, full_name=VICTIM, sex="female",
        birth_date=datetime.date(2013, 2, 3),
    )  # fmt: skip
    return crime_report_register(
        actor=world.focal,
        agency=world.police_sd,
        number=NUMBER,
        received_on=datetime.date(2024, 5, 6),
        source="denunciation",
        offence=Offence.objects.get(article=146),
        involved=[(victim, "victim")],
        unit=world.commune_sd,
    )


def world_claim(world: Any) -> Any:
    """A compensation claim kept by the Sơn Dương police."""
    from decimal import Decimal

    from dondoc.registry.models import CompensationClaim
    from dondoc.registry.services import compensation_claim_register

    existing = CompensationClaim.objects.first()
    if existing is not None:
        return existing
    claimant = person_create(actor=world.focal, agency=world.police_sd, full_name="Ông Sơn Dương")
    return compensation_claim_register(
        actor=world.focal,
        agency=world.police_sd,
        claimant=claimant,
        damaging_act="Bị tạm giữ quá hạn",
        amount_claimed=Decimal("10000000"),
        accepted_on=datetime.date(2024, 5, 2),
    )


def grant_personal_export(user: Any, agency: Any) -> Any:
    """Give `user` the administrator's grant to export the personal data of `agency`'s records
    (org.services.exports, given by the system as a test's administrator)."""
    from dondoc.core.actors import SYSTEM
    from dondoc.org.services.exports import export_grant_give

    export_grant_give(actor=SYSTEM, user=user, agency=agency)
    return user


COMPLAINANT = "Hoàng Văn Khiếu"


def world_complaint(world: Any, *, kind: str = "complaint") -> Any:
    """A complaint of the Sơn Dương police, accepted on 02/11/2026 (first round pending)."""
    from dondoc.registry.models import Complaint
    from dondoc.registry.services import complaint_register

    existing = Complaint.objects.filter(kind=kind).first()
    if existing is not None:
        return existing
    person = person_create(actor=world.focal, agency=world.police_sd, full_name=COMPLAINANT)
    return complaint_register(
        actor=world.focal, agency=world.police_sd, kind=kind, complainant=person,
        content="Khiếu nại quyết định xử phạt", received_on=datetime.date(2026, 10, 30),
        accepted_on=datetime.date(2026, 11, 2),
    )  # fmt: skip


def world_case(world: Any) -> Any:
    """A criminal case of the Sơn Dương police, opened on 05/10/2026, under investigation."""
    from dondoc.registry.models import CriminalCase
    from dondoc.registry.services import criminal_case_open

    existing = CriminalCase.objects.first()
    if existing is not None:
        return existing
    return criminal_case_open(
        actor=world.focal, agency=world.police_sd, number="VA-SD-1",
        opened_on=datetime.date(2026, 10, 5), offences=[Offence.objects.get(article=146)],
    )  # fmt: skip


def world_referral(world: Any) -> Any:
    """The victim of the world's crime report (a child) referred to a shelter on 20/11/2026
    with her mother's consent; pending."""
    from dondoc.registry.models import Referral
    from dondoc.registry.referrals import referral_create

    existing = Referral.objects.first()
    if existing is not None:
        return existing
    report = world_crime_report(world)
    victim = report.involved.get(role="victim").person
    return referral_create(
        actor=world.focal, agency=world.police_sd, person=victim, origin="victim",
        service="shelter", provider_name="Trung tâm Công tác xã hội tỉnh",
        referred_on=datetime.date(2026, 11, 20), consent_by="parent",
        consent_name="Đinh Thị Mẹ", consent_on=datetime.date(2026, 11, 19), crime_report=report,
    )  # fmt: skip


def tra_vinh_report(world: Any, agency: Any, number: str) -> CrimeReport:
    """An unsaved crime report of `agency` received in Trà Vinh."""
    return CrimeReport(
        agency=agency, unit=world.tra_vinh, province=world.tra_vinh, number=number,
        received_on=datetime.date(2026, 11, 2), due_on=datetime.date(2026, 11, 22),
        source="report",
    )  # fmt: skip


def record_pairs() -> set[tuple[int, int]]:
    """The (agency, province) pairs registry.AgencyRecordProvince holds."""
    return set(AgencyRecordProvince.objects.values_list("agency_id", "province_id"))
