"""Generating a month's duty shifts from a workroom's rotation rules (轮值接访).

``generate_month`` is idempotent: shifts are found again by (rule, rule_date), so running it twice
creates nothing new, and a shift edited by hand or whose attendance is recorded is never touched.
Where a rule's dates fall (public holidays, make-up working days, 调休) is ``rosters.placement``;
who takes each shift is ``rosters.rotation``.

Batches: ``generate_month_for_all`` takes the workrooms ``BATCH_SIZE`` at a time, one transaction
per batch: it locks the batch's workroom rows, reads each kind of row (rules, existing shifts,
assignments, rotation counts, busy times…) once for the whole batch, decides every workroom in
memory in pk order, then inserts all the new shifts in one statement and all their duties in
another. ``generate_month`` (the clerk's button) is the same code for a batch of one, taking the
same lock. Busy times are shared across the batch, so a representative stationed at two of its
workrooms is not put on two duties at once, just as when the workrooms are generated in turn.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from celery import shared_task
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.months import month_days, next_month
from core.transitions import moved
from core.workdays import calendar_notice
from representatives.models import Assignment
from rosters.models import Attendance, Duty, DutyShift, RotationRule
from rosters.placement import MOVE_HORIZON, Placement, SkippedDate, place
from rosters.rotation import Busy, Rotation, busy_by_person, pool_on
from workrooms.models import Workroom

if TYPE_CHECKING:
    from accounts.models import User
    from rosters.placement import CountedShift

logger = logging.getLogger(__name__)

V = TypeVar("V")

# Workrooms generated together, in one transaction, by ``generate_month_for_all``: enough that
# the round trips are shared (a dozen queries and two inserts per batch, not per workroom), few
# enough that the batch's rows stay small and a failed batch is quickly redone one by one.
BATCH_SIZE = 250


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


def _by_workroom(pairs: Iterable[tuple[int, int, V]]) -> defaultdict[int, dict[int, V]]:
    """{workroom: {person: value}} from (workroom, person, value) rows."""
    grouped: defaultdict[int, dict[int, V]] = defaultdict(dict)
    for workroom_id, person, value in pairs:
        grouped[workroom_id][person] = value
    return grouped


@dataclass
class _Batch:
    """What generating a month needs to know about a batch of workrooms: each kind of row read
    once for the whole batch, grouped by workroom. Busy times are shared by the batch."""

    rules: defaultdict[int, list[RotationRule]]
    existing: defaultdict[int, list[CountedShift]]
    # The representatives already on each existing shift that may be filled up (pk: people).
    on_duty: defaultdict[int, set[int]]
    assignments: defaultdict[int, list[Assignment]]
    counts: defaultdict[int, dict[int, int]]
    last_served: defaultdict[int, dict[int, date]]
    busy: defaultdict[int, Busy]
    officers: defaultdict[int, list[int]]
    liaison_counts: defaultdict[int, dict[int, int]]
    liaison_last_served: defaultdict[int, dict[int, date]]
    liaison_busy: defaultdict[int, Busy]


def _fillable(shift: CountedShift, today: date) -> bool:
    """An existing shift generation may still add representatives to: a future one nobody has
    touched, never a hand-edited or marked one."""
    return not shift.edited_by_hand and not shift.marked_count and shift.date >= today


def _load(ids: list[int], first: date, last: date, today: date) -> _Batch:
    """Read the month's rows of the workrooms ``ids``: a fixed number of queries however many."""
    window_end = last + MOVE_HORIZON
    rules: defaultdict[int, list[RotationRule]] = defaultdict(list)
    for rule in RotationRule.objects.filter(workroom__in=ids, is_active=True).order_by(
        "workroom", "pk"
    ):
        rules[rule.workroom_id].append(rule)

    existing: defaultdict[int, list[CountedShift]] = defaultdict(list)
    for shift in (
        DutyShift.objects.filter(workroom__in=ids)
        .filter(Q(rule_date__range=(first, last)) | Q(date__range=(first, window_end)))
        .annotate(
            duty_count=Count("duties"),
            marked_count=Count("duties", filter=~Q(duties__attendance=Attendance.SCHEDULED)),
        )
        .order_by()
    ):
        existing[shift.workroom_id].append(shift)
    # Who is on the shifts that may be filled up, to leave them out: only those short of people.
    wanted = {rule.pk: rule.representatives_per_shift for rows in rules.values() for rule in rows}
    fillable = [
        s.pk
        for shifts in existing.values()
        for s in shifts
        if 0 < s.duty_count < wanted.get(s.rule_id or 0, 0) and _fillable(s, today)
    ]
    on_duty: defaultdict[int, set[int]] = defaultdict(set)
    if fillable:
        for shift_id, person in Duty.objects.filter(shift__in=fillable).values_list(
            "shift", "representative"
        ):
            on_duty[shift_id].add(person)

    assignments: defaultdict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(workroom__in=ids, representative__is_active=True)
        .filter(start_date__lte=window_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by()
    ):
        assignments[assignment.workroom_id].append(assignment)
    people = sorted({a.representative_id for rows in assignments.values() for a in rows})

    officers: defaultdict[int, list[int]] = defaultdict(list)
    for workroom_id, user_id in (
        Workroom.liaison_officers.through.objects.filter(workroom__in=ids)
        .order_by("workroom", "user")
        .values_list("workroom", "user")
    ):
        officers[workroom_id].append(user_id)
    everyone_liaising = sorted({u for users in officers.values() for u in users})

    duties = Duty.objects.filter(shift__workroom__in=ids).order_by()
    shifts = DutyShift.objects.filter(workroom__in=ids, liaison_officer__isnull=False).order_by()
    return _Batch(
        rules=rules,
        existing=existing,
        on_duty=on_duty,
        assignments=assignments,
        counts=_by_workroom(
            duties.filter(shift__date__range=(first, last))
            .values("shift__workroom", "representative")
            .annotate(n=Count("pk"))
            .values_list("shift__workroom", "representative", "n")
        ),
        # By the batch's people, not only its workrooms: the same rows (only they are ever in a
        # pool), but PostgreSQL then reads them by index instead of scanning every duty.
        last_served=_by_workroom(
            duties.filter(representative__in=people, shift__date__lt=first)
            .values("shift__workroom", "representative")
            .annotate(last=Max("shift__date"))
            .values_list("shift__workroom", "representative", "last")
        ),
        # Everywhere, not only at these workrooms: someone on duty elsewhere is busy too.
        busy=busy_by_person(
            Duty.objects.filter(
                representative__in=people, shift__date__range=(first, window_end)
            ).values_list("representative", "shift__date", "shift__start_time", "shift__end_time")
        )
        if people
        else defaultdict(list),
        officers=officers,
        liaison_counts=_by_workroom(
            shifts.filter(date__range=(first, last))
            .values("workroom", "liaison_officer")
            .annotate(n=Count("pk"))
            .values_list("workroom", "liaison_officer", "n")
        ),
        liaison_last_served=_by_workroom(
            shifts.filter(date__lt=first)
            .values("workroom", "liaison_officer")
            .annotate(last=Max("date"))
            .values_list("workroom", "liaison_officer", "last")
        ),
        liaison_busy=busy_by_person(
            DutyShift.objects.filter(
                liaison_officer__in=everyone_liaising, date__range=(first, window_end)
            ).values_list("liaison_officer", "date", "start_time", "end_time")
        )
        if everyone_liaising
        else defaultdict(list),
    )


@dataclass
class _Writes:
    """The rows a batch will insert: new shifts with the people chosen for each, and duties
    added to existing shifts."""

    shifts: list[tuple[DutyShift, list[int]]] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    # Workrooms whose schedule changed, for the public pages' cache.
    changed: list[Workroom] = field(default_factory=list)


def _plan(
    workroom: Workroom,
    batch: _Batch,
    year: int,
    month: int,
    today: date,
    writes: _Writes,
) -> GenerationResult:
    """Decide one workroom's month in memory: what ``generate_month`` creates and fills up."""
    result = GenerationResult(workroom=workroom, year=year, month=month)
    result.notice = calendar_notice(year)
    existing = batch.existing[workroom.pk]
    existing_by_key = {(s.rule_id, s.rule_date): s for s in existing if s.rule_id and s.rule_date}
    occupied: defaultdict[int, set[date]] = defaultdict(set)
    for shift in existing:
        if shift.rule_id:
            occupied[shift.rule_id].add(shift.date)

    placements = []
    for rule in batch.rules[workroom.pk]:
        placements.extend(place(rule, year, month, existing_by_key, occupied, result.skipped))
    placements.sort(key=lambda p: (p.date, p.rule.start_time, p.rule.pk))

    rotation = Rotation(
        counts=batch.counts[workroom.pk],
        last_served=batch.last_served[workroom.pk],
        busy=batch.busy,
    )
    liaison_rotation = Rotation(
        counts=batch.liaison_counts[workroom.pk],
        last_served=batch.liaison_last_served[workroom.pk],
        busy=batch.liaison_busy,
    )
    assignments = batch.assignments[workroom.pk]
    officers = batch.officers[workroom.pk]
    for placement in placements:
        _realise(
            placement,
            result,
            rotation,
            liaison_rotation,
            assignments,
            officers,
            batch.on_duty,
            today,
            writes,
        )
    if result.created or result.staffed:
        writes.changed.append(workroom)
    return result


def _realise(
    placement: Placement,
    result: GenerationResult,
    rotation: Rotation,
    liaison_rotation: Rotation,
    assignments: list[Assignment],
    officers: list[int],
    on_duty: Mapping[int, set[int]],
    today: date,
    writes: _Writes,
) -> None:
    rule = placement.rule
    pool = pool_on(assignments, placement.date)
    existing = placement.existing
    if existing is not None:
        result.kept += 1
        missing = rule.representatives_per_shift - existing.duty_count
        if missing <= 0 or not _fillable(existing, today):
            return
        chosen = rotation.pick(
            pool,
            missing,
            existing.date,
            existing.start_time,
            existing.end_time,
            exclude=on_duty.get(existing.pk, set()),
        )
        if chosen:
            writes.duties.extend(
                Duty(shift_id=existing.pk, representative_id=person) for person in chosen
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
    shift = DutyShift(
        workroom_id=rule.workroom_id,
        rule=rule,
        rule_date=placement.rule_date,
        date=placement.date,
        start_time=rule.start_time,
        end_time=rule.end_time,
        liaison_officer_id=liaison,
        note=placement.note,
    )
    writes.shifts.append((shift, chosen))
    result.created += 1
    if placement.date != placement.rule_date:
        result.moved += 1
    if len(chosen) < rule.representatives_per_shift:
        result.understaffed += 1
        if not pool:
            result.no_representatives = True


def _announce(workrooms: list[Workroom]) -> None:
    for workroom in workrooms:
        moved.send(sender=DutyShift, obj=workroom, move="generate")


def _generate(
    workrooms: list[Workroom], year: int, month: int, *, today: date
) -> list[GenerationResult]:
    """Generate the month for ``workrooms`` in one transaction: read each kind of row once for
    all of them, decide in memory, insert every new shift in one statement and every duty in
    another. The results are in the order of ``workrooms``."""
    first, last = month_days(date(year, month, 1))
    ids = [w.pk for w in workrooms]
    writes = _Writes()
    with transaction.atomic():
        # Lock the workrooms (ordered by pk, so two batches cannot deadlock) before reading
        # anything: a second run for any of them, a batch or a clerk's button, waits here until
        # this one commits and then finds its shifts, so the unique (rule, rule_date) never
        # trips and nothing is made twice. NO KEY: rows that merely point at a workroom (a new
        # request) are not held up. SQLite ignores it: its transactions are serialised already
        # (transaction_mode IMMEDIATE).
        list(
            Workroom.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        batch = _load(ids, first, last, today)
        # In the order a run one by one would take them, so a person stationed at two
        # workrooms of the batch gets the same duties as then.
        results = {
            w.pk: _plan(w, batch, year, month, today, writes)
            for w in sorted(workrooms, key=lambda w: w.pk)
        }
        DutyShift.objects.bulk_create([shift for shift, _chosen in writes.shifts])
        writes.duties.extend(
            Duty(shift_id=shift.pk, representative_id=person)
            for shift, chosen in writes.shifts
            for person in chosen
        )
        Duty.objects.bulk_create(writes.duties)
        # bulk_create sends no post_save: tell the listeners (the public pages' cache) once
        # the batch has committed.
        transaction.on_commit(partial(_announce, writes.changed), robust=True)
    for result in results.values():
        if result.no_representatives:
            logger.info(
                "No representatives at workroom %s for %s-%s", result.workroom.pk, year, month
            )
    return [results[w.pk] for w in workrooms]


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
    The same code as ``generate_month_for_all``, for a batch of one.
    """
    return _generate([workroom], year, month, today=today or timezone.localdate())[0]


def generate_month_for_all(
    year: int, month: int, *, batch_size: int = BATCH_SIZE
) -> list[GenerationResult]:
    """Generate the month for every active workroom with an active rule, ``batch_size``
    workrooms per transaction. A batch that fails is logged and its workrooms redone one by
    one, so one workroom's failure does not hold back the others."""
    today = timezone.localdate()
    workrooms = list(
        Workroom.objects.filter(is_active=True, rotation_rules__is_active=True)
        .distinct()
        .order_by("pk")
    )
    results = []
    for start in range(0, len(workrooms), batch_size):
        batch = workrooms[start : start + batch_size]
        try:
            results.extend(_generate(batch, year, month, today=today))
        except Exception:
            logger.exception(
                "Generating %s-%s failed for the batch of workrooms %s–%s: one by one instead",
                year,
                month,
                batch[0].pk,
                batch[-1].pk,
            )
            for workroom in batch:
                try:
                    results.append(_generate([workroom], year, month, today=today)[0])
                except Exception:
                    logger.exception(
                        "Generating %s-%s failed for workroom %s", year, month, workroom.pk
                    )
    return results


@shared_task(name="rosters.generate_next_month")
def generate_next_month() -> dict[str, object]:
    """Celery beat, monthly: next month's shifts for every active workroom. Idempotent, so a
    retry or a second run creates nothing twice; a batch of workrooms per transaction."""
    following = next_month(timezone.localdate().replace(day=1))
    year, month = following.year, following.month
    results = generate_month_for_all(year, month)
    return {
        "month": f"{year}-{month:02d}",
        "workrooms": len(results),
        "created": sum(r.created for r in results),
    }
