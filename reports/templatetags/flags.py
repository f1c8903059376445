"""The district dashboard's grid of monthly flags, written out in Python.

A district is 100–200 workrooms × 12 months: two thousand cells, each two badges and a title.
Through template tags and filters they cost more than all the dashboard's queries; this tag
gives the same cells at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from reports.rule import RuleResult

register = template.Library()

_BADGE = {True: ("badge-ok", "✔"), False: ("badge-bad", "✘")}


@register.simple_tag
def flag_cells(cells: Iterable[RuleResult]) -> SafeString:
    """One ``<td>`` per month: the reception and feedback badges, the reasons as its title."""
    drawn: dict[tuple[str, bool, bool], str] = {}
    parts = []
    for cell in cells:
        key = ("; ".join(cell.reasons), cell.reception, cell.feedback)
        if key not in drawn:
            # Most cells of a district look alike (both flags, no reason): each look is
            # escaped and formatted once.
            drawn[key] = format_html(
                '<td title="{}"><span class="badge {}">{}</span><span class="badge {}">{}</span></td>',
                key[0],
                *_BADGE[key[1]],
                *_BADGE[key[2]],
            )
        parts.append(drawn[key])
    return mark_safe("".join(parts))  # each part comes from format_html
