"""Reading notifications: a person's inbox (only ever their own), the unread count the menu
shows, and the group robots an event goes to."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from notices.models import Notification, RobotWebhook
from workrooms.models import Area, Workroom


def inbox(user: User) -> QuerySet[Notification]:
    """``user``'s notifications, unread first, newest first within each."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("notice")
        .alias(seen=ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()))
        .order_by("seen", "-created_at", "-pk")
    )


def get_notification(user: User, pk: int) -> Notification:
    """One of ``user``'s notifications; anyone else's is 404 (we do not say it exists)."""
    return get_object_or_404(Notification.objects.select_related("notice"), pk=pk, recipient=user)


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread: one count on the (recipient, read_at)
    index, read once per page by the menu. Not cached, so it is right on every page."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def robots_for(place: Workroom | Area | None) -> list[RobotWebhook]:
    """The active robots an event at ``place`` goes to: the workroom's own, else those of the
    nearest area up the tree (from the workroom's area) that has any."""
    if place is None:
        return []
    workroom = place if isinstance(place, Workroom) else None
    area = place.area if isinstance(place, Workroom) else place
    step = Area.steplen
    paths = [area.path[:i] for i in range(step, len(area.path) + 1, step)]
    where = Q(area__path__in=paths)
    if workroom is not None:
        where |= Q(workroom=workroom)
    robots = list(
        RobotWebhook.objects.filter(where, is_active=True).select_related("area").order_by("pk")
    )
    own = [r for r in robots if r.workroom_id is not None]
    if own:
        return own
    if not robots:
        return []
    nearest = max(len(r.area.path) for r in robots if r.area is not None)
    return [r for r in robots if r.area is not None and len(r.area.path) == nearest]
