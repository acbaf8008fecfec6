"""Seed 002's targets from its text, linked to computed indicators, with attainment."""

from __future__ import annotations

import datetime
import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dondoc.core.actors import SYSTEM
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.indicators.models import Indicator, Target
from dondoc.indicators.services import target_rows, target_update, targets_from_document
from dondoc.org.models import AdminUnit, Agency, Role
from dondoc.org.services.agencies import agency_directory_ensure
from dondoc.plans.models import Document
from dondoc.registry.models import FriendlyInterviewRoom, Offence
from dondoc.registry.services import crime_report_decide, crime_report_register, record_add
from dondoc.stats.facts import facts_current
from tests.org.factories import MembershipFactory, UserFactory, make_unit
from tests.plans.conftest import seed_path

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(world):
    province = make_unit(AdminUnit.Map.PRE2025, AdminUnit.Level.PROVINCE, "91", "Tỉnh Kiên Giang")
    district = make_unit(
        AdminUnit.Map.PRE2025, AdminUnit.Level.DISTRICT, "899", "Huyện Giồng Riềng", province
    )
    call_command("plan", "import", str(seed_path("002")), stdout=StringIO())
    agency_directory_ensure(actor=SYSTEM, unit=district)
    document = Document.objects.get(number="111/KH-CAT-CSHS")
    return document, province, district


def test_targets_are_created_from_the_text_once(plan) -> None:
    document, _, _ = plan
    # Created by the import itself, before any page asks for them.
    assert Target.objects.filter(document=document).count() == 8
    targets = targets_from_document(document=document)
    assert [t.kind for t in targets] == [
        "fraction", "percent", "percent", "percent", "percent", "percent", "reduction_range",
        "percent",
    ]  # fmt: skip
    assert targets_from_document(document=document) == targets
    assert Target.objects.filter(document=document).count() == 8


def test_attainment_from_the_registry(plan, world) -> None:
    document, province, district = plan
    police = Agency.objects.get(unit=province, kind="police", parent__isnull=True)
    officer = UserFactory(username="daumoi_kg2")
    MembershipFactory(user=officer, agency=police, role=Role.FOCAL_OFFICER)
    targets = targets_from_document(document=document)
    above_95, reduction, rooms = targets[4], targets[6], targets[7]
    target_update(actor=officer, target=above_95,
                  indicator=Indicator.objects.get(code="child_abuse_resolution_rate"))  # fmt: skip
    target_update(actor=officer, target=reduction,
                  indicator=Indicator.objects.get(code="child_abuse_crime_reports"))  # fmt: skip
    target_update(actor=officer, target=rooms,
                  indicator=Indicator.objects.get(code="friendly_interview_rooms"))  # fmt: skip
    with pytest.raises(NotAllowed):
        target_update(actor=world.focal, target=rooms, baseline_rule="fixed")
    offence = Offence.objects.get(article=146)
    for year, count in ((2023, 20), (2024, 19)):  # a 5 % reduction
        for index in range(count):
            report = crime_report_register(
                actor=officer, agency=police, received_on=D(year, 3, 1 + index % 28),
                source="denunciation", offence=offence, unit=district,
            )  # fmt: skip
            crime_report_decide(
                actor=officer, report=report, decision="prosecute", decided_on=D(year, 4, 1)
            )
    district_police = Agency.objects.get(unit=district, kind="police", parent__isnull=True)
    district_officer = UserFactory(username="canbo_gr")
    MembershipFactory(user=district_officer, agency=district_police, role=Role.AGENCY_OFFICER)
    record_add(actor=district_officer, model=FriendlyInterviewRoom, agency=district_police,
               since=D(2023, 1, 1))  # fmt: skip
    facts_current()  # the rebuild the writes enqueued (a page never rebuilds)
    rows = {row.target.pk: row for row in target_rows(user=None, document=document, year=2024)}
    assert rows[above_95.pk].result.status == "met"  # 100 % resolved, "trên 95 %"
    assert (rows[reduction.pk].baseline, rows[reduction.pk].result.status) == (20.0, "met")
    assert rows[rooms.pk].result.status == "met"  # 1 of 1 district police
    assert rows[rooms.pk].value.provenance["with_room"] == 1
    assert rows[targets[1].pk].result.status == "not_measurable"  # no indicator linked
    out = StringIO()
    call_command("targets", "show", "--plan", "111/KH-CAT-CSHS", "--period", "2024",
                 "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert [t["status"] for t in data["targets"]].count("met") == 3
    assert data["targets"][6]["baseline_rule"] == "cùng kỳ năm 2023"
    # The previous plan period's yearly average: the plan covers 2021–2025, so 2016–2020;
    # with no record in those years the average is 0, and a zero baseline is not measurable.
    target_update(actor=officer, target=reduction, baseline_rule="previous_plan")
    row = next(
        r for r in target_rows(user=None, document=document, year=2024) if r.target == reduction
    )
    assert row.baseline_text == "bình quân năm giai đoạn 2016–2020"
    assert (row.baseline, row.result.status) == (0.0, "not_measurable")
    for year in range(2016, 2021):  # 2016–2020: 18, 19, 20, 21, 22 → average 20
        for index in range(18 + year - 2016):
            crime_report_register(
                actor=officer, agency=police, received_on=D(year, 5, 1 + index % 28),
                source="report", offence=offence, unit=district,
            )  # fmt: skip
    facts_current()
    row = next(
        r for r in target_rows(user=None, document=document, year=2024) if r.target == reduction
    )
    assert (row.baseline, row.result.status) == (20.0, "met")  # 19 against 20: −5 %
    # Broken down by the victims' sex: no victim was recorded, so nothing to split; with
    # victims, each sex gets its own figure and attainment.
    from dondoc.indicators.services import target_split
    from dondoc.registry.services import person_create

    assert target_split(user=None, target=above_95, year=2024, dimension="sex") == []
    for sex, decided in (("female", True), ("female", False), ("male", True)):
        victim = person_create(actor=officer, agency=police, full_name="Bé X", sex=sex,
                               birth_year=2015)  # fmt: skip
        report = crime_report_register(
            actor=officer, agency=police, received_on=D(2024, 6, 1), source="report",
            offence=offence, unit=district, involved=[(victim, "victim")],
        )  # fmt: skip
        if decided:
            crime_report_decide(
                actor=officer, report=report, decision="prosecute", decided_on=D(2024, 6, 9)
            )
    facts_current()
    split = {
        r.label: r for r in target_split(user=None, target=above_95, year=2024, dimension="sex")
    }
    assert (split["Nữ"].value, split["Nữ"].result.status) == (50.0, "not_met")
    assert (split["Nam"].value, split["Nam"].result.status) == (100.0, "met")
    ages = target_split(user=None, target=above_95, year=2024, dimension="age_group")
    assert [r.denominator for r in ages] == [3]
    with pytest.raises(InvalidInput):
        target_split(user=None, target=above_95, year=2024, dimension="shoe_size")
    assert target_split(user=None, target=rooms, year=2024, dimension="sex") == []


def test_targets_page_with_trend_and_units(plan, world) -> None:
    from django.test import Client
    from django.urls import reverse

    document, province, _ = plan
    police = Agency.objects.get(unit=province, kind="police", parent__isnull=True)
    focal = UserFactory(username="daumoi_kg3")
    MembershipFactory(user=focal, agency=police, role=Role.FOCAL_OFFICER)
    client = Client()
    client.force_login(focal)
    url = reverse("web:plan_targets", args=[document.pk])
    page = client.get(url, {"nam": 2024}).content.decode()
    assert "15/15 huyện, thành phố" in page and "Chưa đo được" in page
    target = Target.objects.filter(document=document).order_by("position")[7]
    rooms = Indicator.objects.get(code="friendly_interview_rooms")
    saved = client.post(url, {"target": target.pk, "indicator": rooms.pk,
                              "baseline_rule": "previous_year"})  # fmt: skip
    assert saved.status_code == 302
    page = client.get(url, {"nam": 2024}).content.decode()
    assert "<svg" in page and "Huyện Giồng Riềng" in page
    split = client.get(url, {"nam": 2024, "chia": "sex"}).content.decode()
    assert "Chỉ số này không chia theo giới tính của bị hại" in split  # interview rooms
    target.refresh_from_db()
    assert target.indicator == rooms
    reader = Client()
    reader.force_login(world.outsider)
    assert reader.get(url).status_code == 404


def test_consolidated_report_has_the_targets_section(plan) -> None:
    import io

    import docx

    from dondoc.reports.consolidated import consolidated_docx
    from dondoc.tracking.consolidation import consolidate
    from dondoc.tracking.services import schedule_ensure

    document, _, _ = plan
    schedule_ensure(actor=SYSTEM, document=document)
    period = document.periods.get(label="2024")
    data = consolidated_docx(consolidate(user=None, document=document, period=period))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Kết quả thực hiện các chỉ tiêu" in text
    assert "Chỉ tiêu 1 (" in text and "chưa đo được" in text


def test_a_reported_indicator_takes_the_leads_accepted_figure(world) -> None:
    from dondoc.indicators.services import target_rows
    from dondoc.tracking.services import (
        progress_report_accept,
        progress_report_save,
        schedule_ensure,
    )
    from tests.plans.factories import world_plan

    document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=document)
    task = document.tasks.get(path="I/2")
    indicator = Indicator.objects.create(
        code="so_vu_thong_ke", name="Số vụ việc được thống kê", unit="count", source="reported"
    )
    target = Target.objects.create(document=document, kind="percent", value=90, raw="90 %")
    target_update(actor=world.focal, target=target, indicator=indicator, task=task)
    period = document.periods.get(label="2024")
    report = progress_report_save(
        actor=world.officer, assignment=task.assignments.get(role="lead"), period=period,
        version=None, task_status="done", done_text="Đã thống kê.", figure="92", submit=True,
    )  # fmt: skip
    assert target_rows(user=None, document=document, year=2024)[0].result.status == "not_measurable"
    progress_report_accept(actor=world.focal, report=report)
    row = target_rows(user=None, document=document, year=2024)[0]
    assert (row.value.value, row.result.status) == (92.0, "met")
    assert row.value.provenance["progress_report"] == report.pk


def test_reimport_keeps_what_the_focal_officer_set(plan) -> None:
    document, province, _ = plan
    police = Agency.objects.get(unit=province, kind="police", parent__isnull=True)
    officer = UserFactory(username="daumoi_kg4")
    MembershipFactory(user=officer, agency=police, role=Role.FOCAL_OFFICER)
    targets = targets_from_document(document=document)
    target_update(actor=officer, target=targets[6], baseline_rule="fixed", baseline_value=42,
                  indicator=Indicator.objects.get(code="child_abuse_crime_reports"))  # fmt: skip
    text = (
        seed_path("002")
        .read_text(encoding="utf-8")
        .replace(
            "100% Công an các địa phương được trang bị", "90% Công an các địa phương được trang bị"
        )
    )
    out = StringIO()
    with tempfile.TemporaryDirectory() as workdir:
        changed = Path(workdir) / "002.txt"
        changed.write_text(text, encoding="utf-8")
        call_command("plan", "import", str(changed), "--replace", stdout=out)
    after = targets_from_document(document=Document.objects.get(pk=document.pk))
    assert len(after) == 8
    assert after[6].pk == targets[6].pk and after[6].baseline_value == 42
    assert after[6].indicator is not None
    assert after[7].value == 90 and after[7].pk != targets[7].pk  # a new sentence, a new target


def test_a_fixed_baseline_is_typed_the_vietnamese_way(plan) -> None:
    from django.test import Client
    from django.urls import reverse

    document, province, _ = plan
    police = Agency.objects.get(unit=province, kind="police", parent__isnull=True)
    focal = UserFactory(username="daumoi_kg4")
    MembershipFactory(user=focal, agency=police, role=Role.FOCAL_OFFICER)
    client = Client()
    client.force_login(focal)
    url = reverse("web:plan_targets", args=[document.pk])
    target = Target.objects.filter(document=document).order_by("position")[0]
    form = {"target": target.pk, "baseline_rule": "fixed", "baseline_value": "1.234,5"}
    assert client.post(url, form).status_code == 302
    target.refresh_from_db()
    assert target.baseline_value == 1234.5
    refused = client.post(url, {**form, "baseline_value": "1.2"}, follow=True)
    assert "Mốc cố định: “1.2”: dấu chấm chỉ để tách hàng nghìn" in refused.content.decode()
    target.refresh_from_db()
    assert target.baseline_value == 1234.5
