"""Changes to rosters: rules and shifts edited by hand. Attendance is in ``rosters.attendance``,
swaps in ``rosters.swaps``; what they share (who may manage, overlap checks) is here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.scope import has_role_on
from core.dates import show_date
from core.errors import Conflict, DomainError
from core.transitions import moved
from representatives.models import Assignment, Representative
from rosters.models import Attendance, Duty, DutyShift, RotationRule

# Who keeps a workroom's roster: rules, generation, shifts, swap approvals.
MANAGERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
# Who records attendance as liaison officer: the street office's staff on the spot.
MARKERS = (RoleKind.CLERK, RoleKind.ADMIN)


def can_manage(user, workroom) -> bool:
    """True when ``user`` keeps ``workroom``'s roster (clerk, liaison office or admin there)."""
    return has_role_on(user, workroom.area, *MANAGERS)


def can_mark(user, workroom) -> bool:
    """True when ``user`` records attendance at ``workroom`` as its liaison officer."""
    return has_role_on(user, workroom.area, *MARKERS)


def is_stationed(representative: Representative, workroom, on: date) -> bool:
    """True when ``representative`` is in office and assigned to ``workroom`` on ``on``."""
    return (
        representative.is_active
        and Assignment.objects.current(on=on)
        .filter(representative=representative, workroom=workroom)
        .exists()
    )


def overlapping_duties(
    representative: Representative, day: date, start: time, end: time, *, exclude: Iterable = ()
):
    """The representative's duties (anywhere) at a time overlapping ``day`` ``start``–``end``."""
    return (
        Duty.objects.filter(
            representative=representative,
            shift__date=day,
            shift__start_time__lt=end,
            shift__end_time__gt=start,
        )
        .exclude(pk__in=[d.pk if isinstance(d, Duty) else d for d in exclude if d])
        .select_related("shift__workroom")
    )


def overlap_message(representative: Representative, duty: Duty) -> str:
    return _(
        "%(name)s already has a duty at an overlapping time: %(workroom)s, %(date)s %(start)s–%(end)s."
    ) % {
        "name": representative.name,
        "workroom": duty.shift.workroom.name,
        "date": show_date(duty.shift.date),
        "start": f"{duty.shift.start_time:%H:%M}",
        "end": f"{duty.shift.end_time:%H:%M}",
    }


def rule_set_active(rule: RotationRule, *, actor, active: bool) -> RotationRule:
    """Deactivate (or reactivate) a rule. Shifts already generated stay; new months skip it."""
    if not can_manage(actor, rule.workroom):
        raise DomainError(_("You may not change this workroom's roster."))
    RotationRule.objects.filter(pk=rule.pk).update(is_active=active)
    rule.is_active = active
    return rule


def shift_update(
    shift: DutyShift,
    *,
    actor,
    version: int,
    day: date,
    start_time: time,
    end_time: time,
    representatives: list[Representative],
    liaison_officer=None,
    note: str = "",
) -> DutyShift:
    """Edit a shift by hand: date, times, who is on duty, liaison officer, note.

    The shift is then ``edited_by_hand`` and generation leaves it alone. ``version`` is the
    version the editor saw: when someone changed the shift since (another edit, an approved
    swap), ``RosterConflict`` is raised and nothing is written.
    """
    workroom = shift.workroom
    if not can_manage(actor, workroom):
        raise DomainError(_("You may not change this workroom's roster."))
    if end_time <= start_time:
        raise DomainError(_("The shift must end after it starts."))
    wanted = {person.pk: person for person in representatives}
    with transaction.atomic():
        duties = list(shift.duties.select_related("representative"))
        if any(d.attendance != Attendance.SCHEDULED for d in duties):
            raise DomainError(
                _("Attendance has been recorded for this shift: it can no longer be changed.")
            )
        own = [d.pk for d in duties]
        for person in wanted.values():
            if not is_stationed(person, workroom, day):
                raise DomainError(
                    _("%(name)s is not stationed at this workroom on %(date)s.")
                    % {"name": person.name, "date": show_date(day)}
                )
            clash = overlapping_duties(person, day, start_time, end_time, exclude=own).first()
            if clash is not None:
                raise DomainError(overlap_message(person, clash))
        # Claim with a conditional update: two editors, or an edit and a swap approval, may
        # save at once; the second finds the version moved on.
        updated = DutyShift.objects.filter(pk=shift.pk, version=version).update(
            date=day,
            start_time=start_time,
            end_time=end_time,
            liaison_officer=liaison_officer,
            note=note,
            edited_by_hand=True,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise Conflict(
                _("Someone changed this shift while you were editing it. Check it and save again.")
            )
        kept = {d.representative_id for d in duties}
        shift.duties.exclude(representative_id__in=wanted).delete()
        Duty.objects.bulk_create(
            [Duty(shift=shift, representative=p) for pk, p in wanted.items() if pk not in kept]
        )
        # A conditional UPDATE sends no post_save: tell the listeners (the public pages' cache).
        transaction.on_commit(
            lambda: moved.send(sender=DutyShift, obj=shift, move="edit"), robust=True
        )
    shift.refresh_from_db()
    return shift
