"""Scoped reads of the activity log: activities (scope is the workroom's area, via
``ActivityQuerySet``), their photos and the requests they produced, and who may edit one."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.models import RoleKind
from accounts.scope import get_visible_or_404, has_role_on
from activities.models import Activity, ActivityPhoto
from activities.selectors import is_staff_for, representative_of
from representatives.models import Representative


def activities_visible_to(user, *, kinds=None):
    """Activities at workrooms in the user's subtree, with workroom, area and type loaded and
    the participating representatives prefetched: a constant number of queries per page."""
    return (
        Activity.objects.visible_to(user, kinds=kinds)
        .select_related("workroom__area", "type")
        .prefetch_related(
            Prefetch("representatives", queryset=Representative.objects.order_by("name", "pk"))
        )
    )


def get_activity(user, pk) -> Activity:
    """One activity the user may read, or 404."""
    return get_visible_or_404(
        Activity.objects.select_related("workroom__area", "type", "created_by"), user, pk=pk
    )


def may_edit_activity(user, activity: Activity) -> bool:
    """Staff of the workroom's area; a representative for an activity they recorded or took part
    in (their role must still reach the workroom)."""
    if is_staff_for(user, activity.workroom):
        return True
    if not has_role_on(user, activity.workroom.area, RoleKind.REPRESENTATIVE):
        return False
    rep = representative_of(user)
    if activity.created_by_id == user.pk:
        return True
    return rep is not None and activity.representatives.filter(pk=rep.pk).exists()


def activity_photos(activity: Activity):
    return ActivityPhoto.objects.filter(activity=activity).order_by("pk")


def activity_petitions(user, activity: Activity):
    """The requests this activity produced that the user may read."""
    from petitions.selectors import petitions_visible_to

    return petitions_visible_to(user).filter(activity=activity).order_by("registered_at", "pk")
