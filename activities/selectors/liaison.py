"""Who the liaison office (党联办) speaks for and reaches: the areas of a user's office roles, the
representatives those roles see. The talks and study pages ask here."""

from __future__ import annotations

from accounts.scope import grants_for
from activities.selectors import OFFICE
from representatives.models import Representative
from workrooms.models import Area


def office_areas(user) -> list[Area]:
    """The areas whose liaison office the user speaks for: where their office roles sit
    (a superuser speaks for every top-level area)."""
    if user.is_superuser:
        return list(Area.objects.filter(depth=1).order_by("path"))
    ids = [g.area_id for g in grants_for(user) if g.kind in OFFICE]
    return list(Area.objects.filter(pk__in=ids).order_by("path"))


def office_representatives(user):
    return Representative.objects.visible_to(user, kinds=OFFICE).order_by("name", "pk")
