"""Background work that cannot get stuck: the rows are the truth, broker messages only a hint.

Every job has a row with a status (a report, a notice's delivery). Three rules keep it moving:

1. **Queue after commit, never fail the request.** ``enqueue`` sends the task and, when the
   broker cannot be reached, logs and returns False: the row stays pending and the sweep picks
   it up once the broker is back. A clerk's step or a regeneration never answers 500 because
   Redis is down.
2. **Claim with a lease.** A task claims its row with one conditional UPDATE (pending → running,
   attempts + 1, ``lease_until`` = now + ``JOB_LEASE_SECONDS``). A duplicate message finds the row
   taken and does nothing; attempts are counted in the database, so the bound holds however
   often the broker redelivers (a message's own retry count starts again on every redelivery:
   that is how a report once ran 7 times with retries "bounded at 3").
3. **Sweep.** Beat runs ``core.sweep`` every ``JOB_SWEEP_SECONDS``: each app's sweeper queues
   again the pending rows whose pickup time passed (their message was lost) and takes back the
   running rows whose lease expired (their worker died), to run again or, after the last
   attempt, to fail with a reason the user sees. Without a broker (embedded), tasks run
   in-process and nothing is ever left behind; ``python manage.py sweep`` runs the same sweep.

The sweepers are named in ``JOB_SWEEPERS`` (dotted paths): core calls them without importing the
apps above it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a broker that cannot be reached raises when a task is sent: kombu wraps the transport's
# connection errors (refused, timed out, DNS) in OperationalError after its publish retries.
BROKER_ERRORS: tuple[type[BaseException], ...] = (OperationalError,)


def lease_seconds() -> int:
    return max(1, int(settings.JOB_LEASE_SECONDS))


def pickup_seconds() -> int:
    return max(1, int(settings.JOB_PICKUP_SECONDS))


def lease_deadline(now: datetime | None = None) -> datetime:
    """Until when a claimed job may run: past it, its worker is taken for dead."""
    return (now or timezone.now()) + timedelta(seconds=lease_seconds())


def pickup_deadline(now: datetime | None = None, *, delay: float = 0) -> datetime:
    """By when a queued job (to start after ``delay`` seconds) must have been claimed: past it,
    its message is taken for lost."""
    return (now or timezone.now()) + timedelta(seconds=delay + pickup_seconds())


def enqueue(task: Any, *args: Any, countdown: float | None = None) -> bool:
    """Send ``task`` with ``args``; False (logged) when the broker cannot take it. The caller's
    row stays pending and the sweep queues it again later."""
    try:
        if countdown:
            task.apply_async(args, countdown=countdown)
        else:
            task.delay(*args)
    except BROKER_ERRORS:
        logger.warning(
            "Could not queue %s%r: the broker is unreachable; the sweep will queue it again",
            getattr(task, "name", task),
            args,
            exc_info=True,
        )
        return False
    return True


def sweepers() -> list[tuple[str, Callable[[], int]]]:
    return [(path, import_string(path)) for path in settings.JOB_SWEEPERS]


def sweep() -> dict[str, int]:
    """Run every app's sweeper: {sweeper: rows it queued again or failed}. One failing sweeper
    (its database table locked, say) does not stop the others."""
    done: dict[str, int] = {}
    for path, sweeper in sweepers():
        try:
            done[path] = sweeper()
        except Exception:
            logger.exception("Sweeper %s failed", path)
            done[path] = -1
    return done


# Rows a sweeper looks at per run: a backlog larger than this is worked off over several runs.
SWEEP_BATCH = 500


def lost_messages(queryset: QuerySet[Any], *, waiting: str, since: str, now: datetime) -> list[int]:
    """For a sweeper: the rows of ``queryset`` still ``waiting`` (their status) past their
    pickup time, whose message was lost (the broker was down). Each is taken by pushing its
    pickup time on with a conditional UPDATE, so a broker still down is tried once a pickup
    period and two sweeps at once take a row once. ``since`` names the field that dates a row
    never picked up. Returns the ids to queue again."""
    pickup = timedelta(seconds=pickup_seconds())
    lost = queryset.filter(status=waiting).filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, **{f"{since}__lt": now - pickup})
    )
    taken = []
    for pk, until in lost.values_list("pk", "lease_until")[:SWEEP_BATCH]:
        if queryset.filter(pk=pk, status=waiting, lease_until=until).update(
            lease_until=pickup_deadline(now)
        ):
            taken.append(pk)
    return taken


def dead_workers(
    queryset: QuerySet[Any], *, running: str, since: str, now: datetime
) -> Iterator[tuple[QuerySet[Any], int, int]]:
    """For a sweeper: the rows of ``queryset`` still ``running`` past their lease, whose worker
    died, as ``(held, pk, attempts)``. ``held`` is the row as the sweep saw it: change it with
    one ``held.update(...)``, which changes nothing when another sweep or a late worker got
    there first. ``since`` names the field that dates a claim without a lease."""
    lease = timedelta(seconds=lease_seconds())
    dead = queryset.filter(status=running).filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, **{f"{since}__lt": now - lease})
    )
    for pk, until, attempts in dead.values_list("pk", "lease_until", "attempts")[:SWEEP_BATCH]:
        yield queryset.filter(pk=pk, status=running, lease_until=until), pk, attempts


@shared_task(name="core.sweep", ignore_result=True)
def sweep_task() -> dict[str, int]:
    """Beat, every ``JOB_SWEEP_SECONDS``: lost messages queued again, dead workers' jobs taken
    back (see the module's notes)."""
    return sweep()


# --- periodic tasks: beat runs once, each run of a periodic task once -------------------------

PERIODIC_LOCK_PREFIX = "periodic-lock:"


def run_periodic(name: str, *, lock_seconds: int) -> bool:
    """Run the periodic task ``name`` here, unless another worker is running it: False then.

    Beat must run as one process (compose: one ``beat`` service, never scaled), yet a beat
    restarted in the middle of its tick, a second beat started by mistake, or a message
    redelivered to a second worker can still ask for one run twice at the same time. The first
    to add the key to the shared cache (Redis) runs; the other finds it and does nothing. The
    key expires after ``lock_seconds``, so a worker killed mid-run holds nothing for long. The
    tasks are idempotent too (a run after this one creates and sends nothing more); the lock
    keeps two runs from racing each other over the same rows. With the cache down the task runs
    (the fail-soft cache grants every add): doing the idempotent work twice is better than
    skipping it.
    """
    from celery import current_app

    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    task = current_app.tasks[name]
    key = f"{PERIODIC_LOCK_PREFIX}{name}"
    token = uuid.uuid4().hex
    if not cache.add(key, token, timeout=lock_seconds):
        logger.info("Periodic task %s is already running elsewhere: skipped", name)
        return False
    try:
        task()
    finally:
        # Release only our own lock: past its expiry another run may hold the key.
        if cache.get(key) == token:
            cache.delete(key)
    return True


@shared_task(name="core.periodic", ignore_result=True)
def periodic_task(name: str, lock_seconds: int) -> bool:
    """What beat sends for every entry of ``CELERY_BEAT_SCHEDULE`` (config/settings.py)."""
    return run_periodic(name, lock_seconds=lock_seconds)
