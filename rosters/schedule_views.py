"""What representatives and the public read: "my duties", the calendar feeds, the published
month schedule (公开值班安排表). Reads only, apart from resetting a feed's secret address."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import RoleKind
from accounts.permissions import require_role_on
from accounts.scope import has_role_on
from core.workdays import calendar_notice
from rosters.feeds import (
    feed_reset,
    personal_calendar,
    personal_feed,
    workroom_calendar,
    workroom_feed,
)
from rosters.models import CalendarFeed
from rosters.schedule import (
    feed_since,
    month_schedule,
    past_duties,
    personal_feed_duties,
    representative_for,
    upcoming_duties,
    workroom_feed_shifts,
)
from workrooms.selectors import get_workroom

# Who may give a workroom's feed a new address: the staff who keep its roster.
FEED_KEEPERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
PAST_PAGE_SIZE = 10
# Years a schedule may be asked for; outside them the address is simply wrong (404).
FIRST_YEAR, LAST_YEAR = 2000, 2100


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


@require_POST
@login_required
def my_feed_reset(request):
    feed_reset(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with it: the old one no longer works."),
    )
    return redirect("rosters:my_duties")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is a secret: keep it out of shared caches and search engines.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def my_feed(request, token):
    """A representative's duties as iCalendar. No sign-in: the token is the credential."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"),
        token=token,
        user__isnull=False,
        user__is_active=True,
    )
    representative = representative_for(feed.user)
    duties = (
        personal_feed_duties(representative=representative, since=feed_since())
        if representative is not None
        else []
    )
    body = personal_calendar(
        user=feed.user,
        duties=duties,
        page_url=request.build_absolute_uri(reverse("rosters:my_duties")),
    )
    return _calendar_response(body, "duties.ics")


@require_safe
def workroom_feed_view(request, pk, token):
    """A workroom's schedule as iCalendar; the token must be that workroom's own."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("workroom"), token=token, workroom_id=pk
    )
    body = workroom_calendar(
        workroom=feed.workroom,
        shifts=workroom_feed_shifts(workroom=feed.workroom, since=feed_since()),
    )
    return _calendar_response(body, f"workroom-{pk}.ics")


@require_POST
@login_required
def workroom_feed_reset(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *FEED_KEEPERS)
    feed_reset(workroom=workroom)
    messages.success(
        request,
        _("The workroom's calendar has a new address; the old one no longer works."),
    )
    return redirect("rosters:schedule_current", pk=workroom.pk)


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
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
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
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        return None
    return _schedule_path(pk, first)
