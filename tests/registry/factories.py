"""A crime report of the test world's Sơn Dương police, with its victim, for page tests."""

from __future__ import annotations

import datetime
from typing import Any

from dondoc.registry.models import CrimeReport, Offence
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
