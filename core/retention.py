"""How long personal data is kept (PIPL), in one place for every app.

Residents' names, phone numbers and addresses are kept while their matter is handled and then
for ``PERSONAL_DATA_RETENTION_DAYS`` (3 years by default) after it was closed; then a nightly
task de-identifies them (``petitions.retention``, ``activities.services.wishes``), keeping the
request, its steps and every figure. The audit log itself is never shortened below
``AUDIT_RETENTION_DAYS`` (3 years at least): nothing in the app deletes audit entries.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

# What a de-identified name reads as: the record still says there was a resident.
DEIDENTIFIED_NAME = "（已去标识）"


def cutoff(now: datetime | None = None) -> datetime:
    """Records closed before this moment are past their retention."""
    return (now or timezone.now()) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
