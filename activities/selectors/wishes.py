"""Scoped reads of micro-wishes (微心愿): scope is the workroom's area (``WishQuerySet``); a
workroom's board; the per-representative counts the record page and reports use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from accounts.scope import get_visible_or_404
from activities.models import Wish, WishStatus
from representatives.models import Representative
from workrooms.models import Workroom


def wishes_visible_to(user, *, kinds=None):
    """Micro-wishes at workrooms in the user's subtree, with workroom and claimant loaded."""
    return Wish.objects.visible_to(user, kinds=kinds).select_related(
        "workroom__area", "claimed_by", "recorded_by", "confirmed_by"
    )


def spam_wishes_visible_to(user):
    """Wishes posted online that staff marked as spam or abuse, kept for the record."""
    return (
        Wish.with_spam.visible_to(user)
        .filter(spam_at__isnull=False)
        .select_related("workroom__area", "claimed_by", "recorded_by", "confirmed_by")
        .order_by("-spam_at", "-pk")
    )


def get_wish(user, pk) -> Wish:
    """One wish the user may read, or 404; one marked as spam too (kept for the record)."""
    return get_visible_or_404(
        Wish.with_spam.select_related("workroom__area", "claimed_by", "recorded_by"), user, pk=pk
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
