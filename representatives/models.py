from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.scope import NOTHING, ScopedQuerySet, root_paths, scope_q
from core.sql import AnyOf
from workrooms.models import Area


class Level(models.IntegerChoices):
    """Congress levels, highest first. A representative holds a set of them (``levels`` bits)."""

    NATIONAL = 5, _("National")
    PROVINCIAL = 4, _("Provincial")
    CITY = 3, _("City")
    DISTRICT = 2, _("District / county")
    TOWN = 1, _("Town")

    @property
    def bit(self) -> int:
        return 1 << self.value


# The one-character names the offices use when they list levels together: "国、省党代表".
LEVEL_SHORT = {
    Level.NATIONAL: "国",
    Level.PROVINCIAL: "省",
    Level.CITY: "市",
    Level.DISTRICT: "区",
    Level.TOWN: "乡镇",
}


def _in_chinese() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("zh")


def level_names(levels) -> str:
    """Levels as pages show them. In Chinese the offices' own short forms ("国、省"); they have no
    English form, so other languages get the levels' names ("National, Provincial").
    ``LEVEL_SHORT`` itself is data (the Excel columns are read back with it), not a text."""
    if _in_chinese():
        return "、".join(LEVEL_SHORT[Level(level)] for level in levels)
    return ", ".join(str(Level(level).label) for level in levels)


def levels_to_bits(levels) -> int:
    return sum(Level(level).bit for level in set(levels))


def bits_to_levels(bits: int) -> list[Level]:
    """The levels in ``bits``, highest first."""
    return [level for level in Level if bits & level.bit]


class WorkField(models.TextChoices):
    PARTY_GOVERNMENT = "government", _("Party and government bodies")
    ENTERPRISE = "enterprise", _("Enterprises")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    AGRICULTURE = "agriculture", _("Agriculture and villages")
    COMMUNITY = "community", _("Communities")
    SCIENCE = "science", _("Science and technology")
    OTHER = "other", _("Other")


class RepresentativeQuerySet(ScopedQuerySet):
    """A representative is in scope when registered in the user's area, or assigned
    (now or before) to a workroom there."""

    # A hundred thousand representatives: the scope is said as index conditions
    # (``core.sql.AnyOf``), not as a join with an OR EXISTS that reads the whole table.
    def scope_filter(self, user, *, kinds=None):
        if root_paths(user, kinds) == []:
            return NOTHING
        here = Area.objects.filter(scope_q(user, "path", kinds=kinds)).values("pk")
        return Q(AnyOf("area_id", here))

    def also_visible(self, user, *, kinds=None):
        if root_paths(user, kinds) == []:
            return None
        assigned_here = Assignment.objects.filter(
            scope_q(user, "workroom__area__path", kinds=kinds)
        ).values("representative_id")
        return Q(AnyOf("pk", assigned_here))

    def with_level(self, level: int):
        bit = Level(level).bit
        return self.alias(level_bit=models.F("levels").bitand(bit)).filter(level_bit=bit)


class Representative(models.Model):
    """A party representative (党代表) and the attributes the offices keep about them."""

    name = models.CharField(_("name"), max_length=40)
    gender = models.CharField(
        _("gender"), max_length=1, choices=[("M", _("Male")), ("F", _("Female"))], blank=True
    )
    # Bits of Level: one person can be national AND provincial at once.
    levels = models.PositiveSmallIntegerField(_("levels"), default=0)
    # The highest of ``levels``, kept for ordering and counting "once, under the highest level".
    highest_level = models.PositiveSmallIntegerField(
        _("highest level"), choices=Level.choices, default=Level.DISTRICT, db_index=True
    )
    area = models.ForeignKey(
        "workrooms.Area",
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("registered in"),
        help_text=_("The area whose office keeps this record."),
    )
    electoral_unit = models.CharField(_("electoral unit"), max_length=100, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    work_field = models.CharField(
        _("work field"), max_length=20, choices=WorkField.choices, default=WorkField.OTHER
    )
    strengths = models.CharField(_("strengths"), max_length=200, blank=True)
    contact_point = models.CharField(_("contact point"), max_length=100, blank=True)
    residence = models.CharField(_("place of residence"), max_length=100, blank=True)
    is_leading_cadre = models.BooleanField(_("leading cadre"), default=False)
    term = models.CharField(_("congress term"), max_length=40, blank=True)
    # Personal data: shown masked except to staff of the representative's area.
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    photo = models.ImageField(_("photo"), upload_to="representatives/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representative",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("in office"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["-highest_level", "name", "pk"]
        constraints = [
            # Re-importing a roster finds people by phone; two people never share one.
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="representative_unique_phone"
            ),
            models.CheckConstraint(condition=Q(levels__gt=0), name="representative_has_level"),
        ]
        indexes = [
            models.Index(fields=["work_field"]),
            models.Index(fields=["is_leading_cadre"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.levels:
            self.highest_level = bits_to_levels(self.levels)[0]
        super().save(*args, **kwargs)

    @property
    def level_list(self) -> list[Level]:
        return bits_to_levels(self.levels)

    @property
    def level_label(self) -> str:
        """E.g. "国、省党代表" for a national and provincial representative ("National, Provincial
        representative" in English)."""
        names = level_names(self.level_list)
        if _in_chinese():
            return f"{names}党代表"
        return _("%(levels)s representative") % {"levels": names}


class AssignmentRole(models.TextChoices):
    MEMBER = "member", _("Member")
    LEADER = "leader", _("Group leader")


class AssignmentQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Assignment(models.Model):
    """A representative stationed at a workroom (驻室), with role and dates; history is kept."""

    representative = models.ForeignKey(
        Representative,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("representative"),
    )
    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("workroom"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.MEMBER
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("workroom assignment")
        verbose_name_plural = _("workroom assignments")
        ordering = ["-start_date", "pk"]
        constraints = [
            # An open assignment (no end date) is the current one: one leader per workroom,
            # and one open assignment per person and workroom.
            models.UniqueConstraint(
                fields=["workroom"],
                condition=Q(role="leader", end_date__isnull=True),
                name="assignment_one_current_leader",
            ),
            models.UniqueConstraint(
                fields=["representative", "workroom"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_per_workroom",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["workroom", "end_date"])]

    def __str__(self):
        return f"{self.representative} @ {self.workroom}"

    def is_current_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @property
    def is_current(self) -> bool:
        """Stationed there today (the same test as ``AssignmentQuerySet.current``)."""
        return self.is_current_on(timezone.localdate())
