"""What representatives and the public read: "my duties" and the published month schedule
(公开值班安排表), with the addresses of their calendar feeds. Reads only."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.scope import has_role_on
from core.months import month_of
from core.workdays import calendar_notice
from rosters.feeds import personal_feed, workroom_feed
from rosters.schedule import month_schedule, past_duties, representative_for, upcoming_duties
from rosters.views.feeds import FEED_KEEPERS
from workrooms.selectors import get_workroom

PAST_PAGE_SIZE = 10
# Years a schedule may be asked for; outside them the address is simply wrong (404).


def _subscription(request, url_name: str, *args) -> dict:
    """The https:// and webcal:// addresses of a feed (webcal opens the phone's calendar app)."""
    https_url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"https": https_url, "webcal": "webcal://" + https_url.split("://", 1)[1]}


@require_safe
@login_required
def my_duties(request):
    representative = representative_for(request.user)
    if representative is None:
        return render(request, "rosters/schedule/no_representative.html")
    upcoming = list(upcoming_duties(representative=representative))
    for duty in upcoming:
        shift = duty.shift
        duty.others = [
            d.representative.name
            for d in shift.duties.all()
            if d.representative_id != representative.pk
        ]
        # Roster management's page; it refuses a swap that is not allowed, with its reason.
        duty.swap_url = reverse("rosters:swap_request", args=[duty.pk])
        # A representative may be stationed beyond their own role's area: link only what opens.
        duty.schedule_url = (
            _schedule_path(shift.workroom_id, shift.date)
            if has_role_on(request.user, shift.workroom.area)
            else None
        )
    past = Paginator(past_duties(representative=representative), PAST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    feed = personal_feed(request.user)
    return render(
        request,
        "rosters/schedule/my_duties.html",
        {
            "representative": representative,
            "today": timezone.localdate(),
            "upcoming": upcoming,
            "page": past,
            "feed": _subscription(request, "rosters:my_feed", feed.token),
        },
    )


@require_safe
@login_required
def schedule_current(request, pk):
    workroom = get_workroom(request.user, pk)
    today = timezone.localdate()
    return redirect(_schedule_path(workroom.pk, today))


@require_safe
@login_required
def schedule(request, pk, year, month):
    """The published month schedule of a workroom, printable on one A4 page."""
    workroom = get_workroom(request.user, pk)
    year, month = int(year), int(month)
    if month_of(year, month) is None:
        raise Http404
    month_view = month_schedule(user=request.user, workroom=workroom, year=year, month=month)
    feed = workroom_feed(workroom)
    return render(
        request,
        "rosters/schedule/month.html",
        {
            "workroom": workroom,
            "month": month_view,
            "weekdays": [cell.day for cell in month_view.weeks[0]],
            "notice": calendar_notice(year),
            "previous": _month_link(workroom.pk, month_view.previous),
            "next": _month_link(workroom.pk, month_view.next),
            "feed": _subscription(request, "rosters:workroom_feed", workroom.pk, feed.token),
            "can_reset_feed": has_role_on(request.user, workroom.area, *FEED_KEEPERS),
        },
    )


def _schedule_path(pk: int, day: date) -> str:
    # Months always written with two digits (2026-03), so each month has one address.
    return reverse("rosters:schedule", args=[pk, day.year, f"{day.month:02d}"])


def _month_link(pk: int, first: date) -> str | None:
    if month_of(first.year, first.month) is None:
        return None
    return _schedule_path(pk, first)
