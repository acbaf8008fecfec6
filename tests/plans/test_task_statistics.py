"""PostgreSQL's planner knows how many tasks each plan has (plans migration 0013,
core.schema.ColumnStatistics): among plans of very different sizes, "the tasks of these
plans" is estimated from the plans' own counts, not from an average of the plans it did
not keep (which sent the home page's two queries to a parallel scan of every task)."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from dondoc.plans.models import Document, Task

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def _estimate(document_ids: list[int]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT id FROM plans_task WHERE document_id = ANY(%s)",
            [document_ids],
        )
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _analyse() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_task")  # sees this test's rows: its own transaction's


def test_the_tasks_of_small_plans_among_large_ones_are_estimated_as_they_are(world) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'plans_task'::regclass AND attname = 'document_id'"
        )
        assert cursor.fetchone()[0] == 1000
    # 150 plans of 100 tasks, more than the default's 100 most common values, and 50 of 4.
    sizes = [100] * 150 + [4] * 50
    documents = Document.objects.bulk_create(
        Document(unit=world.son_duong, title=f"Kế hoạch {i}") for i in range(len(sizes))
    )
    Task.objects.bulk_create(
        Task(document=d, position=p, code=str(p + 1), path=str(p + 1), title="Nhiệm vụ")
        for d, size in zip(documents, sizes, strict=True)
        for p in range(size)
    )
    _analyse()
    small = [d.pk for d, size in zip(documents, sizes, strict=True) if size == 4][:2]
    large = [d.pk for d, size in zip(documents, sizes, strict=True) if size == 100][-2:]
    assert _estimate(small) == 8
    assert _estimate(large) == 200
    # The default target (-1) estimates the small plans from the others: the figure the
    # migration mends, shown here so that this test is known to be able to fail.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the new rows' checks, before ALTER
        cursor.execute("ALTER TABLE plans_task ALTER COLUMN document_id SET STATISTICS -1")
    _analyse()
    assert _estimate(small) > 8 * 4
