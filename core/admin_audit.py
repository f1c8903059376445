"""Every change made in the Django admin goes into the one audit log too.

The admin keeps its own ``LogEntry`` rows; those are not where the liaison office looks, and
they are easy to lose. A saved ``LogEntry`` (an addition, a change, a deletion of one object)
writes an ``AuditEntry`` with who and what; deleting several objects at once goes through the
audited ``delete_selected`` below, because Django writes those log rows in bulk, without
signals.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import actions
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import AuditEntry

ACTIONS = {ADDITION: "admin_add", CHANGE: "admin_change", DELETION: "admin_delete"}


def _entry(log: LogEntry) -> AuditEntry:
    return AuditEntry(
        content_type_id=log.content_type_id,
        object_id=int(log.object_id) if str(log.object_id).isdigit() else 0,
        action=ACTIONS.get(log.action_flag, "admin"),
        actor_id=log.user_id,
        note=log.get_change_message()[:1000],
        data={"object": log.object_repr, "admin": True},
        at=log.action_time,
    )


@receiver(post_save, sender=LogEntry)
def _audit_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        _entry(instance).save()


def audited_delete_selected(modeladmin: Any, request: Any, queryset: Any) -> Any:
    """Django's "delete selected", then the audit entries of what it deleted."""
    before = {obj.pk: str(obj) for obj in queryset}
    response = actions.delete_selected(modeladmin, request, queryset)
    gone = set(before) - set(
        queryset.model._base_manager.filter(pk__in=before).values_list("pk", flat=True)
    )
    if gone and len(gone) > 1:
        # One object's deletion saved its LogEntry one by one (the signal above wrote it).
        logs = LogEntry.objects.filter(
            user_id=request.user.pk, action_flag=DELETION, object_id__in=[str(pk) for pk in gone]
        )
        AuditEntry.objects.bulk_create([_entry(log) for log in logs])
    return response


audited_delete_selected.allowed_permissions = ("delete",)  # type: ignore[attr-defined]
audited_delete_selected.short_description = actions.delete_selected.short_description  # type: ignore[attr-defined]


def install(site: admin.AdminSite) -> None:
    """The admin for superusers only, with the audited bulk delete."""
    site.has_permission = lambda request: bool(  # type: ignore[method-assign]
        request.user.is_active and request.user.is_superuser
    )
    site.add_action(audited_delete_selected, "delete_selected")
