"""``{% load representatives_tags %}`` for pages of other apps that show representatives."""

from django import template

from representatives.selectors import (
    current_representatives,
    group_leader,
    level_breakdown,
    phone_for,
)

register = template.Library()


@register.inclusion_tag("representatives/includes/workroom_panel.html")
def workroom_representatives_panel(workroom):
    """The workroom page's section: counts by level, group leader, names (two queries)."""
    people = list(current_representatives(workroom))
    leader = group_leader(workroom)
    return {
        "workroom": workroom,
        "representatives": people,
        "leader": leader,
        "breakdown": level_breakdown([rep.levels for rep in people]),
    }


@register.filter
def phone_as_seen_by(representative, user) -> str:
    """``{{ rep|phone_as_seen_by:user }}``: full to staff of their area, masked to others."""
    return phone_for(user, representative)
