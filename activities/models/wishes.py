from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from core.models import GenuineManager


class WishStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled")
    CONFIRMED = "confirmed", _("Confirmed")


class WishQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


class Wish(models.Model):
    """A micro-wish (微心愿): 基层出题 (a resident posts it), 代表答题 (a representative claims and
    fulfils it), then the resident or a clerk confirms."""

    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="wishes",
        verbose_name=_("workroom"),
    )
    # Personal data: masked on the public board.
    resident_name = models.CharField(_("whose wish"), max_length=40)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True)
    content = models.CharField(_("the wish"), max_length=200)
    place = models.CharField(_("where"), max_length=120, blank=True)
    # Empty for a wish a resident posted online (public/).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    status = models.CharField(
        _("status"), max_length=10, choices=WishStatus.choices, default=WishStatus.OPEN
    )
    claimed_by = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_wishes",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    fulfilled_how = models.TextField(_("how it was fulfilled"), blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    fulfilled_photo = models.ImageField(_("photo"), upload_to="wishes/", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Marked as spam or abuse by staff: kept, but off the board, the lists and the counts.
    spam_at = models.DateTimeField(_("marked as spam at"), null=True, blank=True)
    spam_reason = models.CharField(_("why it is spam"), max_length=200, blank=True)
    deidentified_at = models.DateTimeField(_("de-identified at"), null=True, blank=True)

    objects = GenuineManager.from_queryset(WishQuerySet)()
    with_spam = WishQuerySet.as_manager()

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["workroom", "status"]),
            models.Index(fields=["claimed_by", "status"]),
            models.Index(fields=["fulfilled_at"]),
            models.Index(fields=["spam_at"]),
        ]

    def __str__(self):
        return self.content
