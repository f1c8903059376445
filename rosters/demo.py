"""Demo rosters: a rotation rule per demo workroom, read from its published reception hours
("每周二、周四 9:00–11:30", "每月10日、25日 9:00–12:00", "每月第二个周二 9:00–11:30"), the shifts of
the previous, current and next months, attendance on past shifts (mostly worked, a few missed) and one
pending swap at Shuyuan Road. Runs after ``representatives.demo``, which stations the people."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core import audit
from core.months import next_month, previous_month
from representatives.models import Representative
from rosters.generation import generate_month
from rosters.models import (
    Attendance,
    Duty,
    HolidayPolicy,
    RotationRule,
    RuleKind,
    SwapRequest,
    SwapStatus,
)
from rosters.notifications import tell_asked
from rosters.services import overlapping_duties
from rosters.swaps import REQUESTED
from workrooms.models import WorkroomLevel

RULE_NAME = "党代表接待日"
SHUYUAN = "430304001"
WEEKDAYS_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
NTH_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "最后一": -1}
PER_SHIFT = {WorkroomLevel.DISTRICT: 3, WorkroomLevel.SUBDISTRICT: 2, WorkroomLevel.COMMUNITY: 1}
MISSED_SHARE = 0.1


def parse_hours(text: str) -> dict | None:
    """Rule fields from reception hours as the offices write them; None when not understood."""
    times = re.search(r"(\d{1,2}):(\d{2})\s*[–\-~至]\s*(\d{1,2}):(\d{2})", text)
    if not times:
        return None
    h1, m1, h2, m2 = (int(x) for x in times.groups())
    fields = {"start_time": time(h1, m1), "end_time": time(h2, m2)}
    if nth := re.search(r"每月第(一|二|三|四)个周([一二三四五六日天])", text) or re.search(
        r"每月(最后一)个周([一二三四五六日天])", text
    ):
        return fields | {
            "kind": RuleKind.MONTH_NTH,
            "nth": NTH_ZH[nth[1]],
            "weekdays": str(WEEKDAYS_ZH[nth[2]]),
        }
    if days := re.search(r"每月((?:\d{1,2}日?、?)+)", text):
        numbers = sorted({int(d) for d in re.findall(r"\d{1,2}", days[1])})
        return fields | {"kind": RuleKind.MONTH_DAYS, "month_days": ",".join(map(str, numbers))}
    if week := re.search(r"每周((?:周?[一二三四五六日天]、?)+)", text):
        numbers = sorted({WEEKDAYS_ZH[c] for c in week[1] if c in WEEKDAYS_ZH})
        return fields | {"kind": RuleKind.WEEKLY, "weekdays": ",".join(map(str, numbers))}
    return None


def _ensure_rule(workroom) -> RotationRule | None:
    rule = RotationRule.objects.filter(workroom=workroom, name=RULE_NAME).first()
    if rule is not None:
        return rule
    fields = parse_hours(workroom.reception_hours)
    if fields is None:
        return None
    weekly = fields["kind"] == RuleKind.WEEKLY
    return RotationRule.objects.create(
        workroom=workroom,
        name=RULE_NAME,
        representatives_per_shift=PER_SHIFT.get(workroom.level, 1),
        with_liaison=True,
        # A weekly turn simply waits for next week; a monthly reception day is moved.
        on_holiday=HolidayPolicy.SKIP if weekly else HolidayPolicy.MOVE,
        valid_from=date(2024, 1, 1),
        **fields,
    )


def _mark_past(ctx, workrooms) -> None:
    duties = (
        Duty.objects.filter(shift__workroom__in=workrooms, shift__date__lt=ctx.today)
        .select_related("shift")
        .order_by("shift__date", "shift__start_time", "shift__workroom", "pk")
    )
    for duty in duties:
        # Draw for every duty, marked or not, so the sequence is the same on every run.
        missed = ctx.rng.random() < MISSED_SHARE
        if duty.attendance != Attendance.SCHEDULED:
            continue
        shift = duty.shift
        duty.attendance = Attendance.MISSED if missed else Attendance.WORKED
        duty.marked_by_id = shift.liaison_officer_id
        duty.marked_at = timezone.make_aware(
            datetime.combine(shift.date, shift.end_time) + timedelta(minutes=30)
        )
        duty.save(update_fields=["attendance", "marked_by", "marked_at"])


def _pending_swap(ctx, workroom) -> None:
    open_swaps = SwapRequest.objects.filter(
        duty__shift__workroom=workroom, status__in=(SwapStatus.REQUESTED, SwapStatus.ACCEPTED)
    )
    if open_swaps.exists():
        return
    user = ctx.users.get("rep_shuyuan")
    linked = Representative.objects.filter(user=user).first() if user else None
    upcoming = list(
        Duty.objects.filter(
            shift__workroom=workroom,
            shift__date__gt=ctx.today,
            attendance=Attendance.SCHEDULED,
        )
        .select_related("shift", "representative")
        .order_by("shift__date", "shift__start_time", "pk")
    )
    stationed = set(
        workroom.assignments.current(on=ctx.today).values_list("representative", flat=True)
    )
    for duty in upcoming:
        shift = duty.shift
        if linked is not None and duty.representative_id != linked.pk:
            counterpart = linked
        else:
            others = sorted(stationed - {duty.representative_id})
            counterpart = Representative.objects.filter(pk__in=others[:1]).first()
        if counterpart is None or counterpart.pk not in stationed:
            continue
        if overlapping_duties(counterpart, shift.date, shift.start_time, shift.end_time).exists():
            continue
        # Asked on the duty holder's behalf (they may have no account): the history starts here.
        reason = "单位临时安排外出调研，想请对方代为接待。"
        swap = SwapRequest.objects.create(
            duty=duty,
            requester=duty.representative,
            counterpart=counterpart,
            reason=reason,
            requested_by=duty.representative.user,
        )
        audit.log(
            swap, REQUESTED, actor=duty.representative.user, to_state=swap.status, note=reason
        )
        tell_asked(swap)
        return


def build(ctx) -> None:
    workrooms = [w for w in ctx.workrooms.values() if w.is_active]
    # Next month too, as the monthly task would have made it: representatives then always
    # have a next duty to look at (and to swap), whatever day the demo is built.
    current = ctx.today.replace(day=1)
    months = [previous_month(ctx.today), current, next_month(current)]
    for workroom in workrooms:
        if _ensure_rule(workroom) is None:
            continue
        for month in months:
            generate_month(workroom, month.year, month.month, today=ctx.today)
    _mark_past(ctx, workrooms)
    if SHUYUAN in ctx.workrooms:
        _pending_swap(ctx, ctx.workrooms[SHUYUAN])
