"""Faults with a real worker on Redis (the PostgreSQL + Redis CI pass): a worker killed with -9
in the middle of a render, and a request made while the broker could not be reached. In both the
report ends "ready" once a new worker and the sweep run, within a short lease.

The killed worker is a separate process (``celery worker``, the solo pool) reading the test
database, so the data must be committed (``transaction=True``) and the database a server:
skipped on SQLite and without REDIS_URL.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, connections
from django.utils import timezone

from config.celery import app as celery_app
from core.jobs import sweep
from reports.models import Report, ReportKind, ReportStatus
from reports.services import request_report

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
JAN = date(2026, 1, 1)
LEASE = 3  # seconds: JOB_LEASE_SECONDS of the test's workers and sweep
UNREACHABLE = "redis://127.0.0.1:6390/0"


def _use_broker(url: str) -> None:
    """Point this process's producer at ``url`` (the pools hold connections to the old one)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch, settings):
    settings.JOB_LEASE_SECONDS = LEASE
    settings.JOB_PICKUP_SECONDS = 1
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    real = os.environ["REDIS_URL"]
    _use_broker(real)
    yield real
    _use_broker(real)
    connections.close_all()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server (PostgreSQL)")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(media_root, *, slow: float = 0) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL": "false",
        "MEDIA_ROOT": str(media_root),
        "JOB_LEASE_SECONDS": str(LEASE),
        "SLOW_RENDER_SECONDS": str(slow),
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "tests.reports.slow_worker", "worker"),
        *("--pool", "solo", "-l", "warning", "--without-gossip", "--without-mingle"),
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_for(report: Report, statuses, seconds: float) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            break
        time.sleep(0.1)
    return report


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_worker_killed_mid_render_leaves_a_report_that_ends_ready(wr, media_root, broker):
    first = _start_worker(media_root, slow=60)
    try:
        report = request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
        report = _wait_for(report, {ReportStatus.RUNNING}, 20)
        assert report.status == ReportStatus.RUNNING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    killed_at = timezone.now()

    second = _start_worker(media_root)
    try:
        # Beat's sweep, every second here, until the lease has run out and a little more.
        deadline = time.monotonic() + LEASE + 15
        while time.monotonic() < deadline:
            sweep()
            report.refresh_from_db()
            if report.status in (ReportStatus.DONE, ReportStatus.FAILED):
                break
            time.sleep(1)
    finally:
        _stop(second)

    assert report.status == ReportStatus.DONE, report.error
    assert report.attempts == 2
    assert report.generated_at - killed_at < timedelta(seconds=LEASE + 15)
    assert report.file.storage.exists(report.file.name)


def test_a_report_asked_for_while_the_broker_was_down_runs_once_it_is_back(wr, media_root, broker):
    _use_broker(UNREACHABLE)
    report = request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    assert report.status == ReportStatus.PENDING

    _use_broker(broker)  # the broker is back
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        time.sleep(1.1)  # past the pickup time
        assert sweep()["reports.services.sweep_reports"] == 1
        report = _wait_for(report, {ReportStatus.DONE, ReportStatus.FAILED}, 20)

    assert report.status == ReportStatus.DONE, report.error
    assert report.attempts == 1
