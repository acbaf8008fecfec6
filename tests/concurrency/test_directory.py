"""Two first plan imports at once create one national directory (PostgreSQL, real connections)."""

from __future__ import annotations

from dondoc.core.actors import SYSTEM
from dondoc.org.models import AdminUnit, Agency, AgencySuccession
from dondoc.org.services.national import national_directory_ensure
from dondoc.plans.importers.text import parse_text
from dondoc.plans.services import plan_resolve
from tests.concurrency.conftest import on_postgresql, together
from tests.plans.factories import SMALL_PLAN

pytestmark = on_postgresql


def test_two_first_loads_of_the_national_directory_make_one(world) -> None:
    results = together(
        lambda: national_directory_ensure(actor=SYSTEM),
        lambda: national_directory_ensure(actor=SYSTEM),
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    national = AdminUnit.objects.get(path="national/00")
    assert Agency.objects.filter(unit=national).count() == len(results[0].agencies)
    assert AgencySuccession.objects.filter(predecessor__unit=national).count() == sum(
        r.successions_created for r in results
    )


def test_two_plans_resolved_at_once_share_the_directories_they_create(world) -> None:
    """The first two plans of a fresh district (and of the country) are read at one moment."""
    drafts = [parse_text(SMALL_PLAN), parse_text(SMALL_PLAN)]
    results = together(
        *[lambda d=d: plan_resolve(actor=SYSTEM, draft=d, unit=world.yen_son) for d in drafts]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    names = list(Agency.objects.filter(unit=world.yen_son).values_list("name", flat=True))
    assert len(names) == len(set(names))
