"""Real races on PostgreSQL: threads with their own connections, released together.

SQLite serialises writers, so these tests run only on PostgreSQL (CI's second pass). Modules
using ``race`` mark their tests ``@needs_postgres`` and
``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``, and use the
``restore_migrated_data`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real parallel transactions need PostgreSQL"
)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` in parallel threads, each on its own connection, released together.
    Returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # the outcome is what the test asserts
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
