"""The successor unit's list of hand-overs (selectors.summaries_for): each row says what the
page of that plan or agency would list (plan_draft, records_draft: as many lines, of the
same ended agencies, the confirmed hand-over once done), and the list costs the same number
of queries for a province's hundreds of plans and ended agencies as for two."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.core.actors import SYSTEM
from dondoc.handover import selectors, services
from dondoc.org.models import Agency
from dondoc.plans.importers.text import parse_text
from dondoc.plans.models import Document
from dondoc.plans.services import plan_import, plan_resolve
from dondoc.registry.models import Person
from dondoc.registry.services import person_create
from dondoc.tracking.services import schedule_ensure
from tests.handover.factories import DISTRICT_END, reform, town_subject
from tests.org.factories import AgencyFactory
from tests.plans.factories import SMALL_PLAN
from tests.registry.factories import world_crime_report
from tests.world import signed_in, view_queries

DAY = datetime.date(2026, 11, 30)


def _said(draft) -> tuple[int, list[Agency], object]:
    """What a page lists: its lines (the confirmed hand-over's, once done), their ended
    agencies, the confirmed hand-over."""
    lines = list(draft.done.lines.all()) if draft.done else draft.lines
    return len(lines), list(dict.fromkeys(line.from_agency for line in lines)), draft.done


def _pages(world) -> list[tuple[object, int, list[Agency], object]]:
    """What each plan's and each ended agency's own page lists, for those it lists anything
    for: (the plan or agency, lines, their ended agencies, the confirmed hand-over)."""
    unit = world.new_province
    found = []
    for document in Document.objects.filter(selectors._area_q(unit)).order_by(
        "unit__path", "-issued_on", "pk"
    ):
        draft = selectors.plan_draft(document=document, unit=unit, day=DAY)
        if draft.lines or draft.done:
            found.append((document, *_said(draft)))
    for agency in selectors.ended_agencies(unit=unit, day=DAY).order_by("unit__path", "name"):
        draft = selectors.records_draft(agency=agency, unit=unit, day=DAY)
        if draft.lines or draft.done:
            found.append((agency, *_said(draft)))
    return found


def _listed(world) -> list[tuple[object, int, list[Agency], object]]:
    return [
        (s.document or s.agency, s.count, s.givers, s.done)
        for s in selectors.summaries_for(unit=world.new_province, day=DAY)
    ]


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as queries:
        selectors.summaries_for(unit=world.new_province, day=DAY)
    return len(queries)


def _plan(world, number: str, rows: int) -> Document:
    """A plan of Sơn Dương like the small one, with `rows` more tasks of its ended offices."""
    more = "".join(
        f"{n}\tNhiệm vụ thứ {n}\tPhòng Tư pháp\tCông an huyện\tBáo cáo\tHàng năm\n"
        for n in range(3, 3 + rows)
    )
    draft = parse_text(SMALL_PLAN.replace("15/KH-UBND", number) + more)
    plan_resolve(actor=SYSTEM, draft=draft, unit=world.son_duong)
    plan = plan_import(actor=SYSTEM, draft=draft, unit=world.son_duong)
    schedule_ensure(actor=SYSTEM, document=plan)
    return plan


def test_each_row_says_what_its_page_lists_in_the_same_queries_for_many(world) -> None:
    world_crime_report(world)  # kept by the district police, which ends
    people = [
        person_create(actor=world.focal, agency=world.police_sd, full_name=f"Người thử {n}")
        for n in range(5)
    ]  # given to more ended offices below
    reformed = reform(world)
    town_subject(world, reformed)  # a person the ended town police still supervises
    # One plan handed over already: its row shows the confirmed lines.
    draft = selectors.plan_draft(document=reformed.plan, unit=world.new_province, day=DAY)
    services.plan_handover_confirm(
        actor=world.new_focal, document=reformed.plan, unit=world.new_province,
        choices=services.proposed_choices(draft), day=DAY,
    )  # fmt: skip
    _plan(world, "17/KH-UBND", 2)
    few = _listed(world)
    assert few == _pages(world)
    kinds = {type(row[0]) for row in few}
    assert kinds == {Document, Agency} and any(row[3] is not None for row in few)
    queries = _queries(world)
    client = signed_in(world.new_focal)
    page_queries = view_queries(client, reverse("web:handover_home"))
    # Many: more plans of the ended offices, more ended offices with records.
    for n in range(4):
        _plan(world, f"{20 + n}/KH-UBND", 5)
    for n in range(5):
        ended = AgencyFactory(
            name=f"Phòng thêm {n} huyện Sơn Dương", kind=Agency.Kind.OTHER, unit=world.son_duong
        )
        Agency.objects.filter(pk=ended.pk).update(existed_until=DISTRICT_END)
        if n % 2:
            Person.objects.filter(pk=people[n].pk).update(agency=ended)
    many = _listed(world)
    assert many == _pages(world)
    assert len(many) > len(few) + 5
    assert _queries(world) == queries
    assert view_queries(client, reverse("web:handover_home")) == page_queries
