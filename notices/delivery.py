"""Sending the deliveries, and the Celery tasks that do it (they take ids and are safe to run
twice: a delivery is claimed before anything is sent).

1. ``claim``: one conditional UPDATE, queued → sending, that also counts the attempt. Of two
   workers given the same delivery (a redelivered message, the sweep meeting a retry) exactly
   one gets the row; the other sends nothing.
2. send over the channel (``notices.channels``);
3. record: sent, or the error and back to queued for a retry, or failed once
   ``NOTICE_ATTEMPTS`` attempts were made. Failed deliveries stay in the admin (filter by
   status); the notification itself is in the inbox whatever happens to its deliveries.

A worker that dies while sending leaves the row "sending" until its lease (``JOB_LEASE_SECONDS``)
expires; a delivery whose message was lost (the broker was down at the commit, or for a retry)
stays queued past its pickup time. The sweep (``sweep_deliveries``, run by ``core.sweep``) queues
either again, or fails it once its attempts are used up. That is the one way a message can go
out twice: a worker that hung for longer than the lease and then sent after all.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import jobs
from notices.channels import post_to_robot, send_email, send_sms
from notices.models import Channel, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

S = DeliveryStatus
SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


def max_attempts() -> int:
    return max(1, int(settings.NOTICE_ATTEMPTS))


def claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for this attempt, or None when it is not ours to send (sent, failed,
    or being sent by another worker)."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=S.QUEUED, attempts__lt=max_attempts()
    ).update(
        status=S.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        lease_until=jobs.lease_deadline(now),
    )
    if claimed != 1:
        return None
    return Delivery.objects.select_related("notice", "recipient", "robot").get(pk=delivery_id)


def _send(delivery: Delivery) -> str:
    if delivery.robot is not None:
        if not delivery.robot.is_active:
            raise RuntimeError("the robot was switched off")
        return post_to_robot(delivery.robot, delivery.notice)
    notification = Notification.objects.select_related("notice", "recipient").get(
        notice=delivery.notice_id, recipient=delivery.recipient_id
    )
    if delivery.channel == Channel.SMS:
        return send_sms(notification)
    return send_email(notification)


def attempt(delivery_id: int) -> str:
    """One attempt at one delivery: SENT, RETRY (it failed, attempts are left), FAILED (the last
    attempt failed) or SKIPPED (not ours to send)."""
    delivery = claim(delivery_id)
    if delivery is None:
        return SKIPPED
    try:
        address = _send(delivery)
    except Exception as exc:  # every failure of a channel is recorded, whatever it is
        final = delivery.attempts >= max_attempts()
        logger.warning(
            "Delivery %s (%s) attempt %s failed: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            exc,
        )
        Delivery.objects.filter(
            pk=delivery.pk, status=S.SENDING, attempts=delivery.attempts
        ).update(
            status=S.FAILED if final else S.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            lease_until=None
            if final
            else jobs.pickup_deadline(delay=retry_delay(delivery.attempts)),
        )
        return FAILED if final else RETRY
    Delivery.objects.filter(pk=delivery.pk).update(
        status=S.SENT,
        sent_at=timezone.now(),
        address=address[:200],
        last_error="",
        lease_until=None,
    )
    return SENT


def retry_delay(attempts: int) -> int:
    """Seconds before the attempt after the ``attempts``-th: ``NOTICE_RETRY_DELAY``, doubled each
    time, kept inside the broker's visibility timeout (past it Redis would hand the waiting
    message to a second worker)."""
    delay: int = int(settings.NOTICE_RETRY_DELAY) * 2 ** max(0, attempts - 1)
    return min(delay, int(settings.CELERY_VISIBILITY_TIMEOUT) // 2)


def queue(delivery_ids: list[int]) -> None:
    """Hand each delivery to a worker (in-process when there is no broker). One that cannot be
    queued (the broker is down) stays queued in the database for the sweep."""
    for delivery_id in delivery_ids:
        try:
            jobs.enqueue(deliver, delivery_id)
        except Exception:
            # In-process, a channel's failure is recorded on the row; nothing else may stop
            # the others from going out.
            logger.exception("Delivery %s could not be sent", delivery_id)


def worker_stopped(attempts: int) -> str:
    """The error recorded on a message whose worker stopped during ``attempts``."""
    return (
        f"WorkerLost: the worker stopped during attempt {attempts} of {max_attempts()} "
        f"(no answer within {jobs.lease_seconds()} s)"
    )


def sweep_deliveries(now: datetime | None = None) -> int:
    """The sweep's part for notices (``core.sweep``): a queued delivery past its pickup time
    lost its message (the broker was down) and is queued again; one "sending" past its lease
    lost its worker and is queued again, or failed once its attempts are used up. Returns how
    many it acted on; conditional UPDATEs, so two sweeps at once act once."""
    now = now or timezone.now()
    rows = Delivery.objects.all()
    again = jobs.lost_messages(rows, waiting=S.QUEUED, since="created_at", now=now)
    failed = 0
    for held, pk, attempts in jobs.dead_workers(
        rows, running=S.SENDING, since="claimed_at", now=now
    ):
        final = attempts >= max_attempts()
        if held.update(
            status=S.FAILED if final else S.QUEUED,
            last_error=worker_stopped(attempts),
            lease_until=None if final else jobs.pickup_deadline(now),
        ):
            if final:
                failed += 1
            else:
                again.append(pk)
    queue(again)
    return len(again) + failed


def requeue_stalled() -> int:
    """The sweep for deliveries (the name beat used before ``core.sweep``)."""
    return sweep_deliveries()


def requeue_failed(delivery_ids: list[int]) -> int:
    """An administrator sends failed deliveries again (a robot's address was corrected): each
    gets its attempts back. Returns how many."""
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(pk__in=delivery_ids, status=S.FAILED).values_list(
                "pk", flat=True
            )
        )
        Delivery.objects.filter(pk__in=ids, status=S.FAILED).update(
            status=S.QUEUED, attempts=0, last_error=""
        )
        transaction.on_commit(lambda: queue(ids), robust=True)
    return len(ids)


@shared_task(bind=True, acks_late=True, name="notices.deliver")
def deliver(self: Any, delivery_id: int) -> str:
    """Send one delivery. A failure is retried with a growing delay (``NOTICE_RETRY_DELAY``
    seconds, doubled each time) until ``NOTICE_ATTEMPTS`` attempts were made; the claim counts
    them in the database, so the bound holds whoever runs the task."""
    if self.request.is_eager:
        # In-process (no broker): the page is waiting, so try again at once, within the bound.
        outcome = attempt(delivery_id)
        for _again in range(max_attempts() - 1):
            if outcome != RETRY:
                break
            outcome = attempt(delivery_id)
        return outcome
    outcome = attempt(delivery_id)
    if outcome == RETRY:
        attempts = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)
        raise self.retry(countdown=retry_delay(attempts.first() or 1), max_retries=max_attempts())
    return outcome


@shared_task(acks_late=True, name="notices.requeue_stalled")
def requeue_stalled_task() -> int:
    """Kept for messages an earlier beat queued: the sweep for deliveries (now run by
    ``core.sweep``)."""
    return sweep_deliveries()
