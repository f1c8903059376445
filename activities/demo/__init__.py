"""The demo activities, one module per subject, built by two builders listed in
``portal.demo.BUILDERS``: ``log`` walks the workrooms (a year of activities, the resolutions of
their meetings, their wishes) and ``liaison`` walks the liaison offices (courses, research,
talks, study). Each builder draws from one seeded random in a fixed order, so the demo is the
same on every machine; the helpers the subjects share are here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from representatives.models import Representative

YANTA = "610113"
YUETANG = "430304"
SHUYUAN = "430304001"
XIAOZHAI = "610113001"
DAIXI = "371626001"


def moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def spread_days(ctx, rng, count: int) -> list[date]:
    """``count`` days over the last year, evenly spread (weekly for 50 a year) with jitter."""
    step = 364 / max(count, 1)
    return [
        ctx.today - timedelta(days=min(364, int(i * step) + rng.randint(0, max(1, int(step) - 1))))
        for i in range(count)
    ]


def representatives_in(area) -> list[Representative]:
    return list(Representative.objects.filter(area__path__startswith=area.path).order_by("pk"))
