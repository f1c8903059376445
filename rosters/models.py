from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class RuleKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly on given weekdays")
    MONTH_DAYS = "month_days", _("Monthly on given days of the month")
    MONTH_NTH = "month_nth", _("Monthly on the n-th weekday")


class HolidayPolicy(models.TextChoices):
    SKIP = "skip", _("Skip the shift")
    MOVE = "move", _("Move to the next working day")


WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
WEEKDAY_SHORT = {
    1: pgettext_lazy("short weekday", "Mon"),
    2: pgettext_lazy("short weekday", "Tue"),
    3: pgettext_lazy("short weekday", "Wed"),
    4: pgettext_lazy("short weekday", "Thu"),
    5: pgettext_lazy("short weekday", "Fri"),
    6: pgettext_lazy("short weekday", "Sat"),
    7: pgettext_lazy("short weekday", "Sun"),
}
NTH_CHOICES = [
    (1, _("first")),
    (2, _("second")),
    (3, _("third")),
    (4, _("fourth")),
    (-1, _("last")),
]


class RotationRuleQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


class RotationRule(models.Model):
    """How a workroom's reception duty recurs (轮值接访), e.g. every Tuesday and Thursday 9:00–11:30,
    or the 10th and 25th of each month, or the second Tuesday."""

    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.CASCADE,
        related_name="rotation_rules",
        verbose_name=_("workroom"),
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("pattern"), max_length=12, choices=RuleKind.choices)
    # ISO weekdays (1 = Monday), comma-separated: "2,4". For MONTH_NTH exactly one.
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True)
    # Days of the month, comma-separated: "10,25" (MONTH_DAYS).
    month_days = models.CharField(_("days of the month"), max_length=100, blank=True)
    nth = models.SmallIntegerField(_("which"), choices=NTH_CHOICES, null=True, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    representatives_per_shift = models.PositiveSmallIntegerField(
        _("representatives per shift"), default=1
    )
    with_liaison = models.BooleanField(_("a liaison officer on duty too"), default=True)
    on_holiday = models.CharField(
        _("on a public holiday"),
        max_length=8,
        choices=HolidayPolicy.choices,
        default=HolidayPolicy.MOVE,
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RotationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotation rule")
        verbose_name_plural = _("rotation rules")
        ordering = ["workroom", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="rule_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(representatives_per_shift__gte=1), name="rule_needs_representative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays.split(",") if d.strip()]

    @property
    def month_day_list(self) -> list[int]:
        return [int(d) for d in self.month_days.split(",") if d.strip()]

    @property
    def times_display(self) -> str:
        return (
            f"{self.start_time.hour}:{self.start_time:%M}–{self.end_time.hour}:{self.end_time:%M}"
        )

    def describe(self) -> str:
        """The pattern in words, e.g. "每周二、周四 9:00–11:30" or "每月第二个周二 9:00–11:30"."""
        separator = "、" if (get_language() or "").startswith("zh") else ", "
        times = self.times_display
        if self.kind == RuleKind.WEEKLY:
            days = separator.join(str(WEEKDAY_SHORT.get(d, d)) for d in self.weekday_list)
            return _("Every %(days)s %(times)s") % {"days": days, "times": times}
        if self.kind == RuleKind.MONTH_DAYS:
            days = separator.join(str(d) for d in self.month_day_list)
            return _("Monthly on day %(days)s, %(times)s") % {"days": days, "times": times}
        weekday = WEEKDAY_SHORT.get(self.weekday_list[0], "") if self.weekday_list else ""
        return _("Monthly on the %(nth)s %(weekday)s, %(times)s") % {
            "nth": self.get_nth_display() or "",
            "weekday": weekday,
            "times": times,
        }


class DutyShiftQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


class DutyShift(models.Model):
    """One reception duty (值班) at a workroom on a date, staffed by representatives."""

    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.CASCADE,
        related_name="duty_shifts",
        verbose_name=_("workroom"),
    )
    rule = models.ForeignKey(
        RotationRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("rotation rule"),
    )
    # The date the rule produced before any holiday move: generation finds its shifts by it,
    # so running it again creates nothing twice.
    rule_date = models.DateField(_("scheduled by rule for"), null=True, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    liaison_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_duties",
        verbose_name=_("liaison officer on duty"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Set when someone edits the shift by hand: generation never touches it again.
    edited_by_hand = models.BooleanField(_("edited by hand"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "rule_date"],
                condition=Q(rule__isnull=False),
                name="shift_once_per_rule_date",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="shift_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["workroom", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.workroom} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))


class Attendance(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    WORKED = "worked", _("Worked")
    MISSED = "missed", _("Missed")


class DutyQuerySet(ScopedQuerySet):
    scope_path_field = "shift__workroom__area__path"


class Duty(models.Model):
    """A representative on a duty shift, and whether they turned up (签到)."""

    shift = models.ForeignKey(
        DutyShift, on_delete=models.CASCADE, related_name="duties", verbose_name=_("shift")
    )
    representative = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.CASCADE,
        related_name="duties",
        verbose_name=_("representative"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.SCHEDULED
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["shift__date", "shift__start_time", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "representative"], name="duty_once_per_shift"),
        ]
        indexes = [
            models.Index(fields=["representative", "attendance"]),
            # The monthly rule counts shifts worked per workroom and month: a district's year
            # of shifts is checked against this small index, never the duties' rows.
            models.Index(
                fields=["shift"],
                condition=Q(attendance=Attendance.WORKED),
                name="duty_worked",
            ),
        ]

    def __str__(self):
        return f"{self.representative} · {self.shift}"


class SwapStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the other representative")
    ACCEPTED = "accepted", _("Waiting for the liaison officer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined by the other representative")
    REJECTED = "rejected", _("Rejected by the liaison officer")
    CANCELLED = "cancelled", _("Withdrawn")


class SwapRequestQuerySet(ScopedQuerySet):
    scope_path_field = "duty__shift__workroom__area__path"

    def also_visible(self, user, *, kinds=None):
        # The people a swap concerns see it wherever they are stationed.
        return (
            models.Q(requested_by=user)
            | models.Q(requester__user=user)
            | models.Q(counterpart__user=user)
            | models.Q(duty__representative__user=user)
        )


class SwapRequest(models.Model):
    """A representative asks another to take their duty, optionally in exchange for one of the
    other's duties; the other accepts; the liaison officer approves. Every step is kept."""

    duty = models.ForeignKey(
        Duty, on_delete=models.CASCADE, related_name="swaps_out", verbose_name=_("duty given")
    )
    # Who gives the duty away. Kept apart from the duty, which changes hands on approval, and
    # from ``requested_by``, the account that asked (none for someone without an account).
    requester = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.CASCADE,
        null=True,
        related_name="swaps_out",
        verbose_name=_("asked by"),
    )
    counterpart = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.CASCADE,
        related_name="swaps_in",
        verbose_name=_("other representative"),
    )
    counterpart_duty = models.ForeignKey(
        Duty,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="swaps_offered",
        verbose_name=_("duty taken in exchange"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.REQUESTED
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=200, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Bumped by every move: a move is claimed with UPDATE ... WHERE status = seen AND version =
    # seen, so of two people deciding at once exactly one succeeds.
    version = models.PositiveIntegerField(default=1)

    objects = SwapRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.duty} → {self.counterpart}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address for a calendar feed: a user's own duties, or a workroom's schedule.

    The token is the only credential (calendar apps cannot sign in), so it can be reset.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
    )
    workroom = models.OneToOneField(
        "workrooms.Workroom",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, workroom__isnull=True)
                | Q(user__isnull=True, workroom__isnull=False),
                name="feed_for_user_or_workroom",
            ),
        ]

    def __str__(self):
        return f"{self.user or self.workroom} · {_('calendar feed')}"

    def reset(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token"])
