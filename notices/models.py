"""Notifications: what happened (``Notice``, once per event key), who was told (``Notification``,
one per person: their inbox), how it was carried (``Delivery``, one per channel and person, or
per group robot), the robots themselves (``RobotWebhook``) and each person's choices
(``NoticePreference``).

A notice is written inside the transaction of the change it reports; its deliveries are queued
after the commit and claimed one by one (``notices.delivery``), so a rolled-back change tells
nobody and no delivery goes out twice.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeKind(models.TextChoices):
    """What a notice is about: the events that ask someone to act."""

    ASSIGNED = "assigned", _("Request assigned to you")
    DUE_SOON = "due_soon", _("Request due in one working day")
    OVERDUE = "overdue", _("Request overdue")
    RETURNED = "returned", _("Request sent back to handling")
    TRANSFERRED = "transferred", _("Request transferred to your workroom")
    REFERRED = "referred", _("A referral (请示) asked of you")
    REFERRAL_ANSWERED = "referral_answered", _("Your referral (请示) answered")
    SWAP_ASKED = "swap_asked", _("Swap asked of you")
    SWAP_ACCEPTED = "swap_accepted", _("Swap waiting for approval")
    SWAP_DECIDED = "swap_decided", _("Swap decided")
    RESEARCH_FORWARDED = "research_forwarded", _("Research report forwarded")
    RESEARCH_OVERDUE = "research_overdue", _("Research reply overdue")
    REPORT_FAILED = "report_failed", _("Monthly report failed")
    ONLINE = "online", _("Raised online by a resident")
    # Not a notice to staff: the kind of the SMS that gives a resident their tracking code
    # (providers that send only approved templates map it to theirs).
    TRACKING_CODE = "tracking_code", _("Tracking code for a resident")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


# Channels that reach one person; the others post to a group chat.
PERSONAL_CHANNELS = (Channel.EMAIL, Channel.SMS)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("delivery status", "Queued")
    SENDING = "sending", pgettext_lazy("delivery status", "Sending")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")


class Notice(models.Model):
    """One event worth telling people about, e.g. "request 2026-000123 is now yours".

    ``key`` names the event ("petitions.assigned:123:4"): notifying twice with the same key adds
    nobody twice. Title and body are in the site's language (what the group robots post); each
    person's copy is in their own language (``Notification``).
    """

    key = models.CharField(_("event"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # A path on this site ("/requests/123/"); channels make it absolute with SITE_URL.
    url = models.CharField(_("page address"), max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    # Where the event belongs, for the group robots: a workroom or an area.
    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workroom"),
    )
    area = models.ForeignKey(
        "workrooms.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.title


class Notification(models.Model):
    """A notice in one person's inbox, written in their language."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("notice")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same event never reaches the same person twice.
            models.UniqueConstraint(
                fields=["notice", "recipient"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class RobotKind(models.TextChoices):
    WECOM = Channel.WECOM.value, _("WeCom")
    DINGTALK = Channel.DINGTALK.value, _("DingTalk")


class RobotWebhook(models.Model):
    """A group chat's robot (群机器人) of a workroom or of an area (a district, a subdistrict).

    An event goes to the robots of its workroom, else to those of the nearest area up the tree
    that has any. DingTalk robots set to "加签" need the secret (it starts with SEC).
    """

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=RobotKind.choices)
    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name=_("workroom"),
    )
    area = models.ForeignKey(
        "workrooms.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name=_("area"),
    )
    url = models.URLField(_("webhook address"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk only, when the robot's security setting is “加签”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(workroom__isnull=False, area__isnull=True)
                | Q(workroom__isnull=True, area__isnull=False),
                name="robot_of_a_workroom_or_an_area",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.workroom_id is None) == (self.area_id is None):
            raise ValidationError(_("Choose either a workroom or an area."))
        if self.secret and self.kind != RobotKind.DINGTALK:
            raise ValidationError({"secret": _("Only DingTalk robots have a signing secret.")})


class NoticePreference(models.Model):
    """A person's channels besides the inbox. No row: e-mail on, SMS off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_preference",
        verbose_name=_("user"),
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class Delivery(models.Model):
    """One sending of a notice: to a person by e-mail or SMS, or to a group robot.

    Claimed with a conditional UPDATE (queued → sending) before anything is sent, so two workers
    never both send it; retried a bounded number of times, then left failed with the error, for
    an administrator to see.
    """

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notice")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    robot = models.ForeignKey(
        RobotWebhook,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("group robot"),
    )
    # Where it went, recorded when sent: an e-mail address, a masked phone, a robot's host.
    address = models.CharField(_("sent to"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    claimed_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    # Queued: by when a worker must have claimed it (else its message was lost); sending: until
    # when its worker holds it (else the worker died). The sweep acts on rows past it.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Never twice for the same event and channel: per person, and per robot.
            models.UniqueConstraint(
                fields=["notice", "channel", "recipient"],
                condition=Q(recipient__isnull=False),
                name="delivery_once_per_recipient_channel",
            ),
            models.UniqueConstraint(
                fields=["notice", "robot"],
                condition=Q(robot__isnull=False),
                name="delivery_once_per_robot",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, robot__isnull=True)
                | Q(recipient__isnull=True, robot__isnull=False),
                name="delivery_to_a_person_or_a_robot",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.notice}"
