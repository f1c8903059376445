from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet


class CourseTopic(models.TextChoices):
    PARTY_SPIRIT = "party_spirit", _("Party spirit education")
    PARTY_HISTORY = "party_history", _("Party history")
    THEORY = "theory", _("Political theory")
    POLICY = "policy", _("Policies and regulations")
    SKILLS = "skills", _("Work skills")
    OTHER = "other", _("Other")


class CourseQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


class Course(models.Model):
    """A menu course (菜单课程) a representative offers: 学员点单、党代表送课."""

    workroom = models.ForeignKey(
        "workrooms.Workroom", on_delete=models.PROTECT, related_name="courses"
    )
    representative = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("taught by"),
    )
    title = models.CharField(_("title"), max_length=120)
    topic = models.CharField(_("topic"), max_length=16, choices=CourseTopic.choices)
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("on the menu"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("menu course")
        verbose_name_plural = _("menu courses")
        ordering = ["topic", "title"]

    def __str__(self):
        return self.title


class CourseOrderStatus(models.TextChoices):
    # Its own context: "Ordered" alone is the column of when the order was placed (点单时间).
    REQUESTED = "requested", pgettext_lazy("course order status", "Ordered")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class CourseOrderQuerySet(ScopedQuerySet):
    scope_path_field = "course__workroom__area__path"


class CourseOrder(models.Model):
    """A party branch or unit orders a course; once confirmed it becomes a 送课 activity."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="orders")
    unit = models.CharField(_("ordering branch or unit"), max_length=120)
    contact_name = models.CharField(_("contact"), max_length=40)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    preferred_dates = models.CharField(_("preferred dates"), max_length=120)
    expected_attendees = models.PositiveIntegerField(_("expected attendees"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CourseOrderStatus.choices,
        default=CourseOrderStatus.REQUESTED,
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ordered_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_order",
        verbose_name=_("scheduled activity"),
    )
    # Bumped by every decision: claimed with UPDATE ... WHERE status = seen AND version = seen.
    version = models.PositiveIntegerField(default=1)

    objects = CourseOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("course order")
        verbose_name_plural = _("course orders")
        ordering = ["-ordered_at", "-pk"]

    def __str__(self):
        return f"{self.unit} · {self.course}"
