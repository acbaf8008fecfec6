"""The crime-report table: counts by outcome, overdue, rate, breakdowns, scope, suppression."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dondoc.registry.models import EthnicGroup, Offence
from dondoc.registry.services import crime_report_decide, crime_report_register, person_create
from dondoc.stats.facts import facts_current, refresh_stale_facts
from dondoc.stats.tables.crime_reports import compute
from tests.nowrite import no_writes
from tests.world import signed_in

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 12, 31)


@pytest.fixture
def reports(world):
    """Sơn Dương: 3 reports in 2024 (one prosecuted, one not, one pending and overdue), one in
    2023; Yên Sơn: 1 report in 2024, kept by its own police."""
    tay, kinh = EthnicGroup.objects.get(name="Tày"), EthnicGroup.objects.get(code="01")
    girl = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Bé A", sex="female",
        birth_date=D(2012, 1, 1), ethnicity=tay,
    )  # fmt: skip
    boy = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Cháu B", sex="male",
        birth_year=2007, ethnicity=kinh,
    )  # fmt: skip
    adult = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Chị C", sex="female",
        birth_year=1990, ethnicity=kinh,
    )  # fmt: skip
    child_abuse = Offence.objects.get(article=146)

    def report(day, victims, offence=child_abuse, agency=None):
        return crime_report_register(
            actor=world.focal if agency is None else world.admin,
            agency=agency or world.police_sd,
            received_on=day,
            source="denunciation",
            offence=offence,
            involved=[(v, "victim") for v in victims],
        )

    first = report(D(2024, 2, 1), [girl])
    second = report(D(2024, 3, 1), [boy, adult], offence=Offence.objects.get(article=374))
    report(D(2024, 11, 1), [girl])  # pending, due 21/11: overdue on 31/12
    report(D(2023, 5, 1), [adult])
    crime_report_decide(
        actor=world.focal, report=first, decision="prosecute", decided_on=D(2024, 2, 15)
    )
    crime_report_decide(
        actor=world.focal, report=second, decision="not_prosecute", decided_on=D(2024, 3, 30)
    )  # decided after its 20 days: done late, no longer overdue (registry.overdue)
    facts_current(today=TODAY)  # what the background task does after these writes
    return world


def values(table, key=None):
    row = table.total if key is None else next(r for r in table.rows if r.key == key)
    return {
        k: row.values[k]
        for k in ("received", "prosecute", "not_prosecute", "pending", "overdue", "rate")
    }


def test_totals_year_on_year_and_units(reports) -> None:
    world = reports
    table = compute(user=world.focal, unit=world.province, year=2024, today=TODAY)
    # Overdue: the pending report past its due day, as the list filter counts it.
    assert values(table) == {
        "received": 3, "prosecute": 1, "not_prosecute": 1, "pending": 1, "overdue": 1,
        "rate": 66.7,
    }  # fmt: skip
    assert table.previous.values["received"] == 1
    assert [r.label for r in table.rows] == ["Huyện Sơn Dương"]
    assert not table.synthetic


def test_breakdowns_by_victim(reports) -> None:
    world = reports
    by_age = compute(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="age_group", today=TODAY
    )
    assert [(r.key, r.values["received"]) for r in by_age.rows] == [
        ("under_16", 2),  # the girl, twice
        ("16_17", 1),  # born 2007: 16 in March 2024
        ("18_plus", 1),
    ]
    by_sex = compute(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="sex", today=TODAY
    )
    assert {r.label: r.values["received"] for r in by_sex.rows} == {"Nam": 1, "Nữ": 3}
    by_ethnicity = compute(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="ethnicity", today=TODAY
    )
    assert {r.label: r.values["received"] for r in by_ethnicity.rows} == {
        "Kinh": 2,
        "Dân tộc thiểu số": 2,
    }
    by_offence = compute(
        user=world.focal, unit=world.son_duong, year=2024, breakdown="offence", today=TODAY
    )
    assert {r.key: r.values["received"] for r in by_offence.rows} == {
        "child_abuse": 2,
        "torture": 1,
    }
    child = compute(
        user=world.focal, unit=world.son_duong, year=2024, child_abuse=True, today=TODAY
    )
    assert child.total.values["received"] == 2


def test_scope_an_officer_of_another_district_sees_nothing(reports) -> None:
    world = reports
    table = compute(user=world.officer_ys, unit=world.province, year=2024, today=TODAY)
    assert table.total.values["received"] == 0
    outsider = compute(user=world.outsider, unit=world.province, year=2024, today=TODAY)
    assert outsider.total.values["received"] == 0


def test_published_table_hides_small_counts(reports) -> None:
    world = reports
    table = compute(user=world.focal, unit=world.son_duong, year=2024, breakdown="sex", today=TODAY)
    published = table.published(threshold=4)
    assert all(cell in ("0", "<5", "x") for line in published for cell in line)


def test_stats_command(reports, tmp_path) -> None:
    out = StringIO()
    call_command("stats", "list", stdout=out)
    assert "crime_reports" in out.getvalue() and "age_group" in out.getvalue()
    out = StringIO()
    call_command("stats", "show", "crime_reports", "--unit", "pre2025/08", "--year", "2024",
                 "--by", "sex", "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["unit"] == "Tỉnh Tuyên Quang" and data["rows"][-2][1] == 3
    out = StringIO()
    call_command("stats", "show", "crime_reports", "--unit", "pre2025/08", "--year", "2024",
                 "--by", "sex", "--format", "csv", "--public", stdout=out)  # fmt: skip
    assert "<5" in out.getvalue()
    xlsx = str(tmp_path / "t.xlsx")
    call_command("stats", "show", "crime_reports", "--unit", "pre2025/08", "--year", "2024",
                 "--format", "xlsx", "--out", xlsx, stdout=StringIO())  # fmt: skip
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="Không có bảng"):
        call_command("stats", "show", "nothing", "--unit", "08")
    with pytest.raises(CommandError, match="cả hai bản đồ"):
        call_command("stats", "show", "crime_reports", "--unit", "08")


def _bulk_import(world) -> None:
    """Two crime reports of 2024 imported from a file: a bulk write, rebuilt in the worker."""
    from dondoc.registry.transfer import registry_import

    data = (
        "Ngày tiếp nhận,Nguồn tin,Kết quả giải quyết\n"
        "02/12/2024,Tin báo về tội phạm,Đang giải quyết\n"
        "03/12/2024,Tin báo về tội phạm,Đang giải quyết\n"
    ).encode()
    result = registry_import(
        actor=world.focal, agency=world.police_sd, kind="crime_reports", data=data,
        filename="tb.csv",
    )  # fmt: skip
    assert result.saved == 2


def test_a_single_write_shows_at_once_and_a_bulk_import_once_the_worker_rebuilt(
    reports,
) -> None:
    """A report registered moves its own counts in the facts in its transaction: the next
    reader sees it, nothing is queued, nothing is stale. A bulk import marks the facts stale
    and enqueues their rebuild; a read never rebuilds: it shows the facts as last built and
    says a rebuild is due, and the background rebuild brings the table up to date."""
    world = reports
    facts_current()  # as the background task would
    before = compute(user=world.focal, unit=world.province, year=2024)
    assert before.built_at is not None and not before.stale
    queued = DBTaskResult.objects.filter(task_path=refresh_stale_facts.module_path)
    waiting = queued.filter(status="READY").count()
    crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=D(2024, 12, 1), source="report"
    )
    shown = compute(user=world.focal, unit=world.province, year=2024)
    assert not shown.stale
    assert shown.total.values["received"] == before.total.values["received"] + 1
    assert queued.filter(status="READY").count() == waiting  # no rebuild for one write
    _bulk_import(world)
    stale = compute(user=world.focal, unit=world.province, year=2024)
    assert stale.stale and stale.total.values["received"] == shown.total.values["received"]
    assert queued.filter(status="READY").count() > waiting  # enqueued in the import's transaction
    refresh_stale_facts.call()  # what `dondoc db_worker` runs
    after = compute(user=world.focal, unit=world.province, year=2024)
    assert not after.stale
    assert after.total.values["received"] == shown.total.values["received"] + 2


def test_the_statistics_page_writes_nothing(reports) -> None:
    """Officers opening the page after a bulk import: none of them rebuilds (or writes)
    anything; the page shows the facts as built and that a rebuild is due."""
    world = reports
    _bulk_import(world)
    client = signed_in(world.focal)
    query = {"don_vi": world.province.pk, "nam": 2024}
    with no_writes():
        html = client.get(reverse("web:stats"), query).content.decode()
        client.get(reverse("web:stats_download"), query)
    assert "đang được tính lại" in html
