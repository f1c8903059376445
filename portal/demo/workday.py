"""Today's work for the demo sign-ins: whatever day the demo is built, every panel of their
home pages has something to do. Built last, on top of the year the other builders made, and
only through the apps' own services (their audit entries included). Idempotent: each item is
looked up by a stable mark and made only when missing.

- clerk_shuyuan (liaison officer of 书院路): a reception duty today with rep_shuyuan on it, a
  request whose reply deadline is today, a swap accepted by the colleague and waiting for the
  officer's approval;
- dlb_yuetang (the liaison office): a 请示 from 书院路 waiting for its answer;
- rep_shuyuan: today's duty to sign in to, and a micro-wish they claimed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from activities.models import Wish, WishStatus
from activities.services.wishes import wish_claim
from core.demo import DemoContext
from petitions import referrals, workflow
from petitions.models import Category, Channel, Petition, Referral, State, Triage
from petitions.moves import deadline_for
from representatives.models import Assignment, Representative
from rosters.models import Attendance, Duty, DutyShift, SwapRequest, SwapStatus
from rosters.services import overlapping_duties
from rosters.swaps import swap_accept, swap_request

SHUYUAN = "430304001"
YUETANG = "430304"
DUE_TODAY_TITLE = "楼道声控灯失灵"
REFERRAL_QUESTION = "小区东侧绿地能否临时改作停车场？需区住建局意见。"


def build(ctx: DemoContext) -> None:
    workroom = ctx.workrooms.get(SHUYUAN)
    clerk = ctx.users.get("clerk_shuyuan")
    rep_user = ctx.users.get("rep_shuyuan")
    office = ctx.users.get("dlb_yuetang")
    if workroom is None or clerk is None or rep_user is None or office is None:
        return
    me = Representative.objects.filter(user=rep_user).first()
    if me is None:
        return
    # Inside ``notices.services.quiet`` (``run_builders``): inboxes fill, nothing is sent.
    with transaction.atomic():
        _duty_today(ctx, workroom, clerk, me)
        _due_today(ctx, workroom, clerk)
        _referral(ctx, workroom, clerk, office)
        _accepted_swap(ctx, workroom, me)
        _claimed_wish(ctx, workroom, rep_user, me)


def _stationed(workroom, ctx: DemoContext) -> list[Representative]:
    ids = (
        Assignment.objects.current(on=ctx.today).filter(workroom=workroom).values("representative")
    )
    return list(Representative.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _duty_today(ctx: DemoContext, workroom, clerk, me: Representative) -> None:
    """A morning reception today with rep_shuyuan on it (signed in by nobody yet)."""
    if Duty.objects.filter(representative=me, shift__date=ctx.today).exists():
        return
    start, end = time(9, 0), time(11, 30)
    if overlapping_duties(me, ctx.today, start, end).exists():
        return
    shift = DutyShift.objects.filter(workroom=workroom, date=ctx.today, start_time=start).first()
    if shift is None:
        shift = DutyShift.objects.create(
            workroom=workroom,
            date=ctx.today,
            start_time=start,
            end_time=end,
            liaison_officer=clerk,
        )
    Duty.objects.create(shift=shift, representative=me, attendance=Attendance.SCHEDULED)
    for other in _stationed(workroom, ctx):
        if other.pk != me.pk and not overlapping_duties(other, ctx.today, start, end).exists():
            Duty.objects.create(shift=shift, representative=other)
            break


def _working_day_before(today: date, triage: str) -> date | None:
    """The day a request received under ``triage`` would have its reply deadline today."""
    for back in range(1, 30):
        day = today - timedelta(days=back)
        if deadline_for(triage, start=day) == today:
            return day
    return None


def _due_today(ctx: DemoContext, workroom, clerk) -> None:
    if Petition.objects.filter(workroom=workroom, title=DUE_TODAY_TITLE).exists():
        return
    received_on = _working_day_before(ctx.today, Triage.TIME_LIMITED)
    if received_on is None:
        return
    moment = timezone.make_aware(datetime.combine(received_on, time(10, 0)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        petition = workflow.register(
            workroom=workroom,
            actor=clerk,
            resident_name=ctx.person_name(),
            resident_phone=ctx.phone(),
            resident_address="书院路社区7号楼2单元",
            channel=Channel.VISIT,
            category=Category.PROPERTY,
            title=DUE_TODAY_TITLE,
            content="7号楼2单元楼道声控灯失灵一个月，老人夜间上下楼不安全。",
        )
        workflow.receive(petition, actor=clerk, triage=Triage.TIME_LIMITED, handler=clerk)


def _referral(ctx: DemoContext, workroom, clerk, office) -> None:
    if Referral.objects.filter(petition__workroom=workroom, question=REFERRAL_QUESTION).exists():
        return
    petition = (
        Petition.objects.filter(workroom=workroom, state=State.RECEIVED)
        .exclude(referrals__status="asked")
        .exclude(title=DUE_TODAY_TITLE)
        .order_by("-received_at")
        .first()
    )
    if petition is None:
        return
    referrals.refer(petition, actor=clerk, superior=office, question=REFERRAL_QUESTION)


def _accepted_swap(ctx: DemoContext, workroom, me: Representative) -> None:
    """Two colleagues (with accounts made for them here) agreed a swap; the officer decides."""
    if SwapRequest.objects.filter(
        duty__shift__workroom=workroom, status=SwapStatus.ACCEPTED
    ).exists():
        return
    upcoming = (
        Duty.objects.filter(
            shift__workroom=workroom,
            shift__date__gt=ctx.today + timedelta(days=2),
            attendance=Attendance.SCHEDULED,
            representative__user__isnull=True,
        )
        .exclude(representative=me)
        # A duty already asked to be swapped (the rosters demo makes some) cannot be asked again.
        .exclude(swaps_out__status__in=(SwapStatus.REQUESTED, SwapStatus.ACCEPTED))
        .select_related("shift", "representative")
        .order_by("shift__date", "shift__start_time", "pk")
    )
    stationed = [r for r in _stationed(workroom, ctx) if r.pk != me.pk and r.user_id is None]
    for duty in upcoming[:20]:
        shift = duty.shift
        for other in stationed:
            if other.pk == duty.representative_id:
                continue
            if overlapping_duties(other, shift.date, shift.start_time, shift.end_time).exists():
                continue
            asker = _account_for(ctx, duty.representative)
            taker = _account_for(ctx, other)
            swap = swap_request(
                duty, counterpart=other, actor=asker, reason="家中老人住院，需陪护。"
            )
            swap_accept(swap, actor=taker)
            return


def _account_for(ctx: DemoContext, representative: Representative):
    """A sign-in for a demo representative who needs one to act (no password: not for use)."""
    from accounts.models import Role, RoleKind, User

    user = User.objects.create(
        username=f"rep_{representative.pk}",
        full_name=representative.name,
        is_active=True,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Role.objects.get_or_create(user=user, kind=RoleKind.REPRESENTATIVE, area=representative.area)
    representative.user = user
    representative.save(update_fields=["user"])
    return user


def _claimed_wish(ctx: DemoContext, workroom, rep_user, me: Representative) -> None:
    if Wish.objects.filter(claimed_by=me, status=WishStatus.CLAIMED).exists():
        return
    wish = (
        Wish.objects.filter(workroom=workroom, status=WishStatus.OPEN)
        .order_by("recorded_at")
        .first()
    )
    if wish is not None:
        wish_claim(wish, actor=rep_user)
