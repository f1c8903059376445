"""The activity log (活动台账): activity types, activities and their photos."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class ActivityType(models.Model):
    """宣讲、微党课、送课、走访、微议事 ...: shipped by a data migration; a deployment adds its own."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Types whose meetings may register requests directly (visits, forums, deliberation).
    produces_requests = models.BooleanField(_("may register requests"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class DeliberationKind(models.TextChoices):
    PAVILION = "pavilion", _("Pavilion deliberation (凉亭议事会)")
    FOUR_PARTY = "four_party", _("Four-party deliberation (四联议事会)")
    ROUND_TABLE = "round_table", _("Round-table deliberation (圆桌议事会)")
    OTHER = "other", _("Other deliberation")


class ActivityQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


class Activity(models.Model):
    """One activity of a workroom: a lecture, a visit, a meeting, a course delivered ..."""

    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("workroom"),
    )
    type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="activities", verbose_name=_("type")
    )
    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    representatives = models.ManyToManyField(
        "representatives.Representative",
        blank=True,
        related_name="activities",
        verbose_name=_("participating representatives"),
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("number of attendees"), default=0)
    # Micro-deliberation meetings (微议事) only.
    deliberation_kind = models.CharField(
        _("kind of deliberation"), max_length=12, choices=DeliberationKind.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["workroom", "date"]),
            models.Index(fields=["type", "date"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


def photo_upload_to(instance, filename):
    return f"activities/{instance.activity_id}/{filename}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("activity")
    )
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_upload_to, blank=True)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or self.image.name
