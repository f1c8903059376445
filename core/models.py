"""The audit log: one row for every change of state and every sensitive read, in every app.

Written through ``core.audit`` only, in the same transaction as the change it records. Think of
pretix's ``LogEntry`` or Zulip's ``RealmAuditLog``: one model, one call.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        """The entries about ``obj``, oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).order_by("at", "pk")


class AuditEntry(models.Model):
    """Who did what to which object, when, from which state to which, with a note."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    # PROTECT: a user who acted is deactivated, never deleted, so the record keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    # Empty for a read of many rows at once (an export): the entry is about the model then;
    # set for an export about one object (a representative's record).
    object_id = models.PositiveBigIntegerField(
        pgettext_lazy("audit entry", "record"), null=True, blank=True
    )
    subject = GenericForeignKey("content_type", "object_id")
    # The machine's move ("receive", "approve", "claim") or the read ("reveal", "export").
    action = models.CharField(_("what"), max_length=30)
    from_state = models.CharField(
        pgettext_lazy("state before a move", "from"), max_length=20, blank=True
    )
    to_state = models.CharField(
        pgettext_lazy("state after a move", "to"), max_length=20, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # The move's own fields (triage, handler, deadline, workrooms of a transfer, filters ...).
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class GenuineManager(models.Manager):
    """The default manager of what the public can submit (requests, wishes): rows staff marked
    as spam or abuse (``spam_at`` set) are kept for the record, through a second manager
    ``with_spam``, but leave every list, queue, count and monthly figure."""

    def get_queryset(self):
        return super().get_queryset().filter(spam_at__isnull=True)


class FormToken(models.Model):
    """A creating form's token, used once (``core.once``): the unique key makes one of several
    submissions of the same rendered form the one that creates; the others find its object."""

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.key[:12]
