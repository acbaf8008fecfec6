"""The registry's lists by key (registry.listing): every record is reached once, page after
page, in either order; filters narrow the list and its export alike; counts stop at the bound."""

from __future__ import annotations

import csv
import datetime
import io

from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.registry import listing, selectors
from dondoc.registry.models import CrimeReport
from dondoc.registry.transfer import registry_export, synthetic_crime_reports
from tests.registry.factories import grant_personal_export
from tests.world import signed_in


def _reports(world, count: int = 230) -> None:
    synthetic_crime_reports(actor=SYSTEM, places=[(world.police_sd, world.commune_sd)],
                            count=count, years=(2024, 2025))  # fmt: skip


def test_the_pages_by_key_reach_every_record_once_in_either_order(world) -> None:
    _reports(world)
    spec = listing.LISTINGS["crime_reports"]
    records = selectors.records_visible(CrimeReport, user=world.focal)
    for oldest in (False, True):
        seen, cursor, pages = [], "", 0
        while True:
            page = listing.keyset_page(spec, records, cursor=cursor, oldest_first=oldest, size=50)
            seen += [(r.received_on, r.pk) for r in page.rows]
            pages += 1
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert pages == 5 and len(seen) == len(set(seen)) == 230
        assert seen == sorted(seen, reverse=not oldest)


def test_the_count_stops_at_the_bound(world, monkeypatch) -> None:
    _reports(world, 30)
    monkeypatch.setattr(listing, "COUNT_BOUND", 20)
    spec = listing.LISTINGS["crime_reports"]
    page = listing.keyset_page(spec, CrimeReport.objects.all(), size=10)
    assert (page.count, page.more, page.count_label) == (20, True, "Hơn 20")


def test_a_hand_typed_cursor_gives_the_first_page(world) -> None:
    _reports(world, 5)
    spec = listing.LISTINGS["crime_reports"]
    page = listing.keyset_page(spec, CrimeReport.objects.all(), cursor="x.y")
    assert page.first and len(page.rows) == 5


def test_the_list_page_filters_and_links_the_next_page(world) -> None:
    _reports(world)
    client = signed_in(world.focal)
    url = reverse("web:crime_report_list")
    first = client.get(url, {"nam": "2024", "ket_qua": "pending"})
    text = first.content.decode()
    expected = CrimeReport.objects.filter(received_on__year=2024, decision="pending").count()
    assert f"{expected} hồ sơ." in text
    assert 'rel="next"' in text if expected > 100 else 'rel="next"' not in text
    bad = client.get(url, {"ket_qua": "khong-co"})
    assert bad.status_code == 400 and "ket_qua" in bad.content.decode()


def test_the_export_holds_what_the_filters_select(world) -> None:
    _reports(world, 60)
    grant_personal_export(world.focal, world.police_sd)
    data = registry_export(actor=world.focal, kind="crime_reports", fmt="csv",
                           agency=world.police_sd, filters={"nam": 2025})  # fmt: skip
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    assert len(rows) == CrimeReport.objects.filter(received_on__year=2025).count() > 0
    response = signed_in(world.focal).get(
        reverse("web:registry_export", args=["crime_reports", "csv"]),
        {"co_quan": world.police_sd.pk, "nam": "2025"},
    )
    assert response.status_code == 200
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert len(exported) == len(rows)
    assert all(datetime.datetime.strptime(r[1], "%d/%m/%Y").year == 2025 for r in exported)
