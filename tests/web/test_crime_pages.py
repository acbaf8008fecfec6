"""The crime report's pages as a district officer uses them: a tin báo for Điều 134 with a
reporter and two suspects, the victim found already on record, the Art. 147-149 steps taken
on the detail page; refusals for those who may not."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dondoc.org.models import AdminUnit
from dondoc.registry.models import CrimeReport, Person
from dondoc.registry.services import person_create
from tests.org.factories import make_unit
from tests.world import signed_in

FORM = {"received_on": "02/11/2026", "source": "report", "offence": "Điều 134"}


def _ward(world) -> AdminUnit:
    ward = make_unit(
        AdminUnit.Map.V2025, AdminUnit.Level.COMMUNE, "02200", "Xã Sơn Dương", world.new_province
    )
    ward.valid_from = datetime.date(2025, 7, 1)
    ward.save()
    return ward


def test_a_report_with_a_reporter_two_suspects_and_the_victim_on_record(world) -> None:
    ward = _ward(world)
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hà Thị Lan",
        identity_number="008190000009", birth_year=1995,
    )  # fmt: skip
    client = signed_in(world.focal)
    page = client.get(reverse("web:crime_report_new"))
    assert page.status_code == 200 and "Họ và tên (người bị tố giác 2)" in page.content.decode()
    answer = client.post(
        reverse("web:crime_report_new"),
        {
            **FORM, "agency": world.police_sd.pk, "form_token": "a" * 22,
            "offence_on": "01/11/2026", "offence_unit": ward.pk, "offence_address": "Thôn Đồng Tâm",
            "reporter_name": "Lê Văn Báo",
            "suspect_name": "Trần Văn Một", "suspect_birth_year": "1990",
            "suspect2_name": "Trần Văn Hai",
            "victim_name": "Hà Thị Lan", "victim_identity": "008 190 000 009",
        },
    )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    report = CrimeReport.objects.get()
    assert report.offence.code == "134" and report.offence_unit == ward
    assert report.involved.get(role="victim").person == known
    assert report.involved.filter(role="suspect").count() == 2
    assert Person.objects.count() == 4  # the reporter, two suspects, the known victim
    masked = client.get(answer["Location"]).content.decode()  # names masked by default
    assert "Trần Văn Hai" not in masked and "T. V. H." in masked
    detail = client.get(answer["Location"] + "?hien=1").content.decode()  # "Hiện", audited
    assert "Trần Văn Hai" in detail and "Lê Văn Báo" in detail and "Xã Sơn Dương" in detail
    assert "20 ngày kể từ ngày tiếp nhận (BLTTHS 2015, Điều 147)" in detail


def test_a_similar_person_is_offered_before_a_new_one_is_made(world) -> None:
    ward = _ward(world)
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Trần Văn Một", birth_year=1990,
        residence_unit=ward,
    )  # fmt: skip
    client = signed_in(world.focal)
    typed = {
        **FORM, "agency": world.police_sd.pk, "suspect_name": "trần văn một",
        "suspect_birth_year": "1990", "suspect_residence": ward.pk,
    }  # fmt: skip
    asked = client.post(reverse("web:crime_report_new"), {**typed, "form_token": "b" * 22})
    assert asked.status_code == 400
    body = asked.content.decode()
    assert "đã có trong hồ sơ" in body.lower() and f'value="{known.pk}"' in body
    assert not CrimeReport.objects.exists()
    picked = client.post(
        reverse("web:crime_report_new"),
        {**typed, "form_token": "b" * 22, "suspect_existing": known.pk},
    )
    assert picked.status_code == 302
    assert CrimeReport.objects.get().involved.get(role="suspect").person == known
    new = client.post(
        reverse("web:crime_report_new"),
        {**typed, "form_token": "c" * 22, "suspect_existing": "new"},
    )
    assert new.status_code == 302 and Person.objects.count() == 2


def test_the_steps_on_the_detail_page(world) -> None:
    client = signed_in(world.focal)
    client.post(
        reverse("web:crime_report_new"),
        {**FORM, "agency": world.police_sd.pk, "form_token": "d" * 22},
    )
    report = CrimeReport.objects.get()
    step = reverse("web:crime_report_step", args=[report.pk])
    detail = reverse("web:crime_report_detail", args=[report.pk])
    assert 'value="extended"' in client.get(detail).content.decode()
    client.post(step, {"kind": "extended", "on": "20/11/2026", "number": "05/QĐ-VKS"})
    report.refresh_from_db()
    assert report.due_on == datetime.date(2027, 1, 22)
    refused = client.post(step, {"kind": "extended", "on": "21/11/2026"}, follow=True)
    assert "chỉ gia hạn một lần" in refused.content.decode()
    client.post(step, {"kind": "suspended", "on": "25/11/2026"})
    client.post(step, {"kind": "resumed", "on": "28/11/2026"})
    report.refresh_from_db()
    assert (report.decision, report.due_on) == ("pending", datetime.date(2026, 12, 28))
    client.post(step, {"kind": "not_prosecute", "on": "30/11/2026"})
    report.refresh_from_db()
    assert report.decision == "not_prosecute"
    page = client.get(detail).content.decode()
    assert "Phục hồi giải quyết" in page and "05/QĐ-VKS" in page and 'id="take-step"' not in page


def test_who_may_not_take_a_step(world) -> None:
    client = signed_in(world.focal)
    client.post(
        reverse("web:crime_report_new"),
        {**FORM, "agency": world.police_sd.pk, "form_token": "e" * 22},
    )
    report = CrimeReport.objects.get()
    step = reverse("web:crime_report_step", args=[report.pk])
    assert (
        signed_in(world.outsider).post(step, {"kind": "suspended", "on": "25/11/2026"}).status_code
        == 404
    )
    leader = signed_in(world.leader)
    assert (
        'id="take-step"'
        not in leader.get(reverse("web:crime_report_detail", args=[report.pk])).content.decode()
    )
    leader.post(step, {"kind": "suspended", "on": "25/11/2026"})
    report.refresh_from_db()
    assert report.decision == "pending" and report.steps.count() == 1
    assert client.get(step).status_code == 404  # a GET never writes
