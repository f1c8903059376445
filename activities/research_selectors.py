"""Who sees which research topics and reports.

A topic is set for an area (usually the district) and concerns everyone below it, so a topic is
visible to users whose scope contains its area *or* lies inside it (a subdistrict clerk or a
representative sees their district's topic). A report is visible to the office of the topic's
area, to staff who see its representative, and to the representative themselves.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.scope import grants_for, scope_q
from activities.models import ResearchReport, ResearchTopic
from representatives.models import Representative


def _ancestor_paths(user) -> list[str]:
    paths: set[str] = set()
    for grant in grants_for(user):
        # Materialised paths grow four characters a level (treebeard's steplen).
        paths.update(grant.path[:i] for i in range(4, len(grant.path) + 1, 4))
    return sorted(paths)


def within_or_above_q(user, path_field: str = "area__path") -> Q:
    """Rows whose area lies in the user's subtrees or above them: what an area sets for
    everyone below it (a district's research topic, its study plan and sessions)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return scope_q(user, path_field) | Q(**{f"{path_field}__in": _ancestor_paths(user)})


def topics_visible_to(user):
    """Topics of areas in the user's subtrees or above them."""
    return ResearchTopic.objects.filter(within_or_above_q(user))


def reports_visible_to(user):
    """Reports the user may read, with topic, area, representative and forwarder loaded."""
    if not getattr(user, "is_authenticated", False):
        return ResearchReport.objects.none()
    q = (
        scope_q(user, "topic__area__path")
        | Q(representative__in=Representative.objects.visible_to(user).values("pk"))
        | Q(representative__user=user)
    )
    return ResearchReport.objects.filter(q).select_related(
        "topic__area", "representative", "forwarded_by"
    )
