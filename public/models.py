from django.db import models
from django.utils.translation import gettext_lazy as _

from notices.models import DeliveryStatus


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


class CodeSms(models.Model):
    """The SMS that carries a submission's tracking code: an outbox row, so a message that
    could not be queued (the broker was down) or whose worker died is sent later by the sweep,
    once (``public.submissions``).

    The code waits sealed (``public.codes.seal``), never in plain text, and the seal is wiped
    once the message is sent or given up; the phone number is read from the request or wish
    when sending. Claimed with a conditional UPDATE and a lease, as notices' deliveries are.
    """

    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        related_name="code_sms",
        verbose_name=_("public submission"),
    )
    sealed_code = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("error"), blank=True)
    # Where it went, when sent: the masked phone number.
    address = models.CharField(_("sent to"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    # As on notices' deliveries: queued, by when a worker must have claimed it; sending, until
    # when its worker holds it. The sweep acts on rows past it.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracking code SMS")
        verbose_name_plural = _("tracking code SMS")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_status_display()} · {self.submission}"
