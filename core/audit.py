"""One call to record what happened: ``audit.log(obj, "receive", actor=user, ...)``.

Every change of state (through ``core.transitions``) and every sensitive read (a resident's
full particulars revealed, an export of personal data) is written here, in the caller's
transaction: if the change rolls back, so does its entry. Histories of requests, swaps, wishes
and the rest are read back with ``history``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.models import AuditEntry

# Who acted, for entries without a user: an outsider's role (``core.transitions.Outsider``).
OUTSIDERS = {"resident": gettext_lazy("The resident (online)")}

# Actions of reads, shared by every app: what PIPL asks us to be able to tell.
REVEAL = "reveal"
EXPORT = "export"


def log(subject: models.Model, action: str, *, actor: Any, **details: Any) -> AuditEntry:
    """Record ``action`` on ``subject`` by ``actor`` (a user, or None for the system);
    ``details`` are ``unsaved``'s: from_state, to_state, note, data, at."""
    entry = unsaved(subject, action, actor=actor, **details)
    entry.save()
    return entry


def log_all(entries: Iterable[AuditEntry]) -> None:
    """Write many ``unsaved`` entries at once (data built in bulk, like the demo's)."""
    AuditEntry.objects.bulk_create(list(entries), batch_size=2000)


def unsaved(
    subject: models.Model,
    action: str,
    *,
    actor: Any,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """An entry for ``log_all``; ``log`` writes one at once."""
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=dict(data or {}),
        at=at or timezone.now(),
    )


def log_export(
    model: type[models.Model],
    *,
    actor: Any,
    rows: int,
    query: str = "",
    subject: models.Model | None = None,
    personal: Iterable[Any] = (),
) -> AuditEntry:
    """Record that ``actor`` exported ``rows`` rows of ``model`` (with the list's ``query``).
    ``subject``: the one ``model`` object the export is about, when it is about one (a
    representative's record, a district's roll-up), so the entry says which.

    Called after ``core.xlsx`` has written the sheets, with ``rows=sheet.written``: the count
    is what actually left, and costs no COUNT query of its own. ``personal``: the ids of the
    rows whose personal data left in full (PIPL: which records, not only how many)."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=subject.pk if subject is not None else None,
        action=EXPORT,
        actor=actor if getattr(actor, "pk", None) else None,
        data=_export_data(rows, query, personal),
    )


def _export_data(rows: int, query: str, personal: Iterable[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"rows": rows, "query": query}
    ids = sorted({int(pk) for pk in personal})
    if ids:
        data["personal_data_of"] = ids
    return data


# The action of an entry recording that someone saw personal data in full (PIPL).
READ = "read_personal_data"
# The same person reloading the same page does not write a new entry every time.
READ_QUIET_SECONDS = 10 * 60


def log_read(
    model: type[models.Model], ids: Iterable[Any], *, actor: Any, where: str
) -> AuditEntry | None:
    """Record that ``actor`` saw the personal data of ``model`` rows ``ids`` in full (a
    resident's phone on a request page, representatives' phones in a list): who, when,
    which records, where. One entry per page shown (the entry's object when it is one record,
    the ids in its data otherwise); none when nothing was shown in full or the same person saw
    the same records there in the last minutes."""
    records = sorted({int(pk) for pk in ids})
    if not records or not getattr(actor, "pk", None):
        return None
    key = (
        "audit.read:"
        + hashlib.sha256(f"{actor.pk}|{model._meta.label}|{where}|{records}".encode()).hexdigest()
    )
    try:
        if not cache.add(key, 1, timeout=READ_QUIET_SECONDS):
            return None
    except Exception:  # the cache is down: write the entry rather than lose it
        pass
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=records[0] if len(records) == 1 else None,
        action=READ,
        actor=actor,
        data={"where": where, "records": records},
    )


def latest(subject: models.Model) -> AuditEntry | None:
    """The newest entry about ``subject``, with its actor."""
    return (
        AuditEntry.objects.for_object(subject)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


@dataclass
class HistoryItem:
    """One line of an object's history page: the entry, its label and its details spelled out."""

    entry: AuditEntry
    label: str
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def actor_name(self) -> str:
        actor = self.entry.actor
        if actor is not None:
            return actor.display_name
        return str(OUTSIDERS.get(self.entry.data.get("by"), ""))


def history(
    subject: models.Model,
    *,
    labels: Mapping[str, Any],
    details: Callable[[AuditEntry], list[tuple[str, str]]] | None = None,
    exclude: Iterable[str] = (),
) -> list[HistoryItem]:
    """``subject``'s entries, oldest first, labelled from ``labels`` (action → label) and
    spelled out by ``details``; one query."""
    entries = AuditEntry.objects.for_object(subject).select_related("actor")
    if exclude:
        entries = entries.exclude(action__in=list(exclude))
    return [
        HistoryItem(
            entry,
            str(labels.get(entry.action, entry.action)),
            details(entry) if details is not None else [],
        )
        for entry in entries
    ]
