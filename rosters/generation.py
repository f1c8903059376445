"""Generating a month's duty shifts from a workroom's rotation rules (轮值接访).

``generate_month`` is idempotent: shifts are found again by (rule, rule_date), so running it twice
creates nothing new, and a shift edited by hand or whose attendance is recorded is never touched.
Public holidays and make-up working days (调休) come from ``core.workdays``.

Rotation: each shift takes the rule's number of representatives from those stationed at the
workroom on that day, fewest duties this month first, then whoever served least recently, then
a fixed order that starts after the last person who served, so over a month everyone's share
differs by at most one and the same person does not always open the month.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, TypedDict

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.months import month_days, next_month
from core.workdays import calendar_notice, holiday_name, is_workday, next_workday
from representatives.models import Assignment
from rosters.models import Attendance, Duty, DutyShift, HolidayPolicy, RotationRule, RuleKind
from workrooms.models import Workroom

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from accounts.models import User

    class _ShiftCounts(TypedDict):
        duty_count: int
        marked_count: int

    # An existing shift as generate_month reads it: how many duties it has, and how many of them
    # already carry an attendance mark.
    CountedShift = WithAnnotations[DutyShift, _ShiftCounts]

logger = logging.getLogger(__name__)

# Holiday names as chinese-calendar spells them, in the words printed on the schedule.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

# A holiday move never goes further than this (the longest break, Spring Festival, is 9 days);
# it also bounds the window read for overlapping duties.
MOVE_HORIZON = timedelta(days=15)


@dataclass(frozen=True)
class SkippedDate:
    date: date
    rule_name: str
    reason: str


@dataclass
class GenerationResult:
    """What one run of ``generate_month`` did for one workroom and month."""

    workroom: Workroom
    year: int
    month: int
    created: int = 0
    kept: int = 0
    moved: int = 0
    # Existing shifts still short of representatives (e.g. generated before anyone was
    # stationed at the workroom) that this run filled up.
    staffed: int = 0
    # Shifts left with fewer representatives than their rule asks for.
    understaffed: int = 0
    no_representatives: bool = False
    skipped: list[SkippedDate] = field(default_factory=list)
    # Set when the year's holiday arrangements are unknown: weekends only were taken as days off.
    notice: str | None = None

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    def summary(self) -> str:
        """One line for a message or the command's output."""
        text = _(
            "%(month)s: %(created)d shifts created (%(moved)d moved off a day off), "
            "%(kept)d kept, %(skipped)d skipped."
        ) % {
            "month": f"{self.year}-{self.month:02d}",
            "created": self.created,
            "moved": self.moved,
            "kept": self.kept,
            "skipped": self.skipped_count,
        }
        if self.staffed:
            text += " " + _("%(count)d earlier shifts staffed.") % {"count": self.staffed}
        if self.no_representatives:
            text += " " + _(
                "No representative is stationed at this workroom: the shifts have nobody on duty."
            )
        elif self.understaffed:
            text += " " + _(
                "%(count)d shifts have fewer representatives than their rule asks for."
            ) % {"count": self.understaffed}
        return text


def rule_dates(rule: RotationRule, year: int, month: int) -> list[date]:
    """The dates ``rule`` names in the month, before any holiday is considered."""
    first, last = month_days(date(year, month, 1))
    days: list[date] = []
    if rule.kind == RuleKind.WEEKLY:
        weekdays = set(rule.weekday_list)
        days = [
            first + timedelta(days=i)
            for i in range(last.day)
            if (first + timedelta(days=i)).isoweekday() in weekdays
        ]
    elif rule.kind == RuleKind.MONTH_DAYS:
        # A day the month does not have (31 in a 30-day month) is simply not a date this month.
        days = [date(year, month, d) for d in rule.month_day_list if 1 <= d <= last.day]
    elif rule.kind == RuleKind.MONTH_NTH and rule.weekday_list and rule.nth:
        weekday = rule.weekday_list[0]
        matching = [
            first + timedelta(days=i)
            for i in range(last.day)
            if (first + timedelta(days=i)).isoweekday() == weekday
        ]
        index = rule.nth - 1 if rule.nth > 0 else rule.nth
        if -len(matching) <= index < len(matching):
            days = [matching[index]]
    return sorted(
        {
            d
            for d in days
            if d >= rule.valid_from and (rule.valid_until is None or d <= rule.valid_until)
        }
    )


def _day_off_name(day: date) -> str:
    name = holiday_name(day)
    if name:
        return HOLIDAY_NAMES_ZH.get(name, name)
    return "周末"


@dataclass
class _Placement:
    rule: RotationRule
    rule_date: date
    date: date
    note: str = ""
    existing: CountedShift | None = None


def _place(
    rule: RotationRule,
    year: int,
    month: int,
    existing_by_key: Mapping[tuple[int, date], CountedShift],
    occupied: Mapping[int, set[date]],
    result: GenerationResult,
) -> list[_Placement]:
    """Where each of the rule's dates lands: held, moved to the next working day, or skipped."""
    dates = rule_dates(rule, year, month)
    placements = []
    # The rule's own working dates come first: a moved shift must not land on one of them.
    taken = {d for d in dates if is_workday(d)} | occupied[rule.pk]
    for rule_date in dates:
        shift = existing_by_key.get((rule.pk, rule_date))
        if shift is not None:
            placements.append(_Placement(rule, rule_date, shift.date, shift.note, shift))
            continue
        if is_workday(rule_date):
            # Make-up working days (调休, a working Saturday) are working days: the shift is held.
            placements.append(_Placement(rule, rule_date, rule_date))
            continue
        day_off = _day_off_name(rule_date)
        if rule.on_holiday == HolidayPolicy.SKIP:
            result.skipped.append(
                SkippedDate(rule_date, rule.name, _("%(day)s: skipped by rule") % {"day": day_off})
            )
            continue
        target = next_workday(rule_date)
        if target in taken or (rule.valid_until and target > rule.valid_until):
            result.skipped.append(
                SkippedDate(
                    rule_date,
                    rule.name,
                    _("%(day)s: the next working day already has this shift") % {"day": day_off},
                )
            )
            continue
        taken.add(target)
        note = f"{day_off}顺延（原定{rule_date.month}月{rule_date.day}日）"
        placements.append(_Placement(rule, rule_date, target, note))
    return placements


# Busy times of one person: (date, start, end) of each duty they already hold.
Busy = list[tuple[date, time, time]]


def _overlaps(busy: Busy, day: date, start: time, end: time) -> bool:
    return any(d == day and s < end and start < e for d, s, e in busy)


class _Rotation:
    """Picks who serves next among a pool, fairly, remembering what it has handed out."""

    def __init__(
        self,
        counts: Mapping[int, int],
        last_served: Mapping[int, date],
        busy: Mapping[int, Busy],
    ) -> None:
        self.counts: defaultdict[int, int] = defaultdict(int, counts)
        self.last_served: dict[int, date] = dict(last_served)
        self.busy: defaultdict[int, Busy] = defaultdict(list, busy)

    def order(self, pool: list[int]) -> list[int]:
        # A fixed cycle by id that starts after whoever served last, so ties do not always go
        # to the same person month after month.
        pool = sorted(pool)
        served = [p for p in pool if p in self.last_served]
        if served:
            last = max(served, key=lambda p: (self.last_served[p], p))
            start = pool.index(last) + 1
            pool = pool[start:] + pool[:start]
        position = {p: i for i, p in enumerate(pool)}
        return sorted(
            pool,
            key=lambda p: (self.counts[p], self.last_served.get(p, date.min), position[p]),
        )

    def pick(
        self,
        pool: list[int],
        n: int,
        day: date,
        start: time,
        end: time,
        exclude: Collection[int] = (),
    ) -> list[int]:
        chosen: list[int] = []
        for person in self.order(pool):
            if len(chosen) == n:
                break
            if person in exclude or _overlaps(self.busy[person], day, start, end):
                continue  # On duty elsewhere at that time: passed over this once.
            chosen.append(person)
        for person in chosen:
            self.counts[person] += 1
            self.last_served[person] = day
            self.busy[person].append((day, start, end))
        return chosen


def _pool_on(assignments: list[Assignment], day: date) -> list[int]:
    return sorted(
        {
            a.representative_id
            for a in assignments
            if a.start_date <= day and (a.end_date is None or a.end_date >= day)
        }
    )


def generate_month(
    workroom: Workroom,
    year: int,
    month: int,
    *,
    actor: User | None = None,
    today: date | None = None,
) -> GenerationResult:
    """Create the month's shifts of ``workroom`` from its active rules; safe to run again.

    Returns a ``GenerationResult`` with what was created, kept (already there), moved off a
    day off, skipped, and a calendar notice when the year's holidays are unknown. Existing
    shifts are never changed, except that a future, untouched shift still short of
    representatives is filled up. ``actor`` is who asked (None for the scheduled task).
    """
    today = today or timezone.localdate()
    first, last = month_days(date(year, month, 1))
    window_end = last + MOVE_HORIZON
    result = GenerationResult(workroom=workroom, year=year, month=month)
    result.notice = calendar_notice(year)

    with transaction.atomic():
        rules = list(workroom.rotation_rules.filter(is_active=True).order_by("pk"))
        existing = list(
            DutyShift.objects.filter(workroom=workroom)
            .filter(Q(rule_date__range=(first, last)) | Q(date__range=(first, window_end)))
            .annotate(
                duty_count=Count("duties"),
                marked_count=Count("duties", filter=~Q(duties__attendance=Attendance.SCHEDULED)),
            )
        )
        existing_by_key = {
            (s.rule_id, s.rule_date): s for s in existing if s.rule_id and s.rule_date
        }
        occupied = defaultdict(set)
        for shift in existing:
            if shift.rule_id:
                occupied[shift.rule_id].add(shift.date)

        placements = []
        for rule in rules:
            placements.extend(_place(rule, year, month, existing_by_key, occupied, result))
        placements.sort(key=lambda p: (p.date, p.rule.start_time, p.rule.pk))

        assignments = list(
            Assignment.objects.filter(workroom=workroom, representative__is_active=True)
            .filter(start_date__lte=window_end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        )
        people = {a.representative_id for a in assignments}
        rotation = _Rotation(
            counts=dict(
                Duty.objects.filter(shift__workroom=workroom, shift__date__range=(first, last))
                .values("representative")
                .annotate(n=Count("pk"))
                .values_list("representative", "n")
            ),
            last_served=dict(
                Duty.objects.filter(shift__workroom=workroom, shift__date__lt=first)
                .values("representative")
                .annotate(last=Max("shift__date"))
                .values_list("representative", "last")
            ),
            busy=_busy(
                Duty.objects.filter(
                    representative__in=people, shift__date__range=(first, window_end)
                ).values_list(
                    "representative", "shift__date", "shift__start_time", "shift__end_time"
                )
            ),
        )
        officers = list(workroom.liaison_officers.order_by("pk").values_list("pk", flat=True))
        liaison_rotation = _Rotation(
            counts=dict(
                DutyShift.objects.filter(
                    workroom=workroom, date__range=(first, last), liaison_officer__isnull=False
                )
                .values("liaison_officer")
                .annotate(n=Count("pk"))
                .values_list("liaison_officer", "n")
            ),
            last_served=dict(
                DutyShift.objects.filter(
                    workroom=workroom, date__lt=first, liaison_officer__isnull=False
                )
                .values("liaison_officer")
                .annotate(last=Max("date"))
                .values_list("liaison_officer", "last")
            ),
            busy=_busy(
                DutyShift.objects.filter(
                    liaison_officer__in=officers, date__range=(first, window_end)
                ).values_list("liaison_officer", "date", "start_time", "end_time")
            ),
        )

        for placement in placements:
            _realise(placement, result, rotation, liaison_rotation, assignments, officers, today)

    if result.no_representatives:
        logger.info("No representatives at workroom %s for %s-%s", workroom.pk, year, month)
    return result


def _busy(rows: Iterable[tuple[int, date, time, time]]) -> dict[int, Busy]:
    busy: dict[int, Busy] = defaultdict(list)
    for person, day, start, end in rows:
        busy[person].append((day, start, end))
    return busy


def _realise(
    placement: _Placement,
    result: GenerationResult,
    rotation: _Rotation,
    liaison_rotation: _Rotation,
    assignments: list[Assignment],
    officers: list[int],
    today: date,
) -> None:
    rule = placement.rule
    pool = _pool_on(assignments, placement.date)
    existing = placement.existing
    if existing is not None:
        result.kept += 1
        missing = rule.representatives_per_shift - existing.duty_count
        # Fill up only a future shift nobody has touched: never a hand-edited or marked one.
        if (
            missing <= 0
            or existing.edited_by_hand
            or existing.marked_count
            or existing.date < today
        ):
            return
        already = set(existing.duties.values_list("representative_id", flat=True))
        chosen = rotation.pick(
            pool, missing, existing.date, existing.start_time, existing.end_time, exclude=already
        )
        if chosen:
            Duty.objects.bulk_create(
                [Duty(shift=existing, representative_id=person) for person in chosen]
            )
            result.staffed += 1
        if len(chosen) < missing:
            result.understaffed += 1
            result.no_representatives = result.no_representatives or not pool
        return

    liaison = None
    if rule.with_liaison and officers:
        picked = liaison_rotation.pick(officers, 1, placement.date, rule.start_time, rule.end_time)
        liaison = picked[0] if picked else None
    chosen = rotation.pick(
        pool, rule.representatives_per_shift, placement.date, rule.start_time, rule.end_time
    )
    try:
        # A savepoint: two runs at once both try (rule, rule_date); the loser keeps the other's.
        with transaction.atomic():
            shift = DutyShift.objects.create(
                workroom_id=rule.workroom_id,
                rule=rule,
                rule_date=placement.rule_date,
                date=placement.date,
                start_time=rule.start_time,
                end_time=rule.end_time,
                liaison_officer_id=liaison,
                note=placement.note,
            )
    except IntegrityError:
        result.kept += 1
        return
    Duty.objects.bulk_create([Duty(shift=shift, representative_id=person) for person in chosen])
    result.created += 1
    if placement.date != placement.rule_date:
        result.moved += 1
    if len(chosen) < rule.representatives_per_shift:
        result.understaffed += 1
        if not pool:
            result.no_representatives = True


def generate_month_for_all(year: int, month: int) -> list[GenerationResult]:
    """Generate the month for every active workroom with an active rule, one transaction each,
    so one workroom's failure does not hold back the others."""
    results = []
    workrooms = Workroom.objects.filter(is_active=True, rotation_rules__is_active=True).distinct()
    for workroom in workrooms.order_by("pk"):
        try:
            results.append(generate_month(workroom, year, month))
        except Exception:
            logger.exception("Generating %s-%s failed for workroom %s", year, month, workroom.pk)
    return results


@shared_task(name="rosters.generate_next_month")
def generate_next_month() -> dict[str, object]:
    """Celery beat, monthly: next month's shifts for every active workroom. Idempotent, so a
    retry or a second run creates nothing twice; each workroom in its own transaction."""
    following = next_month(timezone.localdate().replace(day=1))
    year, month = following.year, following.month
    results = generate_month_for_all(year, month)
    return {
        "month": f"{year}-{month:02d}",
        "workrooms": len(results),
        "created": sum(r.created for r in results),
    }
