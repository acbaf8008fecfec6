"""Reintegration records of the test world: the commune police of Thị trấn Sơn Dương and of
Xã Trung Môn (Yên Sơn) with an officer each, and a subject released from prison."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dondoc.org.models import Agency, Role
from dondoc.registry.services import person_create
from dondoc.reintegration.models import ReintegrationSubject
from dondoc.reintegration.services import subject_register
from tests.org.factories import AgencyFactory, MembershipFactory, UserFactory

SUBJECT_NAME = "Hoàng Văn Tái"
SUBJECT_MASKED = "H. V. T."  # as the lists show it (initials, then the birth year if known)
JUDGMENT = "Bản án số 25/2022/HS-ST ngày 10/3/2022 của TAND huyện Sơn Dương"


@dataclass
class Communes:
    police_sd: Agency  # Công an thị trấn Sơn Dương
    police_tm: Agency  # Công an xã Trung Môn
    officer_sd: Any
    officer_tm: Any


def world_communes(world: Any) -> Communes:
    existing = Agency.objects.filter(name="Công an thị trấn Sơn Dương").first()
    if existing is None:
        police_sd = AgencyFactory(
            name="Công an thị trấn Sơn Dương", kind=Agency.Kind.POLICE, unit=world.commune_sd
        )
        police_tm = AgencyFactory(
            name="Công an xã Trung Môn", kind=Agency.Kind.POLICE, unit=world.commune_ys
        )
        for username, agency in (("canbo_xa_sd", police_sd), ("canbo_xa_tm", police_tm)):
            user = UserFactory(username=username)
            MembershipFactory(user=user, agency=agency, role=Role.AGENCY_OFFICER)
    police_sd = Agency.objects.get(name="Công an thị trấn Sơn Dương")
    police_tm = Agency.objects.get(name="Công an xã Trung Môn")
    from dondoc.org.models import User

    return Communes(
        police_sd=police_sd,
        police_tm=police_tm,
        officer_sd=User.objects.get(username="canbo_xa_sd"),
        officer_tm=User.objects.get(username="canbo_xa_tm"),
    )


def world_subject(world: Any, **overrides: Any) -> ReintegrationSubject:
    """A man released from prison on 15/01/2026, notified on 10/11/2025 and received by the
    Sơn Dương district police for Thị trấn Sơn Dương on 16/01/2026 (no helper yet)."""
    existing = ReintegrationSubject.objects.filter(judgment=JUDGMENT).first()
    if existing is not None and not overrides:
        return existing
    person = person_create(
        actor=world.focal,
        agency=world.police_sd,
        full_name=SUBJECT_NAME,
        sex="male",
        birth_year=1990,
        residence_unit=world.commune_sd,
    )
    fields: dict[str, Any] = {
        "legal_status": "released",
        "start_on": datetime.date(2026, 1, 15),
        "judgment": JUDGMENT,
        "sentence": "03 năm tù",
        "prison": "Trại giam Quyết Tiến",
        "notice_on": datetime.date(2025, 11, 10),
        "received_on": datetime.date(2026, 1, 16),
        "unit": world.commune_sd,
    }
    fields.update(overrides)
    return subject_register(actor=world.focal, agency=world.police_sd, person=person, **fields)
