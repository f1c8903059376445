"""Sending the deliveries, and the Celery tasks that do it (they take ids and are safe to run
twice: a delivery is claimed before anything is sent).

1. ``claim``: one conditional UPDATE, queued → sending, that also counts the attempt. Of two
   workers given the same delivery (a redelivered message, the sweep meeting a retry) exactly
   one gets the row; the other sends nothing.
2. send over the channel (``notices.channels``);
3. record: sent, or the error and back to queued for a retry, or failed once
   ``NOTICE_ATTEMPTS`` attempts were made. Failed deliveries stay in the admin (filter by
   status); the notification itself is in the inbox whatever happens to its deliveries.

A worker that dies while sending leaves the row "sending"; after ``LEASE`` it may be claimed
again (``requeue_stalled``, every few minutes). That is the one way a message can go out twice:
a worker that hung for longer than the lease and then sent after all.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from notices.channels import post_to_robot, send_email, send_sms
from notices.models import Channel, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

S = DeliveryStatus
SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"
# Longer than any one attempt can take (timeouts are seconds): a row "sending" for longer
# belongs to a worker that died.
LEASE = timedelta(minutes=10)
# A queued delivery nobody has tried after this long lost its message (broker down at commit).
STALLED = timedelta(minutes=5)


def max_attempts() -> int:
    return max(1, int(settings.NOTICE_ATTEMPTS))


def claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for this attempt, or None when it is not ours to send (sent, failed,
    or being sent by another worker)."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id)
        .filter(Q(status=S.QUEUED) | Q(status=S.SENDING, claimed_at__lt=now - LEASE))
        .update(status=S.SENDING, attempts=F("attempts") + 1, claimed_at=now)
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
        Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(
            status=S.FAILED if final else S.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return FAILED if final else RETRY
    Delivery.objects.filter(pk=delivery.pk).update(
        status=S.SENT, sent_at=timezone.now(), address=address[:200], last_error=""
    )
    return SENT


def queue(delivery_ids: list[int]) -> None:
    """Hand each delivery to a worker (in-process when there is no broker). One that cannot be
    queued stays queued in the database for ``requeue_stalled``."""
    for delivery_id in delivery_ids:
        try:
            deliver.delay(delivery_id)
        except Exception:
            logger.exception("Delivery %s could not be queued", delivery_id)


def requeue_stalled() -> int:
    """Queue again what waits too long: queued and never tried (its message was lost), or
    "sending" past the lease (its worker died). Returns how many."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(
            Q(status=S.QUEUED, attempts=0, created_at__lt=now - STALLED)
            | Q(status=S.SENDING, claimed_at__lt=now - LEASE)
        ).values_list("pk", flat=True)[:500]
    )
    queue(ids)
    return len(ids)


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
        delay = int(settings.NOTICE_RETRY_DELAY) * 2**self.request.retries
        raise self.retry(countdown=delay, max_retries=max_attempts())
    return outcome


@shared_task(acks_late=True, name="notices.requeue_stalled")
def requeue_stalled_task() -> int:
    """Beat, every ten minutes: deliveries whose message was lost are queued again."""
    return requeue_stalled()
