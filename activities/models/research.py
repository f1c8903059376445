from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet
from representatives.models import Representative


class ResearchTopicQuerySet(ScopedQuerySet):
    scope_path_field = "area__path"


class ResearchTopic(models.Model):
    """集中调查研究: every half year a topic per area."""

    area = models.ForeignKey(
        "workrooms.Area", on_delete=models.PROTECT, related_name="research_topics"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half year"), choices=[(1, _("first half")), (2, _("second half"))]
    )
    title = models.CharField(pgettext_lazy("research", "topic"), max_length=160)
    description = models.TextField(_("description"), blank=True)

    objects = ResearchTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")
        ordering = ["-year", "-half", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "half"], name="one_topic_per_half"),
        ]

    def __str__(self):
        return self.title


class ResearchReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Forwarded, awaiting reply")
    REPLIED = "replied", _("Replied")


class ResearchReportQuerySet(ScopedQuerySet):
    """The office of the topic's area, staff who see the report's representative, and the
    representative themselves."""

    scope_path_field = "topic__area__path"

    def also_visible(self, user, *, kinds=None):
        seen = Representative.objects.visible_to(user, kinds=kinds).values("pk")
        return models.Q(representative__in=seen) | models.Q(representative__user=user)


class ResearchReport(models.Model):
    """A representative's research report; the liaison office forwards it to a subdistrict or
    department, which must reply in writing within a deadline (working days)."""

    topic = models.ForeignKey(ResearchTopic, on_delete=models.PROTECT, related_name="reports")
    representative = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.PROTECT,
        related_name="research_reports",
    )
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(pgettext_lazy("the text of a research report", "report"))
    attachment = models.FileField(_("attachment"), upload_to="research/", blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ResearchReportStatus.choices,
        default=ResearchReportStatus.SUBMITTED,
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=120, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    reply_deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    reply_text = models.TextField(_("written reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ResearchReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "reply_deadline"])]

    def __str__(self):
        return self.title


class ResearchReminder(models.Model):
    """One overdue-reply reminder per report and deadline: the daily job may run any number of
    times (the unique constraint decides, on SQLite and PostgreSQL alike)."""

    report = models.ForeignKey(ResearchReport, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("research reply reminder")
        verbose_name_plural = _("research reply reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "deadline"], name="research_reminder_once_per_deadline"
            ),
        ]

    def __str__(self):
        return f"{self.report} · {self.deadline}"
