"""Demo requests: a year of residents' requests at every demo workroom, made through the workflow.

Shuyuan Road gets about 110 in the last twelve months (seed 000: "100+ a year"); Yanta's
district workroom 12, its subdistrict workrooms 6 each and community workrooms 3 each; Daixi
20. Most are archived; the recent ones are still on their way, so every state shows. Some are
answered on the spot, a few are overdue (with the reminder sent), a few residents were
dissatisfied and the request went back to handling (one twice, now with the liaison office),
and some requests were escalated up the tree or transferred to a neighbouring workroom.

Every step is made by ``petitions.workflow`` with the clock set to the step's moment, so the
events, dates and deadlines agree. Nothing is sent: the notices only reach the inboxes. Each
workroom draws from its own seeded random, so the data are the same on every run, and a workroom
that already has its requests is skipped (running ``demo`` again changes nothing).
"""

from __future__ import annotations

import random
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleKind
from core.workdays import add_workdays, is_workday, next_workday
from notices.services import quiet
from petitions import notifications, workflow
from petitions.demo_data import (
    CHANNELS,
    LIMITED,
    MATTERS,
    SPOT,
    phone_number,
    place_in,
    progress_note,
    resident_name,
)
from petitions.models import (
    Channel,
    Petition,
    ReminderKind,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
)
from representatives.models import Assignment
from rosters.models import DutyShift
from workrooms.models import WorkroomLevel

SHUYUAN = "430304001"
DAIXI = "371626001"

QUOTA = {WorkroomLevel.DISTRICT: 12, WorkroomLevel.SUBDISTRICT: 6, WorkroomLevel.COMMUNITY: 3}
QUOTA_BY_CODE = {SHUYUAN: 110, DAIXI: 20}


@dataclass
class Cast:
    """Who acts at a workroom: its liaison officer, possible handlers, the district's liaison
    office (after a second dissatisfaction) and the representatives stationed there."""

    clerk: object
    handlers: list
    supervisor: object | None
    representatives: list
    shifts: dict = field(default_factory=dict)
    # How many requests are still to be made "dissatisfied twice", and overdue, here.
    twice_left: int = 0
    stuck_left: int = 0


class _Clock:
    """The time the workflow sees: each step is stamped with the moment it is set to."""

    moment: datetime | None = None

    def now(self) -> datetime:
        return self.moment or datetime.now(tz=UTC)


_clock = _Clock()


@contextmanager
def _demo_mode():
    """Nothing sent from the demo (its notices reach the inboxes, dated when they happened, and
    go no further), and the workflow's clock (it reads only ``timezone.now``) under our control."""
    with ExitStack() as stack:
        stack.enter_context(quiet())
        stack.enter_context(mock.patch("django.utils.timezone.now", _clock.now))
        try:
            yield
        finally:
            _clock.moment = None


@contextmanager
def _at(moment: datetime):
    _clock.moment = moment
    try:
        yield
    finally:
        _clock.moment = None


def _moment(day: date, hour: float) -> datetime:
    minutes = int(hour * 60)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def _office_time(rng, day: date) -> datetime:
    """Some time in office hours on ``day`` (or the next working day)."""
    return _moment(next_workday(day), rng.uniform(8.5, 17.2))


def _later(rng, moment: datetime, *, workdays: int) -> datetime:
    """Office hours ``workdays`` working days after ``moment`` (0: later the same day)."""
    if workdays == 0:
        return moment + timedelta(minutes=rng.randint(15, 90))
    return _office_time(rng, add_workdays(timezone.localdate(moment), workdays))


def _cast(ctx, code, workroom) -> Cast | None:
    officers = list(workroom.liaison_officers.order_by("pk"))
    if not officers:
        return None
    handlers = list(officers)
    rep_user = ctx.users.get("rep_shuyuan")
    if code == SHUYUAN and rep_user is not None:
        handlers.append(rep_user)
    area = workroom.area
    supervisor = (
        Role.objects.filter(kind=RoleKind.LIAISON_OFFICE, user__is_active=True)
        .select_related("user", "area")
        .order_by("pk")
    )
    supervisor = next((r.user for r in supervisor if area.path.startswith(r.area.path)), None)
    assignments = Assignment.objects.current(on=ctx.today).filter(workroom=workroom)
    representatives = [a.representative for a in assignments.select_related("representative")]
    start = ctx.today - timedelta(days=70)
    shifts = {s.date: s for s in DutyShift.objects.filter(workroom=workroom, date__gte=start)}
    return Cast(
        officers[0],
        handlers,
        supervisor,
        representatives,
        shifts,
        twice_left=1 if code == SHUYUAN else 0,
        stuck_left=2 if code == SHUYUAN else 0,
    )


def _already_built(workroom) -> bool:
    # Requests transferred in from elsewhere do not count: only those registered here.
    return Petition.objects.filter(workroom=workroom, transfers__isnull=True).exists()


def build(ctx) -> None:
    now = timezone.now()
    if ctx.today != timezone.localdate(now):
        now = _moment(ctx.today, 18)
    with _demo_mode():
        for code, workroom in ctx.workrooms.items():
            if not workroom.is_active or _already_built(workroom):
                continue
            cast = _cast(ctx, code, workroom)
            if cast is None:
                continue
            rng = random.Random(f"petitions:{code}")
            count = QUOTA_BY_CODE.get(code, QUOTA.get(workroom.level, 5))
            # One transaction per workroom: all of its requests or none (a rerun then builds
            # them), and one commit instead of thousands on SQLite.
            with transaction.atomic():
                _build_workroom(ctx, rng, code, workroom, cast, count, now)


# The newest requests of the big workrooms are pinned to these states (newest first), so that
# every state shows whatever the day the demo is built: (state, working days ago registered).
PINNED = [
    (State.REGISTERED, 0),
    (State.RECEIVED, 2),
    (State.HANDLED, 4),
    (State.REPLIED, 6),
    (State.FEEDBACK, 10),
]


class _Stop(Exception):
    """The request stays where it is: the next step would be in the future, or the request
    reached the state it is pinned to."""


def _build_workroom(ctx, rng, code, workroom, cast, count, now) -> None:
    days = sorted(ctx.today - timedelta(days=rng.randint(15, 364)) for _ in range(count))
    pinned = PINNED if count >= 20 else PINNED[:1]
    for index, day in enumerate(days):
        stop_at = None
        from_newest = count - 1 - index
        if from_newest < len(pinned):
            stop_at, ago = pinned[from_newest]
            registered = _recent(now, ago)
        else:
            registered = _office_time(rng, day)
        life = _Life(rng, code=code, workroom=workroom, cast=cast, now=now, stop_at=stop_at)
        try:
            life.run(registered)
        except _Stop:
            pass


def _recent(now: datetime, workdays_ago: int) -> datetime:
    """9:30 on the working day ``workdays_ago`` before now (at least an hour before now)."""
    day = timezone.localdate(now - timedelta(hours=1))
    while not is_workday(day):
        day -= timedelta(days=1)
    for _ in range(workdays_ago):
        day -= timedelta(days=1)
        while not is_workday(day):
            day -= timedelta(days=1)
    return min(_moment(day, 9.5), now - timedelta(hours=1))


class _Life:
    """One request, step by step through the workflow, each step at its own moment."""

    def __init__(self, rng, *, code, workroom, cast, now, stop_at):
        self.rng, self.code, self.workroom, self.cast = rng, code, workroom, cast
        self.now, self.stop_at = now, stop_at
        self.petition = None
        self.moment = None
        # A pinned request takes the plain path: no transfer, no delay, satisfied.
        self.rolls = [1.0] * 5 if stop_at else [rng.random() for _ in range(5)]
        self.clerk = cast.clerk
        self.handler = rng.choice(cast.handlers)
        self.representative = rng.choice(cast.representatives) if cast.representatives else None

    def at(self, moment, move, **kwargs) -> None:
        if moment > self.now:
            raise _Stop
        self.moment = moment
        with _at(moment):
            move(self.petition, **kwargs)
        if self.stop_at and self.petition.state == self.stop_at:
            raise _Stop

    def after(self, workdays: int, move, **kwargs) -> None:
        self.at(_later(self.rng, self.moment, workdays=workdays), move, **kwargs)

    def run(self, registered: datetime) -> None:
        matter = self.register(registered)
        if matter.triage == SPOT:
            # 小事当场办: answered in the same sitting.
            self.after(
                0,
                workflow.answer_on_the_spot,
                actor=self.handler,
                handling_result=matter.result,
                reply_content=matter.answer,
                reply_method=ReplyMethod.IN_PERSON,
                receiving_representative=self.representative,
            )
            self.close(unhappy=False)
            return
        self.send_elsewhere()
        self.after(
            0,
            workflow.receive,
            actor=self.clerk,
            triage=matter.triage,
            handler=self.handler,
            receiving_representative=self.representative,
        )
        twice, unhappy, stuck = self.plan()
        if self.rolls[3] < 0.5:
            self.after(1, workflow.add_note, actor=self.handler, note=progress_note(self.rng))
        if stuck:
            # Overdue: nobody recorded a result yet; the reminder went out the day after.
            _remind(self.petition, self.now)
            return
        self.after(self.handling_days(), workflow.handle, actor=self.handler, result=matter.result)
        self.reply(matter.answer)
        if unhappy:
            self.returned(matter, twice=twice)
        self.close(unhappy=unhappy)

    def register(self, registered: datetime):
        rng, cast, workroom = self.rng, self.cast, self.workroom
        matters = MATTERS if self.stop_at is None else [m for m in MATTERS if m.triage == LIMITED]
        matter = rng.choice(matters)
        place, building = place_in(rng, workroom), rng.randint(1, 28)
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        day = timezone.localdate(registered)
        shift = cast.shifts.get(day) if channel == Channel.VISIT else None
        if shift is not None:
            # Came to the reception duty: registered during the shift.
            start = shift.start_time.hour + shift.start_time.minute / 60
            end = shift.end_time.hour + shift.end_time.minute / 60
            during = _moment(day, rng.uniform(start, end - 0.2))
            registered = during if during <= self.now else registered
        unit = f"{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        self.moment = registered
        with _at(registered):
            self.petition = workflow.register(
                workroom=workroom,
                actor=rng.choice(cast.handlers),
                resident_name=resident_name(rng),
                resident_phone=phone_number(rng),
                resident_address=f"{place}{unit}",
                resident_is_party_member=rng.random() < 0.25,
                anonymous_publicly=rng.random() < 0.15,
                channel=channel,
                category=matter.category,
                title=matter.title,
                content=matter.content.format(place=place, n=building),
                duty_shift=shift,
            )
        if self.stop_at == State.REGISTERED:
            raise _Stop
        return matter

    def send_elsewhere(self) -> None:
        """A community workroom escalates the bigger matters; a subdistrict now and then hands
        one to its neighbour. The receiving workroom's liaison officer takes it from there."""
        level = self.workroom.level
        if level == WorkroomLevel.COMMUNITY and self.rolls[0] < 0.3:
            self.after(0, _escalate_first, actor=self.clerk, rng=self.rng)
        elif level == WorkroomLevel.SUBDISTRICT and self.code != SHUYUAN and self.rolls[0] < 0.1:
            self.after(0, _transfer_first, actor=self.clerk, rng=self.rng)
        if self.petition.workroom_id != self.workroom.pk:
            officer = self.petition.workroom.liaison_officers.order_by("pk").first()
            if officer is None:
                raise _Stop
            self.clerk = self.handler = officer
            self.representative = None

    def plan(self) -> tuple[bool, bool, bool]:
        """(returned twice, returned, overdue). At Shuyuan Road one recent request is returned
        twice (the liaison office has it now) and at least two recent ones are overdue,
        whatever the day the demo is built; elsewhere such things happen by chance."""
        cast, age = self.cast, (self.now - self.moment).days
        twice = cast.twice_left > 0 and 60 < age < 120
        unhappy = twice or (self.rolls[2] < 0.1 and age > 45)
        stuck = not twice and 20 < age < 90 and (self.rolls[1] < 0.12 or cast.stuck_left > 0)
        if stuck and cast.stuck_left > 0:
            cast.stuck_left -= 1
        return twice, unhappy, stuck

    def handling_days(self) -> int:
        """Working days until the result: mostly within the deadline, now and then late."""
        if self.stop_at:
            return 1
        left = (self.petition.deadline - timezone.localdate(self.moment)).days
        span = max(1, min(left, 12)) + (self.rng.randint(1, 4) if self.rolls[4] < 0.1 else 0)
        return self.rng.randint(1, span)

    def reply(self, answer: str) -> None:
        method = self.rng.choice(
            [ReplyMethod.PHONE, ReplyMethod.PHONE, ReplyMethod.IN_PERSON, ReplyMethod.WECHAT]
        )
        delay = 0 if self.stop_at else self.rng.choice([0, 0, 1, 2])
        self.after(delay, workflow.reply, actor=self.handler, content=answer, method=method)

    def returned(self, matter, *, twice: bool) -> None:
        """The resident was dissatisfied: back to handling, a second result and reply; once
        more dissatisfied and only the liaison office may go on (it is working on it)."""
        rng = self.rng
        self.after(
            rng.randint(2, 5),
            workflow.feedback,
            actor=self.clerk,
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=rng.choice([Resolution.NOT_SOLVED, Resolution.PARTLY]),
            note="居民认为问题没有彻底解决。",
        )
        self.after(
            rng.randint(2, 6),
            workflow.handle,
            actor=self.handler,
            result="再次协调相关部门，制定整改时间表并跟踪落实。",
        )
        self.reply(matter.answer)
        if not twice:
            return
        self.after(
            rng.randint(2, 5),
            workflow.feedback,
            actor=self.clerk,
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=Resolution.NOT_SOLVED,
            note="居民仍不满意，提请党联办协调。",
        )
        self.cast.twice_left -= 1
        if self.cast.supervisor is not None:
            self.after(
                2,
                workflow.add_note,
                actor=self.cast.supervisor,
                note="党联办已召集住建、城管和物业公司现场协调。",
            )
        raise _Stop

    def close(self, *, unhappy: bool) -> None:
        """The return visit a few days after the reply, then the ledger."""
        rng = self.rng
        satisfaction = rng.choices(
            [Satisfaction.SATISFIED, Satisfaction.BASICALLY],
            weights=[50, 50] if unhappy else [85, 15],
        )[0]
        resolution = Resolution.SOLVED
        if satisfaction == Satisfaction.BASICALLY:
            resolution = rng.choice([Resolution.SOLVED, Resolution.PARTLY])
        self.after(
            2 if self.stop_at else rng.randint(2, 6),
            workflow.feedback,
            actor=self.clerk,
            satisfaction=satisfaction,
            resolution=resolution,
            note="电话回访。",
        )
        self.after(rng.randint(1, 5), workflow.archive, actor=self.clerk)


def _escalate_first(petition, *, actor, rng):
    workflow.escalate(
        petition,
        actor=actor,
        reason=rng.choice(["涉及多个小区，需街道统筹协调。", "需街道协调职能部门解决。"]),
    )


def _transfer_first(petition, *, actor, rng):
    targets = list(
        workflow.transfer_targets(petition, escalation=False).filter(
            level=WorkroomLevel.SUBDISTRICT
        )
    )
    if not targets:
        return
    workflow.transfer(
        petition,
        actor=actor,
        to_workroom=rng.choice(targets),
        reason="反映的问题位于相邻街道辖区，转交属地办理。",
    )


def _remind(petition, now) -> None:
    """The overdue reminder, as the daily job sent it the morning after the deadline."""
    sent = _moment(next_workday(petition.deadline + timedelta(days=1)), 8)
    if sent <= now:
        with _at(sent):
            notifications.send_notice(petition.pk, ReminderKind.OVERDUE)
