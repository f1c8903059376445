"""Swapping duties: a representative asks, the other accepts, the liaison officer approves.

    requested ──accept──▶ accepted ──approve──▶ approved (the duties change hands)
        │ decline            │ reject
        ▼                    ▼
    declined              rejected          requested / accepted ──cancel──▶ cancelled

``SWAP_MOVES`` is the table of allowed moves; templates read it through ``swap_actions`` to
show buttons, but only the functions below enforce it. Every move claims the swap with a
conditional UPDATE on its status, so two people deciding at once cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from representatives.models import Representative
from rosters.models import Attendance, Duty, DutyShift, SwapRequest, SwapStatus
from rosters.services import (
    RosterConflict,
    RosterError,
    can_manage,
    is_stationed,
    overlap_message,
    overlapping_duties,
)

S = SwapStatus
OPEN = (S.REQUESTED, S.ACCEPTED)

# move → (statuses it starts from, status it leads to)
SWAP_MOVES = {
    "accept": ((S.REQUESTED,), S.ACCEPTED),
    "decline": ((S.REQUESTED,), S.DECLINED),
    "approve": ((S.ACCEPTED,), S.APPROVED),
    "reject": (OPEN, S.REJECTED),
    "cancel": (OPEN, S.CANCELLED),
}


class SwapRefused(RosterError):
    pass


def _is_requester(swap: SwapRequest, user) -> bool:
    return user.is_authenticated and (
        swap.requested_by_id == user.pk or swap.duty.representative.user_id == user.pk
    )


def _is_counterpart(swap: SwapRequest, user) -> bool:
    return user.is_authenticated and swap.counterpart.user_id == user.pk


def swap_may(move: str, swap: SwapRequest, user) -> bool:
    """Whether ``user`` is the person who makes ``move`` on ``swap`` (whatever its status)."""
    if move in ("accept", "decline"):
        return _is_counterpart(swap, user)
    if move in ("approve", "reject"):
        return can_manage(user, swap.duty.shift.workroom)
    return _is_requester(swap, user)


def swap_actions(swap: SwapRequest, user) -> set[str]:
    """The moves ``user`` may make on ``swap`` now (for showing buttons)."""
    return {
        move
        for move, (sources, _target) in SWAP_MOVES.items()
        if swap.status in sources and swap_may(move, swap, user)
    }


def _check_duty_open(duty: Duty, message: str) -> None:
    if duty.attendance != Attendance.SCHEDULED or duty.shift.starts_at <= timezone.now():
        raise SwapRefused(message)


def _check(duty: Duty, counterpart: Representative, counterpart_duty: Duty | None) -> None:
    """Everything that must hold for the swap to be made: checked on request, acceptance and
    approval, since duties and assignments may have changed in between."""
    requester = duty.representative
    shift = duty.shift
    _check_duty_open(
        duty, _("This duty is past or its attendance is recorded: it cannot be swapped.")
    )
    if counterpart.pk == requester.pk:
        raise SwapRefused(_("You cannot swap a duty with yourself."))
    today = timezone.localdate()
    for day in {today, shift.date}:
        if not is_stationed(counterpart, shift.workroom, day):
            raise SwapRefused(
                _("%(name)s is not currently stationed at this workroom.")
                % {"name": counterpart.name}
            )
    taken_back = None
    if counterpart_duty is not None:
        other = counterpart_duty.shift
        if counterpart_duty.representative_id != counterpart.pk:
            raise SwapRefused(
                _("The duty offered in exchange is not %(name)s's.") % {"name": counterpart.name}
            )
        if other.workroom_id != shift.workroom_id:
            raise SwapRefused(_("Duties can only be swapped within one workroom."))
        if other.pk == shift.pk:
            raise SwapRefused(_("Both duties are on the same shift: there is nothing to swap."))
        _check_duty_open(
            counterpart_duty,
            _("The duty offered in exchange is past or its attendance is recorded."),
        )
        if not is_stationed(requester, other.workroom, other.date):
            raise SwapRefused(
                _("%(name)s is not stationed at this workroom on %(date)s.")
                % {"name": requester.name, "date": f"{other.date:%Y-%m-%d}"}
            )
        clash = overlapping_duties(
            requester, other.date, other.start_time, other.end_time, exclude=[duty]
        ).first()
        if clash is not None:
            raise SwapRefused(overlap_message(requester, clash))
        taken_back = counterpart_duty
    clash = overlapping_duties(
        counterpart, shift.date, shift.start_time, shift.end_time, exclude=[taken_back]
    ).first()
    if clash is not None:
        raise SwapRefused(overlap_message(counterpart, clash))


def _fresh(swap: SwapRequest) -> tuple[Duty, Representative, Duty | None]:
    """The swap's duties and counterpart as the database has them now; refused when the duty
    asked about has meanwhile passed to someone else (a hand edit, another swap)."""
    duties = Duty.objects.select_related("shift__workroom", "representative")
    duty = duties.get(pk=swap.duty_id)
    other = duties.get(pk=swap.counterpart_duty_id) if swap.counterpart_duty_id else None
    if swap.requested_by_id and duty.representative.user_id != swap.requested_by_id:
        raise SwapRefused(
            _("The duty is no longer %(name)s's: this request cannot go ahead.")
            % {"name": swap.requested_by.display_name}
        )
    return duty, Representative.objects.get(pk=swap.counterpart_id), other


def swap_request(
    duty: Duty,
    *,
    counterpart: Representative,
    counterpart_duty: Duty | None = None,
    actor,
    reason: str = "",
) -> SwapRequest:
    """The representative on ``duty`` asks ``counterpart`` to take it over, optionally taking
    ``counterpart_duty`` in exchange. Refused (``SwapRefused``) for a past or recorded duty, with
    oneself, with someone not stationed at the workroom, or when either would end up with two
    overlapping duties."""
    if duty.representative.user_id is None or duty.representative.user_id != actor.pk:
        raise SwapRefused(_("You can ask to swap only your own duties."))
    with transaction.atomic():
        _check(duty, counterpart, counterpart_duty)
        pending = SwapRequest.objects.filter(status__in=OPEN).filter(
            Q(duty=duty) | Q(counterpart_duty=duty)
        )
        if pending.exists():
            raise SwapRefused(_("There is already an open swap request for this duty."))
        return SwapRequest.objects.create(
            duty=duty,
            counterpart=counterpart,
            counterpart_duty=counterpart_duty,
            reason=reason,
            requested_by=actor,
        )


def _claim(swap: SwapRequest, move: str, **fields) -> None:
    sources, target = SWAP_MOVES[move]
    # Claim with a conditional update on the status: two people may decide at the same moment.
    updated = SwapRequest.objects.filter(pk=swap.pk, status__in=sources).update(
        status=target, **fields
    )
    if updated != 1:
        current = SwapRequest.objects.get(pk=swap.pk)
        raise RosterConflict(
            _("This swap request was already answered meanwhile (now: %(status)s).")
            % {"status": current.get_status_display()}
        )
    swap.status = target
    for name, value in fields.items():
        setattr(swap, name, value)


def _refuse_unless(move: str, swap: SwapRequest, user) -> None:
    if swap.status not in SWAP_MOVES[move][0]:
        raise SwapRefused(
            _("This swap request is %(status)s: that is no longer possible.")
            % {"status": swap.get_status_display()}
        )
    if not swap_may(move, swap, user):
        if move in ("accept", "decline"):
            raise SwapRefused(
                _("Only %(name)s can answer this request.") % {"name": swap.counterpart.name}
            )
        if move in ("approve", "reject"):
            raise SwapRefused(_("Only a liaison officer of this workroom can decide on swaps."))
        raise SwapRefused(_("Only the representative who asked can withdraw this request."))


def swap_accept(swap: SwapRequest, *, actor) -> SwapRequest:
    """The counterpart agrees; the request then waits for the liaison officer."""
    _refuse_unless("accept", swap, actor)
    try:
        with transaction.atomic():
            # Claim first, then check: a failed check rolls the claim back.
            _claim(swap, "accept", answered_by=actor, answered_at=timezone.now())
            _check(*_fresh(swap))
    except RosterError:
        swap.refresh_from_db()
        raise
    return swap


def swap_decline(swap: SwapRequest, *, actor) -> SwapRequest:
    """The counterpart says no; the duties stay as they are."""
    _refuse_unless("decline", swap, actor)
    with transaction.atomic():
        _claim(swap, "decline", answered_by=actor, answered_at=timezone.now())
    return swap


def swap_approve(swap: SwapRequest, *, actor, note: str = "") -> SwapRequest:
    """The liaison officer approves: the duties change hands in the same transaction.

    Everything is checked again (overlaps, assignments, duties still open). Of two officers
    approving at once, one wins and the other gets ``RosterConflict``.
    """
    _refuse_unless("approve", swap, actor)
    try:
        with transaction.atomic():
            # Claim first: the loser of two simultaneous approvals waits on the row lock here and
            # then learns the request was decided, rather than tripping over the winner's changes.
            _claim(swap, "approve", decided_by=actor, decided_at=timezone.now(), decision_note=note)
            duty, counterpart, counterpart_duty = _fresh(swap)
            _check(duty, counterpart, counterpart_duty)
            requester = duty.representative
            moves = [(duty, requester.pk, swap.counterpart_id)]
            if counterpart_duty is not None:
                moves.append((counterpart_duty, swap.counterpart_id, requester.pk))
            for moved, holder, taker in moves:
                # Conditional too: the duty must still be the holder's and still open.
                updated = Duty.objects.filter(
                    pk=moved.pk, representative_id=holder, attendance=Attendance.SCHEDULED
                ).update(representative_id=taker)
                if updated != 1:
                    raise RosterConflict(
                        _("The duties changed while the request was decided. Check them again.")
                    )
                moved.representative_id = taker
            # Anyone holding an edit form of these shifts must reload before saving over the swap.
            DutyShift.objects.filter(pk__in=[m.shift_id for m, _h, _t in moves]).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
    except RosterError:
        swap.refresh_from_db()
        raise
    return swap


def swap_reject(swap: SwapRequest, *, actor, note: str = "") -> SwapRequest:
    """The liaison officer turns the request down; the duties stay as they are."""
    _refuse_unless("reject", swap, actor)
    with transaction.atomic():
        _claim(swap, "reject", decided_by=actor, decided_at=timezone.now(), decision_note=note)
    return swap


def swap_cancel(swap: SwapRequest, *, actor) -> SwapRequest:
    """The representative who asked withdraws the request before it is decided."""
    _refuse_unless("cancel", swap, actor)
    with transaction.atomic():
        _claim(swap, "cancel", cancelled_by=actor, cancelled_at=timezone.now())
    return swap


def swap_requester_name(swap: SwapRequest) -> str:
    """Who asked: their account's name, else the representative who held the duty then."""
    if swap.requested_by_id:
        return swap.requested_by.display_name
    if swap.status != S.APPROVED:
        return swap.duty.representative.name
    return swap.counterpart_duty.representative.name if swap.counterpart_duty_id else ""


def _name(user) -> str:
    return user.display_name if user else ""


def swap_history(swap: SwapRequest) -> list[tuple[str, str, datetime]]:
    """The steps taken so far, oldest first: (what, who, when)."""
    steps = [(_("Requested"), swap_requester_name(swap), swap.requested_at)]
    if swap.answered_at:
        label = _("Declined") if swap.status == S.DECLINED else _("Accepted")
        steps.append((label, _name(swap.answered_by), swap.answered_at))
    if swap.decided_at:
        label = _("Approved") if swap.status == S.APPROVED else _("Rejected")
        steps.append((label, _name(swap.decided_by), swap.decided_at))
    if swap.cancelled_at:
        steps.append((_("Withdrawn"), _name(swap.cancelled_by), swap.cancelled_at))
    return steps
