"""Scoped reads of reports and of the areas a user may see a roll-up of."""

from __future__ import annotations

from accounts.scope import get_visible_or_404
from reports.models import Report
from workrooms.models import Area, AreaKind


def reports_visible_to(user, *, kinds=None):
    """Reports about workrooms or areas in the user's subtrees, with their subjects."""
    return Report.objects.visible_to(user, kinds=kinds).select_related("workroom__area", "area")


def get_report(user, pk, *, kinds=None) -> Report:
    """One report the user may see, or 404 (another district's report does not exist for them)."""
    return get_visible_or_404(
        Report.objects.select_related("workroom__area", "area"), user, kinds=kinds, pk=pk
    )


def rollup_areas_visible_to(user, *, kinds=None):
    """Districts (and other areas above subdistricts) in scope: the subjects of roll-ups."""
    return (
        Area.objects.visible_to(user, kinds=kinds).filter(kind=AreaKind.DISTRICT).order_by("path")
    )


def get_rollup_area(user, pk, *, kinds=None) -> Area:
    return get_visible_or_404(Area.objects.all(), user, kinds=kinds, pk=pk, kind=AreaKind.DISTRICT)
