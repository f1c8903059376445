"""Scoped reads of micro-deliberation resolutions (微议事 议定事项): a resolution is visible
with its meeting; who may follow one up."""

from __future__ import annotations

from accounts.models import RoleKind
from accounts.scope import has_role_on
from activities.models import Activity, Resolution, ResolutionStatus
from activities.selectors import is_staff_for, representative_of
from workrooms.models import Workroom


def resolutions_of(activity: Activity):
    return activity.resolutions.select_related("owner").order_by("pk")


def may_follow_up(user, resolution: Resolution) -> bool:
    """Staff of the workroom's area, or the representative who owns the resolution."""
    workroom = resolution.activity.workroom
    if is_staff_for(user, workroom):
        return True
    rep = representative_of(user)
    return (
        rep is not None
        and resolution.owner_id == rep.pk
        and has_role_on(user, workroom.area, RoleKind.REPRESENTATIVE)
    )


def get_resolution(user, pk) -> Resolution:
    """One resolution whose meeting the user may read, or 404."""
    visible = Activity.objects.visible_to(user)
    try:
        return Resolution.objects.select_related(
            "activity__workroom__area", "activity__type", "owner"
        ).get(pk=pk, activity__in=visible)
    except (Resolution.DoesNotExist, ValueError, TypeError) as exc:
        from django.http import Http404

        raise Http404 from exc


def open_resolutions(user, *, workroom: Workroom | None = None):
    """Resolutions not yet done at meetings the user may read (optionally at one workroom),
    earliest due date first."""
    queryset = Resolution.objects.filter(activity__in=Activity.objects.visible_to(user)).exclude(
        status=ResolutionStatus.DONE
    )
    if workroom is not None:
        queryset = queryset.filter(activity__workroom=workroom)
    return queryset.select_related("activity__workroom", "owner").order_by(
        "due_date", "activity__date", "pk"
    )
