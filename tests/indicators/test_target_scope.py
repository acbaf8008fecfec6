"""The targets page counts only the records its viewer may see, and a viewer outside the
agencies that recorded them reads small figures suppressed (units below and splits too)."""

from __future__ import annotations

import copy
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.indicators.models import Indicator, Target
from dondoc.indicators.services import target_update, targets_from_document
from dondoc.org.models import AdminUnit, Agency, Role
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.plans.models import Document
from dondoc.registry.models import Offence
from dondoc.registry.services import crime_report_decide, crime_report_register, person_create
from dondoc.stats.facts import facts_current
from tests.org.factories import MembershipFactory, UserFactory, make_unit
from tests.plans.conftest import seed_path
from tests.world import signed_in, view_queries, world_for_module

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(scope="module")
def targets_module(django_db_blocker):
    """The page's rows, made once for the module (`world_for_module`); a test's writes roll
    back with its savepoint."""
    built = {}
    with world_for_module(django_db_blocker, lambda world: built.update(page=_targets(world))):
        yield built["page"]


@pytest.fixture
def targets_page(db, targets_module):
    """A test's own copy: signing in touches a user's instance (as world_copy)."""
    return copy.deepcopy(targets_module)


def _targets(world):
    """Seed 002 (Kiên Giang): 31 child-abuse reports of 2024 in two districts, 19 resolved;
    Giồng Riềng's police recorded 3 of them (2 resolved), each with a girl as victim."""
    pre = AdminUnit.Map.PRE2025
    province = make_unit(pre, AdminUnit.Level.PROVINCE, "91", "Tỉnh Kiên Giang")
    giong_rieng = make_unit(pre, AdminUnit.Level.DISTRICT, "899", "Huyện Giồng Riềng", province)
    rach_gia = make_unit(pre, AdminUnit.Level.DISTRICT, "886", "Thành phố Rạch Giá", province)
    call_command("plan", "import", str(seed_path("002")), stdout=StringIO())
    for unit in (giong_rieng, rach_gia):
        agency_directory_ensure(actor=SYSTEM, unit=unit)
    document = Document.objects.get(number="111/KH-CAT-CSHS")

    def user(name: str, agency: Agency, role: Role):
        created = UserFactory(username=name)
        MembershipFactory(user=created, agency=agency, role=role)
        return created

    def police_of(unit: AdminUnit) -> Agency:
        return Agency.objects.get(unit=unit, kind="police", parent__isnull=True)

    focal = user("daumoi_kg", police_of(province), Role.FOCAL_OFFICER)
    users = {
        "focal": focal,
        "district_police": user("canbo_gr", police_of(giong_rieng), Role.AGENCY_OFFICER),
        "justice": user(
            "canbo_tp",
            Agency.objects.get(unit=province, template_key="justice"),
            Role.AGENCY_OFFICER,
        ),
        "leader": user(
            "lanhdao_kg",
            Agency.objects.get(unit=province, template_key="peoples_committee"),
            Role.LEADER,
        ),
    }
    target = targets_from_document(document=document)[4]  # "… đạt trên 95%"
    target_update(
        actor=focal,
        target=target,
        indicator=Indicator.objects.get(code="child_abuse_resolution_rate"),
    )
    offence = Offence.objects.get(article=146)

    def record(unit: AdminUnit, count: int, resolved: int, actor) -> None:
        agency = police_of(unit)
        for index in range(count):
            girl = person_create(
                actor=actor, agency=agency, full_name=f"Bé {unit.code}-{index}", sex="female",
                birth_date=D(2014, 1, 1),
            )  # fmt: skip
            report = crime_report_register(
                actor=actor, agency=agency, received_on=D(2024, 3, 1 + index % 28),
                source="denunciation", offence=offence, unit=unit, involved=[(girl, "victim")],
            )  # fmt: skip
            if index < resolved:
                crime_report_decide(
                    actor=actor, report=report, decision="prosecute", decided_on=D(2024, 5, 2)
                )

    record(giong_rieng, 3, 2, users["district_police"])
    users["district_focal"] = user("daumoi_rg", police_of(rach_gia), Role.FOCAL_OFFICER)
    record(rach_gia, 28, 17, users["district_focal"])
    facts_current()  # what the background task does after these writes (a page never does)
    url = reverse("web:plan_targets", args=[document.pk])
    return url, users, target


def _html(url, user, **query) -> str:
    response = signed_in(user).get(url, {"nam": "2024", **query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_focal_agency_reads_every_figure(targets_page) -> None:
    url, users, _ = targets_page
    html = _html(url, users["focal"], chia="sex")
    assert "61,29 (19/31)" in html
    assert 'id="suppression-note"' not in html
    assert "66,67" in html  # Giồng Riềng, 2/3: the recording agency sees it


def test_an_officer_who_sees_no_crime_report_sees_no_figure(targets_page) -> None:
    url, users, _ = targets_page
    html = _html(url, users["justice"], chia="sex")
    assert "19/31" not in html and "61,29" not in html
    assert "66,67" not in html and "60,71" not in html  # no district's rate either
    assert "Chưa có số liệu của kỳ." in html


def test_a_district_officer_counts_only_its_districts_records(targets_page) -> None:
    url, users, _ = targets_page
    html = _html(url, users["district_focal"])
    assert "60,71 (17/28)" in html  # Rạch Giá's 28 reports, not the province's 31
    assert "19/31" not in html and "66,67" not in html


def test_outside_the_recording_agencies_small_cells_are_suppressed(targets_page) -> None:
    url, users, target = targets_page
    html = _html(url, users["leader"], chia="sex")
    assert 'id="suppression-note"' in html
    assert "61,29 (19/31)" in html  # large enough: 19 resolved, 12 pending, 31 received
    assert "66,67" not in html  # Giồng Riềng: 2 of 3, small counts
    units = html.split('class="grid units"')[1].split("</table>")[0]
    assert units.count(">x<") == 2  # Giồng Riềng, and Rạch Giá, which would give it away
    # Nobody outside sees the per-district rate of Giồng Riềng through the units' sum either.
    assert "60,71" not in units
    assert Target.objects.get(pk=target.pk).indicator is not None


def test_the_page_writes_nothing(targets_page) -> None:
    from dondoc.indicators.models import Value

    url, users, _ = targets_page
    _html(url, users["leader"])
    _html(url, users["justice"])
    assert not Value.objects.exists()


def test_the_page_reads_each_indicator_once_whatever_the_years_shown(targets_page) -> None:
    """The trend over the plan's years, the units below and the baselines come from one grouped
    query over the facts per indicator: a year more on the page is not a query more."""
    url, users, _ = targets_page
    client = signed_in(users["focal"])
    # Two years of the plan shown, then five.
    counts = [view_queries(client, url, {"nam": year}) for year in ("2022", "2025")]
    assert counts[0] == counts[1], counts


def test_the_crime_report_indicators_of_a_page_share_one_query(targets_page) -> None:
    """The resolution rates and the child-abuse count are figures of the same facts: linking
    two more of them to the plan's targets adds no query to the page (one grouped query per
    kind of figure, which also tells whether a figure needs suppression)."""
    url, users, target = targets_page
    client = signed_in(users["leader"])  # outside the recording agencies: suppression applies

    def count() -> int:
        return view_queries(client, url, {"nam": "2024"})

    one = count()
    targets = targets_from_document(document=target.document)
    for index, code in ((3, "crime_reports_resolution_rate"), (6, "child_abuse_crime_reports")):
        assert targets[index].indicator is None
        Target.objects.filter(pk=targets[index].pk).update(
            indicator=Indicator.objects.get(code=code)
        )
    assert count() == one
