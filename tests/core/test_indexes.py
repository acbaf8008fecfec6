"""No index of dondoc's tables is a leading part of another on the same table (issue 18).

Django gives every foreign key an index of its own; a table whose unique constraint or
composite index already leads with that column has two, and every row written updates both
(the registry's import, a statistics rebuild's 684,000 facts at 1 M records, each report
saved). An index whose columns, with their operator classes, begin another index of the
same table serves no query the longer one cannot (PostgreSQL reads a b-tree by any leading
part of its columns): the foreign key is declared `db_index=False` there, and the composite
index is the one its look-ups and ON DELETE scans read.

Not ours, and left as their apps make them: Django's own tables, the tables of the
third-party apps, and the join tables Django makes for a many-to-many field.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="read from PostgreSQL's catalogue (pg_index): the production schema",
    ),
]

# Each index of a table (a partitioned table's own, not its partitions'): its columns and
# their operator classes, in order; an expression or partial index is left out (neither
# serves every query on its columns), and so is a unique one as the shorter of a pair (it
# holds a rule, not only a look-up).
INDEXES = """
SELECT c.relname, i.indexrelid::regclass::text, i.indisunique,
       string_to_array(i.indkey::text, ' '), string_to_array(i.indclass::text, ' ')
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND c.relnamespace = current_schema()::regnamespace
  AND i.indexprs IS NULL AND i.indpred IS NULL AND c.relname = ANY(%s)
"""


def _our_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("dondoc.") and not model._meta.auto_created
    )


def _redundant() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(INDEXES, [_our_tables()])
        found = cursor.fetchall()
    by_table: dict[str, list[tuple[str, bool, list[tuple[str, str]]]]] = {}
    for table, name, unique, columns, classes in found:
        by_table.setdefault(table, []).append(
            (name, unique, list(zip(columns, classes, strict=True)))
        )
    redundant = []
    for table, indexes in sorted(by_table.items()):
        # By name; the covering index named is a unique one when there is one.
        indexes.sort(key=lambda index: (not index[1], index[0]))
        for name, unique, keys in sorted(indexes):
            if unique:
                continue  # it holds a rule, not only a look-up
            for other, other_unique, longer in indexes:
                if other == name or longer[: len(keys)] != keys:
                    continue
                # Longer, or the same columns: the unique one serves, else the first by name.
                if len(longer) > len(keys) or other_unique or other < name:
                    redundant.append(f"{table}: {name} (in {other})")
                    break
    return redundant


def test_no_index_of_ours_is_the_leading_part_of_another() -> None:
    assert _redundant() == []


def test_the_check_finds_an_index_inside_another() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX test_redundant ON plans_task (document_id)")
        # The same columns as the unique constraint, and a name that sorts before it.
        cursor.execute("CREATE INDEX a_test_same ON plans_task (document_id, position)")
    found = [line for line in _redundant() if "test_redundant" in line or "a_test_same" in line]
    assert found == [
        "plans_task: a_test_same (in task_unique_position)",
        "plans_task: test_redundant (in task_unique_position)",
    ]
