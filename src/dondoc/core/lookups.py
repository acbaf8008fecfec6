"""`field__any=[…]`: the field equals one of a list of values, the list sent as one array
parameter on PostgreSQL (`"unit_id" = ANY(%s::bigint[])`), as `IN (…)` elsewhere.

A user's record scope names every unit of the subtree he oversees: 1,365 communes and
wards for a province's focal officer. Django's `__in` prepares, normalises and adapts each
value on its own and writes a placeholder for each, and psycopg then splits the long text
again (no statement cache past its length limit): about 9 ms of CPU a query at 1,365 ids,
several queries a page (the worklist's referrals and claims, a list's count and its page),
against 1.7 ms with one array (bench/page_cpu.py, issue 18). PostgreSQL plans `= ANY(array)`
as it plans the IN list it would have turned it into (an index scan with the array as its
condition). Registered on every field by CoreConfig.ready.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, ForeignObject, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any"

    def get_prep_lookup(self) -> list[Any]:
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("__any takes a list of values; a subquery is __in's.")
        field = self.lhs.output_field
        values = list(self.rhs)  # read once: _plain_ints and the preparation both read it
        if _plain_ints(field, values):
            return values
        return [field.get_prep_value(value) for value in values]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        if _plain_ints(field, self.rhs):
            values = list(self.rhs)
        else:
            values = [field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs]
        if connection.vendor == "postgresql":
            # The column's own type, so that the array is not taken as numeric[] (an int list
            # of mixed sizes), which no index of the column serves.
            return f"{lhs} = ANY(%s::{field.cast_db_type(connection)}[])", [*params, values]
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


def _plain_ints(field: Any, values: Any) -> bool:
    """Whether `values` are ints of a column of one of Django's own integer fields (an id, a
    key to one): each int is then its own prepared and database value (their preparation is
    int(), their adaptation none on PostgreSQL and SQLite), so the list goes as it is, not
    value by value: 1,365 units, twice a query."""
    target = field.target_field if isinstance(field, ForeignKey) else field
    return (
        isinstance(target, IntegerField)
        and type(target).__module__ == IntegerField.__module__  # not a subclass of ours
        and all(type(value) is int for value in values)
    )


def register() -> None:
    """On every field, keys included (a relation's lookups are its own: ForeignObject's do
    not inherit Field's)."""
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
