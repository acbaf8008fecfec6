"""A double click on "Ghi nhận" with two real connections (PostgreSQL): the two requests of one
form arrive together, one crime report is created, both answers land on its page."""

from __future__ import annotations

from django.urls import reverse

from dondoc.core.models import Submission
from dondoc.registry.models import CrimeReport, Person
from tests.concurrency.conftest import on_postgresql, together
from tests.world import signed_in

pytestmark = on_postgresql


def test_a_double_click_on_a_new_crime_report_creates_one(world) -> None:
    client = signed_in(world.focal)
    form = {
        "agency": world.police_sd.pk, "received_on": "02/01/2026", "source": "denunciation",
        "summary": "Tố giác hành vi đánh người", "victim_name": "Nguyễn Thị Hoa",
        "form_token": "d" * 22,
    }  # fmt: skip
    url = reverse("web:crime_report_new")
    answers = together(*[lambda: client.post(url, form)] * 2)
    assert [a.status_code for a in answers] == [302, 302], answers
    report = CrimeReport.objects.get()  # one report, one victim: the twin rolled back
    assert Person.objects.count() == 1
    page = reverse("web:crime_report_detail", args=[report.pk])
    assert [a["Location"] for a in answers] == [page, page]
    assert Submission.objects.get(token="d" * 22).result_id == report.pk


def test_two_officers_at_once_create_two(world) -> None:
    form = {"agency": world.police_sd.pk, "received_on": "02/01/2026", "source": "report"}
    url = reverse("web:crime_report_new")
    first, second = signed_in(world.focal), signed_in(world.focal)  # two sessions, two forms
    answers = together(
        lambda: first.post(url, {**form, "form_token": "e" * 22}),
        lambda: second.post(url, {**form, "form_token": "f" * 22}),
    )
    assert [a.status_code for a in answers] == [302, 302], answers
    assert CrimeReport.objects.count() == 2
