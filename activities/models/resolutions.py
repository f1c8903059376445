"""Micro-deliberation resolutions (微议事 议定事项): the matters a meeting agreed, followed up
until done."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models.log import Activity


class ResolutionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Resolution(models.Model):
    """A matter agreed at a micro-deliberation meeting (议定事项), followed up until done."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    text = models.TextField(_("matter agreed"))
    owner = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("owner"),
    )
    owner_note = models.CharField(_("owner (other)"), max_length=100, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("micro-deliberation", "resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.text[:40]
