"""Every list and dashboard makes a fixed number of queries, whatever the number of rows it
shows (STYLE.md habit 10): each page is counted on the small test world, then again after
more agencies, tasks, periods, reports, records and subjects are added, and the two counts
must be equal and within the page's ceiling. An N+1 (a query per row) fails here."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.org.models import Agency
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document
from dondoc.plans.services import plan_import, plan_resolve
from dondoc.registry.transfer import synthetic_crime_reports
from dondoc.tracking.services import schedule_ensure
from dondoc.web.middleware import TOUCHED
from tests.org.factories import AgencyFactory
from tests.plans.factories import SMALL_PLAN
from tests.registry.factories import world_claim, world_crime_report
from tests.reintegration.factories import world_communes, world_subject
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in, view_queries

pytestmark = pytest.mark.django_db


def _bigger_plan(world: World) -> Document:
    """Plan 16/KH-UBND of Sơn Dương: the small plan's tasks and twelve more, each assigned."""
    rows = "".join(
        f"{n}\tNhiệm vụ thứ {n}\tPhòng Tư pháp\tCông an huyện\tBáo cáo\tHàng năm\n"
        for n in range(3, 15)
    )
    draft = parse_text(SMALL_PLAN.replace("15/KH-UBND", "16/KH-UBND") + rows)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
    plan = plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)
    schedule_ensure(actor=SYSTEM, document=plan)
    return plan


def _grow(world: World) -> Document:
    """More of everything the pages list; the bigger plan."""
    for n in range(6):
        unit = (world.commune_sd, world.commune_ys, world.son_duong)[n % 3]
        AgencyFactory(name=f"Cơ quan thêm {n}", kind=Agency.Kind.OTHER, unit=unit)
    synthetic_crime_reports(
        actor=SYSTEM,
        places=[(world.police_sd, world.commune_sd), (world.police_sd, world.son_duong)],
        count=40,
        years=(2024, 2025),
    )
    world_communes(world)  # the commune police, with their officers
    for n in range(4):
        world_subject(
            world,
            judgment=f"Bản án số {30 + n}/2022/HS-ST",
            start_on=datetime.date(2026, 1, 10 + n),
        )
    return _bigger_plan(world)


Page = tuple[str, str, int]  # the user (an attribute of the world), the address, the ceiling


def _pages(world: World, plan: Document) -> dict[str, Page]:
    period = plan.periods.get(label="2025").pk
    return {
        # 12, + "Việc của tôi" (issue 16: waiting reviews, late agencies, closing periods) and
        # the hand-over card (issue 15), each a fixed number of queries; + the crime reports
        # overdue of the user's agencies (issue 17, one query however many) and the overdue
        # referrals of the user's scope (issue 17: its scope, the referrals); + the agencies'
        # requests the focal officer decides (issue 16: the requests, their plans' focal units)
        # 25/15, + the compensation claims with a step overdue (issue 17, one query however
        # many) and, for the focal officer, whether the plans' units are in his scope (one);
        # 25/15 (issue 18): the hand-over card and the consolidated reports to approve read
        # the roles of the memberships the page has read (none to approve for who leads none);
        # 25/16 (issue 18): the tasks of the officer's own assignments read on their own
        # (tracking.selectors.assignments_shared: joined, PostgreSQL hashed every task); 26/17:
        # and their agencies, once each (joined, an Agency was built per assignment: 1,080 for
        # a province's focal officer, tracking.selectors.agencies_assignments); 27/17: the
        # size of each plan whose periods the focal officer's overview reads, one count
        # however many plans (tracking.worklist.OVERVIEW_SECTIONS)
        "home (focal)": ("focal", reverse("web:home"), 27),
        "home (officer)": ("officer", reverse("web:home"), 17),
        "agency directory": ("focal", reverse("web:agencies"), 7),
        "agency directory (admin)": ("admin", reverse("web:agencies"), 7),
        "plan list": ("focal", reverse("web:plan_list"), 8),
        # 16, + the amendment history and the plan's hand-over (one query each, any size);
        # + the plan's outline (issue 18: its sections and their counts, one query however
        # many tasks, while the rows are one page of 50), the agencies it names (the filter,
        # also telling which inboxes open) in place of the page's openable agencies; the
        # agencies to correct an assignment with only on a page that has one to correct (this
        # plan's does: 19; without one, 16). tests/web/test_plan_page_paged.py: 500 tasks.
        "plan detail": ("focal", reverse("web:plan_detail", args=[plan.pk]), 19),
        # 20, + whether the period waits for a hand-over (the focal agency's life)
        # … + who owes and who can be reminded ("Nhắc", issue 16); 18 (issue 18): the plan's
        # tasks and agencies read apart and shared by its assignments (+2), the periods read
        # once for the current one and the follow-up (-2); a page of 100 sections, any size
        # (tests/web/test_board_paged.py: 500 tasks)
        "board": ("focal", reverse("web:plan_board", args=[plan.pk]) + f"?ky={period}", 18),
        "targets": ("focal", reverse("web:plan_targets", args=[plan.pk]), 8),
        "timeliness": ("focal", reverse("web:plan_timeliness", args=[plan.pk]), 9),
        "requests": ("focal", reverse("web:task_requests"), 6),
        # 11: the tasks of the agencies' assignments read on their own (as on home); 12: and
        # their agencies (as on home)
        "reports owed (focal)": ("focal", reverse("web:reports_owed"), 12),
        "reports owed (officer)": ("officer", reverse("web:reports_owed"), 12),
        "registry home": ("focal", reverse("web:registry_home"), 14),
        # 10, + the agencies whose filtered records the list offers to export (issue 17)
        "crime reports": ("focal", reverse("web:crime_report_list"), 11),
        "crime reports of 2024": ("focal", reverse("web:crime_report_list") + "?nam=2024", 11),
        "complaints": ("focal", reverse("web:complaint_list"), 11),
        "cases": ("focal", reverse("web:case_list"), 11),
        "compensation claims": ("focal", reverse("web:compensation_list"), 11),
        "activities": ("focal", reverse("web:simple_list", args=["hoat-dong"]), 9),
        "statistics": ("focal", reverse("web:stats"), 18),
        # 8, + the viewer's roles, read once for the masking of the names (privacy.masking)
        "reintegration worklist": ("focal", reverse("web:reintegration_worklist"), 9),
        # 11: the viewer's roles, read once for the masking of the names (privacy.masking).
        "reintegration list": ("focal", reverse("web:reintegration_list"), 11),
        "reintegration overview": ("focal", reverse("web:reintegration_overview"), 12),
        "unit page": ("focal", reverse("web:unit_detail", args=[world.son_duong.pk]), 11),
        # 11: the plans' ids, the agency's assignments, their tasks, their agency (issue 18:
        # joined, the tasks of every plan the user sees were walked to keep the agency's)
        "agency's tasks": ("officer", reverse("web:agency_tasks", args=[world.justice_sd.pk]), 11),
        # 12, + the plan's targets and the indicators a figure may report on (issue 16), each
        # one query whatever the size
        "agency report": (
            "officer",
            reverse("web:agency_report", args=[period, world.justice_sd.pk]),
            14,
        ),
        "consolidated report": (
            "focal",
            reverse("web:consolidated_page", args=[plan.pk, period]),
            12,
        ),
        "referrals": ("focal", reverse("web:referral_list"), 9),
        "notifications": ("officer", reverse("web:notifications"), 4),
        "plan schedule": ("focal", reverse("web:plan_schedule", args=[plan.pk]), 13),
        "background jobs": ("focal", reverse("web:job_list"), 4),
        "hand-overs": ("new_focal", reverse("web:handover_home"), 9),
        "privacy": ("focal", reverse("web:privacy_home"), 11),
        "statistics of 2024": ("focal", reverse("web:stats") + "?nam=2024", 18),
    }


def _counts(world: World, pages: dict[str, Page]) -> dict[str, int]:
    """The queries of each page's second view (the first one warms the session)."""
    found = {}
    clients: dict[str, Any] = {}
    for name, (who, url, _) in pages.items():
        client = clients.setdefault(who, signed_in(getattr(world, who)))
        found[name] = view_queries(client, url)
    return found


def test_lists_and_dashboards_make_as_many_queries_for_many_rows_as_for_few(world) -> None:
    tracked = world_tracking(world)
    world_crime_report(world)
    world_claim(world)
    world_subject(world)
    pages = _pages(world, tracked.plan)
    few = _counts(world, pages)
    many = _counts(world, _pages(world, _grow(world)))
    problems = [
        f"{name}: {few[name]} queries, then {count} with more rows (ceiling {pages[name][2]})"
        for name, count in many.items()
        # More rows may make fewer queries (a section that finds nothing to show for the
        # grown world skips its follow-up query: the home's worklist), never more.
        if count > few[name] or count > pages[name][2]
    ]
    assert not problems, "\n".join(problems)


def test_the_crime_report_list_and_the_registry_home_count_up_to_a_bound(
    world, monkeypatch
) -> None:
    """Neither the list's count nor the home's counts read every record: past the bound the
    page says "more than" and its pages reach the newest records only."""
    from dondoc.registry import listing
    from dondoc.web.views_registry import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "BOUND", 5)  # the home's counts
    monkeypatch.setattr(listing, "COUNT_BOUND", 5)  # the list's (registry.listing)
    synthetic_crime_reports(
        actor=SYSTEM, places=[(world.police_sd, world.commune_sd)], count=7, years=(2024, 2024)
    )
    client = signed_in(world.focal)
    listed = client.get(reverse("web:crime_report_list")).content.decode()
    assert "Hơn 5 hồ sơ" in listed
    home = client.get(reverse("web:registry_home")).content.decode()
    assert "hơn 5" in home
    few = client.get(reverse("web:crime_report_list") + "?nam=2023").content.decode()
    assert "0 hồ sơ." in few and "Hơn" not in few


def test_a_count_is_the_same_when_the_session_falls_due_between_two_views(world) -> None:
    """The session middleware saves a session once a minute. Counted as two plain views a
    second apart across that minute, the page makes three queries more (the save); counted by
    view_queries, the first view makes the save and the count stays what it is."""
    client = signed_in(world.focal)
    url = reverse("web:home")
    steady = view_queries(client, url)
    signed_at = datetime.datetime.fromtimestamp(client.session[TOUCHED], tz=datetime.UTC)
    due = signed_at + datetime.timedelta(seconds=settings.SESSION_TOUCH_SECONDS)
    with time_machine.travel(due - datetime.timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 200  # not yet due: no save
    with time_machine.travel(due, tick=False), CaptureQueriesContext(connection) as plain:
        client.get(url)
    assert len(plain.captured_queries) > steady  # the save, counted by a plain view

    with time_machine.travel(due + datetime.timedelta(seconds=60), tick=False):
        assert view_queries(client, url) == steady
