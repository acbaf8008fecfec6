"""Every page that reads query parameters refuses a bad one with the 400 page and a message:
a year out of range, an id too large for the column, a word where a number belongs, a choice
that does not exist. Never a 500, never a loop over the years up to 5000."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.plans.factories import world_plan
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


def _pages(world: World) -> list[tuple[str, dict[str, str], str]]:
    plan = world_plan(world)
    targets = reverse("web:plan_targets", args=[plan.pk])
    board = reverse("web:plan_board", args=[plan.pk])
    tasks = reverse("web:agency_tasks", args=[world.police_sd.pk])
    return [
        (targets, {"nam": "5000"}, "“nam” = 5000: cần một năm từ 2000 đến"),
        (targets, {"nam": "1999"}, "cần một năm từ 2000"),
        (targets, {"nam": "hai nghìn"}, "“nam” = “hai nghìn”: cần một năm"),
        (targets, {"chia": "shoe"}, "“chia” = “shoe”: cần một trong"),
        (board, {"ky": HUGE}, "“ky”"),
        (board, {"n": "1000"}, "“n” = 1000: cần từ 1 đến 90"),
        (tasks, {"ke_hoach": HUGE}, "“ke_hoach”"),
        (tasks, {"vai_tro": "boss"}, "“vai_tro”"),
        (reverse("web:crime_report_list"), {"nam": "20245"}, "“nam”"),
        (reverse("web:crime_report_list"), {"ket_qua": "x"}, "“ket_qua”"),
        (reverse("web:stats"), {"don_vi": HUGE}, "“don_vi”"),
        (reverse("web:stats"), {"nam": "1"}, "“nam” = 1"),
        (reverse("web:stats"), {"bang": "nope"}, "“bang”"),
        (reverse("web:stats_download"), {"nam": "99999"}, "“nam”"),
        (reverse("web:reintegration_overview"), {"nam": "3000"}, "“nam” = 3000"),
        (reverse("web:reintegration_overview"), {"don_vi": "-4"}, "“don_vi” = -4"),
        (reverse("web:reintegration_list"), {"dien": "x"}, "“dien”"),
    ]


def test_bad_parameters_get_the_400_page_with_a_message(world: World, settings: Any) -> None:
    settings.DEBUG = False
    client = signed_in(world.focal)
    for url, query, says in _pages(world):
        response = client.get(url, query)
        assert response.status_code == 400, (url, query, response.status_code)
        html = response.content.decode()
        assert "Yêu cầu không hợp lệ" in html and says in html, (url, query)


def test_the_year_range_follows_the_clock(world: World, settings: Any) -> None:
    settings.DEBUG = False
    client = signed_in(world.focal)
    url = reverse("web:plan_targets", args=[world_plan(world).pk])
    last = timezone.localdate().year + 10
    assert client.get(url, {"nam": last}).status_code == 200
    assert client.get(url, {"nam": last + 1}).status_code == 400
    assert client.get(url, {"nam": ""}).status_code == 200


def test_an_id_too_large_for_the_column_is_not_found(world: World) -> None:
    client = signed_in(world.focal)
    assert client.get(f"/ke-hoach/{HUGE}/chi-tieu/").status_code == 404
    assert client.get(f"/co-quan/{HUGE}/nhiem-vu/").status_code == 404
