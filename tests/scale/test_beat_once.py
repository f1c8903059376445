"""Beat runs once, and each run of a periodic task once: two runs asked for at the same time
(a second beat, a redelivered message) do the work once (core.jobs.run_periodic)."""

import threading
import time

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from core.jobs import PERIODIC_LOCK_PREFIX, run_periodic

NAME = "tests.scale.slow_periodic"
started = threading.Event()
release = threading.Event()
runs: list[int] = []


@shared_task(name=NAME)
def slow_periodic() -> None:
    """A periodic task's body that takes a while: it waits until the test lets it finish."""
    runs.append(1)
    started.set()
    release.wait(timeout=10)


def reset():
    runs.clear()
    started.clear()
    release.clear()


def test_two_runs_at_once_do_the_work_once():
    reset()
    outcomes = []
    first = threading.Thread(
        target=lambda: outcomes.append(run_periodic(NAME, lock_seconds=60)), daemon=True
    )
    first.start()
    assert started.wait(timeout=10)

    second = run_periodic(NAME, lock_seconds=60)
    release.set()
    first.join(timeout=10)

    assert second is False
    assert outcomes == [True]
    assert runs == [1]


def test_the_next_run_after_one_finished_does_its_work():
    reset()
    release.set()

    assert run_periodic(NAME, lock_seconds=60) is True
    assert run_periodic(NAME, lock_seconds=60) is True
    assert runs == [1, 1]


def test_a_run_whose_worker_died_holds_the_task_back_only_until_its_lock_expires():
    reset()
    release.set()
    cache.add(f"{PERIODIC_LOCK_PREFIX}{NAME}", "a worker killed mid-run", timeout=1)

    held_back = run_periodic(NAME, lock_seconds=60)
    time.sleep(1.2)
    later = run_periodic(NAME, lock_seconds=60)

    assert (held_back, later) == (False, True)
    assert runs == [1]


def test_every_beat_entry_runs_under_the_lock():
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task, lock_seconds = entry["args"]
        assert entry["task"] == "core.periodic", task
        assert 60 <= lock_seconds <= 3600, task
