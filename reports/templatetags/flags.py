"""The district dashboard's grid of monthly flags, written out in Python.

A district is 100–200 workrooms × 12 months: two thousand cells, each two badges and a title.
Through template tags and filters they cost more than all the dashboard's queries; this tag
gives the same cells at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from reports.rule import RuleResult

register = template.Library()

_BADGE = {True: ("badge-ok", "✔"), False: ("badge-bad", "✘")}


@register.simple_tag
def flag_cells(cells: Iterable[RuleResult]) -> SafeString:
    """One ``<td>`` per month: the reception and feedback badges, the reasons as its title."""
    return format_html_join(
        "",
        '<td title="{}"><span class="badge {}">{}</span><span class="badge {}">{}</span></td>',
        (
            ("; ".join(cell.reasons), *_BADGE[cell.reception], *_BADGE[cell.feedback])
            for cell in cells
        ),
    )
