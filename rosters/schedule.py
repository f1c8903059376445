"""Reads for what representatives and the public see: "my duties", the published month schedule
(公开值班安排表) and the calendar feeds. Writes live elsewhere; these only select.

Every function here runs a fixed number of queries whatever the number of shifts or
representatives: co-duty representatives and liaison officers come by join or one prefetch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.months import month_days
from core.workdays import calendar_known, holiday_name, is_makeup_workday
from representatives.models import Representative
from rosters.models import Duty, DutyShift

# Feeds reach back this far so last month's duties stay in calendar apps, with attendance kept.
FEED_PAST_DAYS = 60

# chinese-calendar names holidays in English; these make them translatable (Chinese by default).
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
}


def _duties_by_rank():
    """A shift's representatives, highest level first, then by name: the order offices print."""
    return Duty.objects.select_related("representative").order_by(
        "-representative__highest_level", "representative__name", "pk"
    )


def representative_for(user) -> Representative | None:
    """The representative record linked to ``user`` (``Representative.user``), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Representative.objects.filter(user=user).first()


def _own_duties(representative: Representative) -> QuerySet[Duty]:
    # One prefetch brings every shift's duties, so co-duty names cost no query per card.
    return (
        Duty.objects.filter(representative=representative)
        .select_related("shift__workroom__area", "shift__liaison_officer")
        .prefetch_related(Prefetch("shift__duties", queryset=_duties_by_rank()))
    )


def _still_ahead(now: datetime) -> Q:
    """Shifts not over yet at ``now``: a shift this afternoon is still a "next duty"."""
    local = timezone.localtime(now)
    return Q(shift__date__gt=local.date()) | Q(
        shift__date=local.date(), shift__end_time__gt=local.time()
    )


def upcoming_duties(*, representative: Representative, now: datetime | None = None):
    """The representative's duties not over yet, the next one first."""
    now = now or timezone.now()
    return (
        _own_duties(representative)
        .filter(_still_ahead(now))
        .order_by("shift__date", "shift__start_time", "pk")
    )


def past_duties(*, representative: Representative, now: datetime | None = None):
    """The representative's duties already over, the most recent first, with attendance."""
    now = now or timezone.now()
    return (
        _own_duties(representative)
        .exclude(_still_ahead(now))
        .order_by("-shift__date", "-shift__start_time", "-pk")
    )


def feed_since(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=FEED_PAST_DAYS)


def personal_feed_duties(*, representative: Representative, since: date) -> list[Duty]:
    """What a representative's calendar feed carries: their duties from ``since`` on."""
    return list(
        _own_duties(representative)
        .filter(shift__date__gte=since)
        .order_by("shift__date", "shift__start_time", "pk")
    )


def _shifts_with_people():
    return DutyShift.objects.select_related("workroom", "liaison_officer").prefetch_related(
        Prefetch("duties", queryset=_duties_by_rank())
    )


def workroom_feed_shifts(*, workroom, since: date) -> list[DutyShift]:
    """What a workroom's calendar feed carries: its shifts from ``since`` on, with people."""
    return list(_shifts_with_people().filter(workroom=workroom, date__gte=since))


@dataclass
class ScheduleDay:
    """One cell of the month grid."""

    day: date
    in_month: bool
    is_today: bool
    holiday: str | None = None
    makeup_workday: bool = False
    shifts: list[DutyShift] = field(default_factory=list)

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass
class MonthSchedule:
    """A workroom's published month: calendar weeks Monday to Sunday, and its shifts."""

    first: date
    last: date
    weeks: list[list[ScheduleDay]]
    shift_count: int
    calendar_known: bool

    @property
    def dense(self) -> bool:
        """Busy months print in a smaller type so they still fit on one A4 page."""
        busiest = max((len(cell.shifts) for week in self.weeks for cell in week), default=0)
        return busiest > 2 or self.shift_count > 24

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return self.last + timedelta(days=1)


def month_schedule(*, user, workroom, year: int, month: int) -> MonthSchedule:
    """The month grid of ``workroom`` as ``user`` may see it (the caller has checked the
    workroom's scope; the shifts go through the scoped manager all the same)."""
    first, last = month_days(date(year, month, 1))
    shifts = list(
        _shifts_with_people()
        .visible_to(user)
        .filter(workroom=workroom, date__range=(first, last))
        .order_by("date", "start_time", "pk")
    )
    by_day: dict[date, list[DutyShift]] = {}
    for shift in shifts:
        by_day.setdefault(shift.date, []).append(shift)

    today = timezone.localdate()
    known = calendar_known(year)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    weeks: list[list[ScheduleDay]] = []
    day = start
    while day <= end:
        in_month = first <= day <= last
        name = holiday_name(day) if in_month else None
        cell = ScheduleDay(
            day=day,
            in_month=in_month,
            is_today=day == today,
            holiday=HOLIDAY_NAMES.get(name, name) if name else None,
            makeup_workday=in_month and known and is_makeup_workday(day),
            shifts=by_day.get(day, []),
        )
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(cell)
        day += timedelta(days=1)
    return MonthSchedule(
        first=first, last=last, weeks=weeks, shift_count=len(shifts), calendar_known=known
    )
