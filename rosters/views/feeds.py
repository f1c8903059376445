"""Calendar feeds (iCalendar subscriptions): a representative's duties and a workroom's schedule,
each at a secret address that can be reset."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import RoleKind
from accounts.permissions import require_role_on
from rosters.feeds import feed_reset, personal_calendar, workroom_calendar
from rosters.models import CalendarFeed
from rosters.schedule import (
    feed_since,
    personal_feed_duties,
    representative_for,
    workroom_feed_shifts,
)
from workrooms.selectors import get_workroom

# Who may give a workroom's feed a new address: the staff who keep its roster.
FEED_KEEPERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


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
