"""The figures of the monthly reports, shared by the web pages, the PDFs and the Excel roll-up.

No resident's name, phone or address is ever read here: only counts, categories, channels and
representatives' names (public at the workroom, "五公开") leave this module.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from activities.models import Activity, Wish
from core.months import last_months, month_bounds
from petitions.models import Category, Channel, Petition, Satisfaction
from reports.rule import RULE_TEXT, RuleResult, evaluate
from rosters.selectors import shift_counts
from workrooms.models import Workroom


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def petition_figures(workroom, month: date, *, now: datetime) -> dict:
    """Requests of the month: ``period_petition_figures`` from its first day to its end (or now,
    for the month in progress)."""
    start, end = month_bounds(month)
    return period_petition_figures(workroom, month, start=start, cutoff=min(end, now))


def year_petition_figures(workroom, year: int, *, now: datetime) -> dict:
    """Requests of the calendar year so far (the public workroom page's "this year")."""
    first = date(year, 1, 1)
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    return period_petition_figures(workroom, first, start=start, cutoff=min(end, now))


def period_petition_figures(workroom, first: date, *, start: datetime, cutoff: datetime) -> dict:
    """Requests of a period (a month, a year) from ``start`` (midnight of ``first``) up to
    ``cutoff``: counts by step, category and channel, and the three rates.

    - registered / received / replied / archived: steps taken in the period;
    - overdue: requests whose deadline fell in the period, replied after it or not at all;
    - 办结率 (completion): of the requests registered in the period, the share replied to by the
      cut-off (every request is answered, "件件有回音"; the answer may be "no");
    - on-time reply rate: of the replies given in the period to requests with a deadline, the
      share given on or before the deadline day;
    - satisfaction: return visits of the period, satisfied + basically satisfied over all.

    One query: every figure is a filtered count over the workroom's requests, so the page costs
    the same whatever the period holds. Days are Beijing days (``__date`` takes the active time
    zone, as ``timezone.localtime`` does).
    """

    def within(step: str) -> Q:
        return Q(**{f"{step}__gte": start, f"{step}__lt": cutoff})

    registered, replied = within("registered_at"), within("replied_at")
    with_deadline = replied & Q(deadline__isnull=False)
    due = Q(deadline__gte=first, deadline__lt=timezone.localtime(cutoff).date())
    feedback = within("feedback_at")
    counts = {
        "registered": registered,
        "received": within("received_at"),
        "replied": replied,
        "archived": within("archived_at"),
        "overdue": due & (Q(replied_at__isnull=True) | Q(replied_at__date__gt=F("deadline"))),
        "completed": registered & Q(replied_at__lt=cutoff),
        "with_deadline": with_deadline,
        "on_time": with_deadline & Q(replied_at__date__lte=F("deadline")),
        "feedbacks": feedback,
    }
    by = {
        "category": (registered, Category.choices),
        "channel": (registered, Channel.choices),
        "satisfaction": (feedback, Satisfaction.choices),
    }
    for name, (when, choices) in by.items():
        for value, _label in choices:
            counts[f"{name}:{value}"] = when & Q(**{name: value})
    n = Petition.objects.filter(workroom=workroom).aggregate(
        **{key: Count("pk", filter=when) for key, when in counts.items()}
    )
    satisfied = n[f"satisfaction:{Satisfaction.SATISFIED}"]
    basically = n[f"satisfaction:{Satisfaction.BASICALLY}"]
    return {
        **{key: n[key] for key in ("registered", "received", "replied", "archived", "overdue")},
        "by_category": [
            (label, n[f"category:{value}"])
            for value, label in Category.choices
            if n[f"category:{value}"]
        ],
        "by_channel": [
            (label, n[f"channel:{value}"])
            for value, label in Channel.choices
            if n[f"channel:{value}"]
        ],
        "completion_rate": _rate(n["completed"], n["registered"]),
        "completed": n["completed"],
        "on_time_rate": _rate(n["on_time"], n["with_deadline"]),
        "on_time": n["on_time"],
        "with_deadline": n["with_deadline"],
        "feedbacks": n["feedbacks"],
        "satisfaction": [
            (label, n[f"satisfaction:{value}"]) for value, label in Satisfaction.choices
        ],
        "satisfaction_rate": _rate(satisfied + basically, n["feedbacks"]),
    }


def activity_figures(workroom, month: date, *, now: datetime) -> dict:
    start, end = month_bounds(month)
    cutoff = min(end, now)
    by_type = list(
        Activity.objects.filter(workroom=workroom, date__gte=month, date__lt=end.date())
        .values_list("type__name")
        .annotate(n=Count("pk"))
        .order_by("type__position", "type__name")
    )
    wishes = Wish.objects.filter(workroom=workroom).aggregate(
        claimed=Count("pk", filter=Q(claimed_at__gte=start, claimed_at__lt=cutoff)),
        fulfilled=Count("pk", filter=Q(fulfilled_at__gte=start, fulfilled_at__lt=cutoff)),
    )
    return {
        "by_type": by_type,
        "total": sum(n for _name, n in by_type),
        "wishes_claimed": wishes["claimed"],
        "wishes_fulfilled": wishes["fulfilled"],
    }


def trend(
    workroom,
    month: date,
    *,
    now: datetime,
    results: dict[tuple[int, date], RuleResult] | None = None,
) -> list[dict]:
    """The 12 months up to ``month``: requests received and replied, and both flags.
    ``results``: the rule already evaluated for these months (``evaluate``), else it is here."""
    months = last_months(month, 12)
    if results is None:
        results = evaluate([workroom.pk], months, now=now)
    return [
        {
            "month": m,
            "received": results[(workroom.pk, m)].received,
            "replied": results[(workroom.pk, m)].replied,
            "reception": results[(workroom.pk, m)].reception,
            "feedback": results[(workroom.pk, m)].feedback,
        }
        for m in months
    ]


def workroom_month(workroom, month: date, *, now: datetime | None = None) -> dict:
    """Everything the workroom month report shows (page and PDF)."""
    now = now or timezone.now()
    month = month.replace(day=1)
    duties = shift_counts(workroom, month.year, month.month)
    # The month's verdict is the last cell of the 12 months' trend: evaluated once for both.
    results = evaluate([workroom.pk], last_months(month, 12), now=now)
    return {
        "workroom": workroom,
        "month": month,
        "rule": results[(workroom.pk, month)],
        "rule_text": RULE_TEXT,
        "petitions": petition_figures(workroom, month, now=now),
        "duties": duties,
        "duty_rows": sorted(duties["per_representative"].values(), key=lambda r: r["name"]),
        "activities": activity_figures(workroom, month, now=now),
        "trend": trend(workroom, month, now=now, results=results),
        "in_progress": month_bounds(month)[1] > now,
    }


def district_workrooms(area):
    """The active workrooms of ``area``'s subtree, in tree order."""
    return (
        Workroom.objects.filter(area__path__startswith=area.path, is_active=True)
        .select_related("area")
        .order_by("area__path", "name")
    )


def district_rollup(area, month: date, *, now: datetime | None = None) -> dict:
    """Every workroom of the area × the 12 months up to ``month``: both flags, who fails this
    month and why, totals per month and a ranking (months passed in 12, then requests)."""
    now = now or timezone.now()
    month = month.replace(day=1)
    months = last_months(month, 12)
    workrooms = list(district_workrooms(area))
    results = evaluate([w.pk for w in workrooms], months, now=now)
    rows = []
    for w in workrooms:
        cells = [results[(w.pk, m)] for m in months]
        current = results[(w.pk, month)]
        rows.append(
            {
                "workroom": w,
                "cells": cells,
                "current": current,
                "months_passed": sum(1 for c in cells if c.passed),
                "received_12": sum(c.received for c in cells),
                "replied_12": sum(c.replied for c in cells),
            }
        )
    totals = [
        {
            "month": m,
            "reception": sum(1 for w in workrooms if results[(w.pk, m)].reception),
            "feedback": sum(1 for w in workrooms if results[(w.pk, m)].feedback),
            "passed": sum(1 for w in workrooms if results[(w.pk, m)].passed),
        }
        for m in months
    ]
    ranking = sorted(
        rows,
        key=lambda r: (
            -r["months_passed"],
            -r["current"].received,
            -r["received_12"],
            r["workroom"].name,
        ),
    )
    return {
        "area": area,
        "month": month,
        "months": months,
        "rows": rows,
        "failing": [r for r in rows if not r["current"].passed],
        "totals": totals,
        "current_total": totals[-1],
        "ranking": ranking,
        "workroom_count": len(workrooms),
        "rule_text": RULE_TEXT,
        "in_progress": month_bounds(month)[1] > now,
    }
