"""Writes to workrooms and their checklists. Views call these; they check nothing about roles."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import Conflict
from workrooms.models import ChecklistEntry, ChecklistItem, Workroom


def checklist_entry_save(*, workroom: Workroom, item: ChecklistItem, form, actor) -> ChecklistEntry:
    """Record a workroom's standing on one standard item from a validated ChecklistEntryForm."""
    entry = form.save(commit=False)
    entry.workroom = workroom
    entry.item = item
    entry.checked_by = actor
    old_photo = None
    if entry.pk:
        old_photo = (
            ChecklistEntry.objects.filter(pk=entry.pk).values_list("photo", flat=True).first()
        )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        # Two clerks created the first entry for this item at once; the other one won.
        raise Conflict(
            _("Someone recorded this item at the same moment. Check it and save again.")
        ) from exc
    if old_photo and old_photo != entry.photo.name:
        # Replaced evidence is deleted only once the new entry is safely stored.
        transaction.on_commit(lambda: entry.photo.storage.delete(old_photo))
    return entry
