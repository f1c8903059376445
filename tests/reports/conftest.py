"""Report fixtures on top of the shared world (tests/conftest.py).

The clock is fixed at 2026-02-10 10:00 Beijing time (``now``), so "January 2026" is a finished
month and February the month in progress.
"""

import pytest

from config.celery import app as celery_app
from tests.reports.factories import bj


@pytest.fixture(autouse=True)
def _celery_in_process(monkeypatch):
    # With REDIS_URL set the task would go to the broker; here the caller waits for it.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def now():
    return bj(2026, 2, 10)
