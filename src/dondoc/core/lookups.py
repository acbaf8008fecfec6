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
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"

    def get_prep_lookup(self) -> list[Any]:
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("__any takes a list of values; a subquery is __in's.")
        field = self.lhs.output_field
        return [field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs]
        if connection.vendor == "postgresql":
            # The column's own type, so that the array is not taken as numeric[] (an int list
            # of mixed sizes), which no index of the column serves.
            return f"{lhs} = ANY(%s::{field.cast_db_type(connection)}[])", [*params, values]
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


def register() -> None:
    """On every field, keys included (a relation's lookups are its own: ForeignObject's do
    not inherit Field's)."""
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
