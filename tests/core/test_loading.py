"""core.loading.FastLoad: instances read from the database are the ones Django's own
`from_db` makes (the same values, the same deferred fields, the same cached relations, the
same state), they behave as Django's do afterwards (related look-ups, a changed key, save,
refresh), and Django's path is taken whenever the fast one would differ (a receiver of
post_init, a field with a descriptor of its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import models
from django.db.models.signals import post_init

from dondoc.core.loading import FastLoad, loads_plainly
from dondoc.org.models import AdminUnit, Agency
from dondoc.plans.models import Assignment, Task
from dondoc.tracking.models import AgencyReport
from tests.plans.factories import world_plan

pytestmark = pytest.mark.django_db


@contextmanager
def djangos_own_path(*wanted: type[models.Model]) -> Iterator[list[Any]]:
    """While a post_init receiver listens to the models `wanted`, their rows are built by
    Django's constructor (FastLoad steps aside): the instances to compare with. Yields the
    instances the receiver saw."""
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    for model in wanted:
        post_init.connect(receiver, sender=model, weak=False)
    try:
        yield seen
    finally:
        for model in wanted:
            post_init.disconnect(receiver, sender=model)


def related_classes(found: list[dict[str, Any]]) -> set[type[models.Model]]:
    """The classes of the related instances cached on `found` (described), at any depth."""
    classes: set[type[models.Model]] = set()
    for d in found:
        inner = [r for r in d["related"].values() if r is not None]
        classes |= {r["class"] for r in inner} | related_classes(inner)
    return classes


def described(obj: models.Model) -> dict[str, Any]:
    """What an instance holds: its values, its deferred fields, its state, and the related
    instances cached on it (described the same way)."""
    values = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    cache = obj._state.fields_cache
    return {
        "class": type(obj),
        "values": values,
        "deferred": obj.get_deferred_fields(),
        "adding": obj._state.adding,
        "db": obj._state.db,
        "related": {name: described(o) if o is not None else None for name, o in cache.items()},
    }


READS: list[tuple[str, Callable[[], Any]]] = [
    ("all", lambda: Assignment.objects.order_by("pk")),
    ("only", lambda: Assignment.objects.only("id", "role", "agency_id").order_by("pk")),
    ("defer", lambda: Task.objects.defer("expected_result", "notes").order_by("pk")),
    ("select_related", lambda: Assignment.objects.select_related("task", "agency__unit")),
    ("nullable relation", lambda: Agency.objects.select_related("parent").order_by("pk")),
    ("raw", lambda: AdminUnit.objects.raw("SELECT id, path, name FROM org_adminunit")),
    ("iterator", lambda: Task.objects.order_by("pk").iterator(chunk_size=2)),
]


@pytest.mark.parametrize("read", [r for _, r in READS], ids=[name for name, _ in READS])
def test_instances_are_the_ones_djangos_constructor_makes(world, read) -> None:
    world_plan(world)
    fast = [described(o) for o in read()]
    model = fast[0]["class"]
    assert issubclass(model, FastLoad) and loads_plainly(model)
    related = related_classes(fast)
    assert all(loads_plainly(r) for r in related)
    with djangos_own_path(model, *related) as seen:
        own = [described(o) for o in read()]
    assert len(seen) >= len(own) > 1  # Django's constructor made each of them
    assert fast == own


def test_a_loaded_instance_behaves_as_djangos(world) -> None:
    plan = world_plan(world)
    assignment = Assignment.objects.filter(task__document=plan).order_by("pk").first()
    assert assignment is not None
    # A relation read when asked, and read again once its key changes.
    first_agency = assignment.agency
    assert first_agency == Agency.objects.get(pk=assignment.agency_id)
    assignment.agency_id = world.court_sd.pk
    assert assignment.agency == world.court_sd
    # Saved as an update of its row, not a new row.
    count = Assignment.objects.count()
    assignment.mention = "đã sửa"
    assignment.save(update_fields=["agency", "mention"])
    assert Assignment.objects.count() == count
    assert Assignment.objects.get(pk=assignment.pk).agency_id == world.court_sd.pk
    # A deferred field read on first use, and refresh_from_db gives the saved values.
    task = Task.objects.defer("expected_result").get(pk=assignment.task_id)
    assert task.get_deferred_fields() == {"expected_result"}
    assert task.expected_result == Task.objects.get(pk=task.pk).expected_result
    Task.objects.filter(pk=task.pk).update(title="Tên mới")
    task.refresh_from_db()
    assert task.title == "Tên mới"


def test_djangos_path_is_taken_where_the_fast_one_would_differ(world) -> None:
    # A field with a descriptor of its own (a file): its value must be a FieldFile.
    assert issubclass(AgencyReport, FastLoad)
    assert not loads_plainly(AgencyReport)
    # A receiver of post_init is told of each instance.
    world_plan(world)
    with djangos_own_path(Task) as seen:
        tasks = list(Task.objects.all())
    assert [t.pk for t in seen] == [t.pk for t in tasks]
