"""The figures of the monthly reports, shared by the web pages, the PDFs and the Excel roll-up.

No resident's name, phone or address is ever read here: only counts, categories, channels and
representatives' names (public at the workroom, "五公开") leave this module.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.db.models import Count
from django.utils import timezone

from activities.models import Activity, Wish
from core.months import last_months, month_bounds
from petitions.models import Category, Channel, Petition, Satisfaction
from reports.rule import RULE_TEXT, evaluate, month_rule
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
    """
    qs = Petition.objects.filter(workroom=workroom)
    registered = list(
        qs.filter(registered_at__gte=start, registered_at__lt=cutoff).values_list(
            "category", "channel", "replied_at"
        )
    )
    replies = list(
        qs.filter(replied_at__gte=start, replied_at__lt=cutoff).values_list(
            "replied_at", "deadline"
        )
    )
    with_deadline = [(at, d) for at, d in replies if d is not None]
    on_time = sum(1 for at, d in with_deadline if timezone.localtime(at).date() <= d)
    due = list(
        qs.filter(deadline__gte=first, deadline__lt=timezone.localtime(cutoff).date()).values_list(
            "deadline", "replied_at"
        )
    )
    overdue = sum(1 for d, at in due if at is None or timezone.localtime(at).date() > d)
    satisfaction = Counter(
        qs.filter(feedback_at__gte=start, feedback_at__lt=cutoff).values_list(
            "satisfaction", flat=True
        )
    )
    feedbacks = sum(satisfaction.values())
    categories = Counter(c for c, _ch, _at in registered)
    channels = Counter(ch for _c, ch, _at in registered)
    completed = sum(1 for _c, _ch, at in registered if at is not None and at < cutoff)
    return {
        "registered": len(registered),
        "received": qs.filter(received_at__gte=start, received_at__lt=cutoff).count(),
        "replied": len(replies),
        "archived": qs.filter(archived_at__gte=start, archived_at__lt=cutoff).count(),
        "overdue": overdue,
        "by_category": [
            (label, categories[value]) for value, label in Category.choices if categories[value]
        ],
        "by_channel": [
            (label, channels[value]) for value, label in Channel.choices if channels[value]
        ],
        "completion_rate": _rate(completed, len(registered)),
        "completed": completed,
        "on_time_rate": _rate(on_time, len(with_deadline)),
        "on_time": on_time,
        "with_deadline": len(with_deadline),
        "feedbacks": feedbacks,
        "satisfaction": [(label, satisfaction[value]) for value, label in Satisfaction.choices],
        "satisfaction_rate": _rate(
            satisfaction[Satisfaction.SATISFIED] + satisfaction[Satisfaction.BASICALLY], feedbacks
        ),
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
    wishes = Wish.objects.filter(workroom=workroom)
    return {
        "by_type": by_type,
        "total": sum(n for _name, n in by_type),
        "wishes_claimed": wishes.filter(claimed_at__gte=start, claimed_at__lt=cutoff).count(),
        "wishes_fulfilled": wishes.filter(fulfilled_at__gte=start, fulfilled_at__lt=cutoff).count(),
    }


def trend(workroom, month: date, *, now: datetime) -> list[dict]:
    """The 12 months up to ``month``: requests received and replied, and both flags."""
    months = last_months(month, 12)
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
    return {
        "workroom": workroom,
        "month": month,
        "rule": month_rule(workroom, month, now=now),
        "rule_text": RULE_TEXT,
        "petitions": petition_figures(workroom, month, now=now),
        "duties": duties,
        "duty_rows": sorted(duties["per_representative"].values(), key=lambda r: r["name"]),
        "activities": activity_figures(workroom, month, now=now),
        "trend": trend(workroom, month, now=now),
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
