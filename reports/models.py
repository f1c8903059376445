"""Monthly reports (月度报告): a stored row per (kind, subject, month) and its PDF file.

The row exists before the file: the task renders into it, replaces any earlier file and records
failure on the row, so the liaison office sees every report's state on one page.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet, scope_q
from core.downloads import safe_filename
from core.months import next_month


class ReportKind(models.TextChoices):
    WORKROOM = "workroom", _("Workroom month report")
    DISTRICT = "district", _("District roll-up")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportQuerySet(ScopedQuerySet):
    # A report is about a workroom or an area: in scope when that subject is.
    scope_path_field = "workroom__area__path"

    def also_visible(self, user, *, kinds=None):
        return scope_q(user, "area__path", kinds=kinds)


def report_upload_to(instance, filename):
    return f"reports/{instance.month:%Y-%m}/{filename}"


class Report(models.Model):
    """One report: a workroom's month (kind workroom) or a district's roll-up (kind district)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("workroom"),
    )
    area = models.ForeignKey(
        "workrooms.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("area"),
    )
    # The first day of the month reported on.
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Pending: by when a worker must have claimed it (else its message was lost); running: until
    # when its worker holds it (else the worker died). The sweep acts on rows past it.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("monthly report", "report")
        verbose_name_plural = _("reports")
        ordering = ["-month", "kind", "pk"]
        constraints = [
            # One report per (kind, subject, month): regenerating replaces the file.
            models.UniqueConstraint(
                fields=["kind", "workroom", "month"],
                condition=Q(kind="workroom"),
                name="report_one_per_workroom_month",
            ),
            models.UniqueConstraint(
                fields=["kind", "area", "month"],
                condition=Q(kind="district"),
                name="report_one_per_area_month",
            ),
            models.CheckConstraint(
                condition=(Q(kind="workroom", workroom__isnull=False, area__isnull=True))
                | Q(kind="district", area__isnull=False, workroom__isnull=True),
                name="report_subject_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "month"])]

    def __str__(self):
        return f"{self.subject_name} {self.month:%Y-%m}"

    @property
    def subject(self):
        return self.workroom if self.kind == ReportKind.WORKROOM else self.area

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return subject.name if subject else ""

    @property
    def download_name(self) -> str:
        # A workroom's name is typed by people: markup or slashes in it must not reach the file
        # name the browser saves ("<b>书院路</b>" once gave "b_-2026年11月月报.pdf").
        return safe_filename(f"{self.subject_name}-{self.month:%Y年%m月}月报.pdf")

    @property
    def is_busy(self) -> bool:
        return self.status in (ReportStatus.PENDING, ReportStatus.RUNNING)

    @property
    def is_provisional(self) -> bool:
        """Rendered before its month ended: figures as of then, a preview to make again."""
        if self.generated_at is None:
            return False
        return timezone.localtime(self.generated_at).date() < next_month(self.month)
