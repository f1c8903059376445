"""Scoped reads of representatives and their workroom assignments. Other apps call these.

A representative is visible to a user whose role reaches the area that registered them or a
workroom they serve (or served) in, and always to the representative's own linked account.
Phone numbers are shown in full only to staff of their area (``can_see_phone``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.scope import has_role_on
from core.personal_data import mask_phone
from representatives.models import (
    Assignment,
    AssignmentRole,
    Level,
    Representative,
    bits_to_levels,
    level_names,
)
from workrooms.models import Workroom
from workrooms.selectors import workrooms_visible_to

# Who keeps the registry: street-office staff, the liaison office (党联办 keeps the district's
# register of representatives) and administrators. They also see phone numbers in full.
MANAGERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


def _current_assignments_prefetch(on: date | None = None) -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.current(on)
        .select_related("workroom__area")
        .order_by("workroom__name", "pk"),
        to_attr="current_assignments",
    )


def representatives_visible_to(user, *, kinds=None):
    """Representatives the user may see, each with ``area`` and ``current_assignments``
    (their workrooms today, with the workroom's area) loaded: two queries whatever the size."""
    queryset = Representative.objects.visible_to(user, kinds=kinds)
    if kinds is None and getattr(user, "is_authenticated", False):
        # A representative always sees their own record, wherever it is registered.
        queryset = queryset | Representative.objects.filter(user=user)
    return queryset.select_related("area").prefetch_related(_current_assignments_prefetch())


def get_representative(user, pk, *, kinds=None) -> Representative:
    """One representative the user may see (404 otherwise), with every assignment (history)
    loaded as ``all_assignments``, newest first, and their current ones as
    ``current_assignments``."""
    queryset = representatives_visible_to(user, kinds=kinds).select_related("user")
    queryset = queryset.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("workroom__area").order_by(
                "-start_date", "-pk"
            ),
            to_attr="all_assignments",
        )
    )
    try:
        return queryset.get(pk=pk)
    except (Representative.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def representative_for_user(user) -> Representative | None:
    """The representative linked to this account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Representative.objects.filter(user=user).first()


def can_manage(user, representative: Representative) -> bool:
    """May edit the record, station them in workrooms and link their account: staff whose role
    reaches the area that registered them."""
    return has_role_on(user, representative.area, *MANAGERS)


def can_see_phone(user, representative: Representative) -> bool:
    """Phone numbers are personal data: in full only to the representative themselves and to
    staff of their area (where they are registered or stationed today).

    Uses ``current_assignments`` when loaded, so a list page costs no query per row.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if representative.user_id is not None and representative.user_id == user.pk:
        return True
    if has_role_on(user, representative.area, *MANAGERS):
        return True
    current = getattr(representative, "current_assignments", None)
    if current is None:
        current = list(
            Assignment.objects.current()
            .filter(representative=representative)
            .select_related("workroom__area")
        )
    return any(has_role_on(user, a.workroom.area, *MANAGERS) for a in current)


def phone_for(user, representative: Representative) -> str:
    """The phone number as this user may see it: in full or masked (138****5678)."""
    if can_see_phone(user, representative):
        return representative.phone
    return mask_phone(representative.phone)


def workrooms_managed_by(user):
    """Workrooms where the user may station representatives."""
    return workrooms_visible_to(user, kinds=MANAGERS).filter(is_active=True)


# --- A workroom's representatives ------------------------------------------------------------


def current_assignments(workroom: Workroom, *, on: date | None = None):
    """The workroom's assignments in force on ``on`` (today), group leader first, then by
    level (highest first) and name, with the representative loaded."""
    return (
        Assignment.objects.current(on)
        .filter(workroom=workroom, representative__is_active=True)
        .select_related("representative")
        # "leader" sorts before "member".
        .order_by("role", "-representative__highest_level", "representative__name", "pk")
    )


def current_representatives(workroom: Workroom, *, on: date | None = None):
    """The representatives stationed at ``workroom`` on ``on`` (default today), ordered by level
    and name. Rosters take their rotation from this list."""
    stationed = Assignment.objects.current(on).filter(workroom=workroom)
    return Representative.objects.filter(
        pk__in=stationed.values("representative_id"), is_active=True
    ).order_by("-highest_level", "name", "pk")


def group_leader(workroom: Workroom, *, on: date | None = None) -> Representative | None:
    """The workroom's group leader (组长) on ``on``, or None."""
    assignment = (
        Assignment.objects.current(on)
        .filter(workroom=workroom, role=AssignmentRole.LEADER)
        .select_related("representative")
        .first()
    )
    return assignment.representative if assignment else None


def past_assignments(workroom: Workroom, *, on: date | None = None):
    """Assignments at the workroom that have ended, latest first: the workroom's history."""
    on = on or timezone.localdate()
    return (
        Assignment.objects.filter(workroom=workroom, end_date__lt=on)
        .select_related("representative")
        .order_by("-end_date", "-pk")
    )


@dataclass
class LevelGroup:
    level: Level
    label: str  # e.g. "国、省党代表"
    count: int


@dataclass
class LevelBreakdown:
    """Representatives counted once each, under their highest level, as offices report them:
    "驻室党代表28人，其中国、省党代表1人，市党代表7人，区党代表20人"."""

    total: int = 0
    groups: list[LevelGroup] = field(default_factory=list)

    @property
    def text(self) -> str:
        if not self.groups:
            return _("%(total)d resident representatives") % {"total": self.total}
        parts = _(", ").join(
            _("%(levels)s representatives: %(count)d") % {"levels": g.label, "count": g.count}
            for g in self.groups
        )
        return _("%(total)d resident representatives, of whom %(parts)s") % {
            "total": self.total,
            "parts": parts,
        }


def level_breakdown(level_bits: list[int]) -> LevelBreakdown:
    """Group representatives (given by their ``levels`` bits) under their highest level.

    A group is labelled with the levels every member of it holds, so the one national and
    provincial representative of seed 000 reads "国、省党代表1人".
    """
    groups: dict[Level, list[int]] = {}
    for bits in level_bits:
        if not bits:
            continue
        highest = bits_to_levels(bits)[0]
        entry = groups.setdefault(highest, [0, bits])
        entry[0] += 1
        entry[1] &= bits
    result = LevelBreakdown(total=len(level_bits))
    for level in sorted(groups, reverse=True):
        count, common = groups[level]
        label = level_names(bits_to_levels(common))
        result.groups.append(LevelGroup(level=level, label=label, count=count))
    return result


def workroom_level_breakdown(workroom: Workroom, *, on: date | None = None) -> LevelBreakdown:
    """The counts by level of the representatives stationed at ``workroom`` (one query)."""
    bits = list(current_representatives(workroom, on=on).values_list("levels", flat=True))
    return level_breakdown(bits)
