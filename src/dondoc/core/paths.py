"""Paths in a tree, written from the root down with "/" between the steps: an administrative
unit's ("2025/08/09877": the map, the province, the commune; org.units.unit_path) and a plan's
task ("II/3/a"). A subtree is a prefix ending in "/", never a bare prefix: "I/1" is not above
"I/10", and a unit's path would stop being a safe bare prefix the day one level's codes
stopped having a fixed width. Every "is this inside that" of dondoc asks here, in Python or
in a query, so that the rule is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

SEPARATOR = "/"


def below(path: str, root: str) -> bool:
    """Whether `path` lies strictly under `root` ("2025/08/09877" under "2025/08")."""
    return path.startswith(root + SEPARATOR)


def within(path: str, root: str) -> bool:
    """Whether `path` is `root` or lies under it."""
    return path == root or path.startswith(root + SEPARATOR)


def within_any(roots: Iterable[str]) -> Callable[[str], bool]:
    """A test of whether a path is one of `roots` or lies under one: for many paths against
    the same roots (a province's 1,365 units against a user's subtrees), the roots' prefixes
    made once and tried by one startswith over them all."""
    exact = frozenset(roots)
    prefixes = tuple(root + SEPARATOR for root in exact)
    return lambda path: path in exact or path.startswith(prefixes)


def subtree_q(roots: Iterable[str], field: str = "path") -> Q:
    """Rows whose `field` (a path) is one of `roots` or lies under one; none for no roots. The
    prefix is a LIKE 'root/%', which a pattern index on the path serves (PostgreSQL)."""
    conditions = [Q(**{field: root}) | below_q(root, field) for root in sorted(set(roots))]
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def below_q(root: str, field: str = "path") -> Q:
    """Rows whose `field` (a path) lies strictly under `root`."""
    return Q(**{f"{field}__startswith": root + SEPARATOR})
