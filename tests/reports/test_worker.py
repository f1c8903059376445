"""The report task through a real Celery worker against Redis (the PostgreSQL + Redis CI pass).

The worker runs in a thread of this process with its own database connection, so the data it
reads must be committed: ``transaction=True``. Skipped without REDIS_URL (the embedded setup
has no broker; tasks run in-process there, which the other tests cover).
"""

import os
import time
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connections

from config.celery import app as celery_app
from reports.models import Report, ReportKind, ReportStatus
from reports.services import request_report

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", os.environ["REDIS_URL"])
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as w:
        yield w
    # The worker thread's connections would keep the test database from being dropped.
    connections.close_all()


def test_real_worker_renders_the_report_from_the_broker(wr, media_root, worker):
    report = request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            break
        time.sleep(0.2)

    assert report.status == ReportStatus.DONE, report.error
    assert report.attempts == 1
    assert report.file.storage.exists(report.file.name)
    assert Report.objects.count() == 1
