"""De-identifying requests past their retention (``core.retention``): archived (or set aside as
spam) longer than ``PERSONAL_DATA_RETENTION_DAYS`` ago, the resident's name, phone and address
are removed; the request, its steps, its figures and its audit log stay. Each request gets an
audit entry (by the system) saying so."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from core.retention import DEIDENTIFIED_NAME, cutoff
from petitions.models import EventKind, Petition, State

DEIDENTIFY = EventKind.DEIDENTIFY
BATCH = 500


def due(now: datetime | None = None):
    """Requests past their retention and still holding personal data."""
    before = cutoff(now)
    return Petition.with_spam.filter(deidentified_at__isnull=True).filter(
        Q(state=State.ARCHIVED, archived_at__lt=before) | Q(spam_at__lt=before)
    )


def deidentify(petitions, *, actor=None, reason: str = "retention") -> int:
    """Remove the resident's personal data from ``petitions`` (a queryset), with an audit
    entry each; returns how many. ``actor`` and ``reason``: an administrator answering a
    resident's request to delete their data, or the retention task (None)."""
    now = timezone.now()
    done = 0
    with transaction.atomic():
        ids = list(petitions.filter(deidentified_at__isnull=True).values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            Petition.with_spam.filter(pk__in=batch).update(
                resident_name=DEIDENTIFIED_NAME,
                resident_phone="",
                resident_address="",
                deidentified_at=now,
            )
            audit.log_all(
                audit.unsaved(
                    Petition(pk=pk), DEIDENTIFY, actor=actor, data={"reason": reason}, at=now
                )
                for pk in batch
            )
            done += len(batch)
    return done


@shared_task(name="petitions.deidentify_expired", ignore_result=True)
def deidentify_expired() -> int:
    """Nightly: de-identify every request past its retention."""
    return deidentify(due())
