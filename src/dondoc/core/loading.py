"""Model instances made from database rows without running their constructor, for the pages
that read a thousand rows of one model (a 500-task plan's 1,500 assignments, an agency's
assignments of every plan): `FastLoad`.

Django builds each row's instance with `Model.__init__`, which sends pre_init and post_init,
and sets each field through `setattr`, one at a time; for rows read with deferred fields,
`Model.from_db` first matches every concrete field against the loaded names (O(fields²)).
At 1,500 assignments that was 17 ms of a board's CPU, where the rows alone are 4 ms
(bench/page_cpu.py, issue 18). `FastLoad.from_db` writes a row's values into the instance's
`__dict__` at once, which is what the constructor's `setattr` does for a model whose fields
use Django's own descriptors and that no pre_init/post_init receiver listens to; a deferred
field is left out of `__dict__`, as Django leaves it, and loaded when read. For any other
model (a custom `__init__`, a field with a descriptor of its own, a property over a field's
name) or while a receiver listens, Django's `from_db` is used.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from typing import Any, Self, TypeVar

from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=models.Model)

# Django's descriptors of a field's attribute: a plain field's (no __set__: setattr writes
# __dict__) and a foreign key's id (its __set__ clears the cached related object, which a new
# instance does not have).
PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@functools.cache
def loads_plainly(model: type[models.Model]) -> bool:
    """Whether writing `model`'s field values into a new instance's `__dict__` is what its
    constructor does: Django's own `__init__`, and each concrete field's attribute Django's
    own descriptor."""
    if model.__init__ is not models.Model.__init__:
        return False
    return all(
        type(getattr(model, f.attname, None)) in PLAIN_DESCRIPTORS
        for f in model._meta.concrete_fields
    )


def skips_constructor(model: type[models.Model]) -> bool:
    """Whether an instance of `model` may be made by writing its values into `__dict__`
    (bare_instance): no pre_init/post_init receiver listens to it (asked per model only
    when some receiver exists anywhere, the usual case being none) and it loads plainly."""
    listened = (pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    )
    return not listened and loads_plainly(model)


def bare_instance(model: type[M], values: Iterable[tuple[str, Any]]) -> M:
    """An instance of `model` holding `values` (attribute name, value), made as its
    constructor would (when skips_constructor(model)), its state new: unsaved, no database."""
    new = model.__new__(model)
    new.__dict__.update(values)
    new._state = ModelState()
    return new


class FastLoad:
    """Mixin of a model (before `models.Model` in its bases) whose rows are read by the
    thousand: its instances from the database are made as Django's constructor makes them,
    several times faster (module docstring)."""

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        model: Any = cls
        if not skips_constructor(model):
            return super().from_db(db, field_names, values)  # type: ignore[misc]
        # field_names are the attribute names of `values`, in their order (Django's query
        # iterators, raw queries, select_related and refresh_from_db all pass them so).
        new = bare_instance(model, zip(field_names, values, strict=True))
        new._state.adding = False
        new._state.db = db
        return new
