"""The follow-up board of a 500-task plan (issue 18): one page of its report sections at a
time, cut as the plan page cuts its rows, its filters (a state, an agency) in the address and
kept by the pager, the follow-up list naming a few sections per agency, and the same queries
whatever the plan's size."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.tracking.selectors import BOARD_CELLS_PER_PAGE, FOLLOW_UP_PATHS
from dondoc.tracking.services import schedule_ensure
from tests.web.test_plan_page_paged import big_plan
from tests.world import signed_in, view_queries

pytestmark = pytest.mark.django_db


def chips(html: str) -> list[str]:
    """The report sections (task paths) the board's table shows, in its order."""
    table = html[html.index('id="board"') : html.index("</table>", html.index('id="board"'))]
    return re.findall(r'class="chip state-[a-z_]+"[^>]*>([^<]+)<', table)


def test_the_board_of_a_500_task_plan_pages_and_filters_its_sections(world) -> None:
    plan = big_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    period = plan.periods.get(label="2025")
    client = signed_in(world.focal)
    url = reverse("web:plan_board", args=[plan.pk])
    first = client.get(url, {"ky": period.pk}).content.decode()
    # 500 tasks, each led by one agency and coordinated by two: 1,500 sections, 15 pages.
    assert len(chips(first)) == BOARD_CELLS_PER_PAGE
    assert "1500 mục báo cáo (cơ quan × nhiệm vụ), trang 1/15." in first
    assert '<strong data-state="overdue">1500</strong>' in first  # the totals: whole period
    assert f"ky={period.pk}&amp;trang=2" in first  # the pager keeps the period

    court = world.court_sd
    query = {"ky": period.pk, "co_quan": court.pk, "tinh_trang": "overdue", "trang": 2}
    page = client.get(url, query).content.decode()
    # Tòa án leads every fourth task and coordinates every fourth other one: 250 sections.
    assert "250 mục báo cáo khớp điều kiện lọc, trang 2/3." in page
    assert len(chips(page)) == BOARD_CELLS_PER_PAGE
    assert re.findall(r'<tr data-agency="([^"]+)"', page) == [court.name]
    assert "(tiếp)" in page  # its row began on the page before
    assert f'<option value="{court.pk}" selected>' in page
    assert f"co_quan={court.pk}&amp;tinh_trang=overdue&amp;trang=3" in page

    # The follow-up list names the first sections of each late agency and links the rest.
    late = re.search(rf'co_quan={court.pk}" class="more-sections">và (\d+) mục khác', first)
    assert late is not None and int(late.group(1)) == 250 - FOLLOW_UP_PATHS
    assert client.get(url, {"ky": period.pk, "tinh_trang": "accepted"}).status_code == 200
    assert (
        "Không có mục báo cáo nào khớp"
        in client.get(url, {"ky": period.pk, "tinh_trang": "accepted"}).content.decode()
    )
    assert client.get(url, {"ky": period.pk, "trang": "hai"}).status_code == 400
    assert client.get(url, {"ky": period.pk, "tinh_trang": "xyz"}).status_code == 400

    # Past the last page: the last page, as the plan page does.
    assert "trang 15/15" in client.get(url, {"ky": period.pk, "trang": 99}).content.decode()
    assert signed_in(world.officer).get(url).status_code == 404  # an agency officer

    # As many queries for page 9 of the big plan as for the first page of the small one.
    assert view_queries(client, url, {"ky": period.pk, "trang": 9}) <= 18
