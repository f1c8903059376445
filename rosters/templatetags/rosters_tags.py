"""Roster panels other apps' pages show. The registry (a lower layer) does not import rosters:
a representative's page names the panel in its template and rosters fills it."""

from django import template

from representatives.models import Representative
from rosters.schedule import upcoming_duties
from rosters.selectors import missed_duties

register = template.Library()


@register.inclusion_tag("rosters/includes/representative_duties.html")
def representative_duties(representative: Representative) -> dict[str, object]:
    """A representative's next five duties and last ten missed ones, with the missed count:
    three queries."""
    missed = missed_duties(representative=representative)
    return {
        "upcoming_duties": upcoming_duties(representative=representative)[:5],
        "missed_duties": missed[:10],
        "missed_count": missed.count(),
    }
