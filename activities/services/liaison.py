"""Liaison talks (个别谈话): recorded by the liaison office of an area.

The aim is about four one-to-one talks a month per district (seed 004); ``talk_counts`` gives
the current month's figure per area for the page.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.scope import has_role_on
from activities.models import LiaisonTalk
from activities.selectors import OFFICE
from core.errors import DomainError
from representatives.models import Representative

TALKS_PER_MONTH = 4


def check_office(actor, area) -> None:
    if not has_role_on(actor, area, *OFFICE):
        raise DomainError(_("Only the liaison office records talks and study."))


def talk_create(
    *,
    actor,
    area,
    representative: Representative,
    on: date,
    summary: str,
    suggestions: str = "",
) -> LiaisonTalk:
    """Record a one-to-one talk of the liaison office of ``area`` with a representative."""
    check_office(actor, area)
    return LiaisonTalk.objects.create(
        area=area,
        representative=representative,
        talked_by=actor,
        date=on,
        summary=summary,
        suggestions=suggestions,
    )


def talk_counts(areas, *, year: int, month: int) -> list[dict]:
    """The month's talks recorded by the office of each of ``areas`` (one query), with the aim
    of four: ``[{"area": area, "count": n, "target": 4, "met": bool}]``."""
    counts = dict(
        LiaisonTalk.objects.filter(area__in=areas, date__year=year, date__month=month)
        .values_list("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    )
    return [
        {
            "area": area,
            "count": counts.get(area.pk, 0),
            "target": TALKS_PER_MONTH,
            "met": counts.get(area.pk, 0) >= TALKS_PER_MONTH,
        }
        for area in areas
    ]
