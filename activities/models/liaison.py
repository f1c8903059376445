"""Liaison talks (个别谈话): the liaison office talks one-to-one with representatives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class AreaScoped(ScopedQuerySet):
    scope_path_field = "area__path"


class LiaisonTalk(models.Model):
    """个别谈话: the liaison office talks one-to-one with a representative (about four a month)."""

    area = models.ForeignKey("workrooms.Area", on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        "representatives.Representative", on_delete=models.CASCADE, related_name="talks"
    )
    talked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    date = models.DateField(_("date"))
    summary = models.TextField(_("what was discussed"))
    suggestions = models.TextField(_("the representative's suggestions"), blank=True)

    objects = AreaScoped.as_manager()

    class Meta:
        verbose_name = _("liaison talk")
        verbose_name_plural = _("liaison talks")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["area", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.representative}"
