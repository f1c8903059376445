"""Attendance (签到): whether the representative on duty turned up."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import show_datetime
from core.errors import Conflict, DomainError
from core.transitions import moved
from rosters.models import Attendance, Duty
from rosters.services import can_mark


def duty_mark(duty: Duty, *, actor, attendance: str) -> Duty:
    """Record ``attendance`` (worked or missed) on ``duty``.

    The workroom's liaison officer (a clerk or admin whose area reaches the workroom) may mark
    worked or missed at any time after the shift started, and correct an earlier mark. The
    representative on duty may only sign themselves in (worked), and only on the shift's day.
    Anything else raises ``DomainError`` with the reason.
    """
    if attendance not in (Attendance.WORKED, Attendance.MISSED):
        raise DomainError(_("Choose worked or missed."))
    shift = duty.shift
    now = timezone.now()
    if can_mark(actor, shift.workroom):
        if now < shift.starts_at:
            raise DomainError(
                _("The shift has not started yet: attendance can be recorded from %(start)s.")
                % {"start": show_datetime(shift.starts_at)}
            )
    elif duty.representative.user_id is not None and duty.representative.user_id == actor.pk:
        if attendance != Attendance.WORKED:
            raise DomainError(
                _("You can only sign yourself in; the liaison officer records a missed duty.")
            )
        if timezone.localdate() != shift.date:
            raise DomainError(_("You can sign in only on the day of the duty."))
        if duty.attendance != Attendance.SCHEDULED:
            raise DomainError(_("Attendance for this duty has already been recorded."))
    else:
        raise DomainError(
            _("Only the workroom's liaison officer or the representative on duty may record this.")
        )
    with transaction.atomic():
        # Conditional on the state we checked: a liaison officer and the representative may
        # mark at the same moment; the second learns the first one's mark instead of hiding it.
        updated = Duty.objects.filter(pk=duty.pk, attendance=duty.attendance).update(
            attendance=attendance, marked_by=actor, marked_at=now
        )
    if updated != 1:
        raise Conflict(
            _("Someone recorded attendance for this duty at the same moment. Check it again.")
        )
    duty.attendance, duty.marked_by, duty.marked_at = attendance, actor, now
    # A conditional UPDATE sends no post_save: tell the listeners (the public pages' cache).
    transaction.on_commit(lambda: moved.send(sender=Duty, obj=duty, move="mark"), robust=True)
    return duty
