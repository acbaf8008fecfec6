"""Seeds 002 and 003 imported: units inferred, departments and provincial services resolved to
the directory, the schedule and the targets kept with the plan, periods generated."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit
from dondoc.plans.contracts import targets_of
from dondoc.plans.models import Assignment, Document
from dondoc.tracking.services import schedule_ensure
from tests.org.factories import make_unit

from .conftest import seed_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces(world):
    pre = AdminUnit.Map.PRE2025
    return (
        make_unit(pre, AdminUnit.Level.PROVINCE, "91", "Tỉnh Kiên Giang"),
        make_unit(pre, AdminUnit.Level.PROVINCE, "67", "Tỉnh Đắk Nông"),
    )


def test_seed_002_departments_resolve_to_the_provincial_police(provinces) -> None:
    out = StringIO()
    call_command("plan", "import", str(seed_path("002")), stdout=out)
    document = Document.objects.get(number="111/KH-CAT-CSHS")
    assert document.unit == provinces[0]
    lead = Assignment.objects.get(task__document=document, task__path="II/2/1", role="lead")
    assert lead.agency is not None and lead.agency.name.startswith("Phòng Cảnh sát hình sự")
    assert lead.agency.parent is not None and lead.agency.parent.name.startswith("Công an tỉnh")
    staff = Assignment.objects.get(task__document=document, task__path="II/4/1", role="lead")
    assert staff.agency is not None and staff.agency.name.startswith("Phòng Tham mưu")
    targets = targets_of(document)
    assert len(targets) == 8 and targets[6].kind == "reduction_range"
    assert (targets[6].low, targets[6].high) == (5.0, 7.0)
    schedule = schedule_ensure(actor=SYSTEM, document=document)
    assert schedule.frequencies == ["year", "half", "quarter"]
    assert schedule.focal_agency == lead.agency  # "(qua Phòng Cảnh sát hình sự)"
    assert document.periods.filter(kind="quarter").count() == 20  # 2021-2025
    assert "II/4/6" in out.getvalue()  # the unassigned activity is shown to the officer


def test_seed_003_provincial_services_resolve(provinces) -> None:
    call_command("plan", "import", str(seed_path("003")), stdout=StringIO())
    document = Document.objects.get(number="1320/QĐ-UBND")
    assert document.unit == provinces[1]
    leads = {
        a.task.path: a
        for a in Assignment.objects.filter(task__document=document, role="lead").select_related(
            "agency", "task"
        )
    }
    assert leads["Điều 6/4/a"].agency is not None
    assert leads["Điều 6/4/a"].agency.name.startswith("Sở Tư pháp")
    assert leads["Điều 6/9/a"].collective and leads["Điều 6/9/a"].agency is None
    schedule = schedule_ensure(actor=SYSTEM, document=document)
    assert (schedule.due_day, schedule.due_month, schedule.end_year) == (15, 12, None)
    assert schedule.focal_agency is not None
    assert schedule.focal_agency.name.startswith("Công an tỉnh")


def test_the_review_screen_takes_a_narrative_plan(provinces) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from dondoc.core.actors import SYSTEM
    from dondoc.org.models import Agency, Role
    from dondoc.org.services.agencies import agency_directory_ensure
    from tests.org.factories import MembershipFactory, UserFactory

    agency_directory_ensure(actor=SYSTEM, unit=provinces[0])
    police = Agency.objects.get(unit=provinces[0], kind="police", parent__isnull=True)
    focal = UserFactory(username="daumoi_kg")
    MembershipFactory(user=focal, agency=police, role=Role.FOCAL_OFFICER)
    from django.test import Client

    client = Client()
    client.force_login(focal)
    data = seed_path("002").read_bytes()
    response = client.post(
        reverse("web:plan_upload"), {"file": SimpleUploadedFile("111.txt", data)}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "111/KH-CAT-CSHS" in page and "30 nhiệm vụ" in page
    assert "Hoạt động II/4/6 không được phân công" in page
    saved = client.post(response["Location"], {"save": "1"})
    assert saved.status_code == 302
    detail = client.get(saved["Location"]).content.decode()
    assert 'data-path="II/2/3"' in detail and "Phòng Cảnh sát hình sự" in detail
