"""The registry's lists in Django admin at a province's scale: a fixed number of queries
however many records (each row's unit shown with its district and province, read with it),
counted up to a bound and never in full, and past the bound the line says "more than"."""

from __future__ import annotations

from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.registry.listing import BoundedPaginator
from dondoc.registry.transfer import synthetic_crime_reports
from tests.world import World, signed_in, view_queries


def _reports(world: World, count: int) -> None:
    synthetic_crime_reports(
        actor=SYSTEM,
        places=[(world.police_sd, world.commune_sd), (world.police_sd, world.son_duong)],
        count=count,
        years=(2024, 2024),
    )


def test_the_crime_report_list_costs_the_same_for_many_and_says_more_past_the_bound(
    world: World, monkeypatch
) -> None:
    client = signed_in(world.admin)
    url = reverse("admin:registry_crimereport_changelist")
    _reports(world, 3)
    few = view_queries(client, url)
    _reports(world, 30)
    assert view_queries(client, url) == few
    page = client.get(url).content.decode()
    assert "33 tố giác" in page and "Hơn" not in page
    monkeypatch.setattr(BoundedPaginator, "BOUND", 10)
    bounded = client.get(url).content.decode()
    assert "Hơn 10 tố giác" in bounded and "lọc để xem hồ sơ cũ hơn" in bounded
