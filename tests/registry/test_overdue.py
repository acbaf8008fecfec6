"""One definition of "quá hạn": the statistics tables, the list filters, the list's row states
and the record functions count the same records overdue for the same district and year."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from dondoc.registry import overdue
from dondoc.registry.models import Complaint, CrimeReport, Offence
from dondoc.registry.services import (
    complaint_register,
    complaint_round_open,
    complaint_round_resolve,
    crime_report_decide,
    crime_report_register,
    person_create,
)
from dondoc.stats.facts import facts_current
from dondoc.stats.tables import complaints as complaints_table
from dondoc.stats.tables import crime_reports as crime_reports_table

from ..world import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2024, 12, 31)


@pytest.fixture
def records(world, pinned_clock):
    """Sơn Dương, 2024: crime reports pending past due (2), pending in time (1), decided late
    (1), decided in time (1); complaints: a round pending past due, a first round resolved
    late then a second in time, one pending in time, one resolved late. Yên Sơn: one overdue
    report, outside the district."""
    pinned_clock.move_to(
        datetime.datetime(2024, 12, 31, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Chị E")
    offence = Offence.objects.get(article=146)

    other = person_create(actor=world.officer_ys, agency=world.police_ys, full_name="Anh F")

    def report(day: D, decided: D | None = None, elsewhere: bool = False) -> CrimeReport:
        created = crime_report_register(
            actor=world.officer_ys if elsewhere else world.focal,
            agency=world.police_ys if elsewhere else world.police_sd,
            received_on=day,
            source="denunciation",
            offence=offence,
            involved=[(other if elsewhere else person, "victim")],
        )
        if decided is not None:
            crime_report_decide(
                actor=world.focal, report=created, decision="prosecute", decided_on=decided
            )
        return created

    report(D(2024, 3, 1))  # due 21/3, pending: overdue
    report(D(2024, 11, 1))  # due 21/11, pending: overdue
    report(D(2024, 12, 20))  # due 09/01/2025: in time
    report(D(2024, 5, 1), decided=D(2024, 7, 1))  # decided late: done, not overdue
    report(D(2024, 6, 1), decided=D(2024, 6, 10))
    report(D(2024, 4, 1), elsewhere=True)  # another district

    def complaint(day: D) -> Complaint:
        return complaint_register(
            actor=world.focal, agency=world.police_sd, kind=Complaint.Kind.COMPLAINT,
            complainant=person, content="Nội dung", received_on=day, accepted_on=day,
        )  # fmt: skip

    complaint(D(2024, 2, 1))  # due 02/3, pending: overdue
    late = complaint(D(2024, 3, 1))
    complaint_round_resolve(
        actor=world.focal, round=late.rounds.get(), outcome="rejected", resolved_on=D(2024, 6, 1)
    )
    second = complaint_round_open(actor=world.focal, complaint=late, accepted_on=D(2024, 12, 20))
    assert second.due_on > TODAY  # its second round runs in time
    complaint(D(2024, 12, 15))  # due 14/01/2025: in time
    resolved_late = complaint(D(2024, 4, 1))  # due 01/5, resolved 01/7: done, not overdue
    complaint_round_resolve(
        actor=world.focal,
        round=resolved_late.rounds.get(),
        outcome="upheld",
        resolved_on=D(2024, 7, 1),
    )
    facts_current()  # what the background task does after these writes (a page never does)
    return world


def _list_count(client, name: str, query: dict[str, str]) -> int:
    page = client.get(reverse(name), query).content.decode()
    return int(re.search(r"(\d+) (?:hồ sơ|đơn)\.", page).group(1))


def test_every_path_counts_the_same_crime_reports_overdue(records) -> None:
    world = records
    today = datetime.date.today()
    assert today == TODAY
    table = crime_reports_table.compute(user=world.focal, unit=world.son_duong, year=2024)
    by_unit = {row.key: row.values["overdue"] for row in table.rows}
    in_district = CrimeReport.objects.filter(unit__path__startswith=world.son_duong.path)
    by_query = in_district.filter(overdue.crime_reports_overdue_q(today=today)).count()
    by_function = sum(
        overdue.crime_report_overdue(
            decision=r.decision, due_on=r.due_on, decided_on=r.decided_on, today=today
        )
        for r in in_district
    )
    by_status = sum(overdue.crime_report_status(r, today=today) == "overdue" for r in in_district)
    client = signed_in(world.focal)
    by_list = _list_count(client, "web:crime_report_list", {"nam": "2024", "qua_han": "1"})
    page = client.get(reverse("web:crime_report_list"), {"nam": "2024"}).content.decode()
    by_rows = page.count('<tr class="deadline-overdue">')
    assert table.total.values["overdue"] == 2
    assert sum(by_unit.values()) == 2
    assert (by_query, by_function, by_status, by_list, by_rows) == (2, 2, 2, 2, 2)


def test_every_path_counts_the_same_complaints_overdue(records) -> None:
    world = records
    today = datetime.date.today()
    table = complaints_table.compute(user=world.focal, unit=world.son_duong, year=2024)
    complaints = Complaint.objects.filter(unit__path__startswith=world.son_duong.path)
    by_query = complaints.filter(overdue.complaints_overdue_q(today=today)).count()
    by_status = sum(
        overdue.complaint_round_status(c.rounds.order_by("number").last(), today=today) == "overdue"
        for c in complaints
    )
    client = signed_in(world.focal)
    by_list = _list_count(client, "web:complaint_list", {"nam": "2024", "qua_han": "1"})
    page = client.get(reverse("web:complaint_list"), {"nam": "2024"}).content.decode()
    by_rows = page.count('<tr class="deadline-overdue">')
    assert (table.total.values["overdue"], by_query, by_status, by_list, by_rows) == (1, 1, 1, 1, 1)
