"""Two users at once, for real: each thread is its own database connection (Django keeps one
per thread), on PostgreSQL, with the data committed so every connection sees it.

`together(*calls)` starts the calls in threads that wait at one barrier and then run at the
same moment; it returns each call's result or the exception it raised, in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

# transaction=True: committed data, seen by the other threads' connections. (Not
# serialized_rollback: its flush skips post_migrate, which would leave the transactional
# tests after these, such as the browser's, without content types.)
on_postgresql = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent connections: PostgreSQL (SQLite's test database is one "
        "in-memory connection)",
    ),
]


def together(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:
            results[index] = error
        finally:
            connections.close_all()  # this thread's connection, before the database is flushed

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        if thread.is_alive():
            pytest.fail("a concurrent call did not finish: a lock waited forever")
    return results
