from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    REQUEST = "request", _("Request")
    WISH = "wish", _("Micro-wish")


class Submission(models.Model):
    """What a resident sent from a workroom's public page, and the key to follow it.

    The tracking code itself is never stored: only its SHA-256 (``public.codes``), so neither a
    database dump nor staff can read it back; the resident is shown it once (and may have it
    sent by SMS). The consent to the personal-information notice is recorded with its version.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionKind.choices)
    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="public_submissions",
        verbose_name=_("workroom"),
    )
    petition = models.OneToOneField(
        "petitions.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("request"),
    )
    wish = models.OneToOneField(
        "activities.Wish",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("micro-wish"),
    )
    code_digest = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    consent_version = models.CharField(_("personal-information notice accepted"), max_length=20)
    code_sent_by_sms = models.BooleanField(_("code sent by SMS"), default=False)

    class Meta:
        verbose_name = _("public submission")
        verbose_name_plural = _("public submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="request", petition__isnull=False, wish__isnull=True)
                    | models.Q(kind="wish", wish__isnull=False, petition__isnull=True)
                ),
                name="submission_holds_its_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"
