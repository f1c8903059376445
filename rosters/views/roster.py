"""The roster overview (every workroom in scope, this month) and a workroom's roster for a
month, where the month is generated from the rotation rules."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_role_on
from core.months import month_days, month_of
from core.workdays import calendar_notice
from rosters import selectors
from rosters.forms import MonthForm
from rosters.generation import generate_month
from rosters.models import Attendance
from rosters.services import MANAGERS, can_manage, can_mark
from rosters.views import PAGE_SIZE
from workrooms.selectors import get_workroom


def _month_or_404(year: int, month: int) -> tuple[int, int]:
    if month_of(year, month) is None:
        raise Http404
    return year, month


def _around(year: int, month: int) -> dict:
    first, last = month_days(date(year, month, 1))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {"first": first, "previous": previous, "next": following}


@login_required
def overview(request):
    today = timezone.localdate()
    workrooms = selectors.roster_overview(request.user, year=today.year, month=today.month)
    page = Paginator(workrooms, PAGE_SIZE).get_page(request.GET.get("page"))
    inbox = selectors.swap_inbox(request.user)
    return render(
        request,
        "rosters/overview.html",
        {
            "page": page,
            "month": today.replace(day=1),
            "waiting": inbox["to_answer"].count() + inbox["to_decide"].count(),
        },
    )


@login_required
def workroom_roster(request, pk, year=None, month=None):
    workroom = get_workroom(request.user, pk)
    if year is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    year, month = _month_or_404(year, month)
    shifts = selectors.month_shifts(workroom, year=year, month=month)
    duties = [duty for shift in shifts for duty in shift.duties.all()]
    return render(
        request,
        "rosters/workroom.html",
        {
            "workroom": workroom,
            "rules": selectors.workroom_rules(workroom),
            "shifts": shifts,
            "missed": [d for d in duties if d.attendance == Attendance.MISSED],
            "counts": {
                "worked": sum(d.attendance == Attendance.WORKED for d in duties),
                "missed": sum(d.attendance == Attendance.MISSED for d in duties),
                "duties": len(duties),
            },
            "notice": calendar_notice(year),
            "can_manage": can_manage(request.user, workroom),
            "can_mark": can_mark(request.user, workroom),
            "now": timezone.now(),
            "month_value": f"{year}-{month:02d}",
            **_around(year, month),
        },
    )


@require_POST
@login_required
def generate(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *MANAGERS)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a month as YYYY-MM."))
        return redirect("rosters:workroom", pk=workroom.pk)
    first = form.cleaned_data["month"]
    year, month = first.year, first.month
    result = generate_month(workroom, year, month, actor=request.user)
    level = (
        messages.WARNING if result.no_representatives or result.understaffed else messages.SUCCESS
    )
    messages.add_message(request, level, result.summary())
    if result.notice:
        messages.warning(request, result.notice)
    return redirect("rosters:workroom_month", pk=workroom.pk, year=year, month=month)
