"""core.lookups: `field__any=[…]` finds the rows `field__in=[…]` finds, on both backends, in
every place a condition can stand (alone, in an OR, negated, over a nullable key); on
PostgreSQL the list is one array parameter, of the column's own type, served by the column's
index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from dondoc.org.models import AdminUnit, Agency

pytestmark = pytest.mark.django_db


def _ids(queryset) -> list[int]:
    return sorted(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("size", [0, 1, 3, 2_000], ids=lambda n: f"{n} values")
def test_any_finds_what_in_finds(world, size) -> None:
    units = _ids(AdminUnit.objects.all())
    # Ids that name nothing make up the size: a scope's list is mostly other units' rows.
    values = (units[:2] + list(range(10**9, 10**9 + size)))[:size]
    agencies = Agency.objects.all()
    conditions = [
        ("unit_id", lambda lookup: Q(**{f"unit_id__{lookup}": values})),
        ("name", lambda lookup: Q(**{f"name__{lookup}": [str(v) for v in values]})),
        ("or", lambda lookup: Q(**{f"unit_id__{lookup}": values}) | Q(kind="court")),
        ("and", lambda lookup: Q(**{f"unit_id__{lookup}": values}) & Q(kind="police")),
        ("nullable key", lambda lookup: Q(**{f"parent_id__{lookup}": values})),
    ]
    for name, condition in conditions:
        wanted = _ids(agencies.filter(condition("in")))
        assert _ids(agencies.filter(condition("any"))) == wanted, name
        # Negated: the rows whose nullable key is empty stay, as for `in`.
        assert _ids(agencies.exclude(condition("any"))) == _ids(agencies.exclude(condition("in")))
    if size:
        assert _ids(agencies.filter(unit_id__any=values)) == _ids(
            agencies.filter(unit_id__in=values)
        )  # and something is found: the test is not of two empty lists
        assert _ids(agencies.filter(unit_id__any=values))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's array parameter")
def test_on_postgresql_the_list_is_one_array_of_the_columns_type(world) -> None:
    values = list(range(1, 1_366))
    with CaptureQueriesContext(connection) as queries:
        list(Agency.objects.filter(unit_id__any=values))
    sql = queries.captured_queries[-1]["sql"]
    assert "= ANY(" in sql and "::bigint[]" in sql
    assert " IN (" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Agency.objects.filter(unit_id__any=values).explain()
    # The index that leads with the unit (the unique name in a unit; the key's own is gone,
    # tests/core/test_indexes.py) reads the array.
    assert "agency_unique_name_in_unit" in plan and "ANY" in plan


def test_a_subquery_is_refused(world) -> None:
    with pytest.raises(TypeError, match="__in"):
        list(Agency.objects.filter(unit_id__any=AdminUnit.objects.values("pk")))


def test_ids_given_as_text_are_prepared_as_the_field_prepares_them(world) -> None:
    # Ints go as they are (core.lookups._plain_ints); anything else value by value, as `__in`.
    units = _ids(AdminUnit.objects.all())[:3]
    as_text = [str(pk) for pk in units]
    mixed = [units[0], str(units[1])]
    assert _ids(Agency.objects.filter(unit_id__any=as_text)) == _ids(
        Agency.objects.filter(unit_id__in=units)
    )
    assert _ids(Agency.objects.filter(unit_id__any=mixed)) == _ids(
        Agency.objects.filter(unit_id__in=units[:2])
    )
    assert _ids(Agency.objects.filter(unit_id__any=as_text))
    # Any iterable: a generator of ints finds what its list finds.
    assert _ids(Agency.objects.filter(unit_id__any=(pk for pk in units))) == _ids(
        Agency.objects.filter(unit_id__in=units)
    )
    with pytest.raises(ValueError, match="expected a number"):
        list(Agency.objects.filter(unit_id__any=["x"]))
