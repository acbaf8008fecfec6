"""A hand-over world: the test world's Sơn Dương district police and justice office ended in
2025, the 2025 province and a commune of the new map received their work."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dondoc.core.actors import SYSTEM
from dondoc.org.models import Agency, AgencySuccession, Role, UnitSuccession, User
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingSchedule
from dondoc.tracking.services import schedule_ensure
from tests.org.factories import AgencyFactory, MembershipFactory, UserFactory, make_unit
from tests.plans.factories import world_plan
from tests.world import COMMUNE, NEW

POLICE_END = datetime.date(2025, 2, 28)  # district police ended on 1 March 2025
DISTRICT_END = datetime.date(2025, 6, 30)  # district bodies ended on 1 July 2025


@dataclass
class Reform:
    plan: Document
    schedule: ReportingSchedule
    new_commune: Any
    commune_police: Agency
    new_justice: Agency
    new_committee: Agency
    commune_focal: User  # focal officer of the commune police (a successor unit too)


def reform(world: Any) -> Reform:
    """Idempotent: called again on the same world (the access matrix asks twice), the same."""
    plan = world_plan(world)
    existing = Agency.objects.filter(name="Công an xã Sơn Dương").select_related("unit").first()
    if existing is not None:
        return Reform(
            plan,
            ReportingSchedule.objects.get(document=plan),
            existing.unit,
            existing,
            Agency.objects.get(name="Sở Tư pháp tỉnh Tuyên Quang", unit=world.new_province),
            Agency.objects.get(name="Ủy ban nhân dân tỉnh Tuyên Quang", unit=world.new_province),
            User.objects.get(username="daumoi_xa"),
        )
    schedule = schedule_ensure(actor=SYSTEM, document=plan)
    schedule.focal_agency = world.police_sd
    schedule.save()
    new_commune = make_unit(NEW, COMMUNE, "02536", "Xã Sơn Dương", world.new_province)
    UnitSuccession.objects.create(
        predecessor=world.commune_sd, successor=new_commune, kind=UnitSuccession.Kind.MERGED
    )
    K = Agency.Kind
    commune_police = AgencyFactory(name="Công an xã Sơn Dương", kind=K.POLICE, unit=new_commune)
    new_justice = AgencyFactory(
        name="Sở Tư pháp tỉnh Tuyên Quang", kind=K.JUSTICE, unit=world.new_province
    )
    new_committee = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Tuyên Quang", kind=K.PEOPLES_COMMITTEE, unit=world.new_province
    )
    Agency.objects.filter(pk=world.police_sd.pk).update(existed_until=POLICE_END)
    Agency.objects.filter(pk=world.justice_sd.pk).update(existed_until=DISTRICT_END)
    world.police_sd.refresh_from_db()
    world.justice_sd.refresh_from_db()
    source = "Thông tư 01/2025/TT-BCA (ví dụ trong kiểm thử)"
    AgencySuccession.objects.create(
        predecessor=world.police_sd, successor=world.new_police, part="thi hành án hình sự",
        effective=datetime.date(2025, 3, 1), source=source,
    )  # fmt: skip
    AgencySuccession.objects.create(
        predecessor=world.police_sd, successor=commune_police, part="quản lý cư trú",
        effective=datetime.date(2025, 3, 1), source=source,
    )  # fmt: skip
    commune_focal = UserFactory(username="daumoi_xa")
    MembershipFactory(user=commune_focal, agency=commune_police, role=Role.FOCAL_OFFICER)
    return Reform(
        plan, schedule, new_commune, commune_police, new_justice, new_committee, commune_focal
    )


def town_subject(world: Any, reformed: Reform) -> Any:
    """A person supervised by the town police of Thị trấn Sơn Dương, which ended on 30/6/2025
    (its commune merged into Xã Sơn Dương)."""
    from dondoc.registry.services import person_create
    from dondoc.reintegration.services import subject_register
    from tests.reintegration.factories import world_communes

    communes = world_communes(world)
    person = person_create(
        actor=communes.officer_sd, agency=communes.police_sd, full_name="Lý Văn Tạm", sex="male"
    )
    subject = subject_register(
        actor=communes.officer_sd, agency=communes.police_sd, person=person,
        legal_status="suspended", start_on=datetime.date(2025, 3, 2),
    )  # fmt: skip
    Agency.objects.filter(pk=communes.police_sd.pk).update(existed_until=DISTRICT_END)
    return subject
