"""Who sees which research topics and reports.

A topic is set for an area (usually the district) and concerns everyone below it, so a topic is
visible to users whose scope contains its area *or* lies inside it (a subdistrict clerk or a
representative sees their district's topic). A report is visible to the office of the topic's
area, to staff who see its representative, and to the representative themselves.
"""

from __future__ import annotations

from accounts.scope import within_or_above_q
from activities.models import ResearchReport, ResearchTopic


def topics_visible_to(user):
    """Topics of areas in the user's subtrees or above them."""
    return ResearchTopic.objects.filter(within_or_above_q(user))


def reports_visible_to(user):
    """Reports the user may read, with topic, area, representative and forwarder loaded."""
    return ResearchReport.objects.visible_to(user).select_related(
        "topic__area", "representative", "forwarded_by"
    )
