"""Scoped reads of activities, resolutions and micro-wishes. Pages, exports, the monthly reports
and the representatives' record pages call these, never the managers directly.

Scope is the workroom's area (``ActivityQuerySet`` / ``WishQuerySet``): out of scope is 404.
Who may *change* what is decided here too (``may_edit_activity`` ...), so views and templates
ask one place; the services enforce the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import RoleKind
from accounts.scope import get_visible_or_404, has_role_on
from activities.models import (
    Activity,
    ActivityPhoto,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from representatives.models import Representative
from workrooms.models import Workroom

# Staff who record activities and wishes for any workroom their role reaches.
STAFF = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
# Anyone who may record: staff, and representatives for activities they took part in.
RECORDERS = (*STAFF, RoleKind.REPRESENTATIVE)


def representative_of(user) -> Representative | None:
    """The representative record linked to the account (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_activities_rep"):
        user._activities_rep = Representative.objects.filter(user=user).first()
    return user._activities_rep


# --- activities -------------------------------------------------------------------------------


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


def workrooms_for_recording(user):
    """Active workrooms where the user may record activities and wishes (staff and
    representatives whose role reaches them)."""
    return (
        Workroom.objects.visible_to(user, kinds=RECORDERS)
        .filter(is_active=True)
        .select_related("area")
        .order_by("area__path", "name")
    )


def is_staff_for(user, workroom: Workroom) -> bool:
    """Clerk, liaison office or admin whose role reaches the workroom."""
    return has_role_on(user, workroom.area, *STAFF)


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


# --- resolutions ------------------------------------------------------------------------------


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


# --- wishes -----------------------------------------------------------------------------------


def wishes_visible_to(user, *, kinds=None):
    """Micro-wishes at workrooms in the user's subtree, with workroom and claimant loaded."""
    return Wish.objects.visible_to(user, kinds=kinds).select_related(
        "workroom__area", "claimed_by", "recorded_by", "confirmed_by"
    )


def get_wish(user, pk) -> Wish:
    """One wish the user may read, or 404."""
    return get_visible_or_404(
        Wish.objects.select_related("workroom__area", "claimed_by", "recorded_by"), user, pk=pk
    )


def wish_board(workroom: Workroom) -> dict:
    """A workroom's board: the open wishes (waiting for or being answered) and the fulfilled
    ones (fulfilled or confirmed, newest first). The caller has checked the scope."""
    base = Wish.objects.filter(workroom=workroom).select_related("claimed_by")
    return {
        "open": base.filter(status__in=(WishStatus.OPEN, WishStatus.CLAIMED)).order_by(
            "recorded_at", "pk"
        ),
        "fulfilled": base.filter(status__in=(WishStatus.FULFILLED, WishStatus.CONFIRMED)).order_by(
            "-fulfilled_at", "-pk"
        ),
    }


def wish_counts(
    representatives_or_workroom: Workroom | Iterable[Representative] | QuerySet,
    year: int,
) -> dict[int, dict[str, int]]:
    """Micro-wishes per representative in ``year``, for the monthly reports and the record page.

    Pass a workroom (its wishes, whoever claimed them) or representatives (their wishes,
    wherever). Returns ``{representative_pk: {"claimed": n, "fulfilled": m}}``: ``claimed`` counts
    wishes claimed in the year and still held or answered (released ones are not theirs any
    more), ``fulfilled`` counts wishes fulfilled in the year (confirmed or not). Representatives
    with nothing in the year are absent. One query.
    """
    queryset = Wish.objects.filter(claimed_by__isnull=False)
    if isinstance(representatives_or_workroom, Workroom):
        queryset = queryset.filter(workroom=representatives_or_workroom)
    else:
        queryset = queryset.filter(claimed_by__in=representatives_or_workroom)
    rows = (
        queryset.values("claimed_by")
        .annotate(
            claimed=Count("pk", filter=Q(claimed_at__year=year)),
            fulfilled=Count(
                "pk",
                filter=Q(
                    fulfilled_at__year=year,
                    status__in=(WishStatus.FULFILLED, WishStatus.CONFIRMED),
                ),
            ),
        )
        .order_by()
    )
    return {
        row["claimed_by"]: {"claimed": row["claimed"], "fulfilled": row["fulfilled"]}
        for row in rows
        if row["claimed"] or row["fulfilled"]
    }
