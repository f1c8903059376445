"""Study (研学): an area's yearly study plan and the sessions held, with who attended."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class StudyQuerySet(ScopedQuerySet):
    scope_path_field = "area__path"


class StudyPlan(models.Model):
    """研学制度化: a yearly study plan of an area."""

    area = models.ForeignKey("workrooms.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=160)
    content = models.TextField(_("plan"))

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "pk"]

    def __str__(self):
        return self.title


class StudySession(models.Model):
    area = models.ForeignKey("workrooms.Area", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        StudyPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=160)
    record = models.TextField(_("record"), blank=True)
    attended = models.ManyToManyField(
        "representatives.Representative", blank=True, related_name="study_sessions"
    )

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"
