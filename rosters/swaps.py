"""Swapping duties: a representative asks, the other accepts, the liaison officer approves.

    requested ──accept──▶ accepted ──approve──▶ approved (the duties change hands)
        │ decline            │ reject
        ▼                    ▼
    declined              rejected          requested / accepted ──cancel──▶ cancelled

The other representative accepts with their own account; one without an account (many have
none) tells the liaison officer in person, who records it (``accept_in_person``), and the swap
goes on as if they had clicked.

``MACHINE`` (built with ``core.transitions``) is the table of moves; templates read it through
``swap_actions`` to show buttons, but only the functions below enforce it. Every move claims
the swap with a conditional UPDATE on its status and version, so two people deciding at once
cannot both win; the loser is told who decided and when. Every step is in the audit log, and
a swap's page shows its history from there.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import User
from core import audit
from core.dates import show_date
from core.errors import Conflict, DomainError
from core.transitions import Machine, Who, edge
from representatives.models import Representative
from rosters.models import Attendance, Duty, DutyShift, SwapRequest, SwapStatus
from rosters.notifications import tell_accepted, tell_asked, tell_decided
from rosters.services import can_manage, is_stationed, overlap_message, overlapping_duties

S = SwapStatus
OPEN = (S.REQUESTED, S.ACCEPTED)
REQUESTED = "request"  # the audit action of asking (creating the swap)


def _is_requester(swap: SwapRequest, user: User) -> bool:
    giver = swap.requester or swap.duty.representative
    return swap.requested_by_id == user.pk or giver.user_id == user.pk


def _is_counterpart(swap: SwapRequest, user: User) -> bool:
    return swap.counterpart.user_id == user.pk


COUNTERPART = Who(
    _is_counterpart,
    lambda swap, _user: (
        _("Only %(name)s can answer this request.") % {"name": swap.counterpart.name}
    ),
)
MANAGER = Who(
    lambda swap, user: can_manage(user, swap.duty.shift.workroom),
    gettext_lazy("Only a liaison officer of this workroom can decide on swaps."),
)
# Consent given in person is recorded by the workroom's liaison officers, as an approval is.
RECORDS_CONSENT = Who(
    lambda swap, user: can_manage(user, swap.duty.shift.workroom),
    gettext_lazy(
        "Only a liaison officer of this workroom can record the other representative's consent."
    ),
)
REQUESTER = Who(
    _is_requester, gettext_lazy("Only the representative who asked can withdraw this request.")
)

MACHINE: Machine[SwapRequest] = Machine(
    SwapRequest,
    [
        edge("accept", gettext_lazy("Accepted"), {S.REQUESTED}, S.ACCEPTED, COUNTERPART),
        edge(
            "accept_in_person",
            gettext_lazy("Consent given in person, recorded by the liaison officer"),
            {S.REQUESTED},
            S.ACCEPTED,
            RECORDS_CONSENT,
        ),
        edge("decline", gettext_lazy("Declined"), {S.REQUESTED}, S.DECLINED, COUNTERPART),
        edge("approve", gettext_lazy("Approved"), {S.ACCEPTED}, S.APPROVED, MANAGER),
        edge("reject", gettext_lazy("Rejected"), OPEN, S.REJECTED, MANAGER),
        edge("cancel", gettext_lazy("Withdrawn"), OPEN, S.CANCELLED, REQUESTER),
    ],
    noun=pgettext_lazy("what a move acts on", "swap request"),
    wrong_state=lambda swap, _user: (
        _("This swap request is %(status)s: that is no longer possible.")
        % {"status": swap.get_status_display()}
    ),
)
# What the history page calls each audit entry of a swap.
HISTORY_LABELS = {REQUESTED: gettext_lazy("Requested"), **MACHINE.labels()}


def swap_may(move: str, swap: SwapRequest, user: User) -> bool:
    """Whether ``user`` is the person who makes ``move`` on ``swap`` (whatever its status)."""
    return MACHINE[move].who.allows(swap, user)


def swap_actions(swap: SwapRequest, user: User) -> set[str]:
    """The moves ``user`` may make on ``swap`` now (for showing buttons)."""
    return {move.name for move in MACHINE.allowed(swap, user)}


def _check_duty_open(duty: Duty, message: str) -> None:
    if duty.attendance != Attendance.SCHEDULED or duty.shift.starts_at <= timezone.now():
        raise DomainError(message)


def _check(duty: Duty, counterpart: Representative, counterpart_duty: Duty | None) -> None:
    """Everything that must hold for the swap to be made: checked on request, acceptance and
    approval, since duties and assignments may have changed in between."""
    requester = duty.representative
    shift = duty.shift
    _check_duty_open(
        duty, _("This duty is past or its attendance is recorded: it cannot be swapped.")
    )
    if counterpart.pk == requester.pk:
        raise DomainError(_("You cannot swap a duty with yourself."))
    today = timezone.localdate()
    for day in {today, shift.date}:
        if not is_stationed(counterpart, shift.workroom, day):
            raise DomainError(
                _("%(name)s is not currently stationed at this workroom.")
                % {"name": counterpart.name}
            )
    taken_back = None
    if counterpart_duty is not None:
        other = counterpart_duty.shift
        if counterpart_duty.representative_id != counterpart.pk:
            raise DomainError(
                _("The duty offered in exchange is not %(name)s's.") % {"name": counterpart.name}
            )
        if other.workroom_id != shift.workroom_id:
            raise DomainError(_("Duties can only be swapped within one workroom."))
        if other.pk == shift.pk:
            raise DomainError(_("Both duties are on the same shift: there is nothing to swap."))
        _check_duty_open(
            counterpart_duty,
            _("The duty offered in exchange is past or its attendance is recorded."),
        )
        if not is_stationed(requester, other.workroom, other.date):
            raise DomainError(
                _("%(name)s is not stationed at this workroom on %(date)s.")
                % {"name": requester.name, "date": show_date(other.date)}
            )
        clash = overlapping_duties(
            requester, other.date, other.start_time, other.end_time, exclude=[duty]
        ).first()
        if clash is not None:
            raise DomainError(overlap_message(requester, clash))
        taken_back = counterpart_duty
    clash = overlapping_duties(
        counterpart, shift.date, shift.start_time, shift.end_time, exclude=[taken_back]
    ).first()
    if clash is not None:
        raise DomainError(overlap_message(counterpart, clash))


def _fresh(swap: SwapRequest) -> tuple[Duty, Representative, Duty | None]:
    """The swap's duties and counterpart as the database has them now; refused when the duty
    asked about has meanwhile passed to someone else (a hand edit, another swap)."""
    duties = Duty.objects.select_related("shift__workroom", "representative")
    duty = duties.get(pk=swap.duty_id)
    other = duties.get(pk=swap.counterpart_duty_id) if swap.counterpart_duty_id else None
    giver, asker = swap.requester, swap.requested_by
    if giver is not None:
        moved = duty.representative_id != giver.pk
        name = giver.name
    else:  # a swap from before the requester was kept: the account that asked
        moved = asker is not None and duty.representative.user_id != asker.pk
        name = asker.display_name if asker is not None else ""
    if moved:
        raise DomainError(
            _("The duty is no longer %(name)s's: this request cannot go ahead.") % {"name": name}
        )
    return duty, Representative.objects.get(pk=swap.counterpart_id), other


def swap_request(
    duty: Duty,
    *,
    counterpart: Representative,
    counterpart_duty: Duty | None = None,
    actor: User,
    reason: str = "",
) -> SwapRequest:
    """The representative on ``duty`` asks ``counterpart`` to take it over, optionally taking
    ``counterpart_duty`` in exchange. Refused (``DomainError``) for a past or recorded duty, with
    oneself, with someone not stationed at the workroom, or when either would end up with two
    overlapping duties."""
    if duty.representative.user_id is None or duty.representative.user_id != actor.pk:
        raise DomainError(_("You can ask to swap only your own duties."))
    with transaction.atomic():
        _check(duty, counterpart, counterpart_duty)
        pending = SwapRequest.objects.filter(status__in=OPEN).filter(
            Q(duty=duty) | Q(counterpart_duty=duty)
        )
        if pending.exists():
            raise DomainError(_("There is already an open swap request for this duty."))
        swap = SwapRequest.objects.create(
            duty=duty,
            requester=duty.representative,
            counterpart=counterpart,
            counterpart_duty=counterpart_duty,
            reason=reason,
            requested_by=actor,
        )
        audit.log(swap, REQUESTED, actor=actor, to_state=S.REQUESTED, note=reason)
        tell_asked(swap)
    return swap


def swap_accept(swap: SwapRequest, *, actor: User) -> SwapRequest:
    """The counterpart agrees; the request then waits for the liaison officer. Everything is
    checked again on fresh data (duties and assignments may have changed since the asking)."""

    def then() -> None:
        _check(*_fresh(swap))
        tell_accepted(swap)

    try:
        MACHINE.move(
            swap,
            "accept",
            actor=actor,
            changes={"answered_by": actor, "answered_at": timezone.now()},
            then=then,
        )
    except DomainError:
        swap.refresh_from_db()
        raise
    return swap


def swap_accept_in_person(swap: SwapRequest, *, actor: User, note: str = "") -> SwapRequest:
    """A liaison officer records that the other representative agreed in person (they may have
    no account to accept with); the request then waits for approval, as after ``swap_accept``.
    ``answered_by`` is the officer; the audit entry says it was given in person."""
    try:
        MACHINE.move(
            swap,
            "accept_in_person",
            actor=actor,
            changes={"answered_by": actor, "answered_at": timezone.now()},
            note=note,
            then=lambda: _check(*_fresh(swap)),
        )
    except DomainError:
        swap.refresh_from_db()
        raise
    return swap


def swap_decline(swap: SwapRequest, *, actor: User) -> SwapRequest:
    """The counterpart says no; the duties stay as they are."""
    MACHINE.move(
        swap,
        "decline",
        actor=actor,
        changes={"answered_by": actor, "answered_at": timezone.now()},
        then=lambda: tell_decided(swap),
    )
    return swap


def swap_approve(swap: SwapRequest, *, actor: User, note: str = "") -> SwapRequest:
    """The liaison officer approves: the duties change hands in the same transaction.

    Claimed first: the loser of two simultaneous approvals waits on the row lock and then
    learns who decided, rather than tripping over the winner's changes. Then everything is
    checked again (overlaps, assignments, duties still open) and the duties move.
    """
    try:
        MACHINE.move(
            swap,
            "approve",
            actor=actor,
            changes={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note},
            note=note,
            then=lambda: _approved(swap),
        )
    except DomainError:
        swap.refresh_from_db()
        raise
    return swap


def _approved(swap: SwapRequest) -> None:
    tell_decided(swap)
    _hand_over(swap)


def _hand_over(swap: SwapRequest) -> None:
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
            raise Conflict(_("The duties changed while the request was decided. Check them again."))
        moved.representative_id = taker
    # Anyone holding an edit form of these shifts must reload before saving over the swap.
    DutyShift.objects.filter(pk__in=[m.shift_id for m, _h, _t in moves]).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def swap_reject(swap: SwapRequest, *, actor: User, note: str = "") -> SwapRequest:
    """The liaison officer turns the request down; the duties stay as they are."""
    MACHINE.move(
        swap,
        "reject",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note},
        note=note,
        then=lambda: tell_decided(swap),
    )
    return swap


def swap_cancel(swap: SwapRequest, *, actor: User) -> SwapRequest:
    """The representative who asked withdraws the request before it is decided."""
    MACHINE.move(
        swap,
        "cancel",
        actor=actor,
        changes={"cancelled_by": actor, "cancelled_at": timezone.now()},
    )
    return swap


def swap_requester_name(swap: SwapRequest) -> str:
    """Who gives the duty away. Swaps from before ``requester`` was kept: their account's name,
    else the representative who held the duty then."""
    if swap.requester is not None:
        return swap.requester.name
    if swap.requested_by is not None:
        return swap.requested_by.display_name
    if swap.status != S.APPROVED:
        return swap.duty.representative.name
    given_back = swap.counterpart_duty
    return given_back.representative.name if given_back is not None else ""


def swap_history(swap: SwapRequest) -> list[audit.HistoryItem]:
    """The steps taken so far, oldest first, from the audit log."""
    return audit.history(swap, labels=HISTORY_LABELS)
